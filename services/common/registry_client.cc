#include "services/common/registry_client.h"

#include <utility>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "services/common/config.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "services/common/client.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_date.h"

ABSL_FLAG(std::string, registry_address, "127.0.0.1:50051",
          "host:port of the registry service (hoptac.registry.v1.RegistryService).");

namespace hoptac {
namespace {

namespace rv1 = ::hoptac::registry::v1;

constexpr char kRegistryService[] = "hoptac.registry.v1.RegistryService";

// NOT_FOUND and INVALID_ARGUMENT are answers; anything else means the
// registry could not answer, which the caller reports as the registry's fault.
absl::Status FromRegistry(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  switch (status.error_code()) {
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::INVALID_ARGUMENT:
      return FromGrpcStatus(status);
    // The registry refused the caller whose token was forwarded: the caller's
    // answer, not an outage (and never retried).
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAUTHENTICATED:
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          absl::StrCat("registry: ", status.error_message()));
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return absl::DeadlineExceededError(
          absl::StrCat("registry: did not answer before the deadline (", status.error_message(),
                       ")"));
    default:
      return absl::UnavailableError(absl::StrCat("registry: unavailable (",
                                                 status.error_message(), ")"));
  }
}

}  // namespace

class RegistryClient::Stubs {
 public:
  explicit Stubs(std::shared_ptr<grpc::Channel> channel)
      : registry(rv1::RegistryService::NewStub(std::move(channel))) {}
  std::unique_ptr<rv1::RegistryService::Stub> registry;
};

absl::StatusOr<std::string> RegistryAddressSetting() {
  const std::string address = absl::GetFlag(FLAGS_registry_address);
  if (absl::Status valid = ValidateListenAddress(address); !valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "setting --registry_address (HOPTAC_REGISTRY_ADDRESS): ", valid.message()));
  }
  return address;
}

RegistryClient::RegistryClient(const std::string& target)
    : RegistryClient(MakeServiceChannel(target, kRegistryService)) {}

RegistryClient::RegistryClient(std::shared_ptr<grpc::Channel> channel)
    : stubs_(std::make_unique<Stubs>(std::move(channel))) {}

RegistryClient::~RegistryClient() = default;

absl::StatusOr<CooperativeOnDay> RegistryClient::GetCooperativeOn(
    const grpc::ServerContextBase* incoming, absl::string_view registration_number,
    absl::CivilDay day) const {
  grpc::ClientContext context;
  PropagateDeadline(incoming, kRegistryCallCap, context);
  rv1::GetCooperativeRequest request;
  request.set_name(absl::StrCat("cooperatives/", registration_number));
  DayToProto(day, request.mutable_as_of_date());
  rv1::GetCooperativeResponse response;
  const absl::Status status =
      FromRegistry(stubs_->registry->GetCooperative(&context, request, &response));
  if (!status.ok()) return status;
  const rv1::Cooperative& c = response.cooperative();
  CooperativeOnDay out;
  out.registration_number = c.registration_number();
  out.display_name = c.display_name();
  out.kind = c.kind();
  out.status = c.status();
  out.org_unit_code = c.org_unit().substr(c.org_unit().rfind('/') + 1);
  return out;
}

absl::StatusOr<OrgUnitOnDay> RegistryClient::GetOrgUnitOn(const grpc::ServerContextBase* incoming,
                                                          absl::string_view code,
                                                          absl::CivilDay day) const {
  grpc::ClientContext context;
  PropagateDeadline(incoming, kRegistryCallCap, context);
  rv1::GetOrgUnitRequest request;
  request.set_name(absl::StrCat("orgUnits/", code));
  DayToProto(day, request.mutable_as_of_date());
  rv1::GetOrgUnitResponse response;
  const absl::Status status =
      FromRegistry(stubs_->registry->GetOrgUnit(&context, request, &response));
  if (!status.ok()) return status;
  return OrgUnitOnDay{response.org_unit().code(), response.org_unit().display_name(),
                      response.org_unit().level()};
}

absl::StatusOr<std::vector<std::string>> RegistryClient::ResolveSubtreeCodes(
    const grpc::ServerContextBase* incoming, absl::string_view code, absl::CivilDay day) const {
  grpc::ClientContext context;
  PropagateDeadline(incoming, kRegistryCallCap, context);
  rv1::ResolveOrgUnitSubtreeRequest request;
  request.set_org_unit(absl::StrCat("orgUnits/", code));
  DayToProto(day, request.mutable_as_of_date());
  rv1::ResolveOrgUnitSubtreeResponse response;
  const absl::Status status =
      FromRegistry(stubs_->registry->ResolveOrgUnitSubtree(&context, request, &response));
  if (!status.ok()) return status;
  return std::vector<std::string>(response.codes().begin(), response.codes().end());
}

}  // namespace hoptac
