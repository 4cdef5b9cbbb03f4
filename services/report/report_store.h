// All SQL of the report service: template versions, drafts, snapshots, the
// change log and request_id idempotency. Every mutation is one transaction.
#ifndef HOPTAC_SERVICES_REPORT_REPORT_STORE_H_
#define HOPTAC_SERVICES_REPORT_REPORT_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "hoptac/report/v1/report_service.pb.h"
#include "services/common/auth/audit_log.h"
#include "services/common/database.h"

namespace hoptac::report {

// Who asks for a mutation, and the request_id that makes a retry apply once.
struct MutationContext {
  std::string actor;
  std::string request_id;
  std::string fingerprint;
  // The audit event of the mutation (AccessGate::EventFor): the store sets its
  // resource to the record it made or changed and appends it in the
  // mutation's transaction; a retry answered from request_log appends nothing.
  AuditEvent audit;
};

struct DraftPage {
  std::vector<v1::ReportDraft> drafts;
  std::optional<int64_t> next_before_id;  // set when more drafts follow
};

struct TemplatePage {
  std::vector<v1::ReportTemplate> templates;
  std::optional<std::string> next_after_id;
};

class ReportStore {
 public:
  explicit ReportStore(Database& db) : db_(db) {}

  // Stores `t` as the next version of t.template_id (1 for a new template).
  absl::StatusOr<v1::ReportTemplate> CreateTemplateVersion(const v1::ReportTemplate& t,
                                                          const MutationContext& mutation,
                                                          absl::Time deadline);
  // Stores `t` as version t.version unless that version exists (start-up
  // load of the shipped templates). True when it was stored.
  absl::StatusOr<bool> EnsureTemplateVersion(const v1::ReportTemplate& t, absl::Time deadline);
  // `version` 0: the latest. NOT_FOUND naming the template.
  absl::StatusOr<v1::ReportTemplate> GetTemplate(const std::string& template_id, int64_t version,
                                                 absl::Time deadline);
  // Latest version of each template, by id, after `after_id`.
  absl::StatusOr<TemplatePage> ListTemplates(const std::string& after_id, int page_size,
                                             absl::Time deadline);

  absl::StatusOr<v1::ReportDraft> CreateDraft(const v1::ReportDraft& draft,
                                              const MutationContext& mutation,
                                              absl::Time deadline);
  absl::StatusOr<v1::ReportDraft> GetDraft(int64_t id, absl::Time deadline);
  // Newest first, of the units `org_unit_codes` (empty: every unit).
  absl::StatusOr<DraftPage> ListDrafts(const std::vector<std::string>& org_unit_codes,
                                       std::optional<int64_t> before_id, int page_size,
                                       absl::Time deadline);
  // Read-modify-write under a row lock. ABORTED when `etag` is set and is not
  // the stored one. `change` edits the stored draft (its errors pass through).
  absl::StatusOr<v1::ReportDraft> UpdateDraft(
      int64_t id, const std::string& etag,
      const std::function<absl::Status(v1::ReportDraft&)>& change,
      const MutationContext& mutation, absl::Time deadline);

  // Freezes `snapshot` for draft `draft_id`. ABORTED when the draft changed
  // since revision `draft_revision` (it was assembled from an older draft).
  // A retry with the same request_id returns the first snapshot.
  absl::StatusOr<v1::ReportSnapshot> CreateSnapshot(int64_t draft_id, int64_t draft_revision,
                                                    const v1::ReportSnapshot& snapshot,
                                                    const MutationContext& mutation,
                                                    absl::Time deadline);
  // The snapshot a SubmitReport with this request_id already made, so that a
  // retry is answered without assembling again; nullopt when there is none.
  // ALREADY_EXISTS naming request_id when it was used for another request.
  absl::StatusOr<std::optional<v1::ReportSnapshot>> PriorSubmission(
      const std::string& request_id, const std::string& fingerprint, absl::Time deadline);
  absl::StatusOr<v1::ReportSnapshot> GetSnapshot(int64_t draft_id, int64_t snapshot_id,
                                                 absl::Time deadline);

 private:
  Database& db_;
};

// The revision an etag stands for; nullopt when malformed.
std::optional<int64_t> RevisionFromEtag(const std::string& etag);

}  // namespace hoptac::report

#endif  // HOPTAC_SERVICES_REPORT_REPORT_STORE_H_
