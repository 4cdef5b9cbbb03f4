// All SQL of the registry. Each public method is one transaction (or one
// consistent read); every Connector/C++ exception becomes an absl::Status in
// the kernel's Database adapter. Rules that need the current state (the
// lifecycle machine, effective-date order) are decided by the domain
// functions, called here under the row lock.
#ifndef HOPTAC_SERVICES_REGISTRY_REGISTRY_STORE_H_
#define HOPTAC_SERVICES_REGISTRY_REGISTRY_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/database.h"
#include "services/common/period.h"
#include "services/registry/cooperative.h"
#include "services/registry/cooperative_records.h"
#include "services/registry/org_unit.h"
#include "services/registry/registry_statistics.h"

namespace hoptac::registry {

// One version of a unit, with its place in the tree and its 2025 lineage.
struct OrgUnitRow {
  int64_t id = 0;
  AdminUnitRecord unit;
  struct Link {
    std::string code;
    std::string name;
    bool whole = true;
  };
  std::vector<Link> predecessors;  // old units merged into this one
  std::vector<Link> successors;    // new units this one was merged into
};

struct OrgUnitQuery {
  std::string parent_code;  // empty: the provinces
  absl::CivilDay as_of;
  bool include_subtree = false;
  int page_size = 100;
  std::vector<std::string> after;  // page position: level, code
};

struct OrgUnitPage {
  std::vector<OrgUnitRow> units;
  std::vector<std::string> next_after;  // empty on the last page
};

struct CooperativeFilter {
  std::string org_unit_code;  // empty: everywhere; else the subtree valid today
  absl::CivilDay as_of;       // the day org_unit_code is resolved on
  std::vector<CooperativeStatus> statuses;
  std::optional<Sector> sector;
  std::optional<CooperativeKind> kind;
  std::string name_prefix;
};

struct CooperativePage {
  std::vector<CooperativeRecord> cooperatives;
  std::vector<std::string> next_after;  // display_name, id; empty on the last page
};

struct EventPage {
  std::vector<CooperativeEvent> events;
  std::vector<std::string> next_after;  // event id
};

class RegistryStore {
 public:
  explicit RegistryStore(Database& database) : db_(database) {}

  // Loads a province's units, lineage and closure. Does nothing when the
  // province was loaded from the same source (same checksum).
  absl::Status LoadAdminUnits(const AdminUnitCatalog& catalog, const std::string& province_code,
                              const std::string& source_checksum, absl::Time deadline);

  // NOT_FOUND when no version of `code` is valid on `as_of`.
  absl::StatusOr<OrgUnitRow> GetOrgUnit(const std::string& code, absl::CivilDay as_of,
                                        absl::Time deadline);
  absl::StatusOr<OrgUnitPage> ListOrgUnits(const OrgUnitQuery& query, absl::Time deadline);
  // Distinct codes of the closure of the unit valid on `day` (tree and
  // lineage), sorted.
  absl::StatusOr<std::vector<std::string>> ResolveSubtreeCodes(const std::string& code,
                                                               absl::CivilDay day,
                                                               absl::Time deadline);

  // Creates the cooperative, its first period and its CREATED event. The unit
  // must be valid on the establishment date (INVALID_ARGUMENT naming org_unit);
  // a taken registration number is ALREADY_EXISTS.
  absl::StatusOr<CooperativeRecord> CreateCooperative(const CooperativeFields& fields,
                                                      const MutationContext& mutation,
                                                      absl::Time deadline);
  absl::StatusOr<CooperativeRecord> GetCooperative(const std::string& registration_number,
                                                   absl::Time deadline);
  // The cooperative with the status, unit, kind and sector it had on `day`
  // (status_since is the start of that state); NOT_FOUND if it did not exist.
  absl::StatusOr<CooperativeRecord> GetCooperativeOn(const std::string& registration_number,
                                                     absl::CivilDay day, absl::Time deadline);
  absl::StatusOr<CooperativePage> ListCooperatives(const CooperativeFilter& filter, int page_size,
                                                   const std::vector<std::string>& after,
                                                   absl::Time deadline);
  // Applies the fields named in `mask` (API field names) as of `today`.
  absl::StatusOr<CooperativeRecord> UpdateCooperative(
      const std::string& registration_number, const CooperativeFields& fields,
      const std::vector<std::string>& mask, int64_t expected_revision, const std::string& reason,
      absl::CivilDay today, const MutationContext& mutation, absl::Time deadline);
  absl::StatusOr<CooperativeRecord> ChangeLifecycle(const std::string& registration_number,
                                                    const LifecycleChange& change,
                                                    absl::CivilDay today,
                                                    const MutationContext& mutation,
                                                    absl::Time deadline);

  absl::StatusOr<Inspection> RecordInspection(const std::string& registration_number,
                                              const Inspection& inspection,
                                              const MutationContext& mutation,
                                              absl::Time deadline);
  absl::StatusOr<Award> RecordAward(const std::string& registration_number, const Award& award,
                                    const MutationContext& mutation, absl::Time deadline);
  absl::StatusOr<Classification> RecordClassification(const std::string& registration_number,
                                                      const Classification& classification,
                                                      const MutationContext& mutation,
                                                      absl::Time deadline);
  absl::StatusOr<AnnualReport> RecordAnnualReport(const std::string& registration_number,
                                                  const AnnualReport& report,
                                                  const MutationContext& mutation,
                                                  absl::Time deadline);

  absl::StatusOr<EventPage> ListEvents(const std::string& registration_number, int page_size,
                                       const std::vector<std::string>& after,
                                       absl::Time deadline);

  // Figures for the subtree of `org_unit_code` as it was at the end of the
  // period, computed in SQL from effective dates.
  absl::StatusOr<RegistryStatistics> GetStatistics(const std::string& org_unit_code,
                                                   const Period& period, absl::Time deadline);

 private:
  Database& db_;
};

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_REGISTRY_STORE_H_
