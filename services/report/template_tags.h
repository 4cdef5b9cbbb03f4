// The names a template body uses, so that a typo ({{radio_nws}}) or a
// document the draft does not cite is an error instead of an empty spot in
// an official report. Rendering itself is the Mustache engine's job
// (template_rendering.cc); this only lists the tags.
#ifndef HOPTAC_SERVICES_REPORT_TEMPLATE_TAGS_H_
#define HOPTAC_SERVICES_REPORT_TEMPLATE_TAGS_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "hoptac/report/v1/report_service.pb.h"

namespace hoptac::report {

// One {{tag}}: `name` as written ("ref.plan.citation"), `section` true for
// {{#name}} and {{^name}}. Closing tags and comments are not listed.
struct TemplateTag {
  std::string name;
  bool section = false;
};

std::vector<TemplateTag> ScanTags(absl::string_view body);

// INVALID_ARGUMENT naming template.body when a tag is none of: a bound
// placeholder, narrative.<declared slot>, ref.<key>.{citation,issuer,subject},
// issuing_body, area_name, place_name, year, next_year, or item/last inside an
// items section.
absl::Status CheckTemplateTags(const v1::ReportTemplate& report_template);

// The reference document keys the body cites (ref.<key>.…).
std::set<std::string> CitedReferenceKeys(absl::string_view body);

}  // namespace hoptac::report

#endif  // HOPTAC_SERVICES_REPORT_TEMPLATE_TAGS_H_
