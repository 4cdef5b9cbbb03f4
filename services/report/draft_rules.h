// What a report draft must hold before it is stored, and the names the API
// uses for templates, drafts and snapshots. Plain rules, no I/O.
#ifndef HOPTAC_SERVICES_REPORT_DRAFT_RULES_H_
#define HOPTAC_SERVICES_REPORT_DRAFT_RULES_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hoptac/report/v1/report_service.pb.h"
#include "services/common/period.h"

namespace hoptac::report {

struct TemplateRef {
  std::string template_id;
  int64_t version = 0;  // 0: the latest
};

struct SnapshotRef {
  int64_t draft_id = 0;
  int64_t snapshot_id = 0;
};

// A Mustache-safe key of a draft or template (slot, reference document,
// placeholder): 1 to 64 characters among a-z, 0-9 and '_'.
bool IsKey(absl::string_view key);

// "templates/{id}" or "templates/{id}/versions/{n}"; INVALID_ARGUMENT naming `field`.
absl::StatusOr<TemplateRef> ParseTemplateName(absl::string_view name, absl::string_view field);
// "reportDrafts/{id}".
absl::StatusOr<int64_t> ParseDraftName(absl::string_view name, absl::string_view field);
// "reportDrafts/{d}/snapshots/{s}".
absl::StatusOr<SnapshotRef> ParseSnapshotName(absl::string_view name, absl::string_view field);

// The org unit code of "orgUnits/{code}" (digits, 1 to 16).
absl::StatusOr<std::string> ParseOrgUnit(absl::string_view name, absl::string_view field);

// Checks a draft and normalises its text to NFC. INVALID_ARGUMENT names the
// field ("draft.signature.signer_name"). The template version must be given
// exactly ("templates/{id}/versions/{n}"): a report says which text it used.
absl::Status NormalizeDraft(v1::ReportDraft& draft);

// The draft's period.
absl::StatusOr<Period> DraftPeriod(const v1::ReportDraft& draft);

}  // namespace hoptac::report

#endif  // HOPTAC_SERVICES_REPORT_DRAFT_RULES_H_
