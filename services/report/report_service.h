// gRPC handlers of hoptac.report.v1.ReportService: decode, validate with the
// domain, authorize (AccessGate), assemble from the data services, render,
// store, encode. Assembly writes nothing; a data service that cannot answer
// fails the call, named. Templates belong to no unit: any caller reads them,
// province administrators make new versions. A draft, its assembly and its
// snapshots belong to the draft's org unit.
#ifndef HOPTAC_SERVICES_REPORT_REPORT_SERVICE_H_
#define HOPTAC_SERVICES_REPORT_REPORT_SERVICE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hoptac/report/v1/report_service.grpc.pb.h"
#include "services/common/auth/access_gate.h"
#include "services/common/registry_client.h"
#include "services/report/report_store.h"
#include "services/report/statistics_sources.h"

namespace hoptac::report {

class ReportService final : public v1::ReportService::Service {
 public:
  ReportService(ReportStore& store, const StatisticsSources& sources,
                const RegistryClient& registry, AccessGate& gate)
      : store_(store), sources_(sources), registry_(registry), gate_(gate) {}

  grpc::Status CreateTemplateVersion(grpc::ServerContext* context,
                                     const v1::CreateTemplateVersionRequest* request,
                                     v1::CreateTemplateVersionResponse* response) override;
  grpc::Status GetTemplate(grpc::ServerContext* context, const v1::GetTemplateRequest* request,
                           v1::GetTemplateResponse* response) override;
  grpc::Status ListTemplates(grpc::ServerContext* context, const v1::ListTemplatesRequest* request,
                             v1::ListTemplatesResponse* response) override;
  grpc::Status CreateReportDraft(grpc::ServerContext* context,
                                 const v1::CreateReportDraftRequest* request,
                                 v1::CreateReportDraftResponse* response) override;
  grpc::Status GetReportDraft(grpc::ServerContext* context,
                              const v1::GetReportDraftRequest* request,
                              v1::GetReportDraftResponse* response) override;
  grpc::Status ListReportDrafts(grpc::ServerContext* context,
                                const v1::ListReportDraftsRequest* request,
                                v1::ListReportDraftsResponse* response) override;
  grpc::Status UpdateReportDraft(grpc::ServerContext* context,
                                 const v1::UpdateReportDraftRequest* request,
                                 v1::UpdateReportDraftResponse* response) override;
  grpc::Status AssembleReport(grpc::ServerContext* context,
                              const v1::AssembleReportRequest* request,
                              v1::AssembleReportResponse* response) override;
  grpc::Status SubmitReport(grpc::ServerContext* context, const v1::SubmitReportRequest* request,
                            v1::SubmitReportResponse* response) override;
  grpc::Status GetReportSnapshot(grpc::ServerContext* context,
                                 const v1::GetReportSnapshotRequest* request,
                                 v1::GetReportSnapshotResponse* response) override;
  grpc::Status DiffSinceSubmission(grpc::ServerContext* context,
                                   const v1::DiffSinceSubmissionRequest* request,
                                   v1::DiffSinceSubmissionResponse* response) override;

 private:
  // Fetches the statistics of the draft's unit and period and renders it.
  absl::StatusOr<v1::RenderedReport> Assemble(const grpc::ServerContext& context,
                                              const v1::ReportDraft& draft, absl::Time deadline);
  // Checks what the draft refers to: its template (INVALID_ARGUMENT naming
  // draft.template) and its unit, valid in the registry at the end of the
  // period (INVALID_ARGUMENT naming draft.org_unit; UNAVAILABLE naming the
  // registry when it cannot answer).
  absl::Status CheckReferences(const grpc::ServerContext& context, const v1::ReportDraft& draft,
                               absl::Time deadline);

  // The caller may do `access` in the draft's org unit (PERMISSION_DENIED).
  absl::Status CheckDraftAccess(const grpc::ServerContext& context, const CallContext& call,
                                Access access, const v1::ReportDraft& draft);
  // The codes of the drafts a list shows: the requested unit alone when the
  // caller may read it, else the caller's readable subtree; empty for every unit.
  absl::StatusOr<std::vector<std::string>> ListedUnits(const grpc::ServerContext& context,
                                                       const CallContext& call,
                                                       const std::string& requested_unit);

  ReportStore& store_;
  const StatisticsSources& sources_;
  const RegistryClient& registry_;
  AccessGate& gate_;
};

}  // namespace hoptac::report

#endif  // HOPTAC_SERVICES_REPORT_REPORT_SERVICE_H_
