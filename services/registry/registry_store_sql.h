// Helpers shared by the registry store's files. Internal to the store.
#ifndef HOPTAC_SERVICES_REGISTRY_REGISTRY_STORE_SQL_H_
#define HOPTAC_SERVICES_REGISTRY_REGISTRY_STORE_SQL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "cppconn/resultset.h"
#include "cppconn/statement.h"
#include "services/common/database.h"
#include "services/registry/cooperative.h"
#include "services/registry/cooperative_records.h"

namespace hoptac::registry {

// The id of the version of `code` valid on `day`; NOT_FOUND otherwise.
absl::StatusOr<int64_t> FindOrgUnitId(SqlSession& s, const std::string& code, absl::CivilDay day);

// A cooperative row with the internal ids the store needs.
struct StoredCooperative {
  CooperativeRecord record;
  int64_t org_unit_id = 0;
};

// "SELECT <every cooperative column> FROM cooperatives c JOIN org_units u ... "
// (alias c for cooperatives); read each row with ReadCooperativeRow.
extern const char kSelectCooperative[];
StoredCooperative ReadCooperativeRow(sql::ResultSet& r);

// Reads the current row; FOR UPDATE when `lock`. NOT_FOUND names the resource.
absl::StatusOr<StoredCooperative> ReadCooperative(SqlSession& s,
                                                  const std::string& registration_number,
                                                  bool lock);
absl::StatusOr<StoredCooperative> ReadCooperativeById(SqlSession& s, int64_t id);

// Unit, kind and sector of a cooperative on a day (from its periods).
struct CooperativeSnapshot {
  int64_t org_unit_id = 0;
  CooperativeKind kind = CooperativeKind::kCooperative;
  Sector sector = Sector::kOther;
};
CooperativeSnapshot SnapshotOn(SqlSession& s, const StoredCooperative& cooperative,
                               absl::CivilDay day);

// Facts some event types carry, for statistics.
struct EventFacts {
  std::optional<DissolutionKind> dissolution_kind;
  std::optional<ClassificationGrade> grade;
  std::optional<int> subject_year;
  std::optional<bool> on_time;
};

// Appends an event (and its field changes); returns its id.
int64_t InsertEvent(SqlSession& s, int64_t cooperative_id, CooperativeEventType type,
                    absl::CivilDay effective_date, const std::string& reason,
                    const std::string& legal_document, const MutationContext& mutation,
                    const CooperativeSnapshot& snapshot, const EventFacts& facts,
                    const std::vector<FieldChange>& changes);

// Appends the mutation's audit event (when it carries one) for `resource`
// ("cooperatives/4900123456"), in the mutation's transaction.
void AppendMutationAudit(SqlSession& s, const MutationContext& mutation, std::string resource);

// ABORTED when the cooperative is no longer in the unit the caller was
// authorized for (it moved between the check and the row lock).
absl::Status CheckAuthorizedUnit(const StoredCooperative& cooperative,
                                 const MutationContext& mutation);

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_REGISTRY_STORE_SQL_H_
