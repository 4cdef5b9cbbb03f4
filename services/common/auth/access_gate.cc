#include "services/common/auth/access_gate.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/server_context.h"
#include "services/common/auth/call_identity.h"
#include "services/common/database.h"
#include "services/common/grpc_status.h"
#include "services/common/log.h"
#include "services/common/request_log.h"
#include "services/common/status_macros.h"

namespace hoptac {

AccessGate::AccessGate(std::string service_name, Database* audit_database,
                       const OrgUnitTree& tree, std::function<absl::CivilDay()> today)
    : service_name_(std::move(service_name)),
      audit_database_(audit_database),
      scope_(tree, std::move(today)) {}

absl::StatusOr<CallContext> AccessGate::Authenticate(const grpc::ServerContextBase& context,
                                                     absl::string_view method) const {
  CallContext call;
  call.method = absl::StrCat(service_name_, "/", method);
  auto caller = AuthenticateCall(context);
  if (!caller.ok()) {
    // The reason goes to the log, never the token.
    LogLine(LogLevel::kWarning, "call refused: not authenticated")
        .Add("method", call.method)
        .Add("peer", context.peer())
        .Add("reason", caller.status().message());
    return absl::UnauthenticatedError(
        absl::StrCat("authorization: a valid bearer token is required (",
                     caller.status().message(), ")"));
  }
  call.caller = *std::move(caller);
  call.actor = call.caller.Actor();
  call.deadline = CallDeadline(context);
  return call;
}

grpc::Status AccessGate::ServeRead(const grpc::ServerContextBase& context,
                                   absl::string_view method,
                                   absl::FunctionRef<absl::Status(const CallContext&)> body) {
  auto call = Authenticate(context, method);
  if (!call.ok()) return ToGrpcStatus(call.status());
  return ToGrpcStatus(body(*call));
}

grpc::Status AccessGate::ServeMutation(
    const grpc::ServerContextBase& context, absl::string_view method,
    absl::string_view request_id, absl::FunctionRef<absl::Status(const CallContext&)> body) {
  auto call = Authenticate(context, method);
  if (!call.ok()) return ToGrpcStatus(call.status());
  const absl::Status status = body(*call);
  if (!status.ok()) {
    // A request_id the request was refused for is not recorded as given.
    const bool usable_id = ValidateRequestId(request_id).ok();
    AuditEvent event =
        AuditEventFor(call->caller, call->method, "", usable_id ? std::string(request_id) : "",
                      absl::StatusCodeToString(status.code()));
    absl::Status recorded = absl::OkStatus();
    if (audit_database_ != nullptr) {
      recorded = AppendAuditEventAlone(*audit_database_, event, call->deadline);
    }
    if (status.code() == absl::StatusCode::kPermissionDenied || !recorded.ok()) {
      LogLine line(LogLevel::kWarning, "mutation refused");
      line.Add("method", event.method).Add("subject", event.subject).Add("outcome", event.outcome);
      if (!recorded.ok()) line.Add("audit_error", recorded.message());
    }
  }
  return ToGrpcStatus(status);
}

absl::Status AccessGate::Check(const grpc::ServerContextBase& context, const CallContext& call,
                               Access access, absl::string_view unit_code) {
  return scope_.Check(&context, call.caller, access, unit_code);
}

absl::Status AccessGate::CheckRole(const CallContext& call, Access access) const {
  return Authorize(call.caller, access, Reach::kInside);
}

absl::StatusOr<std::string> AccessGate::ReadableUnit(const grpc::ServerContextBase& context,
                                                     const CallContext& call,
                                                     absl::string_view requested) {
  if (!requested.empty()) {
    absl::Status allowed = Check(context, call, Access::kRead, requested);
    if (!allowed.ok()) return allowed;
    return std::string(requested);
  }
  if (Permits(call.caller.role, Access::kRead, Reach::kOutside)) return std::string();
  absl::Status allowed = Check(context, call, Access::kRead, call.caller.org_unit);
  if (!allowed.ok()) return allowed;
  return call.caller.org_unit;
}

absl::StatusOr<std::optional<std::vector<std::string>>> AccessGate::ReadableSubtree(
    const grpc::ServerContextBase& context, const CallContext& call) {
  if (Permits(call.caller.role, Access::kRead, Reach::kOutside)) {
    return std::optional<std::vector<std::string>>();
  }
  HOPTAC_RETURN_IF_ERROR(Check(context, call, Access::kRead, call.caller.org_unit));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<std::string> codes,
                          scope_.SubtreeOf(&context, call.caller));
  return std::optional<std::vector<std::string>>(std::move(codes));
}

AuditEvent AccessGate::EventFor(const CallContext& call, std::string resource,
                                std::string request_id) {
  return AuditEventFor(call.caller, call.method, std::move(resource), std::move(request_id));
}

}  // namespace hoptac
