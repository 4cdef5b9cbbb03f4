#include "services/gateway/round_sources.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "hoptac/report/v1/report_service.grpc.pb.h"
#include "services/common/client.h"
#include "services/common/proto_date.h"
#include "services/gateway/service_errors.h"

namespace hoptac::gateway {
namespace {

constexpr absl::Duration kRegistryCap = absl::Seconds(5);
constexpr absl::Duration kReportCap = absl::Seconds(10);
constexpr int kMaxDraftPages = 5;

class GrpcRoundSources : public RoundSources {
 public:
  GrpcRoundSources(const std::string& registry, const std::string& report)
      : registry_(registry::v1::RegistryService::NewStub(
            MakeServiceChannel(registry, "hoptac.registry.v1.RegistryService"))),
        report_(report::v1::ReportService::NewStub(
            MakeServiceChannel(report, "hoptac.report.v1.ReportService"))) {}

  absl::StatusOr<ExpectedUnitInfo> GetOrgUnit(const CallInfo& call, const std::string& code,
                                              absl::CivilDay day) override {
    registry::v1::GetOrgUnitRequest request;
    request.set_name(absl::StrCat("orgUnits/", code));
    DayToProto(day, request.mutable_as_of_date());
    registry::v1::GetOrgUnitResponse response;
    grpc::ClientContext context;
    PrepareOutgoing(call, kRegistryCap, context);
    grpc::Status status = registry_->GetOrgUnit(&context, request, &response);
    if (!status.ok()) return StatusFromService(status, "registry");
    return ExpectedUnitInfo{response.org_unit().code(), response.org_unit().display_name()};
  }

  absl::StatusOr<std::vector<ExpectedUnitInfo>> ListChildUnits(const CallInfo& call,
                                                               const std::string& code,
                                                               absl::CivilDay day) override {
    std::vector<ExpectedUnitInfo> out;
    registry::v1::ListOrgUnitsRequest request;
    request.set_parent(absl::StrCat("orgUnits/", code));
    DayToProto(day, request.mutable_as_of_date());
    request.set_page_size(1000);
    do {
      registry::v1::ListOrgUnitsResponse response;
      grpc::ClientContext context;
      PrepareOutgoing(call, kRegistryCap, context);
      grpc::Status status = registry_->ListOrgUnits(&context, request, &response);
      if (!status.ok()) return StatusFromService(status, "registry");
      for (const registry::v1::OrgUnit& u : response.org_units()) {
        out.push_back({u.code(), u.display_name()});
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return out;
  }

  absl::StatusOr<report::v1::ReportTemplate> GetTemplate(const CallInfo& call,
                                                         const std::string& name) override {
    report::v1::GetTemplateRequest request;
    request.set_name(name);
    report::v1::GetTemplateResponse response;
    grpc::ClientContext context;
    PrepareOutgoing(call, kReportCap, context);
    grpc::Status status = report_->GetTemplate(&context, request, &response);
    if (!status.ok()) return StatusFromService(status, "report service");
    return response.template_();
  }

  absl::StatusOr<std::vector<std::string>> UnitsWithDrafts(
      const CallInfo& call, const std::vector<std::string>& unit_codes, const Period& period,
      const std::string& template_name) override {
    std::vector<std::string> out;
    for (const std::string& code : unit_codes) {
      report::v1::ListReportDraftsRequest request;
      request.set_org_unit(absl::StrCat("orgUnits/", code));
      request.set_page_size(200);
      bool found = false;
      // Newest first; a unit's drafts for other periods are few.
      for (int page = 0; page < kMaxDraftPages && !found; ++page) {
        report::v1::ListReportDraftsResponse response;
        grpc::ClientContext context;
        PrepareOutgoing(call, kReportCap, context);
        grpc::Status status = report_->ListReportDrafts(&context, request, &response);
        if (!status.ok()) return StatusFromService(status, "report service");
        for (const report::v1::ReportDraft& d : response.drafts()) {
          auto draft_period = PeriodFromProto(d.period(), "period");
          found = found || (d.template_() == template_name && draft_period.ok() &&
                            draft_period->start == period.start && draft_period->end == period.end);
        }
        if (response.next_page_token().empty()) break;
        request.set_page_token(response.next_page_token());
      }
      if (found) out.push_back(code);
    }
    return out;
  }

  absl::StatusOr<report::v1::ReportSnapshot> GetSnapshot(const CallInfo& call,
                                                         const std::string& name) override {
    report::v1::GetReportSnapshotRequest request;
    request.set_name(name);
    report::v1::GetReportSnapshotResponse response;
    grpc::ClientContext context;
    PrepareOutgoing(call, kReportCap, context);
    grpc::Status status = report_->GetReportSnapshot(&context, request, &response);
    if (!status.ok()) return StatusFromService(status, "report service");
    return response.snapshot();
  }

 private:
  std::unique_ptr<registry::v1::RegistryService::Stub> registry_;
  std::unique_ptr<report::v1::ReportService::Stub> report_;
};

}  // namespace

std::unique_ptr<RoundSources> MakeGrpcRoundSources(const std::string& registry_address,
                                                   const std::string& report_address) {
  return std::make_unique<GrpcRoundSources>(registry_address, report_address);
}

}  // namespace hoptac::gateway
