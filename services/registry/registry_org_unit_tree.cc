#include "services/registry/registry_org_unit_tree.h"

#include "absl/time/clock.h"
#include "services/common/call_context.h"

namespace hoptac::registry {
namespace {

// How long a subtree lookup may take when no call is being served.
constexpr absl::Duration kLookupCap = absl::Seconds(5);

}  // namespace

absl::StatusOr<std::vector<std::string>> RegistryOrgUnitTree::SubtreeCodes(
    const grpc::ServerContextBase* incoming, absl::string_view code, absl::CivilDay day) const {
  const absl::Time deadline =
      incoming != nullptr ? CallDeadline(*incoming, kLookupCap) : absl::Now() + kLookupCap;
  return store_.ResolveSubtreeCodes(std::string(code), day, deadline);
}

}  // namespace hoptac::registry
