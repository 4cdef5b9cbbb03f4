#include "services/report/report_rendering.h"

#include <string>
#include <utility>
#include <vector>

#include "services/common/status_macros.h"
#include "services/report/docx_writer.h"
#include "services/report/official_document.h"
#include "services/report/template_rendering.h"

namespace hoptac::report {

absl::StatusOr<v1::RenderedReport> RenderReport(const v1::ReportTemplate& report_template,
                                                const v1::ReportDraft& draft,
                                                const StatisticMap& statistics) {
  HOPTAC_ASSIGN_OR_RETURN(std::string body, RenderBody(report_template, draft, statistics));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<v1::Statistic> used,
                          BoundStatistics(report_template, statistics));
  const OfficialDocument document =
      BuildOfficialDocument(report_template, draft, std::move(body), used);
  HOPTAC_ASSIGN_OR_RETURN(std::string docx, WriteDocx(document));
  v1::RenderedReport out;
  for (v1::Statistic& s : used) *out.add_statistics() = std::move(s);
  out.set_markdown(WriteMarkdown(document));
  out.set_annex_markdown(WriteAnnexMarkdown(document));
  out.set_docx(std::move(docx));
  return out;
}

}  // namespace hoptac::report
