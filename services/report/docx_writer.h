// Writes an OfficialDocument as DOCX (Office Open XML, zipped with libzip):
// A4, margins 20 mm top and bottom, 30 mm left, 20 mm right, Times New Roman
// 14 pt, the Decree 30/2020 header table, the body, Nơi nhận beside the
// signature block, then the annex table on a new page.
#ifndef HOPTAC_SERVICES_REPORT_DOCX_WRITER_H_
#define HOPTAC_SERVICES_REPORT_DOCX_WRITER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/report/official_document.h"

namespace hoptac::report {

// The DOCX file's bytes. INTERNAL if the archive cannot be written.
absl::StatusOr<std::string> WriteDocx(const OfficialDocument& document);

// `text` escaped for XML character data and attribute values.
std::string XmlEscape(absl::string_view text);

}  // namespace hoptac::report

#endif  // HOPTAC_SERVICES_REPORT_DOCX_WRITER_H_
