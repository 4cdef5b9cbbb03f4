#include "services/report/statistics_sources.h"

#include <future>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "hoptac/outreach/v1/outreach.grpc.pb.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "hoptac/subsidy/v1/subsidy.grpc.pb.h"
#include "services/common/client.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_date.h"

namespace hoptac::report {
absl::Status SourceFailure(absl::string_view service, const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const std::string detail = status.error_message();
  switch (status.error_code()) {
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return absl::DeadlineExceededError(
          absl::StrCat(service, " service did not answer before the deadline: ", detail));
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    // The data service authorizes the caller again (its token forwarded):
    // its refusal is the caller's, not an outage.
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAUTHENTICATED:
      return absl::Status(FromGrpcStatus(status).code(),
                          absl::StrCat(service, " service: ", detail));
    default:
      return absl::UnavailableError(absl::StrCat(service, " service unavailable: ", detail));
  }
}

class StatisticsSources::Stubs {
 public:
  explicit Stubs(const SourceAddresses& a)
      : registry(registry::v1::RegistryService::NewStub(
            MakeServiceChannel(a.registry, "hoptac.registry.v1.RegistryService"))),
        subsidy(subsidy::v1::SubsidyService::NewStub(
            MakeServiceChannel(a.subsidy, "hoptac.subsidy.v1.SubsidyService"))),
        outreach(outreach::v1::OutreachService::NewStub(
            MakeServiceChannel(a.outreach, "hoptac.outreach.v1.OutreachService"))) {}
  std::unique_ptr<registry::v1::RegistryService::Stub> registry;
  std::unique_ptr<subsidy::v1::SubsidyService::Stub> subsidy;
  std::unique_ptr<outreach::v1::OutreachService::Stub> outreach;
};

StatisticsSources::StatisticsSources(const SourceAddresses& addresses)
    : stubs_(std::make_unique<Stubs>(addresses)) {}

StatisticsSources::~StatisticsSources() = default;

absl::StatusOr<StatisticMap> StatisticsSources::Fetch(const grpc::ServerContextBase* incoming,
                                                      const std::string& org_unit_code,
                                                      const Period& period) const {
  registry::v1::GetRegistryStatisticsResponse registry_answer;
  subsidy::v1::GetSubsidyStatisticsResponse subsidy_answer;
  outreach::v1::GetOutreachStatisticsResponse outreach_answer;

  auto ask_registry = std::async(std::launch::async, [&] {
    grpc::ClientContext context;
    PrepareOutgoingCall(incoming, kSourceCallCap, context);
    registry::v1::GetRegistryStatisticsRequest request;
    request.set_org_unit(absl::StrCat("orgUnits/", org_unit_code));
    PeriodToProto(period, request.mutable_period());
    return SourceFailure("registry",
                 stubs_->registry->GetRegistryStatistics(&context, request, &registry_answer));
  });
  auto ask_subsidy = std::async(std::launch::async, [&] {
    grpc::ClientContext context;
    PrepareOutgoingCall(incoming, kSourceCallCap, context);
    subsidy::v1::GetSubsidyStatisticsRequest request;
    request.set_org_unit_code(org_unit_code);
    PeriodToProto(period, request.mutable_period());
    return SourceFailure("subsidy",
                 stubs_->subsidy->GetSubsidyStatistics(&context, request, &subsidy_answer));
  });
  auto ask_outreach = std::async(std::launch::async, [&] {
    grpc::ClientContext context;
    PrepareOutgoingCall(incoming, kSourceCallCap, context);
    outreach::v1::GetOutreachStatisticsRequest request;
    request.set_org_unit_code(org_unit_code);
    PeriodToProto(period, request.mutable_period());
    return SourceFailure("outreach",
                 stubs_->outreach->GetOutreachStatistics(&context, request, &outreach_answer));
  });
  // Wait for all three (the answers live on this stack), then report the
  // first failure in a fixed order.
  const absl::Status statuses[] = {ask_registry.get(), ask_subsidy.get(), ask_outreach.get()};
  for (const absl::Status& status : statuses) {
    if (!status.ok()) return status;
  }
  return BuildStatistics({&registry_answer, &subsidy_answer, &outreach_answer});
}

}  // namespace hoptac::report
