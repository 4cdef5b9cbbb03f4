// The one gate every handler of every service passes (issue 7):
//   1. the caller's bearer token is verified (UNAUTHENTICATED otherwise);
//   2. the handler's body, which asks Check() once it knows the unit the
//      request touches (the shared access policy, the caller's subtree);
//   3. a mutation that did not succeed is appended to the audit trail on its
//      own with its outcome; a successful one appends its event in its own
//      transaction (the store does that, with the resource it made).
// A handler reads:
//   return gate_.ServeMutation(*context, "ApproveGrant", request->request_id(),
//       [&](const CallContext& call) -> absl::Status { ... });
#ifndef HOPTAC_SERVICES_COMMON_AUTH_ACCESS_GATE_H_
#define HOPTAC_SERVICES_COMMON_AUTH_ACCESS_GATE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "grpcpp/support/status.h"
#include "services/common/auth/access_policy.h"
#include "services/common/auth/audit_log.h"
#include "services/common/auth/caller_scope.h"
#include "services/common/call_context.h"

namespace grpc {
class ServerContextBase;
}

namespace hoptac {

class Database;

class AccessGate {
 public:
  // `service_name` is the full gRPC name ("hoptac.subsidy.v1.SubsidyService");
  // `audit_database` holds the service's audit_events table (nullptr: refused
  // attempts are only logged); `tree` resolves the caller's subtree.
  AccessGate(std::string service_name, Database* audit_database, const OrgUnitTree& tree,
             std::function<absl::CivilDay()> today);

  // A read: the body runs only for a verified caller.
  grpc::Status ServeRead(const grpc::ServerContextBase& context, absl::string_view method,
                         absl::FunctionRef<absl::Status(const CallContext&)> body);

  // A mutation: as ServeRead, and a failure after authentication is appended
  // to the audit trail with its outcome ("PERMISSION_DENIED", ...).
  grpc::Status ServeMutation(const grpc::ServerContextBase& context, absl::string_view method,
                             absl::string_view request_id,
                             absl::FunctionRef<absl::Status(const CallContext&)> body);

  // The verified caller of `context`, or UNAUTHENTICATED.
  absl::StatusOr<CallContext> Authenticate(const grpc::ServerContextBase& context,
                                           absl::string_view method) const;

  // OK when the caller may do `access` in the unit `unit_code` (official code,
  // e.g. "183"); PERMISSION_DENIED otherwise.
  absl::Status Check(const grpc::ServerContextBase& context, const CallContext& call,
                     Access access, absl::string_view unit_code);

  // OK when the caller's role may do `access` at all (in its own unit): for
  // what belongs to no unit, such as report templates (kAdminister) and the
  // audit trail (kAdminister: province administrators only).
  absl::Status CheckRole(const CallContext& call, Access access) const;

  // The unit a list or a statistic over a subtree reads: `requested` when the
  // caller may read it; when empty, "" (everything) for a caller who reads
  // everywhere and the caller's own unit for one confined to it.
  absl::StatusOr<std::string> ReadableUnit(const grpc::ServerContextBase& context,
                                           const CallContext& call, absl::string_view requested);

  // The units a list with no unit filter may show: nullopt for a caller who
  // reads everywhere, else the codes inside the caller's unit (the subtree
  // the policy checks against, from the same cache).
  absl::StatusOr<std::optional<std::vector<std::string>>> ReadableSubtree(
      const grpc::ServerContextBase& context, const CallContext& call);

  // The audit event of a successful mutation of `call` on `resource`.
  static AuditEvent EventFor(const CallContext& call, std::string resource,
                             std::string request_id);

  const std::string& service_name() const { return service_name_; }

 private:
  std::string service_name_;
  Database* audit_database_;
  CallerScope scope_;
};

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_AUTH_ACCESS_GATE_H_
