// The consolidated provincial report laid out as a Decree 30/2020 document
// (report::OfficialDocument, shared with the report service's writers): the
// header of the issuing department, the body (who reported, the province
// totals with each unit's figure, the narratives by unit), the signature
// block, and the annex of totals and per-unit rows.
#ifndef HOPTAC_SERVICES_GATEWAY_CONSOLIDATED_DOCUMENT_H_
#define HOPTAC_SERVICES_GATEWAY_CONSOLIDATED_DOCUMENT_H_

#include <string>

#include "hoptac/gateway/v1/gateway_service.pb.h"
#include "hoptac/report/v1/report_service.pb.h"
#include "services/report/official_document.h"

namespace hoptac::gateway {

// What the document says about its round.
struct ConsolidatedHeading {
  std::string issuing_body;    // "SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH LẠNG SƠN"
  std::string province_name;   // "Tỉnh Lạng Sơn"
  std::string place_name;      // "Lạng Sơn"
  std::string title;           // the round's title
  std::string request_letter;  // "Công văn số 3235/SKHĐT-ĐKKD ngày 04/12/2023"
  int year = 0;                // of the period's end
  int document_year = 0;       // in the date line: the year of the round's deadline
  int expected_units = 0;
};

// The province total as written: "khoảng 150", "292.500.000 đồng", "08".
std::string TotalText(const v1::ConsolidatedStatistic& statistic);

// One unit's value as written.
std::string UnitValueText(const v1::ConsolidatedStatistic& statistic, const v1::UnitValue& value);

// The body as Markdown ("#" headings, paragraphs, "- " items).
std::string ConsolidatedBody(const ConsolidatedHeading& heading,
                             const v1::ConsolidatedReport& report);

report::OfficialDocument BuildConsolidatedDocument(const ConsolidatedHeading& heading,
                                                   const v1::ConsolidatedReport& report);

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_CONSOLIDATED_DOCUMENT_H_
