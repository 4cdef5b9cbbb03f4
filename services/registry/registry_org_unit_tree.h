// The access policy's org-unit tree for the registry itself: its own store,
// where every other service asks the registry over gRPC (RegistryClient).
#ifndef HOPTAC_SERVICES_REGISTRY_REGISTRY_ORG_UNIT_TREE_H_
#define HOPTAC_SERVICES_REGISTRY_REGISTRY_ORG_UNIT_TREE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/auth/caller_scope.h"
#include "services/registry/registry_store.h"

namespace hoptac::registry {

class RegistryOrgUnitTree final : public OrgUnitTree {
 public:
  explicit RegistryOrgUnitTree(RegistryStore& store) : store_(store) {}

  // The store's ResolveSubtreeCodes, within the incoming call's deadline.
  absl::StatusOr<std::vector<std::string>> SubtreeCodes(const grpc::ServerContextBase* incoming,
                                                        absl::string_view code,
                                                        absl::CivilDay day) const override;

 private:
  RegistryStore& store_;
};

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_REGISTRY_ORG_UNIT_TREE_H_
