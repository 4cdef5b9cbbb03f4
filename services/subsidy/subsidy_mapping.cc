#include "services/subsidy/subsidy_mapping.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/proto_date.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"

namespace hoptac::subsidy {

absl::StatusOr<int64_t> ParseId(absl::string_view name, absl::string_view collection,
                                absl::string_view field) {
  HOPTAC_ASSIGN_OR_RETURN(std::string id, ParseResourceName(name, collection, field));
  int64_t value = 0;
  if (!absl::SimpleAtoi(id, &value) || value <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": expected ", collection, "/<number>, got \"", name, "\""));
  }
  return value;
}

absl::StatusOr<std::string> TextField(absl::string_view value, absl::string_view field,
                                      bool required, size_t max_bytes) {
  HOPTAC_ASSIGN_OR_RETURN(std::string text, NormalizeText(value, field));
  if (required && text.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  if (text.size() > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": longer than ", max_bytes, " bytes"));
  }
  return text;
}

absl::StatusOr<Program> ProgramFromProto(const v1::Program& proto) {
  Program p;
  HOPTAC_ASSIGN_OR_RETURN(p.code, TextField(proto.code(), "program.code", true, 64));
  HOPTAC_ASSIGN_OR_RETURN(p.title, TextField(proto.title(), "program.title", true));
  for (int i = 0; i < proto.legal_basis_size(); ++i) {
    HOPTAC_ASSIGN_OR_RETURN(
        std::string doc,
        TextField(proto.legal_basis(i), absl::StrCat("program.legal_basis[", i, "]"), true));
    p.legal_basis.push_back(std::move(doc));
  }
  p.support_kind = static_cast<SupportKind>(proto.support_kind());
  p.fund_source = static_cast<FundSource>(proto.fund_source());
  HOPTAC_ASSIGN_OR_RETURN(p.org_unit_code,
                          TextField(proto.org_unit_code(), "program.org_unit_code", true, 32));
  for (int kind : proto.eligible_beneficiary_kinds()) {
    p.eligible_kinds.push_back(static_cast<BeneficiaryKind>(kind));
  }
  for (const v1::ProgramBudget& b : proto.budgets()) {
    p.budgets.push_back({b.fiscal_year(), b.budget_dong(), 0});
  }
  p.cap_per_beneficiary_dong = proto.cap_per_beneficiary_dong();
  HOPTAC_ASSIGN_OR_RETURN(Period validity, PeriodFromProto(proto.validity(), "program.validity"));
  p.valid_from = validity.start;
  p.valid_to = validity.end;
  return p;
}

void ProgramToProto(const Program& p, v1::Program* out) {
  out->set_name(ResourceName("programs", p.code));
  out->set_code(p.code);
  out->set_title(p.title);
  for (const std::string& doc : p.legal_basis) out->add_legal_basis(doc);
  out->set_support_kind(static_cast<v1::SupportKind>(p.support_kind));
  out->set_fund_source(static_cast<v1::FundSource>(p.fund_source));
  out->set_org_unit_code(p.org_unit_code);
  for (BeneficiaryKind k : p.eligible_kinds) {
    out->add_eligible_beneficiary_kinds(static_cast<v1::BeneficiaryKind>(k));
  }
  for (const ProgramBudget& b : p.budgets) {
    v1::ProgramBudget* budget = out->add_budgets();
    budget->set_fiscal_year(b.fiscal_year);
    budget->set_budget_dong(b.budget_dong);
    budget->set_approved_dong(b.approved_dong);
  }
  out->set_cap_per_beneficiary_dong(p.cap_per_beneficiary_dong);
  PeriodToProto(Period{p.valid_from, p.valid_to}, out->mutable_validity());
  out->set_etag(absl::StrCat(p.revision));
}

void BeneficiaryToProto(const Beneficiary& b, v1::Beneficiary* out) {
  out->set_name(absl::StrCat("beneficiaries/", b.id));
  out->set_kind(static_cast<v1::BeneficiaryKind>(b.kind));
  out->set_registration_number(b.registration_number);
  out->set_tax_code(b.tax_code);
  out->set_id_number(b.id_number);
  out->set_display_name(b.display_name);
  out->set_org_unit_code(b.org_unit_code);
  out->set_etag(absl::StrCat(b.revision));
}

void GrantToProto(const Grant& g, v1::Grant* out) {
  out->set_name(absl::StrCat("grants/", g.id));
  out->set_program(ResourceName("programs", g.application.program_code));
  out->set_beneficiary(absl::StrCat("beneficiaries/", g.application.beneficiary_id));
  out->set_fiscal_year(g.application.fiscal_year);
  out->set_project_title(g.application.project_title);
  DayToProto(g.application.application_date, out->mutable_application_date());
  out->set_requested_dong(g.application.requested_dong);
  out->set_state(static_cast<v1::GrantState>(g.state));
  out->set_decision_number(g.decision_number);
  if (g.has_decision) DayToProto(g.decision_date, out->mutable_decision_date());
  out->set_approved_dong(g.approved_dong);
  out->set_reason(g.reason);
  out->set_disbursed_net_dong(g.disbursed_net_dong);
  out->set_org_unit_code(g.org_unit_code);
}

void EntryToProto(const LedgerEntry& e, v1::LedgerEntry* out) {
  out->set_name(absl::StrCat("ledgerEntries/", e.id));
  out->set_grant(absl::StrCat("grants/", e.grant_id));
  out->set_kind(static_cast<v1::LedgerEntryKind>(e.kind));
  out->set_amount_dong(e.amount_dong);
  DayToProto(e.entry_date, out->mutable_entry_date());
  if (e.reversed_entry_id != 0) {
    out->set_reversed_entry(absl::StrCat("ledgerEntries/", e.reversed_entry_id));
  }
  out->set_note(e.note);
  if (e.batch_id != 0) out->set_batch(absl::StrCat("disbursementBatches/", e.batch_id));
}

void FiguresToProto(const SubsidyFigures& f, v1::SubsidyFigures* out) {
  for (const auto& [kind, count] : f.beneficiaries) {
    v1::BeneficiaryCount* c = out->add_beneficiaries();
    c->set_kind(static_cast<v1::BeneficiaryKind>(kind));
    c->set_count(count);
  }
  out->set_approved_grants(f.approved_grants);
  out->set_approved_dong(f.approved_dong);
  out->set_disbursed_net_dong(f.disbursed_net_dong);
  out->set_applications(f.applications);
}

}  // namespace hoptac::subsidy
