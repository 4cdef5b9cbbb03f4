// What a request to the gateway must hold: names parsed and checked, a new
// round's fields decoded, a unit and a snapshot checked against the round.
// INVALID_ARGUMENT names the request field; FAILED_PRECONDITION says what
// does not fit the round.
#ifndef HOPTAC_SERVICES_GATEWAY_GATEWAY_REQUESTS_H_
#define HOPTAC_SERVICES_GATEWAY_GATEWAY_REQUESTS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hoptac/gateway/v1/gateway_service.pb.h"
#include "hoptac/report/v1/report_service.pb.h"
#include "services/gateway/gateway_store.h"

namespace hoptac::gateway {

// The id in "reportingRounds/{id}".
absl::StatusOr<int64_t> ParseRoundId(const std::string& name, absl::string_view field);

// The code in "orgUnits/{code}".
absl::StatusOr<std::string> ParseUnitCode(const std::string& name, absl::string_view field);

// A NOT_FOUND or INVALID_ARGUMENT from a dependency about a value the caller
// gave becomes INVALID_ARGUMENT naming that field; other errors pass.
absl::Status AboutField(const absl::Status& status, absl::string_view field);

// The round's own fields (text NFC); the province, template and expected units
// are filled by the caller from the registry and the report service.
absl::StatusOr<RoundRecord> DecodeRound(const v1::ReportingRound& round);

// INVALID_ARGUMENT naming org_unit when the round does not expect the unit.
absl::Status CheckExpected(const RoundRecord& round, const std::string& code);

// FAILED_PRECONDITION unless the snapshot is the unit's report for the
// round's period and template, with every statistic the template binds.
absl::Status CheckSnapshotFits(const RoundRecord& round, const std::string& code,
                               const report::v1::ReportSnapshot& snapshot,
                               const report::v1::ReportTemplate& report_template);

// The template version stored with the round; DATA_LOSS if it does not parse.
absl::StatusOr<report::v1::ReportTemplate> StoredTemplate(const RoundRecord& round);

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_GATEWAY_REQUESTS_H_
