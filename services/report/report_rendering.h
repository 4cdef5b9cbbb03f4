// A draft, its template and the assembled statistics → the rendered report
// (Markdown, annex, DOCX, the statistics used). Plain C++, no I/O.
#ifndef HOPTAC_SERVICES_REPORT_REPORT_RENDERING_H_
#define HOPTAC_SERVICES_REPORT_REPORT_RENDERING_H_

#include "absl/status/statusor.h"
#include "hoptac/report/v1/report_service.pb.h"
#include "services/report/statistic_catalog.h"

namespace hoptac::report {

// FAILED_PRECONDITION when a required narrative is empty or a bound
// statistic is missing; INTERNAL when the DOCX cannot be written.
absl::StatusOr<v1::RenderedReport> RenderReport(const v1::ReportTemplate& report_template,
                                                const v1::ReportDraft& draft,
                                                const StatisticMap& statistics);

}  // namespace hoptac::report

#endif  // HOPTAC_SERVICES_REPORT_REPORT_RENDERING_H_
