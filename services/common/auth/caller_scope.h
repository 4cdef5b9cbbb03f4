// Where a caller may act: its unit's subtree as the registry's tree has it
// today (the unit, the units below it and, for a unit made by the 2025
// reform, the old units merged into it). Subtrees are cached for a while:
// the tree changes by decree, a few times a decade.
#ifndef HOPTAC_SERVICES_COMMON_AUTH_CALLER_SCOPE_H_
#define HOPTAC_SERVICES_COMMON_AUTH_CALLER_SCOPE_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/auth/access_policy.h"
#include "services/common/auth/caller.h"

namespace grpc {
class ServerContextBase;
}

namespace hoptac {

// The last day of the district level (cấp huyện), abolished on 1 July 2025:
// a former district's subtree is the one it had that day.
inline constexpr absl::CivilDay kLastDayOfDistricts(2025, 6, 30);

// The org-unit tree as a service sees it: the registry over gRPC, or the
// registry's own store.
class OrgUnitTree {
 public:
  virtual ~OrgUnitTree() = default;
  // The codes under `code` on `day`, `code` included.
  virtual absl::StatusOr<std::vector<std::string>> SubtreeCodes(
      const grpc::ServerContextBase* incoming, absl::string_view code,
      absl::CivilDay day) const = 0;
};

// The codes under `code` on `day`; for a district the 2025 reform dissolved
// (NOT_FOUND on a later day), the codes under it on kLastDayOfDistricts.
absl::StatusOr<std::vector<std::string>> SubtreeCodesOrLastKnown(
    const OrgUnitTree& tree, const grpc::ServerContextBase* incoming, absl::string_view code,
    absl::CivilDay day);

class CallerScope {
 public:
  CallerScope(const OrgUnitTree& tree, std::function<absl::CivilDay()> today,
              absl::Duration cache_for = absl::Minutes(10));

  // The codes inside `caller`'s unit today (its own code included), from the
  // same cache as ReachOf; a unit the tree does not know holds only itself.
  absl::StatusOr<std::vector<std::string>> SubtreeOf(const grpc::ServerContextBase* incoming,
                                                     const Caller& caller);

  // Whether `unit_code` lies inside `caller`'s unit today.
  absl::StatusOr<Reach> ReachOf(const grpc::ServerContextBase* incoming, const Caller& caller,
                                absl::string_view unit_code);

  // Authorize(caller, access, ReachOf(...)): the one check a handler makes
  // once it knows the unit a request touches.
  absl::Status Check(const grpc::ServerContextBase* incoming, const Caller& caller, Access access,
                     absl::string_view unit_code);

 private:
  struct Entry {
    absl::flat_hash_set<std::string> codes;
    absl::Time fetched;
  };
  // The caller's subtree today, fetched when the cache has none fresh.
  absl::StatusOr<absl::flat_hash_set<std::string>> CachedSubtree(
      const grpc::ServerContextBase* incoming, const Caller& caller);
  const OrgUnitTree& tree_;
  std::function<absl::CivilDay()> today_;
  absl::Duration cache_for_;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::pair<std::string, absl::CivilDay>, Entry> cache_
      ABSL_GUARDED_BY(mutex_);
};

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_AUTH_CALLER_SCOPE_H_
