// What a submitted snapshot (bản chụp) is made of: a content hash over the
// rendered documents, and the figure-by-figure difference between the
// statistics it froze and what the live data gives now.
#ifndef HOPTAC_SERVICES_REPORT_SNAPSHOT_RULES_H_
#define HOPTAC_SERVICES_REPORT_SNAPSHOT_RULES_H_

#include <string>
#include <vector>

#include "hoptac/report/v1/report_service.pb.h"
#include "services/report/statistic_catalog.h"

namespace hoptac::report {

// Lower-case hex SHA-256 over the Markdown, the annex and the DOCX, each
// preceded by its length so that moving bytes between parts changes the hash.
std::string ContentSha256(const v1::RenderedReport& report);

// The submitted statistics whose live value, qualifier or items differ, in
// the submitted order. A statistic missing from `live` is reported with no
// live value.
std::vector<v1::FigureChange> DiffStatistics(const std::vector<v1::Statistic>& submitted,
                                             const StatisticMap& live);

}  // namespace hoptac::report

#endif  // HOPTAC_SERVICES_REPORT_SNAPSHOT_RULES_H_
