#include "services/subsidy/subsidy_service.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/container/btree_set.h"
#include "services/common/call_context.h"
#include "services/common/grpc_status.h"
#include "services/common/page_token.h"
#include "services/common/period.h"
#include "services/common/proto_date.h"
#include "services/common/request_log.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/subsidy/grant_rules.h"
#include "services/subsidy/subsidy_mapping.h"

namespace hoptac::subsidy {
namespace {

constexpr int kActiveCooperative = 1;  // hoptac.registry.v1.COOPERATIVE_STATUS_ACTIVE

// Who mutates, with the idempotency key, the request's fingerprint and the
// audit event the change appends. `required`: money movements must carry a
// request_id.
absl::StatusOr<MutationContext> MutationOf(const CallContext& call,
                                           const google::protobuf::Message& request,
                                           const std::string& request_id, bool required) {
  HOPTAC_RETURN_IF_ERROR(ValidateRequestId(request_id));
  if (required && request_id.empty()) {
    return absl::InvalidArgumentError("request_id: required for money movements");
  }
  return MutationContext{call.actor, request_id, RequestFingerprint(request),
                         AccessGate::EventFor(call, "", request_id)};
}

absl::Status CheckFiscalYear(int year) {
  if (year < 1900 || year > 2199) {
    return absl::InvalidArgumentError("fiscal_year: 1900 to 2199 required");
  }
  return absl::OkStatus();
}

// The position after the last item of a page, as an integer id.
absl::StatusOr<int64_t> AfterId(const std::string& token, const std::string& filters) {
  HOPTAC_ASSIGN_OR_RETURN(std::vector<std::string> position, DecodePageToken(token, filters));
  int64_t id = 0;
  if (!position.empty() && !absl::SimpleAtoi(position[0], &id)) {
    return absl::InvalidArgumentError("page_token: malformed");
  }
  return id;
}

// Trims the extra row fetched to detect a next page; returns the token.
template <typename T, typename KeyFn>
std::string NextPageToken(std::vector<T>& items, int page_size, const std::string& filters,
                          KeyFn key) {
  if (static_cast<int>(items.size()) <= page_size) return "";
  items.resize(page_size);
  return EncodePageToken({key(items.back())}, filters);
}

// A registry beneficiary must be ACTIVE in the registry on `day`.
absl::Status CheckActiveOn(const RegistryClient& registry, const grpc::ServerContext* context,
                           const Beneficiary& b, absl::CivilDay day, absl::string_view field) {
  if (!IsRegistryKind(b.kind)) return absl::OkStatus();
  auto cooperative = registry.GetCooperativeOn(context, b.registration_number, day);
  if (absl::IsNotFound(cooperative.status())) {
    return absl::FailedPreconditionError(absl::StrCat(
        field, ": cooperatives/", b.registration_number, " did not exist in the registry on ",
        FormatDay(day)));
  }
  HOPTAC_RETURN_IF_ERROR(cooperative.status());
  if (cooperative->status != kActiveCooperative) {
    return absl::FailedPreconditionError(absl::StrCat(
        field, ": cooperatives/", b.registration_number, " was not active on ", FormatDay(day)));
  }
  return absl::OkStatus();
}

// The distinct paths of an update mask, each one of `allowed`;
// INVALID_ARGUMENT naming update_mask otherwise.
absl::StatusOr<std::vector<std::string>> MaskPaths(const google::protobuf::FieldMask& mask,
                                                   const std::vector<std::string>& allowed) {
  if (mask.paths().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "update_mask: required; name the fields to change (", absl::StrJoin(allowed, ", "), ")"));
  }
  std::vector<std::string> paths;
  for (const std::string& path : mask.paths()) {
    if (std::find(allowed.begin(), allowed.end(), path) == allowed.end()) {
      return absl::InvalidArgumentError(absl::StrCat("update_mask: '", path,
                                                     "' cannot be changed; only ",
                                                     absl::StrJoin(allowed, ", ")));
    }
    if (std::find(paths.begin(), paths.end(), path) == paths.end()) paths.push_back(path);
  }
  return paths;
}

bool Has(const std::vector<std::string>& paths, absl::string_view path) {
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

}  // namespace

SubsidyService::SubsidyService(SubsidyStore& store, const RegistryClient& registry,
                               std::function<absl::CivilDay()> today, Database& audit_database,
                               const OrgUnitTree* tree)
    : store_(store),
      registry_(registry),
      today_(today),
      tree_(tree != nullptr ? *tree : registry),
      gate_(v1::SubsidyService::service_full_name(), &audit_database, tree_, today) {}

absl::Status SubsidyService::CheckPayerOfGrants(const grpc::ServerContext& context,
                                                const CallContext& call,
                                                const std::vector<int64_t>& grant_ids) {
  HOPTAC_ASSIGN_OR_RETURN(std::vector<std::string> units,
                          store_.PayerUnitsOfGrants(grant_ids, call.deadline));
  for (const std::string& unit : absl::btree_set<std::string>(units.begin(), units.end())) {
    HOPTAC_RETURN_IF_ERROR(gate_.Check(context, call, Access::kWrite, unit));
  }
  return absl::OkStatus();
}

grpc::Status SubsidyService::CreateProgram(grpc::ServerContext* context,
                                           const v1::CreateProgramRequest* request,
                                           v1::CreateProgramResponse* response) {
  return gate_.ServeMutation(*context, "CreateProgram", request->request_id(),
                             [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                            MutationOf(call, *request, request->request_id(), false));
    HOPTAC_ASSIGN_OR_RETURN(Program program, ProgramFromProto(request->program()));
    HOPTAC_RETURN_IF_ERROR(ValidateProgram(program));
    HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kWrite, program.org_unit_code));
    // The request log before the registry: a retry of an applied request gets
    // the original program even while the registry is down.
    HOPTAC_ASSIGN_OR_RETURN(const bool applied,
                            store_.WasApplied("CreateProgram", mutation, call.deadline));
    if (!applied) {
      // The unit that runs it must exist while it runs (checked on its last day, or today).
      const absl::CivilDay day = std::min(program.valid_to, today_());
      auto unit = registry_.GetOrgUnitOn(context, program.org_unit_code, day);
      if (absl::IsNotFound(unit.status())) {
        return absl::InvalidArgumentError(absl::StrCat(
            "program.org_unit_code: no unit ", program.org_unit_code, " on ", FormatDay(day)));
      }
      HOPTAC_RETURN_IF_ERROR(unit.status());
    }
    HOPTAC_ASSIGN_OR_RETURN(Program created,
                            store_.CreateProgram(program, mutation, call.deadline));
    ProgramToProto(created, response->mutable_program());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::GetProgram(grpc::ServerContext* context,
                                        const v1::GetProgramRequest* request,
                                        v1::GetProgramResponse* response) {
  return gate_.ServeRead(*context, "GetProgram", [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(std::string code,
                            ParseResourceName(request->name(), "programs", "name"));
    HOPTAC_ASSIGN_OR_RETURN(Program program, store_.GetProgram(code, call.deadline));
    HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kRead, program.org_unit_code));
    ProgramToProto(program, response->mutable_program());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::ListPrograms(grpc::ServerContext* context,
                                          const v1::ListProgramsRequest* request,
                                          v1::ListProgramsResponse* response) {
  return gate_.ServeRead(*context, "ListPrograms", [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(int size, EffectivePageSize(request->page_size(), 50, 500));
    HOPTAC_ASSIGN_OR_RETURN(std::string unit,
                            TextField(request->org_unit_code(), "org_unit_code", false, 32));
    const std::string filters =
        absl::StrCat("programs|", request->support_kind(), "|", unit);
    HOPTAC_ASSIGN_OR_RETURN(std::vector<std::string> position,
                            DecodePageToken(request->page_token(), filters));
    // A unit asked for is the list's filter already: the caller must read there.
    UnitScope units;
    if (unit.empty()) {
      HOPTAC_ASSIGN_OR_RETURN(units, gate_.ReadableSubtree(*context, call));
    } else {
      HOPTAC_RETURN_IF_ERROR(gate_.ReadableUnit(*context, call, unit).status());
    }
    HOPTAC_ASSIGN_OR_RETURN(
        std::vector<Program> programs,
        store_.ListPrograms(static_cast<SupportKind>(request->support_kind()), unit, units,
                            position.empty() ? "" : position[0], size + 1, call.deadline));
    response->set_next_page_token(
        NextPageToken(programs, size, filters, [](const Program& p) { return p.code; }));
    for (const Program& p : programs) ProgramToProto(p, response->add_programs());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::UpdateProgram(grpc::ServerContext* context,
                                           const v1::UpdateProgramRequest* request,
                                           v1::UpdateProgramResponse* response) {
  return gate_.ServeMutation(*context, "UpdateProgram", request->request_id(),
                             [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                            MutationOf(call, *request, request->request_id(), false));
    const v1::Program& in = request->program();
    HOPTAC_ASSIGN_OR_RETURN(std::string code,
                            ParseResourceName(in.name(), "programs", "program.name"));
    if (in.etag().empty()) {
      return absl::InvalidArgumentError("program.etag: required; send the etag you read");
    }
    HOPTAC_ASSIGN_OR_RETURN(
        std::vector<std::string> paths,
        MaskPaths(request->update_mask(), {"title", "legal_basis", "validity"}));
    // The new values of the named fields only; the others keep their values.
    Program values;
    if (Has(paths, "title")) {
      HOPTAC_ASSIGN_OR_RETURN(values.title, TextField(in.title(), "program.title", true));
    }
    for (int i = 0; Has(paths, "legal_basis") && i < in.legal_basis_size(); ++i) {
      HOPTAC_ASSIGN_OR_RETURN(
          std::string doc,
          TextField(in.legal_basis(i), absl::StrCat("program.legal_basis[", i, "]"), true));
      values.legal_basis.push_back(std::move(doc));
    }
    if (Has(paths, "validity")) {
      HOPTAC_ASSIGN_OR_RETURN(Period validity, PeriodFromProto(in.validity(), "program.validity"));
      values.valid_from = validity.start;
      values.valid_to = validity.end;
    }
    // A program's unit never changes: the one read here is the one changed.
    HOPTAC_ASSIGN_OR_RETURN(const Program current, store_.GetProgram(code, call.deadline));
    HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kWrite, current.org_unit_code));
    auto change = [&](Program& p) -> absl::Status {
      if (Has(paths, "title")) p.title = values.title;
      if (Has(paths, "legal_basis")) p.legal_basis = values.legal_basis;
      if (Has(paths, "validity")) {
        p.valid_from = values.valid_from;
        p.valid_to = values.valid_to;
      }
      return ValidateProgram(p);
    };
    HOPTAC_ASSIGN_OR_RETURN(Program updated, store_.UpdateProgram(code, in.etag(), paths, change,
                                                                  mutation, call.deadline));
    ProgramToProto(updated, response->mutable_program());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::UpdateBeneficiary(grpc::ServerContext* context,
                                               const v1::UpdateBeneficiaryRequest* request,
                                               v1::UpdateBeneficiaryResponse* response) {
  return gate_.ServeMutation(*context, "UpdateBeneficiary", request->request_id(),
                             [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                            MutationOf(call, *request, request->request_id(), false));
    const v1::Beneficiary& in = request->beneficiary();
    HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseId(in.name(), "beneficiaries", "beneficiary.name"));
    if (in.etag().empty()) {
      return absl::InvalidArgumentError("beneficiary.etag: required; send the etag you read");
    }
    HOPTAC_ASSIGN_OR_RETURN(std::vector<std::string> paths,
                            MaskPaths(request->update_mask(), {"display_name", "org_unit_code"}));
    Beneficiary values;
    if (Has(paths, "display_name")) {
      HOPTAC_ASSIGN_OR_RETURN(values.display_name,
                              TextField(in.display_name(), "beneficiary.display_name", true));
    }
    if (Has(paths, "org_unit_code")) {
      HOPTAC_ASSIGN_OR_RETURN(
          values.org_unit_code,
          TextField(in.org_unit_code(), "beneficiary.org_unit_code", true, 32));
    }
    // The caller writes in the beneficiary's unit, and in the new one when it moves.
    HOPTAC_ASSIGN_OR_RETURN(const Beneficiary current, store_.GetBeneficiary(id, call.deadline));
    HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kWrite, current.org_unit_code));
    if (Has(paths, "org_unit_code")) {
      HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kWrite, values.org_unit_code));
    }
    auto change = [&](Beneficiary& b) -> absl::Status {
      if (b.org_unit_code != current.org_unit_code) {
        // Moved meanwhile: the unit checked is no longer the beneficiary's.
        return absl::AbortedError(absl::StrCat(
            "etag: beneficiaries/", b.id, " was changed since it was read; read it again"));
      }
      if (IsRegistryKind(b.kind)) {
        return absl::FailedPreconditionError(absl::StrCat(
            "update_mask: the name and unit of beneficiaries/", b.id,
            " come from the registry (cooperatives/", b.registration_number, ")"));
      }
      if (Has(paths, "display_name")) b.display_name = values.display_name;
      if (Has(paths, "org_unit_code")) b.org_unit_code = values.org_unit_code;
      return absl::OkStatus();
    };
    HOPTAC_ASSIGN_OR_RETURN(Beneficiary updated, store_.UpdateBeneficiary(
                                                     id, in.etag(), paths, change, mutation,
                                                     call.deadline));
    BeneficiaryToProto(updated, response->mutable_beneficiary());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::CreateBeneficiary(grpc::ServerContext* context,
                                               const v1::CreateBeneficiaryRequest* request,
                                               v1::CreateBeneficiaryResponse* response) {
  return gate_.ServeMutation(*context, "CreateBeneficiary", request->request_id(),
                             [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                            MutationOf(call, *request, request->request_id(), false));
    const v1::Beneficiary& in = request->beneficiary();
    Beneficiary b;
    b.kind = static_cast<BeneficiaryKind>(in.kind());
    if (b.kind == BeneficiaryKind::kUnspecified || in.kind() > 6) {
      return absl::InvalidArgumentError("beneficiary.kind: required");
    }
    if (IsRegistryKind(b.kind)) {
      HOPTAC_ASSIGN_OR_RETURN(b.registration_number,
                              TextField(in.registration_number(),
                                        "beneficiary.registration_number", true, 32));
      HOPTAC_ASSIGN_OR_RETURN(b.tax_code,
                              TextField(in.tax_code(), "beneficiary.tax_code", false, 32));
      // The request log before the registry: a retry of an applied request
      // gets the original beneficiary (the store returns it) even while the
      // registry is down.
      HOPTAC_ASSIGN_OR_RETURN(const bool applied,
                              store_.WasApplied("CreateBeneficiary", mutation, call.deadline));
      if (!applied) {
        // Name and unit come from the registry, as of today.
        auto cooperative = registry_.GetCooperativeOn(context, b.registration_number, today_());
        if (absl::IsNotFound(cooperative.status())) {
          return absl::FailedPreconditionError(absl::StrCat(
              "beneficiary.registration_number: cooperatives/", b.registration_number,
              " is not in the registry"));
        }
        HOPTAC_RETURN_IF_ERROR(cooperative.status());
        if (cooperative->kind != static_cast<int>(b.kind)) {
          return absl::InvalidArgumentError(
              "beneficiary.kind: differs from the kind recorded in the registry");
        }
        b.display_name = cooperative->display_name;
        b.org_unit_code = cooperative->org_unit_code;
      }
    } else {
      const bool individual = b.kind == BeneficiaryKind::kIndividual;
      HOPTAC_ASSIGN_OR_RETURN(b.tax_code,
                              TextField(in.tax_code(), "beneficiary.tax_code", !individual, 32));
      HOPTAC_ASSIGN_OR_RETURN(b.id_number,
                              TextField(in.id_number(), "beneficiary.id_number", individual, 32));
      HOPTAC_ASSIGN_OR_RETURN(b.display_name,
                              TextField(in.display_name(), "beneficiary.display_name", true));
      HOPTAC_ASSIGN_OR_RETURN(
          b.org_unit_code, TextField(in.org_unit_code(), "beneficiary.org_unit_code", true, 32));
    }
    // A retry of an applied registry beneficiary knows its unit only from the
    // stored record: checked on what the store returns (it writes nothing then).
    if (!b.org_unit_code.empty()) {
      HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kWrite, b.org_unit_code));
    }
    HOPTAC_ASSIGN_OR_RETURN(Beneficiary created,
                            store_.CreateBeneficiary(b, mutation, call.deadline));
    if (b.org_unit_code.empty()) {
      HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kWrite, created.org_unit_code));
    }
    BeneficiaryToProto(created, response->mutable_beneficiary());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::GetBeneficiary(grpc::ServerContext* context,
                                            const v1::GetBeneficiaryRequest* request,
                                            v1::GetBeneficiaryResponse* response) {
  return gate_.ServeRead(*context, "GetBeneficiary", [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseId(request->name(), "beneficiaries", "name"));
    HOPTAC_ASSIGN_OR_RETURN(Beneficiary b, store_.GetBeneficiary(id, call.deadline));
    HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kRead, b.org_unit_code));
    BeneficiaryToProto(b, response->mutable_beneficiary());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::ListBeneficiaries(grpc::ServerContext* context,
                                               const v1::ListBeneficiariesRequest* request,
                                               v1::ListBeneficiariesResponse* response) {
  return gate_.ServeRead(*context, "ListBeneficiaries",
                         [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(int size, EffectivePageSize(request->page_size(), 50, 500));
    const std::string filters = absl::StrCat("beneficiaries|", request->kind());
    HOPTAC_ASSIGN_OR_RETURN(int64_t after, AfterId(request->page_token(), filters));
    HOPTAC_ASSIGN_OR_RETURN(UnitScope units, gate_.ReadableSubtree(*context, call));
    HOPTAC_ASSIGN_OR_RETURN(
        std::vector<Beneficiary> list,
        store_.ListBeneficiaries(static_cast<BeneficiaryKind>(request->kind()), units, after,
                                 size + 1, call.deadline));
    response->set_next_page_token(NextPageToken(
        list, size, filters, [](const Beneficiary& b) { return absl::StrCat(b.id); }));
    for (const Beneficiary& b : list) BeneficiaryToProto(b, response->add_beneficiaries());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::ApplyForGrant(grpc::ServerContext* context,
                                           const v1::ApplyForGrantRequest* request,
                                           v1::ApplyForGrantResponse* response) {
  return gate_.ServeMutation(*context, "ApplyForGrant", request->request_id(),
                             [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                            MutationOf(call, *request, request->request_id(), false));
    GrantApplication a;
    HOPTAC_ASSIGN_OR_RETURN(a.program_code,
                            ParseResourceName(request->program(), "programs", "program"));
    HOPTAC_ASSIGN_OR_RETURN(a.beneficiary_id,
                            ParseId(request->beneficiary(), "beneficiaries", "beneficiary"));
    HOPTAC_RETURN_IF_ERROR(CheckFiscalYear(request->fiscal_year()));
    a.fiscal_year = request->fiscal_year();
    HOPTAC_ASSIGN_OR_RETURN(a.project_title,
                            TextField(request->project_title(), "project_title", false));
    HOPTAC_ASSIGN_OR_RETURN(a.application_date,
                            DayFromProto(request->application_date(), "application_date"));
    HOPTAC_RETURN_IF_ERROR(CheckAmount(request->requested_dong(), "requested_dong"));
    a.requested_dong = request->requested_dong();
    // The program's unit pays the grant: the caller writes there.
    HOPTAC_ASSIGN_OR_RETURN(const Program program, store_.GetProgram(a.program_code, call.deadline));
    HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kWrite, program.org_unit_code));
    HOPTAC_ASSIGN_OR_RETURN(Grant g, store_.ApplyForGrant(a, mutation, call.deadline));
    GrantToProto(g, response->mutable_grant());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::GetGrant(grpc::ServerContext* context,
                                      const v1::GetGrantRequest* request,
                                      v1::GetGrantResponse* response) {
  return gate_.ServeRead(*context, "GetGrant", [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseId(request->name(), "grants", "name"));
    HOPTAC_ASSIGN_OR_RETURN(Grant g, store_.GetGrant(id, call.deadline));
    HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kRead, g.payer_unit_code));
    GrantToProto(g, response->mutable_grant());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::ListGrants(grpc::ServerContext* context,
                                        const v1::ListGrantsRequest* request,
                                        v1::ListGrantsResponse* response) {
  return gate_.ServeRead(*context, "ListGrants", [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(int size, EffectivePageSize(request->page_size(), 50, 500));
    std::string program;
    if (!request->program().empty()) {
      HOPTAC_ASSIGN_OR_RETURN(program,
                              ParseResourceName(request->program(), "programs", "program"));
    }
    const std::string filters = absl::StrCat("grants|", program, "|", request->state());
    HOPTAC_ASSIGN_OR_RETURN(int64_t after, AfterId(request->page_token(), filters));
    // The grants of a program asked for are read in its unit; without one, in
    // the caller's subtree.
    if (!program.empty()) {
      auto named = store_.GetProgram(program, call.deadline);
      if (named.ok()) {
        HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kRead, named->org_unit_code));
      } else if (!absl::IsNotFound(named.status())) {
        return named.status();
      }
    }
    HOPTAC_ASSIGN_OR_RETURN(UnitScope units, gate_.ReadableSubtree(*context, call));
    HOPTAC_ASSIGN_OR_RETURN(
        std::vector<Grant> grants,
        store_.ListGrants(program, static_cast<GrantState>(request->state()), units, after,
                          size + 1, call.deadline));
    response->set_next_page_token(
        NextPageToken(grants, size, filters, [](const Grant& g) { return absl::StrCat(g.id); }));
    for (const Grant& g : grants) GrantToProto(g, response->add_grants());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::ApproveGrant(grpc::ServerContext* context,
                                          const v1::ApproveGrantRequest* request,
                                          v1::ApproveGrantResponse* response) {
  return gate_.ServeMutation(*context, "ApproveGrant", request->request_id(),
                             [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                            MutationOf(call, *request, request->request_id(), false));
    HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseId(request->name(), "grants", "name"));
    GrantDecision decision;
    HOPTAC_ASSIGN_OR_RETURN(decision.decision_number,
                            TextField(request->decision_number(), "decision_number", true, 128));
    HOPTAC_ASSIGN_OR_RETURN(decision.decision_date,
                            DayFromProto(request->decision_date(), "decision_date"));
    HOPTAC_RETURN_IF_ERROR(CheckAmount(request->approved_dong(), "approved_dong"));
    decision.approved_dong = request->approved_dong();
    HOPTAC_ASSIGN_OR_RETURN(const Grant grant, store_.GetGrant(id, call.deadline));
    HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kWrite, grant.payer_unit_code));
    // The request log first: a retry of an applied approval gets the original
    // grant (the store returns it) even while the registry is down. Then the
    // registry, before the transaction: no lock is held across a remote call,
    // and when the registry cannot answer nothing is written.
    HOPTAC_ASSIGN_OR_RETURN(const bool applied,
                            store_.WasApplied("ApproveGrant", mutation, call.deadline));
    if (!applied) {
      HOPTAC_ASSIGN_OR_RETURN(
          const Beneficiary beneficiary,
          store_.GetBeneficiary(grant.application.beneficiary_id, call.deadline));
      HOPTAC_RETURN_IF_ERROR(
          CheckActiveOn(registry_, context, beneficiary, decision.decision_date, "decision_date"));
    }
    HOPTAC_ASSIGN_OR_RETURN(Grant approved,
                            store_.ApproveGrant(id, decision, mutation, call.deadline));
    GrantToProto(approved, response->mutable_grant());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::RejectGrant(grpc::ServerContext* context,
                                         const v1::RejectGrantRequest* request,
                                         v1::RejectGrantResponse* response) {
  return gate_.ServeMutation(*context, "RejectGrant", request->request_id(),
                             [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                            MutationOf(call, *request, request->request_id(), false));
    HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseId(request->name(), "grants", "name"));
    HOPTAC_ASSIGN_OR_RETURN(std::string reason, TextField(request->reason(), "reason", true, 1000));
    HOPTAC_RETURN_IF_ERROR(CheckPayerOfGrants(*context, call, {id}));
    HOPTAC_ASSIGN_OR_RETURN(Grant g, store_.RejectGrant(id, reason, mutation, call.deadline));
    GrantToProto(g, response->mutable_grant());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::CancelGrant(grpc::ServerContext* context,
                                         const v1::CancelGrantRequest* request,
                                         v1::CancelGrantResponse* response) {
  return gate_.ServeMutation(*context, "CancelGrant", request->request_id(),
                             [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                            MutationOf(call, *request, request->request_id(), false));
    HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseId(request->name(), "grants", "name"));
    HOPTAC_ASSIGN_OR_RETURN(std::string reason, TextField(request->reason(), "reason", true, 1000));
    HOPTAC_RETURN_IF_ERROR(CheckPayerOfGrants(*context, call, {id}));
    HOPTAC_ASSIGN_OR_RETURN(Grant g, store_.CancelGrant(id, reason, mutation, call.deadline));
    GrantToProto(g, response->mutable_grant());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::RecordDisbursement(grpc::ServerContext* context,
                                                const v1::RecordDisbursementRequest* request,
                                                v1::RecordDisbursementResponse* response) {
  return gate_.ServeMutation(*context, "RecordDisbursement", request->request_id(),
                             [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                            MutationOf(call, *request, request->request_id(), true));
    Disbursement d;
    HOPTAC_ASSIGN_OR_RETURN(d.grant_id, ParseId(request->grant(), "grants", "grant"));
    HOPTAC_RETURN_IF_ERROR(CheckAmount(request->amount_dong(), "amount_dong"));
    d.amount_dong = request->amount_dong();
    HOPTAC_ASSIGN_OR_RETURN(d.entry_date, DayFromProto(request->entry_date(), "entry_date"));
    HOPTAC_ASSIGN_OR_RETURN(d.note, TextField(request->note(), "note", false, 1000));
    HOPTAC_RETURN_IF_ERROR(CheckPayerOfGrants(*context, call, {d.grant_id}));
    HOPTAC_ASSIGN_OR_RETURN(LedgerEntry e,
                            store_.RecordDisbursement(d, mutation, call.deadline));
    EntryToProto(e, response->mutable_entry());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::ReverseDisbursement(grpc::ServerContext* context,
                                                 const v1::ReverseDisbursementRequest* request,
                                                 v1::ReverseDisbursementResponse* response) {
  return gate_.ServeMutation(*context, "ReverseDisbursement", request->request_id(),
                             [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                            MutationOf(call, *request, request->request_id(), true));
    HOPTAC_ASSIGN_OR_RETURN(int64_t entry, ParseId(request->entry(), "ledgerEntries", "entry"));
    HOPTAC_ASSIGN_OR_RETURN(absl::CivilDay day, DayFromProto(request->entry_date(), "entry_date"));
    HOPTAC_ASSIGN_OR_RETURN(std::string reason, TextField(request->reason(), "reason", true, 1000));
    HOPTAC_ASSIGN_OR_RETURN(const std::string payer,
                            store_.PayerUnitOfEntry(entry, call.deadline));
    HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kWrite, payer));
    HOPTAC_ASSIGN_OR_RETURN(LedgerEntry e, store_.ReverseDisbursement(entry, day, reason, mutation,
                                                                      call.deadline));
    EntryToProto(e, response->mutable_entry());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::RecordDisbursementBatch(
    grpc::ServerContext* context, const v1::RecordDisbursementBatchRequest* request,
    v1::RecordDisbursementBatchResponse* response) {
  return gate_.ServeMutation(*context, "RecordDisbursementBatch", request->request_id(),
                             [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                            MutationOf(call, *request, request->request_id(), true));
    HOPTAC_ASSIGN_OR_RETURN(absl::CivilDay day, DayFromProto(request->entry_date(), "entry_date"));
    if (request->disbursements_size() > kMaxBatchSize) {
      return absl::InvalidArgumentError(
          absl::StrCat("disbursements: at most ", kMaxBatchSize, " per batch"));
    }
    DisbursementBatch batch;
    batch.control_count = request->control_count();
    batch.control_sum_dong = request->control_sum_dong();
    std::vector<int64_t> grant_ids;
    for (int i = 0; i < request->disbursements_size(); ++i) {
      const v1::BatchDisbursement& in = request->disbursements(i);
      const std::string field = absl::StrCat("disbursements[", i, "]");
      Disbursement d;
      HOPTAC_ASSIGN_OR_RETURN(d.grant_id, ParseId(in.grant(), "grants", field + ".grant"));
      d.amount_dong = in.amount_dong();
      d.entry_date = day;
      HOPTAC_ASSIGN_OR_RETURN(d.note, TextField(in.note(), field + ".note", false, 1000));
      grant_ids.push_back(d.grant_id);
      batch.disbursements.push_back(std::move(d));
    }
    HOPTAC_RETURN_IF_ERROR(CheckControlTotals(batch));
    // Every entry's payer, before anything is written: all or none.
    HOPTAC_RETURN_IF_ERROR(CheckPayerOfGrants(*context, call, grant_ids));
    HOPTAC_ASSIGN_OR_RETURN(BatchResult result,
                            store_.RecordDisbursementBatch(batch, mutation, call.deadline));
    response->set_batch(absl::StrCat("disbursementBatches/", result.batch_id));
    for (const LedgerEntry& e : result.entries) EntryToProto(e, response->add_entries());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::ListLedgerEntries(grpc::ServerContext* context,
                                               const v1::ListLedgerEntriesRequest* request,
                                               v1::ListLedgerEntriesResponse* response) {
  return gate_.ServeRead(*context, "ListLedgerEntries",
                         [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(int size, EffectivePageSize(request->page_size(), 100, 1000));
    int64_t grant = 0;
    if (!request->grant().empty()) {
      HOPTAC_ASSIGN_OR_RETURN(grant, ParseId(request->grant(), "grants", "grant"));
    }
    const std::string filters = absl::StrCat("ledger|", grant);
    HOPTAC_ASSIGN_OR_RETURN(int64_t after, AfterId(request->page_token(), filters));
    // The entries of a grant asked for are read in its payer's unit; without
    // one, in the caller's subtree.
    if (grant != 0) {
      auto payer = store_.PayerUnitsOfGrants({grant}, call.deadline);
      if (payer.ok()) {
        HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kRead, payer->front()));
      } else if (!absl::IsNotFound(payer.status())) {
        return payer.status();
      }
    }
    HOPTAC_ASSIGN_OR_RETURN(UnitScope units, gate_.ReadableSubtree(*context, call));
    HOPTAC_ASSIGN_OR_RETURN(std::vector<LedgerEntry> entries,
                            store_.ListLedgerEntries(grant, units, after, size + 1,
                                                     call.deadline));
    response->set_next_page_token(NextPageToken(
        entries, size, filters, [](const LedgerEntry& e) { return absl::StrCat(e.id); }));
    for (const LedgerEntry& e : entries) EntryToProto(e, response->add_entries());
    return absl::OkStatus();
  });
}

grpc::Status SubsidyService::GetSubsidyStatistics(grpc::ServerContext* context,
                                                  const v1::GetSubsidyStatisticsRequest* request,
                                                  v1::GetSubsidyStatisticsResponse* response) {
  return gate_.ServeRead(*context, "GetSubsidyStatistics",
                         [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(std::string unit,
                            TextField(request->org_unit_code(), "org_unit_code", true, 32));
    HOPTAC_ASSIGN_OR_RETURN(Period period, PeriodFromProto(request->period(), "period"));
    HOPTAC_ASSIGN_OR_RETURN(unit, gate_.ReadableUnit(*context, call, unit));
    StatisticsFilter filter;
    filter.support_kind = static_cast<SupportKind>(request->support_kind());
    filter.fund_source = static_cast<FundSource>(request->fund_source());
    // The subtree as it was at the end of the period (a 2023 district keeps its communes).
    auto codes = registry_.ResolveSubtreeCodes(context, unit, period.end);
    if (absl::IsNotFound(codes.status())) {
      return absl::InvalidArgumentError(absl::StrCat("org_unit_code: no unit ", unit, " on ",
                                                     FormatDay(period.end)));
    }
    HOPTAC_RETURN_IF_ERROR(codes.status());
    HOPTAC_ASSIGN_OR_RETURN(SubsidyStatistics stats,
                            store_.GetStatistics(*codes, period, filter, call.deadline));
    for (const ProgramFigures& pf : stats.programs) {
      v1::ProgramStatistics* out = response->add_programs();
      out->set_program(ResourceName("programs", pf.program.code));
      out->set_title(pf.program.title);
      out->set_support_kind(static_cast<v1::SupportKind>(pf.program.support_kind));
      out->set_fund_source(static_cast<v1::FundSource>(pf.program.fund_source));
      for (const std::string& doc : pf.program.legal_basis) out->add_legal_basis(doc);
      FiguresToProto(pf.figures, out->mutable_figures());
    }
    for (const KindFigures& k : stats.by_support_kind) {
      v1::SupportKindStatistics* out = response->add_by_support_kind();
      out->set_support_kind(static_cast<v1::SupportKind>(k.support_kind));
      out->set_fund_source(static_cast<v1::FundSource>(k.fund_source));
      FiguresToProto(k.figures, out->mutable_figures());
    }
    for (const std::string& code : stats.programs_without_applications) {
      response->add_programs_without_applications(ResourceName("programs", code));
    }
    return absl::OkStatus();
  });
}

}  // namespace hoptac::subsidy
