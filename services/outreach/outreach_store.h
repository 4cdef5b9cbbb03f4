// All SQL of the outreach service. Each mutation is one transaction; a
// create or import with a request_id is applied once (request_log). Every
// change is recorded in activity_changes with actor, request_id and reason,
// and in audit_events (one event per mutation, services/common/auth/audit_log.h).
// Callers validate with the domain (activity.h) and check the registry first.
#ifndef HOPTAC_SERVICES_OUTREACH_OUTREACH_STORE_H_
#define HOPTAC_SERVICES_OUTREACH_OUTREACH_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/auth/audit_log.h"
#include "services/common/database.h"
#include "services/common/period.h"
#include "services/outreach/activity.h"

namespace hoptac::outreach {

struct ActivityRecord {
  int64_t id = 0;
  ActivityFields fields;
  int64_t revision = 0;  // the etag
  bool deleted = false;
};

// Who asks, the retry key and a fingerprint of the request (request_log.h),
// and the audit event of the change (issue 7): the store sets its resource
// ("activities/42") and appends it in the change's transaction, once (a
// retry that returns the first result appends nothing). Unset only in tests
// of the store that are not about the audit trail.
struct MutationContext {
  std::string actor;
  std::string request_id;
  std::string fingerprint;
  std::optional<AuditEvent> audit;
};

struct ActivityFilter {
  std::optional<std::vector<std::string>> org_unit_codes;  // unset: everywhere
  std::optional<Period> period;                            // by start_date
  int kind = 0, channel = 0, topic = 0;                    // 0: any
  int page_size = 50;
  int64_t after_id = 0;  // page position
};

struct ActivityPage {
  std::vector<ActivityRecord> activities;
  int64_t next_after_id = 0;  // 0 on the last page
};

struct QuantityRow {
  int kind = 0, channel = 0, topic = 0;
  int64_t quantity = 0;
  int64_t activity_count = 0;
};

struct OutreachStatistics {
  std::vector<QuantityRow> quantities;             // ordered by kind, channel, topic
  std::map<int, QualifiedCount> participants;     // by participant kind
  std::vector<ActivityRecord> events;              // by start_date, id
};

class OutreachStore {
 public:
  explicit OutreachStore(Database& database) : db_(database) {}

  // Records one activity. A retry with the same request_id returns the first.
  absl::StatusOr<ActivityRecord> CreateActivity(const ActivityFields& fields,
                                                const MutationContext& mutation,
                                                absl::Time deadline);

  // NOT_FOUND naming `name` when absent, or deleted and !show_deleted.
  absl::StatusOr<ActivityRecord> GetActivity(int64_t id, bool show_deleted, absl::Time deadline);

  // Replaces the fields (the handler merged the update_mask). ABORTED when
  // expected_revision is set and differs; NOT_FOUND when absent or deleted.
  absl::StatusOr<ActivityRecord> UpdateActivity(int64_t id, const ActivityFields& fields,
                                                std::optional<int64_t> expected_revision,
                                                const MutationContext& mutation,
                                                absl::Time deadline);

  // Soft delete, recorded with the reason. ABORTED on a stale revision.
  absl::StatusOr<ActivityRecord> DeleteActivity(int64_t id,
                                                std::optional<int64_t> expected_revision,
                                                const std::string& reason,
                                                const MutationContext& mutation,
                                                absl::Time deadline);

  // Records every row in one transaction (rows already validated). The audit
  // event's resource is "activities/<id>" for one row, "activities/<first>..<last>"
  // for several.
  absl::StatusOr<std::vector<ActivityRecord>> ImportActivities(
      const std::vector<ActivityFields>& rows, const MutationContext& mutation,
      absl::Time deadline);

  absl::StatusOr<ActivityPage> ListActivities(const ActivityFilter& filter, absl::Time deadline);

  // Quantities by kind x channel x topic, participants by kind (weakest
  // qualifier), and the events (kinds conference..promotion), all in SQL,
  // over non-deleted activities of `org_unit_codes` starting in `period`.
  // OUT_OF_RANGE when a sum exceeds kMaxCount.
  absl::StatusOr<OutreachStatistics> GetStatistics(const std::vector<std::string>& org_unit_codes,
                                                   const Period& period, absl::Time deadline);

 private:
  Database& db_;
};

}  // namespace hoptac::outreach

#endif  // HOPTAC_SERVICES_OUTREACH_OUTREACH_STORE_H_
