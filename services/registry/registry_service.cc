// RegistryService: administrative units and cooperatives (create, read, list,
// update). Every call passes the access gate (issue 7).
#include "services/registry/registry_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/call_context.h"
#include "services/common/grpc_status.h"
#include "services/common/page_token.h"
#include "services/common/proto_date.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"
#include "services/registry/cooperative_lifecycle.h"
#include "services/registry/cooperative_update.h"
#include "services/registry/cooperative_validation.h"
#include "services/registry/registry_mapping.h"
#include "services/registry/registry_service_support.h"

namespace hoptac::registry {
namespace {

std::string CooperativeFilterText(const v1::ListCooperativesRequest& r) {
  std::vector<std::string> statuses;
  for (int s : r.statuses()) statuses.push_back(absl::StrCat(s));
  return absl::StrCat(r.org_unit(), "|", absl::StrJoin(statuses, ","), "|", r.sector(), "|",
                      r.kind(), "|", r.display_name_prefix());
}

// The cooperative as `mask` would make it: `current` with the masked fields
// of `c` applied.
absl::StatusOr<CooperativeFields> RequestedFields(const CooperativeFields& current,
                                                  const v1::Cooperative& c,
                                                  const std::vector<std::string>& mask) {
  CooperativeFields requested = current;
  for (const std::string& field : mask) {
    if (field == "display_name") requested.display_name = c.display_name();
    if (field == "address") requested.address = c.address();
    if (field == "member_count") requested.member_count = c.member_count();
    if (field == "employee_count") requested.employee_count = c.employee_count();
    if (field == "charter_capital_dong") requested.charter_capital_dong = c.charter_capital_dong();
    if (field == "kind") {
      HOPTAC_ASSIGN_OR_RETURN(requested.kind, KindFromProto(c.kind(), "cooperative.kind"));
    }
    if (field == "sector") {
      HOPTAC_ASSIGN_OR_RETURN(requested.sector, SectorFromProto(c.sector(), "cooperative.sector"));
    }
    if (field == "org_unit") {
      HOPTAC_ASSIGN_OR_RETURN(requested.org_unit_code,
                              ParseResourceName(c.org_unit(), "orgUnits", "cooperative.org_unit"));
    }
    if (field == "establishment_date") {
      HOPTAC_ASSIGN_OR_RETURN(
          requested.establishment_date,
          DayFromProto(c.establishment_date(), "cooperative.establishment_date"));
    }
  }
  return requested;
}

}  // namespace

RegistryService::RegistryService(RegistryStore& store, Database* audit_database,
                                 std::function<absl::CivilDay()> today)
    : store_(store),
      today_(std::move(today)),
      tree_(store),
      gate_(v1::RegistryService::service_full_name(), audit_database, tree_, today_) {}

// Org units are reference data: any authenticated caller reads them (other
// services' gates resolve their callers' subtrees here, with the caller's token).
grpc::Status RegistryService::GetOrgUnit(grpc::ServerContext* context,
                                         const v1::GetOrgUnitRequest* request,
                                         v1::GetOrgUnitResponse* response) {
  return gate_.ServeRead(*context, "GetOrgUnit", [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(std::string code,
                            ParseResourceName(request->name(), "orgUnits", "name"));
    HOPTAC_ASSIGN_OR_RETURN(absl::CivilDay as_of, AsOfDate(request->as_of_date(), today_()));
    HOPTAC_ASSIGN_OR_RETURN(OrgUnitRow row, store_.GetOrgUnit(code, as_of, call.deadline));
    OrgUnitToProto(row, response->mutable_org_unit());
    return absl::OkStatus();
  });
}

grpc::Status RegistryService::ListOrgUnits(grpc::ServerContext* context,
                                           const v1::ListOrgUnitsRequest* request,
                                           v1::ListOrgUnitsResponse* response) {
  return gate_.ServeRead(*context, "ListOrgUnits", [&](const CallContext& call) -> absl::Status {
    OrgUnitQuery query;
    if (!request->parent().empty()) {
      HOPTAC_ASSIGN_OR_RETURN(query.parent_code,
                              ParseResourceName(request->parent(), "orgUnits", "parent"));
    }
    HOPTAC_ASSIGN_OR_RETURN(query.as_of, AsOfDate(request->as_of_date(), today_()));
    query.include_subtree = request->include_subtree();
    HOPTAC_ASSIGN_OR_RETURN(
        query.page_size, EffectivePageSize(request->page_size(), kDefaultUnitPage, kMaxUnitPage));
    const std::string filters =
        absl::StrCat(request->parent(), "|", FormatDay(query.as_of), "|", query.include_subtree);
    HOPTAC_ASSIGN_OR_RETURN(query.after, DecodePageToken(request->page_token(), filters));
    HOPTAC_ASSIGN_OR_RETURN(OrgUnitPage page, store_.ListOrgUnits(query, call.deadline));
    for (const OrgUnitRow& row : page.units) OrgUnitToProto(row, response->add_org_units());
    if (!page.next_after.empty()) {
      response->set_next_page_token(EncodePageToken(page.next_after, filters));
    }
    return absl::OkStatus();
  });
}

grpc::Status RegistryService::ResolveOrgUnitSubtree(grpc::ServerContext* context,
                                                    const v1::ResolveOrgUnitSubtreeRequest* request,
                                                    v1::ResolveOrgUnitSubtreeResponse* response) {
  return gate_.ServeRead(
      *context, "ResolveOrgUnitSubtree", [&](const CallContext& call) -> absl::Status {
        HOPTAC_ASSIGN_OR_RETURN(std::string code,
                                ParseResourceName(request->org_unit(), "orgUnits", "org_unit"));
        HOPTAC_ASSIGN_OR_RETURN(absl::CivilDay as_of, AsOfDate(request->as_of_date(), today_()));
        HOPTAC_ASSIGN_OR_RETURN(std::vector<std::string> codes,
                                store_.ResolveSubtreeCodes(code, as_of, call.deadline));
        response->set_org_unit(request->org_unit());
        for (std::string& c : codes) response->add_codes(std::move(c));
        return absl::OkStatus();
      });
}

// A cooperative belongs to the unit it is registered in: creating one needs
// write access there.
grpc::Status RegistryService::CreateCooperative(grpc::ServerContext* context,
                                                const v1::CreateCooperativeRequest* request,
                                                v1::CreateCooperativeResponse* response) {
  return gate_.ServeMutation(
      *context, "CreateCooperative", request->request_id(),
      [&](const CallContext& call) -> absl::Status {
        HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                                MutationOf(call, *request, request->request_id()));
        HOPTAC_ASSIGN_OR_RETURN(CooperativeFields fields,
                                CooperativeFieldsFromProto(request->cooperative()));
        HOPTAC_RETURN_IF_ERROR(
            Prefixed(ValidateCooperativeFields(fields, today_()), "cooperative."));
        HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kWrite, fields.org_unit_code));
        HOPTAC_ASSIGN_OR_RETURN(CooperativeRecord created,
                                store_.CreateCooperative(fields, mutation, call.deadline));
        CooperativeToProto(created, response->mutable_cooperative());
        return absl::OkStatus();
      });
}

// Read access in the unit the cooperative was in on the day asked (today
// when none): other services ask on behalf of their callers, with their token.
grpc::Status RegistryService::GetCooperative(grpc::ServerContext* context,
                                             const v1::GetCooperativeRequest* request,
                                             v1::GetCooperativeResponse* response) {
  return gate_.ServeRead(*context, "GetCooperative", [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(std::string number,
                            ParseResourceName(request->name(), "cooperatives", "name"));
    HOPTAC_ASSIGN_OR_RETURN(auto as_of, OptionalDayFromProto(request->as_of_date(), "as_of_date"));
    HOPTAC_ASSIGN_OR_RETURN(CooperativeRecord record,
                            as_of.has_value()
                                ? store_.GetCooperativeOn(number, *as_of, call.deadline)
                                : store_.GetCooperative(number, call.deadline));
    HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kRead, record.fields.org_unit_code));
    CooperativeToProto(record, response->mutable_cooperative());
    return absl::OkStatus();
  });
}

// The requested unit's subtree when the caller may read it; with no unit
// asked, everything for a caller who reads everywhere, else the caller's own
// unit's subtree.
grpc::Status RegistryService::ListCooperatives(grpc::ServerContext* context,
                                               const v1::ListCooperativesRequest* request,
                                               v1::ListCooperativesResponse* response) {
  return gate_.ServeRead(
      *context, "ListCooperatives", [&](const CallContext& call) -> absl::Status {
        CooperativeFilter filter;
        std::string requested_unit;
        if (!request->org_unit().empty()) {
          HOPTAC_ASSIGN_OR_RETURN(requested_unit,
                                  ParseResourceName(request->org_unit(), "orgUnits", "org_unit"));
        }
        for (int status : request->statuses()) {
          HOPTAC_ASSIGN_OR_RETURN(CooperativeStatus s, StatusFromProto(status, "statuses"));
          filter.statuses.push_back(s);
        }
        if (request->sector() != 0) {
          HOPTAC_ASSIGN_OR_RETURN(filter.sector, SectorFromProto(request->sector(), "sector"));
        }
        if (request->kind() != 0) {
          HOPTAC_ASSIGN_OR_RETURN(filter.kind, KindFromProto(request->kind(), "kind"));
        }
        filter.name_prefix = request->display_name_prefix();
        HOPTAC_RETURN_IF_ERROR(NormalizeField(filter.name_prefix, "display_name_prefix",
                                              kMaxDisplayNameChars, /*required=*/false));
        HOPTAC_ASSIGN_OR_RETURN(
            int page_size,
            EffectivePageSize(request->page_size(), kDefaultCooperativePage, kMaxCooperativePage));
        const std::string filters = CooperativeFilterText(*request);
        HOPTAC_ASSIGN_OR_RETURN(std::vector<std::string> after,
                                DecodePageToken(request->page_token(), filters));
        HOPTAC_ASSIGN_OR_RETURN(filter.org_unit_code,
                                gate_.ReadableUnit(*context, call, requested_unit));
        filter.as_of = ListingDay(store_, filter.org_unit_code, today_(), call.deadline);
        HOPTAC_ASSIGN_OR_RETURN(CooperativePage page,
                                store_.ListCooperatives(filter, page_size, after, call.deadline));
        for (const CooperativeRecord& c : page.cooperatives) {
          CooperativeToProto(c, response->add_cooperatives());
        }
        if (!page.next_after.empty()) {
          response->set_next_page_token(EncodePageToken(page.next_after, filters));
        }
        return absl::OkStatus();
      });
}

// Write access in the cooperative's current unit, and in the new one when it
// moves.
grpc::Status RegistryService::UpdateCooperative(grpc::ServerContext* context,
                                                const v1::UpdateCooperativeRequest* request,
                                                v1::UpdateCooperativeResponse* response) {
  return gate_.ServeMutation(
      *context, "UpdateCooperative", request->request_id(),
      [&](const CallContext& call) -> absl::Status {
        HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                                MutationOf(call, *request, request->request_id()));
        HOPTAC_ASSIGN_OR_RETURN(
            std::string number,
            ParseResourceName(request->cooperative().name(), "cooperatives", "cooperative.name"));
        const std::vector<std::string> mask(request->update_mask().paths().begin(),
                                            request->update_mask().paths().end());
        HOPTAC_RETURN_IF_ERROR(CheckUpdateMask(mask));
        int64_t expected_revision = 0;
        if (!absl::SimpleAtoi(request->etag(), &expected_revision)) {
          return absl::InvalidArgumentError(
              "etag: required; send the etag of the cooperative you read");
        }
        std::string reason = request->reason();
        HOPTAC_RETURN_IF_ERROR(
            NormalizeField(reason, "reason", kMaxReasonChars, /*required=*/true, true));

        // Validate the cooperative as it would be after the change. The etag
        // makes this read safe: if it changes before the write, the store says
        // ABORTED (and if it moves, the store refuses the authorized unit).
        HOPTAC_ASSIGN_OR_RETURN(
            CooperativeRecord current,
            AuthorizedCooperative(gate_, store_, *context, call, Access::kWrite, number));
        mutation.authorized_org_unit = current.fields.org_unit_code;
        if (current.revision != expected_revision) {
          return absl::AbortedError(absl::StrCat("etag: cooperatives/", number,
                                                 " changed since it was read (etag ",
                                                 request->etag(), ", now ", current.revision, ")"));
        }
        HOPTAC_ASSIGN_OR_RETURN(CooperativeFields requested,
                                RequestedFields(current.fields, request->cooperative(), mask));
        HOPTAC_RETURN_IF_ERROR(
            Prefixed(ValidateCooperativeFields(requested, today_()), "cooperative."));
        if (requested.org_unit_code != current.fields.org_unit_code) {
          HOPTAC_RETURN_IF_ERROR(
              gate_.Check(*context, call, Access::kWrite, requested.org_unit_code));
        }
        HOPTAC_ASSIGN_OR_RETURN(
            CooperativeRecord updated,
            store_.UpdateCooperative(number, requested, mask, expected_revision, reason, today_(),
                                     mutation, call.deadline));
        CooperativeToProto(updated, response->mutable_cooperative());
        return absl::OkStatus();
      });
}

}  // namespace hoptac::registry
