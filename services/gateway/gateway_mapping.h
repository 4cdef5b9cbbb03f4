// Store records -> hoptac.gateway.v1 messages.
#ifndef HOPTAC_SERVICES_GATEWAY_GATEWAY_MAPPING_H_
#define HOPTAC_SERVICES_GATEWAY_GATEWAY_MAPPING_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "hoptac/gateway/v1/gateway_service.pb.h"
#include "services/gateway/gateway_store.h"
#include "services/gateway/round_status.h"

namespace google::protobuf {
class Timestamp;
}

namespace hoptac::gateway {

void TimeToProto(absl::Time time, google::protobuf::Timestamp* out);
void UnitToProto(const ExpectedUnitInfo& unit, v1::ExpectedUnit* out);
void RoundToProto(const RoundRecord& round, v1::ReportingRound* out);
// DATA_LOSS when the stored snapshot does not parse.
absl::Status SubmissionToProto(const SubmissionRecord& record, v1::Submission* out);
void StatusToProto(int64_t round_id, const RoundStatusFigures& figures,
                   v1::GetRoundStatusResponse* out);

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_GATEWAY_MAPPING_H_
