// What other services ask the registry, over gRPC, with the deadline of the
// call they are serving. Every failure to get an answer (unreachable,
// deadline, overload) is UNAVAILABLE naming the registry, so that callers
// write nothing and their client may retry; NOT_FOUND is a real answer, and so
// are PERMISSION_DENIED and UNAUTHENTICATED for the caller whose token went
// with the call.
#ifndef HOPTAC_SERVICES_COMMON_REGISTRY_CLIENT_H_
#define HOPTAC_SERVICES_COMMON_REGISTRY_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/auth/caller_scope.h"

namespace grpc {
class Channel;
class ServerContextBase;
}  // namespace grpc

namespace hoptac {

// A cooperative as it was on one day.
struct CooperativeOnDay {
  std::string registration_number;
  std::string display_name;
  int kind = 0;    // hoptac.registry.v1.CooperativeKind
  int status = 0;  // hoptac.registry.v1.CooperativeStatus on that day
  std::string org_unit_code;  // the unit it was registered in on that day
};

// A unit version valid on one day.
struct OrgUnitOnDay {
  std::string code;
  std::string display_name;
  int level = 0;  // hoptac.registry.v1.OrgUnitLevel
};

// Also the org-unit tree of the access policy (CallerScope) for every
// service but the registry itself.
class RegistryClient : public OrgUnitTree {
 public:
  // `target` is "host:port" (flag --registry_address); calls retry
  // UNAVAILABLE per the kernel's service config.
  explicit RegistryClient(const std::string& target);
  explicit RegistryClient(std::shared_ptr<grpc::Channel> channel);
  ~RegistryClient() override;

  // NOT_FOUND when no such cooperative existed on `day` (not yet established,
  // or unknown).
  absl::StatusOr<CooperativeOnDay> GetCooperativeOn(const grpc::ServerContextBase* incoming,
                                                    absl::string_view registration_number,
                                                    absl::CivilDay day) const;

  // NOT_FOUND when no unit with `code` is valid on `day`.
  absl::StatusOr<OrgUnitOnDay> GetOrgUnitOn(const grpc::ServerContextBase* incoming,
                                            absl::string_view code, absl::CivilDay day) const;

  // The codes whose records count under the unit `code` (valid on `day`): the
  // unit, its descendants in every version and, for a unit created by the
  // 2025 reform, the old units merged into it. For statistics "for the
  // subtree": WHERE org_unit_code IN (...).
  absl::StatusOr<std::vector<std::string>> ResolveSubtreeCodes(
      const grpc::ServerContextBase* incoming, absl::string_view code, absl::CivilDay day) const;

  // OrgUnitTree: ResolveSubtreeCodes, asked with the caller's own token.
  absl::StatusOr<std::vector<std::string>> SubtreeCodes(const grpc::ServerContextBase* incoming,
                                                        absl::string_view code,
                                                        absl::CivilDay day) const override {
    return ResolveSubtreeCodes(incoming, code, day);
  }

 private:
  class Stubs;
  std::unique_ptr<Stubs> stubs_;
};

// The checked --registry_address (HOPTAC_REGISTRY_ADDRESS) setting, "host:port";
// INVALID_ARGUMENT naming it when malformed.
absl::StatusOr<std::string> RegistryAddressSetting();

// How long a call to the registry may take when the incoming call allows more.
inline constexpr absl::Duration kRegistryCallCap = absl::Seconds(5);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_REGISTRY_CLIENT_H_
