#include <string>

#include "services/gateway/consolidated_renderers.h"
#include "services/report/docx_writer.h"

namespace hoptac::gateway {

absl::StatusOr<std::string> WriteConsolidatedDocx(const ConsolidatedHeading& heading,
                                                  const v1::ConsolidatedReport& report) {
  return report::WriteDocx(BuildConsolidatedDocument(heading, report));
}

}  // namespace hoptac::gateway
