#include "services/registry/registry_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/call_context.h"
#include "services/common/grpc_status.h"
#include "services/common/page_token.h"
#include "services/common/proto_date.h"
#include "services/common/request_log.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"
#include "services/registry/cooperative_lifecycle.h"
#include "services/registry/cooperative_update.h"
#include "services/registry/cooperative_validation.h"
#include "services/registry/registry_mapping.h"

namespace hoptac::registry {
namespace {

constexpr int kDefaultUnitPage = 100;
constexpr int kMaxUnitPage = 1000;
constexpr int kDefaultCooperativePage = 50;
constexpr int kMaxCooperativePage = 500;
constexpr int kDefaultEventPage = 100;
constexpr int kMaxEventPage = 1000;

// Adds the request message's path to a domain error: "display_name: ..." from
// the domain becomes "cooperative.display_name: ...".
absl::Status Prefixed(const absl::Status& status, absl::string_view prefix) {
  if (status.ok() || status.code() != absl::StatusCode::kInvalidArgument) return status;
  return absl::InvalidArgumentError(absl::StrCat(prefix, status.message()));
}

absl::StatusOr<MutationContext> MutationOf(const CallContext& call,
                                           const google::protobuf::Message& request,
                                           const std::string& request_id) {
  HOPTAC_RETURN_IF_ERROR(ValidateRequestId(request_id));
  return MutationContext{call.actor, request_id, RequestFingerprint(request)};
}

absl::StatusOr<absl::CivilDay> AsOfDate(const common::v1::Date& date, absl::CivilDay today) {
  HOPTAC_ASSIGN_OR_RETURN(auto day, OptionalDayFromProto(date, "as_of_date"));
  return day.value_or(today);
}

// Normalises a free-text field in place; `required` rejects an empty value.
absl::Status NormalizeField(std::string& value, absl::string_view field, size_t max_chars,
                            bool required, bool multiline = false) {
  HOPTAC_ASSIGN_OR_RETURN(value, multiline ? NormalizeMultilineText(value, field)
                                           : NormalizeText(value, field));
  if (required && value.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  size_t chars = 0;
  for (const char c : value) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (chars > max_chars) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": at most ", max_chars, " characters (got ", chars, ")"));
  }
  return absl::OkStatus();
}

// A record's date: a real day, not in the future.
absl::StatusOr<absl::CivilDay> RecordDate(const common::v1::Date& date, absl::string_view field,
                                          absl::CivilDay today) {
  HOPTAC_ASSIGN_OR_RETURN(absl::CivilDay day, DayFromProto(date, field));
  if (day > today) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", FormatDay(day), " is in the future"));
  }
  return day;
}

absl::Status CheckYear(int year, absl::string_view field, absl::CivilDay today) {
  if (year < 1900 || year > today.year()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be between 1900 and ", today.year(), " (got ", year, ")"));
  }
  return absl::OkStatus();
}

// What every Record* request names: the cooperative and the idempotency key.
struct RecordTarget {
  MutationContext mutation;
  std::string registration_number;
};

template <typename Request>
absl::StatusOr<RecordTarget> RecordTargetOf(const CallContext& call, const Request& request) {
  RecordTarget target;
  HOPTAC_ASSIGN_OR_RETURN(target.mutation, MutationOf(call, request, request.request_id()));
  HOPTAC_ASSIGN_OR_RETURN(target.registration_number,
                          ParseResourceName(request.parent(), "cooperatives", "parent"));
  return target;
}

std::string CooperativeFilterText(const v1::ListCooperativesRequest& r) {
  std::vector<std::string> statuses;
  for (int s : r.statuses()) statuses.push_back(absl::StrCat(s));
  return absl::StrCat(r.org_unit(), "|", absl::StrJoin(statuses, ","), "|", r.sector(), "|",
                      r.kind(), "|", r.display_name_prefix());
}

}  // namespace

RegistryService::RegistryService(RegistryStore& store, std::function<absl::CivilDay()> today)
    : store_(store), today_(std::move(today)) {}

grpc::Status RegistryService::GetOrgUnit(grpc::ServerContext* context,
                                         const v1::GetOrgUnitRequest* request,
                                         v1::GetOrgUnitResponse* response) {
  const CallContext call = CallContextOf(*context);
  return ToGrpcStatus([&]() -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(std::string code, ParseResourceName(request->name(), "orgUnits", "name"));
    HOPTAC_ASSIGN_OR_RETURN(absl::CivilDay as_of, AsOfDate(request->as_of_date(), today_()));
    HOPTAC_ASSIGN_OR_RETURN(OrgUnitRow row, store_.GetOrgUnit(code, as_of, call.deadline));
    OrgUnitToProto(row, response->mutable_org_unit());
    return absl::OkStatus();
  }());
}

grpc::Status RegistryService::ListOrgUnits(grpc::ServerContext* context,
                                           const v1::ListOrgUnitsRequest* request,
                                           v1::ListOrgUnitsResponse* response) {
  const CallContext call = CallContextOf(*context);
  return ToGrpcStatus([&]() -> absl::Status {
    OrgUnitQuery query;
    if (!request->parent().empty()) {
      HOPTAC_ASSIGN_OR_RETURN(query.parent_code,
                              ParseResourceName(request->parent(), "orgUnits", "parent"));
    }
    HOPTAC_ASSIGN_OR_RETURN(query.as_of, AsOfDate(request->as_of_date(), today_()));
    query.include_subtree = request->include_subtree();
    HOPTAC_ASSIGN_OR_RETURN(query.page_size, EffectivePageSize(request->page_size(),
                                                               kDefaultUnitPage, kMaxUnitPage));
    const std::string filters = absl::StrCat(request->parent(), "|", FormatDay(query.as_of), "|",
                                             query.include_subtree);
    HOPTAC_ASSIGN_OR_RETURN(query.after, DecodePageToken(request->page_token(), filters));
    HOPTAC_ASSIGN_OR_RETURN(OrgUnitPage page, store_.ListOrgUnits(query, call.deadline));
    for (const OrgUnitRow& row : page.units) OrgUnitToProto(row, response->add_org_units());
    if (!page.next_after.empty()) {
      response->set_next_page_token(EncodePageToken(page.next_after, filters));
    }
    return absl::OkStatus();
  }());
}

grpc::Status RegistryService::CreateCooperative(grpc::ServerContext* context,
                                                const v1::CreateCooperativeRequest* request,
                                                v1::CreateCooperativeResponse* response) {
  const CallContext call = CallContextOf(*context);
  return ToGrpcStatus([&]() -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                            MutationOf(call, *request, request->request_id()));
    HOPTAC_ASSIGN_OR_RETURN(CooperativeFields fields,
                            CooperativeFieldsFromProto(request->cooperative()));
    HOPTAC_RETURN_IF_ERROR(
        Prefixed(ValidateCooperativeFields(fields, today_()), "cooperative."));
    HOPTAC_ASSIGN_OR_RETURN(CooperativeRecord created,
                            store_.CreateCooperative(fields, mutation, call.deadline));
    CooperativeToProto(created, response->mutable_cooperative());
    return absl::OkStatus();
  }());
}

grpc::Status RegistryService::GetCooperative(grpc::ServerContext* context,
                                             const v1::GetCooperativeRequest* request,
                                             v1::GetCooperativeResponse* response) {
  const CallContext call = CallContextOf(*context);
  return ToGrpcStatus([&]() -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(std::string number,
                            ParseResourceName(request->name(), "cooperatives", "name"));
    HOPTAC_ASSIGN_OR_RETURN(CooperativeRecord record, store_.GetCooperative(number, call.deadline));
    CooperativeToProto(record, response->mutable_cooperative());
    return absl::OkStatus();
  }());
}

grpc::Status RegistryService::ListCooperatives(grpc::ServerContext* context,
                                               const v1::ListCooperativesRequest* request,
                                               v1::ListCooperativesResponse* response) {
  const CallContext call = CallContextOf(*context);
  return ToGrpcStatus([&]() -> absl::Status {
    CooperativeFilter filter;
    filter.as_of = today_();
    if (!request->org_unit().empty()) {
      HOPTAC_ASSIGN_OR_RETURN(filter.org_unit_code,
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
    HOPTAC_ASSIGN_OR_RETURN(filter.name_prefix,
                            NormalizeText(request->display_name_prefix(), "display_name_prefix"));
    HOPTAC_ASSIGN_OR_RETURN(int page_size,
                            EffectivePageSize(request->page_size(), kDefaultCooperativePage,
                                              kMaxCooperativePage));
    const std::string filters = CooperativeFilterText(*request);
    HOPTAC_ASSIGN_OR_RETURN(std::vector<std::string> after,
                            DecodePageToken(request->page_token(), filters));
    HOPTAC_ASSIGN_OR_RETURN(CooperativePage page,
                            store_.ListCooperatives(filter, page_size, after, call.deadline));
    for (const CooperativeRecord& c : page.cooperatives) {
      CooperativeToProto(c, response->add_cooperatives());
    }
    if (!page.next_after.empty()) {
      response->set_next_page_token(EncodePageToken(page.next_after, filters));
    }
    return absl::OkStatus();
  }());
}

grpc::Status RegistryService::UpdateCooperative(grpc::ServerContext* context,
                                                const v1::UpdateCooperativeRequest* request,
                                                v1::UpdateCooperativeResponse* response) {
  const CallContext call = CallContextOf(*context);
  return ToGrpcStatus([&]() -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                            MutationOf(call, *request, request->request_id()));
    HOPTAC_ASSIGN_OR_RETURN(std::string number, ParseResourceName(request->cooperative().name(),
                                                                  "cooperatives",
                                                                  "cooperative.name"));
    const std::vector<std::string> mask(request->update_mask().paths().begin(),
                                        request->update_mask().paths().end());
    HOPTAC_RETURN_IF_ERROR(CheckUpdateMask(mask));
    int64_t expected_revision = 0;
    if (!absl::SimpleAtoi(request->etag(), &expected_revision)) {
      return absl::InvalidArgumentError("etag: required; send the etag of the cooperative you read");
    }
    std::string reason = request->reason();
    HOPTAC_RETURN_IF_ERROR(NormalizeField(reason, "reason", 2000, /*required=*/true, true));

    // Validate the cooperative as it would be after the change. The etag makes
    // this read safe: if it changes before the write, the store says ABORTED.
    HOPTAC_ASSIGN_OR_RETURN(CooperativeRecord current, store_.GetCooperative(number, call.deadline));
    if (current.revision != expected_revision) {
      return absl::AbortedError(absl::StrCat("etag: cooperatives/", number,
                                             " changed since it was read (etag ", request->etag(),
                                             ", now ", current.revision, ")"));
    }
    CooperativeFields requested = current.fields;
    const v1::Cooperative& c = request->cooperative();
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
        HOPTAC_ASSIGN_OR_RETURN(requested.establishment_date,
                                DayFromProto(c.establishment_date(), "cooperative.establishment_date"));
      }
    }
    HOPTAC_RETURN_IF_ERROR(
        Prefixed(ValidateCooperativeFields(requested, today_()), "cooperative."));
    HOPTAC_ASSIGN_OR_RETURN(CooperativeRecord updated,
                            store_.UpdateCooperative(number, requested, mask, expected_revision,
                                                     reason, today_(), mutation, call.deadline));
    CooperativeToProto(updated, response->mutable_cooperative());
    return absl::OkStatus();
  }());
}

namespace {

// The shared body of the four lifecycle methods.
absl::StatusOr<CooperativeRecord> ChangeLifecycle(RegistryStore& store, const CallContext& call,
                                                  const google::protobuf::Message& request,
                                                  const std::string& name,
                                                  const v1::ChangeContext& change_context,
                                                  LifecycleAction action,
                                                  DissolutionKind dissolution_kind,
                                                  absl::CivilDay today) {
  HOPTAC_ASSIGN_OR_RETURN(MutationContext mutation,
                          MutationOf(call, request, change_context.request_id()));
  HOPTAC_ASSIGN_OR_RETURN(std::string number, ParseResourceName(name, "cooperatives", "name"));
  LifecycleChange change;
  change.action = action;
  change.dissolution_kind = dissolution_kind;
  HOPTAC_ASSIGN_OR_RETURN(change.effective_date,
                          DayFromProto(change_context.effective_date(), "change.effective_date"));
  change.reason = change_context.reason();
  change.legal_document = change_context.legal_document();
  // The earliest allowed day depends on the current state: the store checks it
  // under the row lock; here only the day's own limits.
  HOPTAC_RETURN_IF_ERROR(Prefixed(ValidateEventInput(change.reason, change.legal_document,
                                                     change.effective_date,
                                                     absl::CivilDay(1900, 1, 1), today),
                                  "change."));
  if (!change_context.etag().empty()) {
    int64_t revision = 0;
    if (!absl::SimpleAtoi(change_context.etag(), &revision)) {
      return absl::InvalidArgumentError("change.etag: not an etag this service issued");
    }
    change.expected_revision = revision;
  }
  return store.ChangeLifecycle(number, change, today, mutation, call.deadline);
}

}  // namespace

namespace {

// Suspend, Resume and Complete share one shape: name + change context.
template <typename Request, typename Response>
grpc::Status LifecycleCall(RegistryStore& store, grpc::ServerContext* context,
                           const Request& request, Response* response, LifecycleAction action,
                           DissolutionKind dissolution_kind, absl::CivilDay today) {
  const CallContext call = CallContextOf(*context);
  auto result = ChangeLifecycle(store, call, request, request.name(), request.change(), action,
                                dissolution_kind, today);
  if (result.ok()) CooperativeToProto(*result, response->mutable_cooperative());
  return ToGrpcStatus(result.status());
}

}  // namespace

grpc::Status RegistryService::SuspendCooperative(grpc::ServerContext* context,
                                                 const v1::SuspendCooperativeRequest* request,
                                                 v1::SuspendCooperativeResponse* response) {
  return LifecycleCall(store_, context, *request, response, LifecycleAction::kSuspend,
                       DissolutionKind::kVoluntary, today_());
}

grpc::Status RegistryService::ResumeCooperative(grpc::ServerContext* context,
                                                const v1::ResumeCooperativeRequest* request,
                                                v1::ResumeCooperativeResponse* response) {
  return LifecycleCall(store_, context, *request, response, LifecycleAction::kResume,
                       DissolutionKind::kVoluntary, today_());
}

grpc::Status RegistryService::StartCooperativeDissolution(
    grpc::ServerContext* context, const v1::StartCooperativeDissolutionRequest* request,
    v1::StartCooperativeDissolutionResponse* response) {
  auto kind = DissolutionKindFromProto(request->dissolution_kind(), "dissolution_kind");
  if (!kind.ok()) return ToGrpcStatus(kind.status());
  return LifecycleCall(store_, context, *request, response, LifecycleAction::kStartDissolution,
                       *kind, today_());
}

grpc::Status RegistryService::CompleteCooperativeDissolution(
    grpc::ServerContext* context, const v1::CompleteCooperativeDissolutionRequest* request,
    v1::CompleteCooperativeDissolutionResponse* response) {
  return LifecycleCall(store_, context, *request, response, LifecycleAction::kCompleteDissolution,
                       DissolutionKind::kVoluntary, today_());
}

grpc::Status RegistryService::RecordInspection(grpc::ServerContext* context,
                                               const v1::RecordInspectionRequest* request,
                                               v1::RecordInspectionResponse* response) {
  const CallContext call = CallContextOf(*context);
  return ToGrpcStatus([&]() -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(RecordTarget target, RecordTargetOf(call, *request));
    const std::string& number = target.registration_number;
    const MutationContext& mutation = target.mutation;
    const v1::Inspection& in = request->inspection();
    Inspection inspection;
    HOPTAC_ASSIGN_OR_RETURN(inspection.inspection_date,
                            RecordDate(in.inspection_date(), "inspection.inspection_date", today_()));
    inspection.inspecting_body = in.inspecting_body();
    inspection.findings = in.findings();
    inspection.legal_document = in.legal_document();
    HOPTAC_RETURN_IF_ERROR(
        NormalizeField(inspection.inspecting_body, "inspection.inspecting_body", 255, true));
    HOPTAC_RETURN_IF_ERROR(
        NormalizeField(inspection.findings, "inspection.findings", 5000, false, true));
    HOPTAC_RETURN_IF_ERROR(
        NormalizeField(inspection.legal_document, "inspection.legal_document", 500, false));
    HOPTAC_ASSIGN_OR_RETURN(Inspection recorded, store_.RecordInspection(number, inspection,
                                                                         mutation, call.deadline));
    InspectionToProto(number, recorded, response->mutable_inspection());
    return absl::OkStatus();
  }());
}

grpc::Status RegistryService::RecordAward(grpc::ServerContext* context,
                                          const v1::RecordAwardRequest* request,
                                          v1::RecordAwardResponse* response) {
  const CallContext call = CallContextOf(*context);
  return ToGrpcStatus([&]() -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(RecordTarget target, RecordTargetOf(call, *request));
    const std::string& number = target.registration_number;
    const MutationContext& mutation = target.mutation;
    const v1::Award& in = request->award();
    Award award;
    HOPTAC_ASSIGN_OR_RETURN(award.award_date,
                            RecordDate(in.award_date(), "award.award_date", today_()));
    award.title = in.title();
    award.event = in.event();
    award.awarding_body = in.awarding_body();
    award.legal_document = in.legal_document();
    HOPTAC_RETURN_IF_ERROR(NormalizeField(award.title, "award.title", 255, true));
    HOPTAC_RETURN_IF_ERROR(NormalizeField(award.event, "award.event", 500, false));
    HOPTAC_RETURN_IF_ERROR(NormalizeField(award.awarding_body, "award.awarding_body", 255, true));
    HOPTAC_RETURN_IF_ERROR(NormalizeField(award.legal_document, "award.legal_document", 500, false));
    HOPTAC_ASSIGN_OR_RETURN(Award recorded,
                            store_.RecordAward(number, award, mutation, call.deadline));
    AwardToProto(number, recorded, response->mutable_award());
    return absl::OkStatus();
  }());
}

grpc::Status RegistryService::RecordClassification(
    grpc::ServerContext* context, const v1::RecordClassificationRequest* request,
    v1::RecordClassificationResponse* response) {
  const CallContext call = CallContextOf(*context);
  return ToGrpcStatus([&]() -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(RecordTarget target, RecordTargetOf(call, *request));
    const std::string& number = target.registration_number;
    const MutationContext& mutation = target.mutation;
    const v1::Classification& in = request->classification();
    Classification classification;
    classification.year = in.year();
    HOPTAC_RETURN_IF_ERROR(CheckYear(classification.year, "classification.year", today_()));
    HOPTAC_ASSIGN_OR_RETURN(classification.grade,
                            GradeFromProto(in.grade(), "classification.grade"));
    HOPTAC_ASSIGN_OR_RETURN(
        classification.decision_date,
        RecordDate(in.decision_date(), "classification.decision_date", today_()));
    if (classification.decision_date.year() < classification.year) {
      return absl::InvalidArgumentError(
          "classification.decision_date: a year is classified after it begins");
    }
    classification.legal_document = in.legal_document();
    HOPTAC_RETURN_IF_ERROR(NormalizeField(classification.legal_document,
                                          "classification.legal_document", 500, false));
    HOPTAC_ASSIGN_OR_RETURN(Classification recorded,
                            store_.RecordClassification(number, classification, mutation,
                                                        call.deadline));
    ClassificationToProto(number, recorded, response->mutable_classification());
    return absl::OkStatus();
  }());
}

grpc::Status RegistryService::RecordAnnualReport(grpc::ServerContext* context,
                                                 const v1::RecordAnnualReportRequest* request,
                                                 v1::RecordAnnualReportResponse* response) {
  const CallContext call = CallContextOf(*context);
  return ToGrpcStatus([&]() -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(RecordTarget target, RecordTargetOf(call, *request));
    const std::string& number = target.registration_number;
    const MutationContext& mutation = target.mutation;
    const v1::AnnualReport& in = request->annual_report();
    AnnualReport report;
    report.year = in.year();
    HOPTAC_RETURN_IF_ERROR(CheckYear(report.year, "annual_report.year", today_()));
    HOPTAC_ASSIGN_OR_RETURN(report.received_date, RecordDate(in.received_date(),
                                                             "annual_report.received_date",
                                                             today_()));
    HOPTAC_ASSIGN_OR_RETURN(report.due_date,
                            DayFromProto(in.due_date(), "annual_report.due_date"));
    if (report.due_date.year() < report.year) {
      return absl::InvalidArgumentError(
          "annual_report.due_date: a year's report falls due after the year begins");
    }
    HOPTAC_ASSIGN_OR_RETURN(AnnualReport recorded,
                            store_.RecordAnnualReport(number, report, mutation, call.deadline));
    AnnualReportToProto(number, recorded, response->mutable_annual_report());
    return absl::OkStatus();
  }());
}

grpc::Status RegistryService::ListCooperativeEvents(
    grpc::ServerContext* context, const v1::ListCooperativeEventsRequest* request,
    v1::ListCooperativeEventsResponse* response) {
  const CallContext call = CallContextOf(*context);
  return ToGrpcStatus([&]() -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(std::string number,
                            ParseResourceName(request->parent(), "cooperatives", "parent"));
    HOPTAC_ASSIGN_OR_RETURN(int page_size, EffectivePageSize(request->page_size(),
                                                             kDefaultEventPage, kMaxEventPage));
    HOPTAC_ASSIGN_OR_RETURN(std::vector<std::string> after,
                            DecodePageToken(request->page_token(), request->parent()));
    HOPTAC_ASSIGN_OR_RETURN(EventPage page,
                            store_.ListEvents(number, page_size, after, call.deadline));
    for (const CooperativeEvent& e : page.events) EventToProto(number, e, response->add_events());
    if (!page.next_after.empty()) {
      response->set_next_page_token(EncodePageToken(page.next_after, request->parent()));
    }
    return absl::OkStatus();
  }());
}

grpc::Status RegistryService::GetRegistryStatistics(
    grpc::ServerContext* context, const v1::GetRegistryStatisticsRequest* request,
    v1::GetRegistryStatisticsResponse* response) {
  const CallContext call = CallContextOf(*context);
  return ToGrpcStatus([&]() -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(std::string code,
                            ParseResourceName(request->org_unit(), "orgUnits", "org_unit"));
    HOPTAC_ASSIGN_OR_RETURN(Period period, PeriodFromProto(request->period(), "period"));
    HOPTAC_ASSIGN_OR_RETURN(RegistryStatistics stats,
                            store_.GetStatistics(code, period, call.deadline));
    StatisticsToProto(stats, response);
    return absl::OkStatus();
  }());
}

}  // namespace hoptac::registry
