// An outreach activity (hoạt động tuyên truyền) as the domain and the store
// see it, its input rules, and the in-memory statistics the SQL must agree
// with. Plain C++, no I/O.
//
// Enum fields hold the hoptac.outreach.v1 enum numbers (ActivityKind, Channel,
// Topic, ParticipantKind), so the store writes them as they are.
#ifndef HOPTAC_SERVICES_OUTREACH_ACTIVITY_H_
#define HOPTAC_SERVICES_OUTREACH_ACTIVITY_H_

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "services/outreach/qualified_count.h"

namespace hoptac::outreach {

inline constexpr int kMaxActivityKind = 11;      // ACTIVITY_KIND_PROMOTION
inline constexpr int kMaxChannel = 8;            // CHANNEL_IN_PERSON
inline constexpr int kMaxTopic = 9;              // TOPIC_ENTERPRISE_DEVELOPMENT
inline constexpr int kMaxParticipantKind = 8;    // ..._ENTERPRISE_OR_COOPERATIVE
inline constexpr size_t kMaxTitleChars = 500;
inline constexpr size_t kMaxLocationChars = 500;
inline constexpr size_t kMaxReferenceChars = 500;
inline constexpr size_t kMaxListEntries = 100;   // co-organisers, references, cooperatives

struct ParticipantCount {
  int kind = 0;
  QualifiedCount count;
  friend bool operator==(const ParticipantCount&, const ParticipantCount&) = default;
};

struct ActivityFields {
  int kind = 0;
  int channel = 0;
  std::vector<int> topics;
  std::string title;
  std::string org_unit_code;
  absl::CivilDay start_date;
  absl::CivilDay end_date;
  std::string location;
  std::vector<std::string> co_organizers;
  std::vector<std::string> document_references;
  int64_t quantity = 1;
  std::vector<ParticipantCount> participants;
  std::vector<std::string> cooperative_registration_numbers;
};

// Normalises the text fields in place (NFC, trimmed; topics sorted) and
// checks every rule; the first violation, in API field order, is returned as
// INVALID_ARGUMENT starting with the field name ("end_date: before
// start_date"), so the handler can prefix the request path:
//   kind, channel: a known value; topics: at least one known value, no
//   repeats; title: required, at most 500 characters; org_unit_code: 2 to 5
//   digits; end_date: not before start_date; location: at most 500
//   characters; quantity: 1 to kMaxCount; participants[i].kind: known, once
//   each; participants[i].count.value: 0 to kMaxCount;
//   cooperative_registration_numbers[i]: 10 digits (optionally "-" and a
//   3-digit branch), no repeats.
absl::Status ValidateActivityFields(ActivityFields& fields);

// One bad row of a bulk import.
struct RowError {
  int row = 0;
  std::string field;    // "activities[3].end_date"
  std::string message;  // the whole status message, field first
};

// Validates every row (normalising in place) and reports each bad one, so a
// broadcast log is fixed in one round; empty means all rows are valid.
// `list_field` prefixes the field path ("activities").
std::vector<RowError> ValidateRows(std::vector<ActivityFields>& rows,
                                   const std::string& list_field);

// (kind, channel, topic) -> summed quantity. An activity with two topics
// counts under both. The SQL statistics must give the same map.
using QuantityKey = std::tuple<int, int, int>;
std::map<QuantityKey, int64_t> SumQuantities(const std::vector<ActivityFields>& activities);

// participant kind -> sum over all activities, weakest qualifier kept.
absl::StatusOr<std::map<int, QualifiedCount>> SumParticipants(
    const std::vector<ActivityFields>& activities);

}  // namespace hoptac::outreach

#endif  // HOPTAC_SERVICES_OUTREACH_ACTIVITY_H_
