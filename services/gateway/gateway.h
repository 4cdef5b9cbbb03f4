// The gateway's methods, independent of the transport: the gRPC service
// (gateway_service.h) and the HTTP/JSON endpoint (http_gateway.h) both call
// these, so a request flows one way whichever way it came in:
// decode and validate here -> authorize (call_info.h: the access policy as
// soon as the unit is known, before any other effect) -> rules (round_rules, round_status,
// consolidation) -> store (gateway_store) and sources (round_sources).
#ifndef HOPTAC_SERVICES_GATEWAY_GATEWAY_H_
#define HOPTAC_SERVICES_GATEWAY_GATEWAY_H_

#include "absl/status/statusor.h"
#include "hoptac/gateway/v1/gateway_service.pb.h"
#include "services/gateway/call_info.h"
#include "services/gateway/gateway_store.h"
#include "services/gateway/province_reads.h"
#include "services/gateway/round_sources.h"

namespace hoptac::gateway {

class Gateway {
 public:
  Gateway(GatewayStore& store, RoundSources& sources, ProvinceReads& reads)
      : store_(store), sources_(sources), reads_(reads) {}

  absl::StatusOr<v1::CreateReportingRoundResponse> CreateReportingRound(
      const v1::CreateReportingRoundRequest& request, const CallInfo& call);
  absl::StatusOr<v1::GetReportingRoundResponse> GetReportingRound(
      const v1::GetReportingRoundRequest& request, const CallInfo& call);
  absl::StatusOr<v1::ListReportingRoundsResponse> ListReportingRounds(
      const v1::ListReportingRoundsRequest& request, const CallInfo& call);
  absl::StatusOr<v1::SubmitToRoundResponse> SubmitToRound(const v1::SubmitToRoundRequest& request,
                                                          const CallInfo& call);
  absl::StatusOr<v1::ReturnSubmissionResponse> ReturnSubmission(
      const v1::ReturnSubmissionRequest& request, const CallInfo& call);
  absl::StatusOr<v1::AcceptSubmissionResponse> AcceptSubmission(
      const v1::AcceptSubmissionRequest& request, const CallInfo& call);
  absl::StatusOr<v1::ListSubmissionsResponse> ListSubmissions(
      const v1::ListSubmissionsRequest& request, const CallInfo& call);
  absl::StatusOr<v1::GetRoundStatusResponse> GetRoundStatus(
      const v1::GetRoundStatusRequest& request, const CallInfo& call);
  absl::StatusOr<v1::BuildConsolidatedReportResponse> BuildConsolidatedReport(
      const v1::BuildConsolidatedReportRequest& request, const CallInfo& call);

  // Read APIs, forwarded to the owning services (province_reads.h).
  absl::StatusOr<v1::ListCooperativesResponse> ListCooperatives(
      const v1::ListCooperativesRequest& request, const CallInfo& call);
  absl::StatusOr<v1::ListGrantsResponse> ListGrants(const v1::ListGrantsRequest& request,
                                                    const CallInfo& call);
  absl::StatusOr<v1::ListLedgerEntriesResponse> ListLedgerEntries(
      const v1::ListLedgerEntriesRequest& request, const CallInfo& call);
  absl::StatusOr<v1::ListActivitiesResponse> ListActivities(
      const v1::ListActivitiesRequest& request, const CallInfo& call);

 private:
  // Returning and accepting reports: kAdminister in the round's province.
  absl::Status CheckProvinceDuty(int64_t round_id, const CallInfo& call);

  GatewayStore& store_;
  RoundSources& sources_;
  ProvinceReads& reads_;
};

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_GATEWAY_H_
