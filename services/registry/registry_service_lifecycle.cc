// RegistryService: the lifecycle methods (suspend, resume, dissolution).
#include "services/registry/registry_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/call_context.h"
#include "services/common/grpc_status.h"
#include "services/common/page_token.h"
#include "services/common/proto_date.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"
#include "services/registry/cooperative_lifecycle.h"
#include "services/registry/cooperative_update.h"
#include "services/registry/cooperative_validation.h"
#include "services/registry/registry_mapping.h"
#include "services/registry/registry_service_support.h"

namespace hoptac::registry {

namespace {

// The shared body of the four lifecycle methods: the request's shape, then
// write access in the cooperative's current unit, then the change.
absl::StatusOr<CooperativeRecord> ChangeLifecycle(
    AccessGate& gate, RegistryStore& store, const grpc::ServerContextBase& context,
    const CallContext& call, const google::protobuf::Message& request, const std::string& name,
    const v1::ChangeContext& change_context, LifecycleAction action,
    DissolutionKind dissolution_kind, absl::CivilDay today) {
  HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                          MutationOf(call, request, change_context.request_id()));
  HOPTAC_ASSIGN_OR_RETURN(std::string number, ParseResourceName(name, "cooperatives", "name"));
  LifecycleChange change;
  change.action = action;
  change.dissolution_kind = dissolution_kind;
  HOPTAC_ASSIGN_OR_RETURN(change.effective_date,
                          DayFromProto(change_context.effective_date(), "change.effective_date"));
  change.reason = change_context.reason();
  change.legal_document = change_context.legal_document();
  // The earliest allowed day depends on the current state: the store checks it
  // under the row lock; here only the day's own limits.
  HOPTAC_RETURN_IF_ERROR(
      Prefixed(ValidateEventInput(change.reason, change.legal_document, change.effective_date,
                                  absl::CivilDay(1900, 1, 1), today),
               "change."));
  if (!change_context.etag().empty()) {
    int64_t revision = 0;
    if (!absl::SimpleAtoi(change_context.etag(), &revision)) {
      return absl::InvalidArgumentError("change.etag: not an etag this service issued");
    }
    change.expected_revision = revision;
  }
  HOPTAC_RETURN_IF_ERROR(AuthorizeChange(gate, store, context, call, number, mutation));
  return store.ChangeLifecycle(number, change, today, mutation, call.deadline);
}

// Suspend, Resume, Start and Complete share one shape: name + change context.
template <typename Request, typename Response>
grpc::Status LifecycleCall(AccessGate& gate, RegistryStore& store, grpc::ServerContext* context,
                           absl::string_view method, const Request& request, Response* response,
                           LifecycleAction action, DissolutionKind dissolution_kind,
                           absl::CivilDay today) {
  return gate.ServeMutation(
      *context, method, request.change().request_id(),
      [&](const CallContext& call) -> absl::Status {
        HOPTAC_ASSIGN_OR_RETURN(
            CooperativeRecord changed,
            ChangeLifecycle(gate, store, *context, call, request, request.name(), request.change(),
                            action, dissolution_kind, today));
        CooperativeToProto(changed, response->mutable_cooperative());
        return absl::OkStatus();
      });
}

}  // namespace

grpc::Status RegistryService::SuspendCooperative(grpc::ServerContext* context,
                                                 const v1::SuspendCooperativeRequest* request,
                                                 v1::SuspendCooperativeResponse* response) {
  return LifecycleCall(gate_, store_, context, "SuspendCooperative", *request, response,
                       LifecycleAction::kSuspend, DissolutionKind::kVoluntary, today_());
}

grpc::Status RegistryService::ResumeCooperative(grpc::ServerContext* context,
                                                const v1::ResumeCooperativeRequest* request,
                                                v1::ResumeCooperativeResponse* response) {
  return LifecycleCall(gate_, store_, context, "ResumeCooperative", *request, response,
                       LifecycleAction::kResume, DissolutionKind::kVoluntary, today_());
}

grpc::Status RegistryService::StartCooperativeDissolution(
    grpc::ServerContext* context, const v1::StartCooperativeDissolutionRequest* request,
    v1::StartCooperativeDissolutionResponse* response) {
  // An unknown kind is refused inside the gate, like every other bad field.
  auto kind = DissolutionKindFromProto(request->dissolution_kind(), "dissolution_kind");
  if (!kind.ok()) {
    return gate_.ServeMutation(*context, "StartCooperativeDissolution",
                               request->change().request_id(),
                               [&](const CallContext&) { return kind.status(); });
  }
  return LifecycleCall(gate_, store_, context, "StartCooperativeDissolution", *request, response,
                       LifecycleAction::kStartDissolution, *kind, today_());
}

grpc::Status RegistryService::CompleteCooperativeDissolution(
    grpc::ServerContext* context, const v1::CompleteCooperativeDissolutionRequest* request,
    v1::CompleteCooperativeDissolutionResponse* response) {
  return LifecycleCall(gate_, store_, context, "CompleteCooperativeDissolution", *request, response,
                       LifecycleAction::kCompleteDissolution, DissolutionKind::kVoluntary,
                       today_());
}

}  // namespace hoptac::registry
