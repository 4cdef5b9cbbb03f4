// The units to generate, as the registry knows them: the direct children of a
// province valid on a day (the district level in 2023), each with its own
// children (communes). Asked over gRPC, never hard-coded.
#ifndef HOPTAC_TOOLS_GENERATE_UNITS_UNIT_SOURCE_H_
#define HOPTAC_TOOLS_GENERATE_UNITS_UNIT_SOURCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "tools/generate_units/unit_plan.h"

namespace hoptac::generate {

// The children of orgUnits/<province_code> valid on `day`, by code, each with
// its children valid on that day. UNAVAILABLE etc. as the registry answers,
// prefixed with "registry: ".
absl::StatusOr<std::vector<UnitInfo>> ListChildUnits(
    hoptac::registry::v1::RegistryService::StubInterface& registry,
    const std::string& province_code, absl::CivilDay day);

}  // namespace hoptac::generate

#endif  // HOPTAC_TOOLS_GENERATE_UNITS_UNIT_SOURCE_H_
