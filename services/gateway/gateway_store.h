// All SQL of the gateway. Each mutation is one transaction; with a request_id
// it is applied once (request_log.h). The state changes of a unit are decided
// by round_rules.h inside the transaction, on the unit's row locked FOR
// UPDATE, so two concurrent submissions cannot both pass. Messages stored
// whole (the template, the snapshots) are kept as opaque bytes here.
#ifndef HOPTAC_SERVICES_GATEWAY_GATEWAY_STORE_H_
#define HOPTAC_SERVICES_GATEWAY_GATEWAY_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/auth/audit_log.h"
#include "services/common/database.h"
#include "services/common/period.h"
#include "services/gateway/round_rules.h"
#include "services/gateway/round_status.h"

namespace hoptac::gateway {

// Who asks, the retry key and a fingerprint of the request (request_log.h),
// and the audit event the mutation appends in its transaction (the store
// fills in the resource it made or changed; a retry appends nothing).
struct MutationContext {
  std::string actor;
  std::string request_id;
  std::string fingerprint;
  AuditEvent audit;
};

struct RoundRecord {
  int64_t id = 0;  // output
  std::string org_unit_code;
  std::string province_name;
  Period period;
  Period data_window;
  std::string template_name;
  std::string template_bytes;  // hoptac.report.v1.ReportTemplate, serialized
  std::string request_letter;
  absl::Time deadline;
  std::string issuing_body;
  std::string title;
  std::vector<ExpectedUnitInfo> expected_units;  // by code
  absl::Time create_time;  // output
};

struct SubmissionRecord {
  int64_t id = 0;
  int64_t round_id = 0;
  std::string unit_code;
  int version = 0;
  std::string snapshot_name;
  UnitState state = UnitState::kSubmittedOnTime;
  absl::Time submit_time;
  std::string content_sha256;
  std::string snapshot_bytes;  // hoptac.report.v1.ReportSnapshot, serialized
  std::string return_reason;
  std::optional<absl::Time> review_time;
};

// What enters a round: the fetched snapshot.
struct NewSubmission {
  std::string unit_code;
  std::string snapshot_name;
  std::string content_sha256;
  std::string snapshot_bytes;
};

// The province's decision on a unit's current version.
struct Review {
  bool accept = false;
  std::string return_reason;  // when !accept
};

class GatewayStore {
 public:
  explicit GatewayStore(Database& database) : db_(database) {}

  // Stores the round and its expected units. A retry returns the first.
  absl::StatusOr<RoundRecord> CreateRound(const RoundRecord& round,
                                          const MutationContext& mutation, absl::Time deadline);

  // NOT_FOUND naming reportingRounds/{id}.
  absl::StatusOr<RoundRecord> GetRound(int64_t id, absl::Time deadline);

  // Newest first: rounds with id < before_id (0: from the newest).
  absl::StatusOr<std::vector<RoundRecord>> ListRounds(int page_size, int64_t before_id,
                                                      absl::Time deadline);

  // Adds a version for the unit at `now`. INVALID_ARGUMENT naming org_unit
  // when the unit is not expected in the round; FAILED_PRECONDITION naming
  // both states when its state allows no submission (round_rules.h).
  absl::StatusOr<SubmissionRecord> Submit(int64_t round_id, const NewSubmission& submission,
                                          absl::Time now, const MutationContext& mutation,
                                          absl::Time deadline);

  // Returns or accepts the unit's current version at `now`; errors as Submit.
  absl::StatusOr<SubmissionRecord> ReviewCurrent(int64_t round_id, const std::string& unit_code,
                                                 const Review& review, absl::Time now,
                                                 const MutationContext& mutation,
                                                 absl::Time deadline);

  // Versions by unit code then version, after the position (code, version);
  // only `unit_code`'s when set. Without the snapshot bytes unless `with_bytes`.
  absl::StatusOr<std::vector<SubmissionRecord>> ListSubmissions(
      int64_t round_id, const std::optional<std::string>& unit_code, int page_size,
      const std::string& after_code, int after_version, bool with_bytes, absl::Time deadline);

  // Every expected unit's progress, by code.
  absl::StatusOr<std::vector<UnitProgress>> ListProgress(int64_t round_id, absl::Time deadline);

  // Each unit's latest version (with bytes), by code.
  absl::StatusOr<std::vector<SubmissionRecord>> LatestSubmissions(int64_t round_id,
                                                                  absl::Time deadline);

 private:
  Database& db_;
};

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_GATEWAY_STORE_H_
