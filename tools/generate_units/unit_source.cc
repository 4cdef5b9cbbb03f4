#include "tools/generate_units/unit_source.h"

#include <chrono>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_date.h"
#include "services/common/status_macros.h"

namespace hoptac::generate {
namespace {

namespace rg = ::hoptac::registry::v1;

// Every page of the children of `parent` on `day`.
absl::StatusOr<std::vector<rg::OrgUnit>> Children(rg::RegistryService::StubInterface& registry,
                                                  const std::string& parent, absl::CivilDay day) {
  std::vector<rg::OrgUnit> units;
  rg::ListOrgUnitsRequest request;
  request.set_parent(parent);
  DayToProto(day, request.mutable_as_of_date());
  request.set_page_size(1000);
  do {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    AuthorizeClientCall(context);
    rg::ListOrgUnitsResponse response;
    if (grpc::Status s = registry.ListOrgUnits(&context, request, &response); !s.ok()) {
      const absl::Status status = FromGrpcStatus(s);
      return absl::Status(status.code(),
                          absl::StrCat("registry: ListOrgUnits ", parent, ": ", status.message()));
    }
    for (rg::OrgUnit& unit : *response.mutable_org_units()) units.push_back(std::move(unit));
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return units;
}

}  // namespace

absl::StatusOr<std::vector<UnitInfo>> ListChildUnits(rg::RegistryService::StubInterface& registry,
                                                     const std::string& province_code,
                                                     absl::CivilDay day) {
  HOPTAC_ASSIGN_OR_RETURN(std::vector<rg::OrgUnit> children,
                          Children(registry, absl::StrCat("orgUnits/", province_code), day));
  std::vector<UnitInfo> units;
  for (const rg::OrgUnit& child : children) {
    UnitInfo unit{child.code(), child.display_name(), {}};
    HOPTAC_ASSIGN_OR_RETURN(std::vector<rg::OrgUnit> communes, Children(registry, child.name(), day));
    for (const rg::OrgUnit& c : communes) unit.communes.push_back({c.code(), c.display_name()});
    units.push_back(std::move(unit));
  }
  return units;
}

}  // namespace hoptac::generate
