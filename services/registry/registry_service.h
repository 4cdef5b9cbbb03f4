// The gRPC handlers of hoptac.registry.v1.RegistryService: decode, validate
// with the domain, call the store, encode. No SQL and no business rule here.
#ifndef HOPTAC_SERVICES_REGISTRY_REGISTRY_SERVICE_H_
#define HOPTAC_SERVICES_REGISTRY_REGISTRY_SERVICE_H_

#include <functional>

#include "absl/time/civil_time.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "services/common/auth/access_gate.h"
#include "services/common/database.h"
#include "services/registry/registry_org_unit_tree.h"
#include "services/registry/registry_store.h"

namespace hoptac::registry {

class RegistryService final : public v1::RegistryService::Service {
 public:
  // `today` gives the current date in Vietnam (a parameter so tests can fix it).
  // Every call passes the access gate (issue 7): callers are verified, and
  // `audit_database` (the store's database) holds the audit trail.
  RegistryService(RegistryStore& store, Database* audit_database,
                  std::function<absl::CivilDay()> today);

  grpc::Status GetOrgUnit(grpc::ServerContext* context, const v1::GetOrgUnitRequest* request,
                          v1::GetOrgUnitResponse* response) override;
  grpc::Status ListOrgUnits(grpc::ServerContext* context, const v1::ListOrgUnitsRequest* request,
                            v1::ListOrgUnitsResponse* response) override;
  grpc::Status ResolveOrgUnitSubtree(grpc::ServerContext* context,
                                     const v1::ResolveOrgUnitSubtreeRequest* request,
                                     v1::ResolveOrgUnitSubtreeResponse* response) override;
  grpc::Status CreateCooperative(grpc::ServerContext* context,
                                 const v1::CreateCooperativeRequest* request,
                                 v1::CreateCooperativeResponse* response) override;
  grpc::Status GetCooperative(grpc::ServerContext* context,
                              const v1::GetCooperativeRequest* request,
                              v1::GetCooperativeResponse* response) override;
  grpc::Status ListCooperatives(grpc::ServerContext* context,
                                const v1::ListCooperativesRequest* request,
                                v1::ListCooperativesResponse* response) override;
  grpc::Status UpdateCooperative(grpc::ServerContext* context,
                                 const v1::UpdateCooperativeRequest* request,
                                 v1::UpdateCooperativeResponse* response) override;
  grpc::Status SuspendCooperative(grpc::ServerContext* context,
                                  const v1::SuspendCooperativeRequest* request,
                                  v1::SuspendCooperativeResponse* response) override;
  grpc::Status ResumeCooperative(grpc::ServerContext* context,
                                 const v1::ResumeCooperativeRequest* request,
                                 v1::ResumeCooperativeResponse* response) override;
  grpc::Status StartCooperativeDissolution(
      grpc::ServerContext* context, const v1::StartCooperativeDissolutionRequest* request,
      v1::StartCooperativeDissolutionResponse* response) override;
  grpc::Status CompleteCooperativeDissolution(
      grpc::ServerContext* context, const v1::CompleteCooperativeDissolutionRequest* request,
      v1::CompleteCooperativeDissolutionResponse* response) override;
  grpc::Status RecordInspection(grpc::ServerContext* context,
                                const v1::RecordInspectionRequest* request,
                                v1::RecordInspectionResponse* response) override;
  grpc::Status RecordAward(grpc::ServerContext* context, const v1::RecordAwardRequest* request,
                           v1::RecordAwardResponse* response) override;
  grpc::Status RecordClassification(grpc::ServerContext* context,
                                    const v1::RecordClassificationRequest* request,
                                    v1::RecordClassificationResponse* response) override;
  grpc::Status RecordAnnualReport(grpc::ServerContext* context,
                                  const v1::RecordAnnualReportRequest* request,
                                  v1::RecordAnnualReportResponse* response) override;
  grpc::Status ListCooperativeEvents(grpc::ServerContext* context,
                                     const v1::ListCooperativeEventsRequest* request,
                                     v1::ListCooperativeEventsResponse* response) override;
  grpc::Status GetRegistryStatistics(grpc::ServerContext* context,
                                     const v1::GetRegistryStatisticsRequest* request,
                                     v1::GetRegistryStatisticsResponse* response) override;

 private:
  RegistryStore& store_;
  std::function<absl::CivilDay()> today_;
  // The registry is its own org-unit tree.
  RegistryOrgUnitTree tree_;
  AccessGate gate_;
};

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_REGISTRY_SERVICE_H_
