#include "services/gateway/province_reads.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "hoptac/outreach/v1/outreach.grpc.pb.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "hoptac/subsidy/v1/subsidy.grpc.pb.h"
#include "services/common/client.h"
#include "services/gateway/service_errors.h"

namespace hoptac::gateway {
namespace {

constexpr absl::Duration kReadCap = absl::Seconds(10);

// One forwarded call: the query out, the answer back, failures named.
template <typename Stub, typename Query, typename Result>
absl::Status Forward(Stub& stub,
                     grpc::Status (Stub::*method)(grpc::ClientContext*, const Query&, Result*),
                     const Query& query, Result* result, const CallInfo& call,
                     absl::string_view service) {
  grpc::ClientContext context;
  PrepareOutgoing(call, kReadCap, context);
  const grpc::Status status = (stub.*method)(&context, query, result);
  if (!status.ok()) return StatusFromService(status, service);
  return absl::OkStatus();
}

class GrpcProvinceReads : public ProvinceReads {
 public:
  explicit GrpcProvinceReads(const ReadAddresses& a)
      : registry_(registry::v1::RegistryService::NewStub(
            MakeServiceChannel(a.registry, "hoptac.registry.v1.RegistryService"))),
        subsidy_(subsidy::v1::SubsidyService::NewStub(
            MakeServiceChannel(a.subsidy, "hoptac.subsidy.v1.SubsidyService"))),
        outreach_(outreach::v1::OutreachService::NewStub(
            MakeServiceChannel(a.outreach, "hoptac.outreach.v1.OutreachService"))) {}

  absl::StatusOr<v1::ListCooperativesResponse> ListCooperatives(
      const v1::ListCooperativesRequest& request, const CallInfo& call) override {
    v1::ListCooperativesResponse out;
    absl::Status s = Forward(*registry_, &registry::v1::RegistryService::Stub::ListCooperatives,
                             request.query(), out.mutable_result(), call, "registry");
    if (!s.ok()) return s;
    return out;
  }

  absl::StatusOr<v1::ListGrantsResponse> ListGrants(const v1::ListGrantsRequest& request,
                                                    const CallInfo& call) override {
    v1::ListGrantsResponse out;
    absl::Status s = Forward(*subsidy_, &subsidy::v1::SubsidyService::Stub::ListGrants,
                             request.query(), out.mutable_result(), call, "subsidy service");
    if (!s.ok()) return s;
    return out;
  }

  absl::StatusOr<v1::ListLedgerEntriesResponse> ListLedgerEntries(
      const v1::ListLedgerEntriesRequest& request, const CallInfo& call) override {
    v1::ListLedgerEntriesResponse out;
    absl::Status s = Forward(*subsidy_, &subsidy::v1::SubsidyService::Stub::ListLedgerEntries,
                             request.query(), out.mutable_result(), call, "subsidy service");
    if (!s.ok()) return s;
    return out;
  }

  absl::StatusOr<v1::ListActivitiesResponse> ListActivities(
      const v1::ListActivitiesRequest& request, const CallInfo& call) override {
    v1::ListActivitiesResponse out;
    absl::Status s = Forward(*outreach_, &outreach::v1::OutreachService::Stub::ListActivities,
                             request.query(), out.mutable_result(), call, "outreach service");
    if (!s.ok()) return s;
    return out;
  }

 private:
  std::unique_ptr<registry::v1::RegistryService::Stub> registry_;
  std::unique_ptr<subsidy::v1::SubsidyService::Stub> subsidy_;
  std::unique_ptr<outreach::v1::OutreachService::Stub> outreach_;
};

}  // namespace

std::unique_ptr<ProvinceReads> MakeGrpcProvinceReads(const ReadAddresses& addresses) {
  return std::make_unique<GrpcProvinceReads>(addresses);
}

}  // namespace hoptac::gateway
