// Applies a template version (Mustache text + bindings) to a draft and the
// named statistics: the report body as Markdown. The only user of the
// Mustache engine (kainjow/mustache.hpp, from Debian).
#ifndef HOPTAC_SERVICES_REPORT_TEMPLATE_RENDERING_H_
#define HOPTAC_SERVICES_REPORT_TEMPLATE_RENDERING_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hoptac/report/v1/report_service.pb.h"
#include "services/report/statistic_catalog.h"

namespace hoptac::report {

// INVALID_ARGUMENT naming the field ("template.bindings[2].statistic") when a
// template cannot be stored: bad id, empty title, Mustache that does not
// parse, a placeholder bound twice, an unknown statistic, no format.
absl::Status ValidateTemplate(const v1::ReportTemplate& report_template);

// Normalises the template's text to NFC (body, title, subject, slot titles),
// then validates it as ValidateTemplate does.
absl::Status NormalizeTemplate(v1::ReportTemplate& report_template);

// The statistics the template binds, in binding order, each once.
// FAILED_PRECONDITION naming a statistic missing from `statistics`.
absl::StatusOr<std::vector<v1::Statistic>> BoundStatistics(
    const v1::ReportTemplate& report_template, const StatisticMap& statistics);

// The body as Markdown. FAILED_PRECONDITION naming a required narrative slot
// the draft leaves empty or a statistic missing from `statistics`.
absl::StatusOr<std::string> RenderBody(const v1::ReportTemplate& report_template,
                                       const v1::ReportDraft& draft,
                                       const StatisticMap& statistics);

}  // namespace hoptac::report

#endif  // HOPTAC_SERVICES_REPORT_TEMPLATE_RENDERING_H_
