// The consolidated report's three renderings, each in its own file:
// consolidated_markdown.cc, consolidated_docx.cc, consolidated_xlsx.cc.
#ifndef HOPTAC_SERVICES_GATEWAY_CONSOLIDATED_RENDERERS_H_
#define HOPTAC_SERVICES_GATEWAY_CONSOLIDATED_RENDERERS_H_

#include <string>

#include "absl/status/statusor.h"
#include "hoptac/gateway/v1/gateway_service.pb.h"
#include "services/gateway/consolidated_document.h"

namespace hoptac::gateway {

// The document (Decree 30 header, body, signature) and, per statistic, a
// table of the units' figures and the province total.
std::string WriteConsolidatedMarkdown(const ConsolidatedHeading& heading,
                                      const v1::ConsolidatedReport& report);

// The document as DOCX (the report service's writer). INTERNAL on failure.
absl::StatusOr<std::string> WriteConsolidatedDocx(const ConsolidatedHeading& heading,
                                                  const v1::ConsolidatedReport& report);

// A workbook: sheet "Tong hop" with one row per statistic (label, unit, total,
// qualifier) and one column per included unit; sheet "Don vi" listing the
// included, missing and unaccepted units. Numbers are numbers, not text.
absl::StatusOr<std::string> WriteConsolidatedXlsx(const ConsolidatedHeading& heading,
                                                  const v1::ConsolidatedReport& report);

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_CONSOLIDATED_RENDERERS_H_
