// Report templates and drafts kept as files, so that a template ships as
// data (data/report-templates/) and a fixture's draft can be read by tests
// and tools.
//
// A template version: <dir>/<template_id>/v<N>/template.textproto (a
// hoptac.report.v1.ReportTemplate in protobuf text format, without body) and
// body.md.mustache beside it.
// A draft: <dir>/draft.textproto (a hoptac.report.v1.ReportDraft without
// narratives) and <dir>/narratives/<slot>.md, one file per narrative slot.
#ifndef HOPTAC_SERVICES_REPORT_TEMPLATE_FILES_H_
#define HOPTAC_SERVICES_REPORT_TEMPLATE_FILES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hoptac/report/v1/report_service.pb.h"

namespace hoptac::report {

// Every template version under `dir`, each validated; template_id and
// version come from the folder names. INVALID_ARGUMENT naming the file.
absl::StatusOr<std::vector<v1::ReportTemplate>> LoadTemplateDirectory(const std::string& dir);

// The draft kept in `dir`.
absl::StatusOr<v1::ReportDraft> LoadDraftDirectory(const std::string& dir);

}  // namespace hoptac::report

#endif  // HOPTAC_SERVICES_REPORT_TEMPLATE_FILES_H_
