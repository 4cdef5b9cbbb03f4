// The gRPC handlers of hoptac.subsidy.v1.SubsidyService: authenticate (the
// AccessGate), decode, authorize in the unit the request touches, check with
// the registry where a beneficiary lives there, validate with the domain, call
// the store, encode. No SQL and no business rule here.
//
// Units (issue 7): a program belongs to its org_unit_code (the unit that runs
// and pays it); a grant and its ledger entries to their program's unit; a
// beneficiary to its own org unit.
#ifndef HOPTAC_SERVICES_SUBSIDY_SUBSIDY_SERVICE_H_
#define HOPTAC_SERVICES_SUBSIDY_SUBSIDY_SERVICE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "hoptac/subsidy/v1/subsidy.grpc.pb.h"
#include "services/common/auth/access_gate.h"
#include "services/common/auth/caller_scope.h"
#include "services/common/call_context.h"
#include "services/common/database.h"
#include "services/common/registry_client.h"
#include "services/subsidy/subsidy_store.h"

namespace hoptac::subsidy {

class SubsidyService final : public v1::SubsidyService::Service {
 public:
  // `today` gives the current date in Vietnam (a parameter so tests can fix
  // it); `audit_database` holds the audit trail (the store's database);
  // `tree` says where callers may act (nullptr: the registry's tree; tests
  // without a registry give their own).
  SubsidyService(SubsidyStore& store, const RegistryClient& registry,
                 std::function<absl::CivilDay()> today, Database& audit_database,
                 const OrgUnitTree* tree = nullptr);

  grpc::Status CreateProgram(grpc::ServerContext* context, const v1::CreateProgramRequest* request,
                             v1::CreateProgramResponse* response) override;
  grpc::Status GetProgram(grpc::ServerContext* context, const v1::GetProgramRequest* request,
                          v1::GetProgramResponse* response) override;
  grpc::Status ListPrograms(grpc::ServerContext* context, const v1::ListProgramsRequest* request,
                            v1::ListProgramsResponse* response) override;
  grpc::Status UpdateProgram(grpc::ServerContext* context, const v1::UpdateProgramRequest* request,
                             v1::UpdateProgramResponse* response) override;
  grpc::Status UpdateBeneficiary(grpc::ServerContext* context,
                                 const v1::UpdateBeneficiaryRequest* request,
                                 v1::UpdateBeneficiaryResponse* response) override;
  grpc::Status CreateBeneficiary(grpc::ServerContext* context,
                                 const v1::CreateBeneficiaryRequest* request,
                                 v1::CreateBeneficiaryResponse* response) override;
  grpc::Status GetBeneficiary(grpc::ServerContext* context,
                              const v1::GetBeneficiaryRequest* request,
                              v1::GetBeneficiaryResponse* response) override;
  grpc::Status ListBeneficiaries(grpc::ServerContext* context,
                                 const v1::ListBeneficiariesRequest* request,
                                 v1::ListBeneficiariesResponse* response) override;
  grpc::Status ApplyForGrant(grpc::ServerContext* context, const v1::ApplyForGrantRequest* request,
                             v1::ApplyForGrantResponse* response) override;
  grpc::Status GetGrant(grpc::ServerContext* context, const v1::GetGrantRequest* request,
                        v1::GetGrantResponse* response) override;
  grpc::Status ListGrants(grpc::ServerContext* context, const v1::ListGrantsRequest* request,
                          v1::ListGrantsResponse* response) override;
  grpc::Status ApproveGrant(grpc::ServerContext* context, const v1::ApproveGrantRequest* request,
                            v1::ApproveGrantResponse* response) override;
  grpc::Status RejectGrant(grpc::ServerContext* context, const v1::RejectGrantRequest* request,
                           v1::RejectGrantResponse* response) override;
  grpc::Status CancelGrant(grpc::ServerContext* context, const v1::CancelGrantRequest* request,
                           v1::CancelGrantResponse* response) override;
  grpc::Status RecordDisbursement(grpc::ServerContext* context,
                                  const v1::RecordDisbursementRequest* request,
                                  v1::RecordDisbursementResponse* response) override;
  grpc::Status ReverseDisbursement(grpc::ServerContext* context,
                                   const v1::ReverseDisbursementRequest* request,
                                   v1::ReverseDisbursementResponse* response) override;
  grpc::Status RecordDisbursementBatch(grpc::ServerContext* context,
                                       const v1::RecordDisbursementBatchRequest* request,
                                       v1::RecordDisbursementBatchResponse* response) override;
  grpc::Status ListLedgerEntries(grpc::ServerContext* context,
                                 const v1::ListLedgerEntriesRequest* request,
                                 v1::ListLedgerEntriesResponse* response) override;
  grpc::Status GetSubsidyStatistics(grpc::ServerContext* context,
                                    const v1::GetSubsidyStatisticsRequest* request,
                                    v1::GetSubsidyStatisticsResponse* response) override;

 private:
  // kWrite on the unit that pays each grant (all or none).
  absl::Status CheckPayerOfGrants(const grpc::ServerContext& context, const CallContext& call,
                                  const std::vector<int64_t>& grant_ids);

  SubsidyStore& store_;
  const RegistryClient& registry_;
  std::function<absl::CivilDay()> today_;
  const OrgUnitTree& tree_;
  AccessGate gate_;
};

}  // namespace hoptac::subsidy

#endif  // HOPTAC_SERVICES_SUBSIDY_SUBSIDY_SERVICE_H_
