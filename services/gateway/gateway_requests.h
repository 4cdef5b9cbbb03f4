// What a request to the gateway must hold: names parsed and checked, a new
// round's fields decoded, a unit and a snapshot checked against the round.
// INVALID_ARGUMENT names the request field; FAILED_PRECONDITION says what
// does not fit the round.
#ifndef HOPTAC_SERVICES_GATEWAY_GATEWAY_REQUESTS_H_
#define HOPTAC_SERVICES_GATEWAY_GATEWAY_REQUESTS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hoptac/gateway/v1/gateway_service.pb.h"
#include "hoptac/report/v1/report_service.pb.h"
#include "services/gateway/gateway_store.h"

namespace hoptac::gateway {

// Limits of what the gateway stores, in characters (the columns' sizes).
inline constexpr size_t kMaxNameLength = 255;       // template and snapshot names
inline constexpr size_t kMaxTitleLength = 1000;     // titles, request letters
inline constexpr size_t kMaxIssuingBodyLength = 500;
inline constexpr size_t kMaxReasonLength = 2000;    // a return's reason
inline constexpr size_t kMaxUnitCodeLength = 5;     // official unit codes: "20", "183", "06247"

// INVALID_ARGUMENT naming `field` when `value` (UTF-8) has more than
// `max_characters` characters.
absl::Status CheckLength(absl::string_view value, size_t max_characters,
                         absl::string_view field);

// INVALID_ARGUMENT naming `field` unless `code` is an official unit code
// (1 to 5 digits).
absl::Status CheckUnitCode(absl::string_view code, absl::string_view field);

// The id in "reportingRounds/{id}".
absl::StatusOr<int64_t> ParseRoundId(const std::string& name, absl::string_view field);

// The code in "orgUnits/{code}", checked by CheckUnitCode.
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
