#include "services/report/draft_rules.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/proto_date.h"
#include "services/common/status_macros.h"
#include "services/report/bounded_text.h"

namespace hoptac::report {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", what));
}

// One line (a name, a title, a number) or, when `multiline`, an official's
// free text; bounded (bounded_text.h).
absl::Status NormalizeField(std::string* value, const std::string& field, bool required,
                            bool multiline = false) {
  return multiline ? NormalizeParagraphs(*value, field, required)
                   : NormalizeLine(*value, field, required);
}

bool PositiveId(absl::string_view text, int64_t* out) {
  return absl::SimpleAtoi(text, out) && *out > 0;
}

}  // namespace

bool IsKey(absl::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

absl::StatusOr<TemplateRef> ParseTemplateName(absl::string_view name, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  TemplateRef ref;
  const bool shape = (parts.size() == 2 || (parts.size() == 4 && parts[2] == "versions")) &&
                     parts[0] == "templates" && !parts[1].empty();
  if (!shape || (parts.size() == 4 && !PositiveId(parts[3], &ref.version))) {
    return Invalid(field, absl::StrCat("expected templates/{id} or templates/{id}/versions/{n}, got '",
                                       name.substr(0, 100), "'"));
  }
  ref.template_id = std::string(parts[1]);
  return ref;
}

absl::StatusOr<int64_t> ParseDraftName(absl::string_view name, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  int64_t id = 0;
  if (parts.size() != 2 || parts[0] != "reportDrafts" || !PositiveId(parts[1], &id)) {
    return Invalid(field, absl::StrCat("expected reportDrafts/{id}, got '", name.substr(0, 100), "'"));
  }
  return id;
}

absl::StatusOr<SnapshotRef> ParseSnapshotName(absl::string_view name, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  SnapshotRef ref;
  if (parts.size() != 4 || parts[0] != "reportDrafts" || parts[2] != "snapshots" ||
      !PositiveId(parts[1], &ref.draft_id) || !PositiveId(parts[3], &ref.snapshot_id)) {
    return Invalid(field, absl::StrCat("expected reportDrafts/{id}/snapshots/{id}, got '",
                                       name.substr(0, 100), "'"));
  }
  return ref;
}

absl::StatusOr<std::string> ParseOrgUnit(absl::string_view name, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  bool digits = parts.size() == 2 && parts[0] == "orgUnits" && !parts[1].empty() &&
                parts[1].size() <= 16;
  if (digits) {
    for (char c : parts[1]) digits = digits && c >= '0' && c <= '9';
  }
  if (!digits) {
    return Invalid(field, absl::StrCat("expected orgUnits/{code}, got '", name.substr(0, 100), "'"));
  }
  return std::string(parts[1]);
}

absl::StatusOr<Period> DraftPeriod(const v1::ReportDraft& draft) {
  return PeriodFromProto(draft.period(), "draft.period");
}

absl::Status NormalizeDraft(v1::ReportDraft& d) {
  HOPTAC_RETURN_IF_ERROR(ParseOrgUnit(d.org_unit(), "draft.org_unit").status());
  HOPTAC_RETURN_IF_ERROR(DraftPeriod(d).status());
  HOPTAC_ASSIGN_OR_RETURN(TemplateRef ref, ParseTemplateName(d.template_(), "draft.template"));
  if (ref.version == 0) {
    return Invalid("draft.template", "name the version: templates/{id}/versions/{n}");
  }
  HOPTAC_RETURN_IF_ERROR(NormalizeField(d.mutable_issuing_body(), "draft.issuing_body", true));
  HOPTAC_RETURN_IF_ERROR(NormalizeField(d.mutable_area_name(), "draft.area_name", true));
  HOPTAC_RETURN_IF_ERROR(NormalizeField(d.mutable_place_name(), "draft.place_name", true));
  HOPTAC_RETURN_IF_ERROR(
      NormalizeField(d.mutable_document_number(), "draft.document_number", false));
  HOPTAC_RETURN_IF_ERROR(
      OptionalDayFromProto(d.document_date(), "draft.document_date").status());
  const auto& planned = d.planned_date();
  if (planned.year() != 0 && (planned.month() < 1 || planned.month() > 12)) {
    return Invalid("draft.planned_date.month", "1 to 12");
  }
  HOPTAC_RETURN_IF_ERROR(
      CheckListSize(d.reference_documents_size(), "draft.reference_documents"));
  HOPTAC_RETURN_IF_ERROR(CheckListSize(d.narratives_size(), "draft.narratives"));
  HOPTAC_RETURN_IF_ERROR(CheckListSize(d.recipients_size(), "draft.recipients"));
  std::set<std::string> keys;
  for (int i = 0; i < d.reference_documents_size(); ++i) {
    v1::ReferenceDocument& ref_doc = *d.mutable_reference_documents(i);
    const std::string field = absl::StrCat("draft.reference_documents[", i, "]");
    if (!IsKey(ref_doc.key()) || !keys.insert(ref_doc.key()).second) {
      return Invalid(absl::StrCat(field, ".key"), "a-z, 0-9 and '_', each key once");
    }
    HOPTAC_RETURN_IF_ERROR(
        NormalizeField(ref_doc.mutable_document_type(), field + ".document_type", true));
    HOPTAC_RETURN_IF_ERROR(NormalizeField(ref_doc.mutable_number(), field + ".number", true));
    HOPTAC_RETURN_IF_ERROR(NormalizeField(ref_doc.mutable_issuer(), field + ".issuer", false));
    HOPTAC_RETURN_IF_ERROR(NormalizeField(ref_doc.mutable_subject(), field + ".subject", false));
    HOPTAC_RETURN_IF_ERROR(
        OptionalDayFromProto(ref_doc.issue_date(), field + ".issue_date").status());
  }
  std::set<std::string> slots;
  for (int i = 0; i < d.narratives_size(); ++i) {
    v1::NarrativeText& n = *d.mutable_narratives(i);
    const std::string field = absl::StrCat("draft.narratives[", i, "]");
    if (!IsKey(n.slot()) || !slots.insert(n.slot()).second) {
      return Invalid(field + ".slot", "a-z, 0-9 and '_', each slot once");
    }
    HOPTAC_RETURN_IF_ERROR(NormalizeField(n.mutable_text(), field + ".text", false, true));
  }
  for (int i = 0; i < d.recipients_size(); ++i) {
    HOPTAC_RETURN_IF_ERROR(NormalizeField(d.mutable_recipients(i),
                                          absl::StrCat("draft.recipients[", i, "]"), true));
  }
  v1::SignatureBlock& sig = *d.mutable_signature();
  HOPTAC_RETURN_IF_ERROR(
      NormalizeField(sig.mutable_authority(), "draft.signature.authority", false));
  HOPTAC_RETURN_IF_ERROR(
      NormalizeField(sig.mutable_signer_title(), "draft.signature.signer_title", true));
  HOPTAC_RETURN_IF_ERROR(
      NormalizeField(sig.mutable_signer_name(), "draft.signature.signer_name", true));
  return absl::OkStatus();
}

}  // namespace hoptac::report
