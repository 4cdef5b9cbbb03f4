// What the registry stores about a cooperative beyond its fields: the current
// record, the history events, and the records kept on it (inspections, awards,
// classifications, annual reports). Plain C++.
#ifndef HOPTAC_SERVICES_REGISTRY_COOPERATIVE_RECORDS_H_
#define HOPTAC_SERVICES_REGISTRY_COOPERATIVE_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/auth/audit_log.h"
#include "services/registry/cooperative.h"

namespace hoptac::registry {

// A cooperative as stored now.
struct CooperativeRecord {
  int64_t id = 0;
  CooperativeFields fields;
  CooperativeStatus status = CooperativeStatus::kActive;
  absl::CivilDay status_since;
  int64_t revision = 0;  // the etag
  absl::Time create_time;
  absl::Time update_time;
};

enum class CooperativeEventType {
  kCreated = 1,
  kUpdated = 2,
  kSuspended = 3,
  kResumed = 4,
  kDissolutionStarted = 5,
  kDissolved = 6,
  kInspected = 7,
  kAwarded = 8,
  kClassified = 9,
  kAnnualReportReceived = 10,
};

struct FieldChange {
  std::string field;
  std::string old_value;
  std::string new_value;
};

struct CooperativeEvent {
  int64_t id = 0;
  CooperativeEventType type = CooperativeEventType::kCreated;
  absl::CivilDay effective_date;
  absl::Time record_time;
  std::string actor;
  std::string reason;
  std::string legal_document;
  std::string request_id;
  std::vector<FieldChange> changes;
};

struct Inspection {
  int64_t id = 0;
  absl::CivilDay inspection_date;
  std::string inspecting_body;
  std::string findings;
  std::string legal_document;
};

struct Award {
  int64_t id = 0;
  absl::CivilDay award_date;
  std::string title;
  std::string event;
  std::string awarding_body;
  std::string legal_document;
};

struct Classification {
  int64_t id = 0;
  int year = 0;
  ClassificationGrade grade = ClassificationGrade::kGood;
  absl::CivilDay decision_date;
  std::string legal_document;
};

struct AnnualReport {
  int64_t id = 0;
  int year = 0;
  absl::CivilDay received_date;
  absl::CivilDay due_date;
  bool on_time() const { return received_date <= due_date; }
};

// Who asks, and the request's idempotency key.
struct MutationContext {
  std::string actor;
  std::string request_id;   // empty: no idempotency requested
  std::string fingerprint;  // of the whole request, to refuse a reused id
  // The audit event the change appends in its own transaction (issue 7); the
  // store fills in the resource it made or changed. Unset: nothing is
  // audited (store tests, tools).
  std::optional<AuditEvent> audit;
  // The unit the caller was authorized to change the cooperative in: the
  // store refuses (ABORTED) when the cooperative moved to another unit since
  // the check. Empty: not checked.
  std::string authorized_org_unit;
};

// A lifecycle change as the API asks for it.
struct LifecycleChange {
  LifecycleAction action = LifecycleAction::kSuspend;
  absl::CivilDay effective_date;
  std::string reason;
  std::string legal_document;
  std::optional<int64_t> expected_revision;
  DissolutionKind dissolution_kind = DissolutionKind::kVoluntary;  // start dissolution only
};

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_COOPERATIVE_RECORDS_H_
