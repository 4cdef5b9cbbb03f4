#include "services/report/report_service.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/util/field_mask_util.h"
#include "services/common/call_context.h"
#include "services/common/grpc_status.h"
#include "services/common/page_token.h"
#include "services/common/proto_date.h"
#include "services/common/request_log.h"
#include "services/common/status_macros.h"
#include "services/report/draft_rules.h"
#include "services/report/report_rendering.h"
#include "services/report/snapshot_rules.h"
#include "services/report/template_rendering.h"

namespace hoptac::report {
namespace {

using google::protobuf::util::FieldMaskUtil;

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;

// Fields of ReportDraft a client may change.
bool IsUpdatableDraftField(const std::string& path) {
  static const char* const kFields[] = {
      "org_unit",     "period",          "template",       "issuing_body",
      "area_name",    "place_name",      "document_number", "document_date",
      "planned_date", "reference_documents", "narratives", "recipients", "signature"};
  for (const char* f : kFields) {
    if (path == f) return true;
  }
  return false;
}

MutationContext Mutation(const CallContext& call, const std::string& request_id,
                         const google::protobuf::Message& request) {
  return {call.actor, request_id, RequestFingerprint(request),
          AccessGate::EventFor(call, "", request_id)};
}

}  // namespace

absl::Status ReportService::CheckReferences(const grpc::ServerContext& context,
                                            const v1::ReportDraft& draft, absl::Time deadline) {
  HOPTAC_ASSIGN_OR_RETURN(TemplateRef ref, ParseTemplateName(draft.template_(), "draft.template"));
  auto found = store_.GetTemplate(ref.template_id, ref.version, deadline);
  if (absl::IsNotFound(found.status())) {
    return absl::InvalidArgumentError(
        absl::StrCat("draft.template: ", draft.template_(), " does not exist"));
  }
  HOPTAC_RETURN_IF_ERROR(found.status());
  HOPTAC_ASSIGN_OR_RETURN(std::string unit, ParseOrgUnit(draft.org_unit(), "draft.org_unit"));
  HOPTAC_ASSIGN_OR_RETURN(Period period, DraftPeriod(draft));
  auto unit_on_day = registry_.GetOrgUnitOn(&context, unit, period.end);
  if (absl::IsNotFound(unit_on_day.status())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "draft.org_unit: ", draft.org_unit(), " is not a unit on ", FormatDay(period.end)));
  }
  return unit_on_day.status();
}

absl::StatusOr<v1::RenderedReport> ReportService::Assemble(const grpc::ServerContext& context,
                                                           const v1::ReportDraft& draft,
                                                           absl::Time deadline) {
  HOPTAC_ASSIGN_OR_RETURN(TemplateRef ref, ParseTemplateName(draft.template_(), "draft.template"));
  HOPTAC_ASSIGN_OR_RETURN(v1::ReportTemplate report_template,
                          store_.GetTemplate(ref.template_id, ref.version, deadline));
  HOPTAC_ASSIGN_OR_RETURN(std::string unit, ParseOrgUnit(draft.org_unit(), "draft.org_unit"));
  HOPTAC_ASSIGN_OR_RETURN(Period period, DraftPeriod(draft));
  HOPTAC_ASSIGN_OR_RETURN(StatisticMap statistics, sources_.Fetch(&context, unit, period));
  return RenderReport(report_template, draft, statistics);
}

absl::Status ReportService::CheckDraftAccess(const grpc::ServerContext& context,
                                             const CallContext& call, Access access,
                                             const v1::ReportDraft& draft) {
  HOPTAC_ASSIGN_OR_RETURN(std::string unit, ParseOrgUnit(draft.org_unit(), "draft.org_unit"));
  return gate_.Check(context, call, access, unit);
}

absl::StatusOr<std::vector<std::string>> ReportService::ListedUnits(
    const grpc::ServerContext& context, const CallContext& call,
    const std::string& requested_unit) {
  if (!requested_unit.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(std::string unit, gate_.ReadableUnit(context, call, requested_unit));
    return std::vector<std::string>{unit};
  }
  HOPTAC_ASSIGN_OR_RETURN(auto readable, gate_.ReadableSubtree(context, call));
  return readable.value_or(std::vector<std::string>());
}

grpc::Status ReportService::CreateTemplateVersion(grpc::ServerContext* context,
                                                  const v1::CreateTemplateVersionRequest* request,
                                                  v1::CreateTemplateVersionResponse* response) {
  return gate_.ServeMutation(
      *context, "CreateTemplateVersion", request->request_id(),
      [&](const CallContext& call) -> absl::Status {
        // Templates belong to no unit: a province duty.
        HOPTAC_RETURN_IF_ERROR(gate_.CheckRole(call, Access::kAdminister));
        HOPTAC_RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        v1::ReportTemplate report_template = request->template_();
        HOPTAC_RETURN_IF_ERROR(NormalizeTemplate(report_template));
        HOPTAC_ASSIGN_OR_RETURN(
            *response->mutable_template_(),
            store_.CreateTemplateVersion(report_template,
                                         Mutation(call, request->request_id(), *request),
                                         call.deadline));
        return absl::OkStatus();
      });
}

grpc::Status ReportService::GetTemplate(grpc::ServerContext* context,
                                        const v1::GetTemplateRequest* request,
                                        v1::GetTemplateResponse* response) {
  return gate_.ServeRead(*context, "GetTemplate", [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(TemplateRef ref, ParseTemplateName(request->name(), "name"));
    HOPTAC_ASSIGN_OR_RETURN(*response->mutable_template_(),
                            store_.GetTemplate(ref.template_id, ref.version, call.deadline));
    return absl::OkStatus();
  });
}

grpc::Status ReportService::ListTemplates(grpc::ServerContext* context,
                                          const v1::ListTemplatesRequest* request,
                                          v1::ListTemplatesResponse* response) {
  return gate_.ServeRead(*context, "ListTemplates", [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(int size, EffectivePageSize(request->page_size(), kDefaultPageSize,
                                                        kMaxPageSize));
    HOPTAC_ASSIGN_OR_RETURN(auto position, DecodePageToken(request->page_token(), "templates"));
    if (position.size() > 1) return absl::InvalidArgumentError("page_token: not of this list");
    HOPTAC_ASSIGN_OR_RETURN(
        TemplatePage page,
        store_.ListTemplates(position.empty() ? "" : position[0], size, call.deadline));
    for (v1::ReportTemplate& t : page.templates) *response->add_templates() = std::move(t);
    if (page.next_after_id) {
      response->set_next_page_token(EncodePageToken({*page.next_after_id}, "templates"));
    }
    return absl::OkStatus();
  });
}

grpc::Status ReportService::CreateReportDraft(grpc::ServerContext* context,
                                              const v1::CreateReportDraftRequest* request,
                                              v1::CreateReportDraftResponse* response) {
  return gate_.ServeMutation(
      *context, "CreateReportDraft", request->request_id(),
      [&](const CallContext& call) -> absl::Status {
        HOPTAC_RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        v1::ReportDraft draft = request->draft();
        HOPTAC_RETURN_IF_ERROR(NormalizeDraft(draft));
        HOPTAC_ASSIGN_OR_RETURN(std::string unit,
                                ParseOrgUnit(draft.org_unit(), "draft.org_unit"));
        HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kWrite, unit));
        HOPTAC_RETURN_IF_ERROR(CheckReferences(*context, draft, call.deadline));
        HOPTAC_ASSIGN_OR_RETURN(
            *response->mutable_draft(),
            store_.CreateDraft(draft, Mutation(call, request->request_id(), *request),
                               call.deadline));
        return absl::OkStatus();
      });
}

grpc::Status ReportService::GetReportDraft(grpc::ServerContext* context,
                                           const v1::GetReportDraftRequest* request,
                                           v1::GetReportDraftResponse* response) {
  return gate_.ServeRead(*context, "GetReportDraft", [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseDraftName(request->name(), "name"));
    HOPTAC_ASSIGN_OR_RETURN(v1::ReportDraft draft, store_.GetDraft(id, call.deadline));
    HOPTAC_RETURN_IF_ERROR(CheckDraftAccess(*context, call, Access::kRead, draft));
    *response->mutable_draft() = std::move(draft);
    return absl::OkStatus();
  });
}

grpc::Status ReportService::ListReportDrafts(grpc::ServerContext* context,
                                             const v1::ListReportDraftsRequest* request,
                                             v1::ListReportDraftsResponse* response) {
  return gate_.ServeRead(*context, "ListReportDrafts", [&](const CallContext& call)
                                                           -> absl::Status {
    std::string unit;
    if (!request->org_unit().empty()) {
      HOPTAC_ASSIGN_OR_RETURN(unit, ParseOrgUnit(request->org_unit(), "org_unit"));
    }
    HOPTAC_ASSIGN_OR_RETURN(int size, EffectivePageSize(request->page_size(), kDefaultPageSize,
                                                        kMaxPageSize));
    const std::string filters = absl::StrCat("drafts:", unit);
    HOPTAC_ASSIGN_OR_RETURN(auto position, DecodePageToken(request->page_token(), filters));
    std::optional<int64_t> before;
    if (!position.empty()) {
      int64_t id = 0;
      if (position.size() != 1 || !absl::SimpleAtoi(position[0], &id)) {
        return absl::InvalidArgumentError("page_token: not a token of this list");
      }
      before = id;
    }
    HOPTAC_ASSIGN_OR_RETURN(std::vector<std::string> units, ListedUnits(*context, call, unit));
    HOPTAC_ASSIGN_OR_RETURN(DraftPage page, store_.ListDrafts(units, before, size, call.deadline));
    for (v1::ReportDraft& d : page.drafts) *response->add_drafts() = std::move(d);
    if (page.next_before_id) {
      response->set_next_page_token(
          EncodePageToken({absl::StrCat(*page.next_before_id)}, filters));
    }
    return absl::OkStatus();
  });
}

grpc::Status ReportService::UpdateReportDraft(grpc::ServerContext* context,
                                              const v1::UpdateReportDraftRequest* request,
                                              v1::UpdateReportDraftResponse* response) {
  return gate_.ServeMutation(
      *context, "UpdateReportDraft", "", [&](const CallContext& call) -> absl::Status {
        HOPTAC_ASSIGN_OR_RETURN(int64_t id,
                                ParseDraftName(request->draft().name(), "draft.name"));
        if (request->update_mask().paths_size() == 0) {
          return absl::InvalidArgumentError("update_mask: name at least one field");
        }
        for (const std::string& path : request->update_mask().paths()) {
          if (!IsUpdatableDraftField(path)) {
            return absl::InvalidArgumentError(
                absl::StrCat("update_mask: \"", path, "\" is not a field a client may change"));
          }
        }
        // Merge and check outside the transaction (the registry is asked); the
        // store then writes only if the draft is still the one merged into.
        HOPTAC_ASSIGN_OR_RETURN(v1::ReportDraft current, store_.GetDraft(id, call.deadline));
        HOPTAC_RETURN_IF_ERROR(CheckDraftAccess(*context, call, Access::kWrite, current));
        if (!request->draft().etag().empty() && request->draft().etag() != current.etag()) {
          return absl::AbortedError(absl::StrCat(request->draft().name(), ": etag \"",
                                                 request->draft().etag(),
                                                 "\" is stale; the draft is at \"",
                                                 current.etag(), "\""));
        }
        FieldMaskUtil::MergeOptions options;
        options.set_replace_message_fields(true);
        options.set_replace_repeated_fields(true);
        v1::ReportDraft merged = current;
        FieldMaskUtil::MergeMessageTo(request->draft(), request->update_mask(), options,
                                      &merged);
        HOPTAC_RETURN_IF_ERROR(NormalizeDraft(merged));
        if (merged.org_unit() != current.org_unit()) {
          // A draft moved to another unit: the caller must write there too.
          HOPTAC_RETURN_IF_ERROR(CheckDraftAccess(*context, call, Access::kWrite, merged));
        }
        HOPTAC_RETURN_IF_ERROR(CheckReferences(*context, merged, call.deadline));
        auto change = [&](v1::ReportDraft& stored) -> absl::Status {
          stored = merged;
          return absl::OkStatus();
        };
        HOPTAC_ASSIGN_OR_RETURN(
            *response->mutable_draft(),
            store_.UpdateDraft(id, current.etag(), change, Mutation(call, "", *request),
                               call.deadline));
        return absl::OkStatus();
      });
}

grpc::Status ReportService::AssembleReport(grpc::ServerContext* context,
                                           const v1::AssembleReportRequest* request,
                                           v1::AssembleReportResponse* response) {
  // Assembly stores nothing: a read of the draft's unit (the data services
  // authorize the caller again, its token forwarded).
  return gate_.ServeRead(*context, "AssembleReport", [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseDraftName(request->name(), "name"));
    HOPTAC_ASSIGN_OR_RETURN(v1::ReportDraft draft, store_.GetDraft(id, call.deadline));
    HOPTAC_RETURN_IF_ERROR(CheckDraftAccess(*context, call, Access::kRead, draft));
    HOPTAC_ASSIGN_OR_RETURN(*response->mutable_report(),
                            Assemble(*context, draft, call.deadline));
    return absl::OkStatus();
  });
}

grpc::Status ReportService::SubmitReport(grpc::ServerContext* context,
                                         const v1::SubmitReportRequest* request,
                                         v1::SubmitReportResponse* response) {
  return gate_.ServeMutation(
      *context, "SubmitReport", request->request_id(),
      [&](const CallContext& call) -> absl::Status {
        HOPTAC_RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseDraftName(request->name(), "name"));
        HOPTAC_ASSIGN_OR_RETURN(v1::ReportDraft draft, store_.GetDraft(id, call.deadline));
        HOPTAC_RETURN_IF_ERROR(CheckDraftAccess(*context, call, Access::kWrite, draft));
        const MutationContext mutation = Mutation(call, request->request_id(), *request);
        // A retry is answered from the stored snapshot, even when a data
        // service is down by now.
        HOPTAC_ASSIGN_OR_RETURN(
            auto prior, store_.PriorSubmission(mutation.request_id, mutation.fingerprint,
                                               call.deadline));
        if (prior) {
          *response->mutable_snapshot() = *std::move(prior);
          return absl::OkStatus();
        }
        if (!request->etag().empty() && request->etag() != draft.etag()) {
          return absl::AbortedError(absl::StrCat(request->name(), ": etag \"", request->etag(),
                                                 "\" is stale; the draft is at \"",
                                                 draft.etag(), "\""));
        }
        const int64_t revision = RevisionFromEtag(draft.etag()).value_or(0);
        v1::ReportSnapshot snapshot;
        HOPTAC_ASSIGN_OR_RETURN(*snapshot.mutable_report(),
                                Assemble(*context, draft, call.deadline));
        snapshot.set_content_sha256(ContentSha256(snapshot.report()));
        *snapshot.mutable_draft() = std::move(draft);
        HOPTAC_ASSIGN_OR_RETURN(
            *response->mutable_snapshot(),
            store_.CreateSnapshot(id, revision, snapshot, mutation, call.deadline));
        return absl::OkStatus();
      });
}

grpc::Status ReportService::GetReportSnapshot(grpc::ServerContext* context,
                                              const v1::GetReportSnapshotRequest* request,
                                              v1::GetReportSnapshotResponse* response) {
  return gate_.ServeRead(*context, "GetReportSnapshot", [&](const CallContext& call)
                                                            -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(SnapshotRef ref, ParseSnapshotName(request->name(), "name"));
    HOPTAC_ASSIGN_OR_RETURN(v1::ReportSnapshot snapshot,
                            store_.GetSnapshot(ref.draft_id, ref.snapshot_id, call.deadline));
    HOPTAC_RETURN_IF_ERROR(CheckDraftAccess(*context, call, Access::kRead, snapshot.draft()));
    *response->mutable_snapshot() = std::move(snapshot);
    return absl::OkStatus();
  });
}

grpc::Status ReportService::DiffSinceSubmission(grpc::ServerContext* context,
                                                const v1::DiffSinceSubmissionRequest* request,
                                                v1::DiffSinceSubmissionResponse* response) {
  return gate_.ServeRead(*context, "DiffSinceSubmission", [&](const CallContext& call)
                                                              -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(SnapshotRef ref, ParseSnapshotName(request->snapshot(), "snapshot"));
    HOPTAC_ASSIGN_OR_RETURN(v1::ReportSnapshot snapshot,
                            store_.GetSnapshot(ref.draft_id, ref.snapshot_id, call.deadline));
    const v1::ReportDraft& draft = snapshot.draft();
    HOPTAC_RETURN_IF_ERROR(CheckDraftAccess(*context, call, Access::kRead, draft));
    HOPTAC_ASSIGN_OR_RETURN(std::string unit, ParseOrgUnit(draft.org_unit(), "draft.org_unit"));
    HOPTAC_ASSIGN_OR_RETURN(Period period, DraftPeriod(draft));
    HOPTAC_ASSIGN_OR_RETURN(StatisticMap live, sources_.Fetch(context, unit, period));
    const std::vector<v1::Statistic> submitted(snapshot.report().statistics().begin(),
                                               snapshot.report().statistics().end());
    for (v1::FigureChange& change : DiffStatistics(submitted, live)) {
      *response->add_changes() = std::move(change);
    }
    return absl::OkStatus();
  });
}

}  // namespace hoptac::report
