#include "services/common/auth/audit_service.h"

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/auth/access_policy.h"
#include "services/common/auth/audit_log.h"
#include "services/common/auth/call_identity.h"
#include "services/common/call_context.h"
#include "services/common/grpc_status.h"
#include "services/common/page_token.h"
#include "services/common/status_macros.h"

namespace hoptac {
namespace {

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

absl::Time TimeOf(const google::protobuf::Timestamp& t, absl::Time unset) {
  if (t.seconds() == 0 && t.nanos() == 0) return unset;
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

absl::Status List(Database& database, const grpc::ServerContext& context,
                  const common::v1::ListAuditEventsRequest& request,
                  common::v1::ListAuditEventsResponse& response) {
  auto caller = AuthenticateCall(context);
  if (!caller.ok()) {
    return absl::UnauthenticatedError(absl::StrCat(
        "authorization: a valid bearer token is required (", caller.status().message(), ")"));
  }
  HOPTAC_RETURN_IF_ERROR(Authorize(*caller, Access::kAdminister, Reach::kInside));
  HOPTAC_ASSIGN_OR_RETURN(const int page_size,
                          EffectivePageSize(request.page_size(), kDefaultPageSize, kMaxPageSize));
  AuditQuery query;
  query.subject = request.subject();
  query.resource = request.resource();
  query.since = TimeOf(request.start_time(), absl::InfinitePast());
  query.until = TimeOf(request.end_time(), absl::InfiniteFuture());
  const std::string filters =
      absl::StrCat(query.subject, "|", query.resource, "|", absl::FormatTime(query.since), "|",
                   absl::FormatTime(query.until));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<std::string> position,
                          DecodePageToken(request.page_token(), filters));
  if (!position.empty() && !absl::SimpleAtoi(position[0], &query.after_id)) {
    return absl::InvalidArgumentError("page_token: malformed");
  }
  query.limit = page_size + 1;
  HOPTAC_ASSIGN_OR_RETURN(std::vector<AuditEvent> events,
                          ReadAuditEvents(database, query, CallDeadline(context)));
  if (static_cast<int>(events.size()) > page_size) {
    events.resize(page_size);
    response.set_next_page_token(EncodePageToken({absl::StrCat(events.back().id)}, filters));
  }
  for (const AuditEvent& event : events) {
    common::v1::AuditEvent* out = response.add_events();
    out->set_id(event.id);
    const int64_t micros = absl::ToUnixMicros(event.occurred_at);
    out->mutable_occur_time()->set_seconds(micros / 1'000'000);
    out->mutable_occur_time()->set_nanos(static_cast<int32_t>(micros % 1'000'000) * 1000);
    out->set_subject(event.subject);
    out->set_role(event.role);
    out->set_org_unit(event.org_unit);
    out->set_method(event.method);
    out->set_resource(event.resource);
    out->set_request_id(event.request_id);
    out->set_outcome(event.outcome);
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status AuditService::ListAuditEvents(grpc::ServerContext* context,
                                           const common::v1::ListAuditEventsRequest* request,
                                           common::v1::ListAuditEventsResponse* response) {
  return ToGrpcStatus(List(database_, *context, *request, *response));
}

}  // namespace hoptac
