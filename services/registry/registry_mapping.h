// Between the registry's API messages and its domain types. Decoding checks
// what the wire format cannot (enums set, names well formed) and names the
// field; the domain's validation checks the rest.
#ifndef HOPTAC_SERVICES_REGISTRY_REGISTRY_MAPPING_H_
#define HOPTAC_SERVICES_REGISTRY_REGISTRY_MAPPING_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hoptac/registry/v1/registry.pb.h"
#include "services/registry/cooperative.h"
#include "services/registry/cooperative_records.h"
#include "services/registry/registry_statistics.h"
#include "services/registry/registry_store.h"

namespace hoptac::registry {

namespace pb = ::hoptac::registry::v1;

// Decodes the client-settable fields. `field_prefix` is "cooperative." so
// errors read "cooperative.kind: ...".
absl::StatusOr<CooperativeFields> CooperativeFieldsFromProto(const pb::Cooperative& cooperative);

void CooperativeToProto(const CooperativeRecord& record, pb::Cooperative* out);
void OrgUnitToProto(const OrgUnitRow& row, pb::OrgUnit* out);
void EventToProto(const std::string& registration_number, const CooperativeEvent& event,
                  pb::CooperativeEvent* out);
void InspectionToProto(const std::string& registration_number, const Inspection& in,
                       pb::Inspection* out);
void AwardToProto(const std::string& registration_number, const Award& in, pb::Award* out);
void ClassificationToProto(const std::string& registration_number, const Classification& in,
                           pb::Classification* out);
void AnnualReportToProto(const std::string& registration_number, const AnnualReport& in,
                         pb::AnnualReport* out);
void StatisticsToProto(const RegistryStatistics& stats, pb::GetRegistryStatisticsResponse* out);

// Enum decoding: INVALID_ARGUMENT naming `field` for UNSPECIFIED or unknown.
absl::StatusOr<CooperativeKind> KindFromProto(int value, absl::string_view field);
absl::StatusOr<Sector> SectorFromProto(int value, absl::string_view field);
absl::StatusOr<CooperativeStatus> StatusFromProto(int value, absl::string_view field);
absl::StatusOr<DissolutionKind> DissolutionKindFromProto(int value, absl::string_view field);
absl::StatusOr<ClassificationGrade> GradeFromProto(int value, absl::string_view field);

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_REGISTRY_MAPPING_H_
