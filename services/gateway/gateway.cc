#include "services/gateway/gateway.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/auth/audit_log.h"
#include "services/common/page_token.h"
#include "services/common/period.h"
#include "services/common/request_log.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"
#include "services/gateway/gateway_mapping.h"
#include "services/gateway/gateway_requests.h"
#include "services/gateway/round_status.h"
#include "unicode/locid.h"
#include "unicode/unistr.h"

namespace hoptac::gateway {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;

std::string ToUpperVietnamese(const std::string& text) {
  std::string out;
  icu::UnicodeString::fromUTF8(text).toUpper(icu::Locale("vi")).toUTF8String(out);
  return out;
}

MutationContext Mutation(const CallInfo& call, const std::string& request_id,
                         const google::protobuf::Message& request) {
  return MutationContext{call.actor, request_id, RequestFingerprint(request),
                         AuditEventFor(call.caller, call.method, "", request_id)};
}

// The unit code of a forwarded query's filter ("" when none), checked.
absl::StatusOr<std::string> QueryUnitCode(const std::string& code, absl::string_view field) {
  if (code.empty()) return code;
  HOPTAC_RETURN_IF_ERROR(CheckUnitCode(code, field));
  return code;
}

template <typename Response>
absl::StatusOr<Response> WithSubmission(const SubmissionRecord& record) {
  Response response;
  HOPTAC_RETURN_IF_ERROR(SubmissionToProto(record, response.mutable_submission()));
  return response;
}

}  // namespace

absl::StatusOr<v1::CreateReportingRoundResponse> Gateway::CreateReportingRound(
    const v1::CreateReportingRoundRequest& request, const CallInfo& call) {
  HOPTAC_RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  HOPTAC_ASSIGN_OR_RETURN(RoundRecord round, DecodeRound(request.reporting_round()));
  // Opening a round is a province duty, checked before the registry is asked.
  HOPTAC_RETURN_IF_ERROR(CheckAccess(call, Access::kAdminister, round.org_unit_code));
  auto province = sources_.GetOrgUnit(call, round.org_unit_code, round.period.end);
  if (!province.ok()) return AboutField(province.status(), "reporting_round.org_unit");
  round.province_name = province->display_name;
  if (round.issuing_body.empty()) {
    round.issuing_body = absl::StrCat("SỞ KẾ HOẠCH VÀ ĐẦU TƯ ", ToUpperVietnamese(province->display_name));
  }
  auto report_template = sources_.GetTemplate(call, request.reporting_round().template_());
  if (!report_template.ok()) {
    return AboutField(report_template.status(), "reporting_round.template");
  }
  round.template_name = report_template->name();
  report_template->SerializeToString(&round.template_bytes);
  // The units valid on the period's last day: a 2023 round expects the
  // district-level units, a 2026 round the communes (no district level).
  HOPTAC_ASSIGN_OR_RETURN(round.expected_units,
                          sources_.ListChildUnits(call, round.org_unit_code, round.period.end));
  if (round.expected_units.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "reporting_round.org_unit: orgUnits/", round.org_unit_code, " has no units valid on ",
        FormatDay(round.period.end), " to report"));
  }
  HOPTAC_ASSIGN_OR_RETURN(
      RoundRecord stored,
      store_.CreateRound(round, Mutation(call, request.request_id(), request), call.deadline));
  v1::CreateReportingRoundResponse response;
  RoundToProto(stored, response.mutable_reporting_round());
  return response;
}

absl::StatusOr<v1::GetReportingRoundResponse> Gateway::GetReportingRound(
    const v1::GetReportingRoundRequest& request, const CallInfo& call) {
  HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseRoundId(request.name(), "name"));
  HOPTAC_ASSIGN_OR_RETURN(RoundRecord round, store_.GetRound(id, call.deadline));
  v1::GetReportingRoundResponse response;
  RoundToProto(round, response.mutable_reporting_round());
  return response;
}

absl::StatusOr<v1::ListReportingRoundsResponse> Gateway::ListReportingRounds(
    const v1::ListReportingRoundsRequest& request, const CallInfo& call) {
  HOPTAC_ASSIGN_OR_RETURN(int page_size,
                          EffectivePageSize(request.page_size(), kDefaultPageSize, kMaxPageSize));
  HOPTAC_ASSIGN_OR_RETURN(auto position, DecodePageToken(request.page_token(), "rounds"));
  int64_t before = 0;
  if (!position.empty() && (position.size() != 1 || !absl::SimpleAtoi(position[0], &before))) {
    return absl::InvalidArgumentError("page_token: malformed");
  }
  HOPTAC_ASSIGN_OR_RETURN(auto rounds, store_.ListRounds(page_size, before, call.deadline));
  v1::ListReportingRoundsResponse response;
  for (const RoundRecord& r : rounds) RoundToProto(r, response.add_reporting_rounds());
  if (static_cast<int>(rounds.size()) == page_size) {
    response.set_next_page_token(EncodePageToken({absl::StrCat(rounds.back().id)}, "rounds"));
  }
  return response;
}

absl::StatusOr<v1::SubmitToRoundResponse> Gateway::SubmitToRound(
    const v1::SubmitToRoundRequest& request, const CallInfo& call) {
  HOPTAC_RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseRoundId(request.reporting_round(), "reporting_round"));
  HOPTAC_ASSIGN_OR_RETURN(std::string code, ParseUnitCode(request.org_unit(), "org_unit"));
  if (!absl::StartsWith(request.snapshot(), "reportDrafts/") ||
      !absl::StrContains(request.snapshot(), "/snapshots/")) {
    return absl::InvalidArgumentError(
        "snapshot: required, \"reportDrafts/{draft}/snapshots/{id}\"");
  }
  HOPTAC_RETURN_IF_ERROR(CheckLength(request.snapshot(), kMaxNameLength, "snapshot"));
  // The submitting unit writes; its report is fetched with the caller's token.
  HOPTAC_RETURN_IF_ERROR(CheckAccess(call, Access::kWrite, code));
  HOPTAC_ASSIGN_OR_RETURN(RoundRecord round, store_.GetRound(id, call.deadline));
  HOPTAC_RETURN_IF_ERROR(CheckExpected(round, code));
  HOPTAC_ASSIGN_OR_RETURN(report::v1::ReportTemplate report_template, StoredTemplate(round));
  auto snapshot = sources_.GetSnapshot(call, request.snapshot());
  if (!snapshot.ok()) return AboutField(snapshot.status(), "snapshot");
  HOPTAC_RETURN_IF_ERROR(CheckSnapshotFits(round, code, *snapshot, report_template));
  NewSubmission submission;
  submission.unit_code = code;
  submission.snapshot_name = snapshot->name();
  submission.content_sha256 = snapshot->content_sha256();
  snapshot->mutable_report()->clear_docx();  // the statistics and text are what consolidate
  snapshot->SerializeToString(&submission.snapshot_bytes);
  HOPTAC_ASSIGN_OR_RETURN(
      SubmissionRecord stored,
      store_.Submit(id, submission, absl::Now(), Mutation(call, request.request_id(), request),
                    call.deadline));
  return WithSubmission<v1::SubmitToRoundResponse>(stored);
}

absl::StatusOr<v1::ReturnSubmissionResponse> Gateway::ReturnSubmission(
    const v1::ReturnSubmissionRequest& request, const CallInfo& call) {
  HOPTAC_RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseRoundId(request.reporting_round(), "reporting_round"));
  HOPTAC_ASSIGN_OR_RETURN(std::string code, ParseUnitCode(request.org_unit(), "org_unit"));
  Review review;
  HOPTAC_ASSIGN_OR_RETURN(review.return_reason,
                          NormalizeMultilineText(request.reason(), "reason"));
  if (review.return_reason.empty()) {
    return absl::InvalidArgumentError("reason: required when returning a report");
  }
  HOPTAC_RETURN_IF_ERROR(CheckLength(review.return_reason, kMaxReasonLength, "reason"));
  HOPTAC_RETURN_IF_ERROR(CheckProvinceDuty(id, call));
  HOPTAC_ASSIGN_OR_RETURN(
      SubmissionRecord stored,
      store_.ReviewCurrent(id, code, review, absl::Now(),
                           Mutation(call, request.request_id(), request), call.deadline));
  return WithSubmission<v1::ReturnSubmissionResponse>(stored);
}

absl::StatusOr<v1::AcceptSubmissionResponse> Gateway::AcceptSubmission(
    const v1::AcceptSubmissionRequest& request, const CallInfo& call) {
  HOPTAC_RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseRoundId(request.reporting_round(), "reporting_round"));
  HOPTAC_ASSIGN_OR_RETURN(std::string code, ParseUnitCode(request.org_unit(), "org_unit"));
  HOPTAC_RETURN_IF_ERROR(CheckProvinceDuty(id, call));
  Review review;
  review.accept = true;
  HOPTAC_ASSIGN_OR_RETURN(
      SubmissionRecord stored,
      store_.ReviewCurrent(id, code, review, absl::Now(),
                           Mutation(call, request.request_id(), request), call.deadline));
  return WithSubmission<v1::AcceptSubmissionResponse>(stored);
}

absl::StatusOr<v1::ListSubmissionsResponse> Gateway::ListSubmissions(
    const v1::ListSubmissionsRequest& request, const CallInfo& call) {
  HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseRoundId(request.reporting_round(), "reporting_round"));
  std::optional<std::string> only;
  if (!request.org_unit().empty()) {
    HOPTAC_ASSIGN_OR_RETURN(only, ParseUnitCode(request.org_unit(), "org_unit"));
  }
  HOPTAC_ASSIGN_OR_RETURN(int page_size,
                          EffectivePageSize(request.page_size(), kDefaultPageSize, kMaxPageSize));
  // One unit's versions need that unit readable; all of them, the province.
  HOPTAC_ASSIGN_OR_RETURN(RoundRecord round, store_.GetRound(id, call.deadline));
  HOPTAC_RETURN_IF_ERROR(ReadableUnit(call, only.value_or(round.org_unit_code)).status());
  const std::string filters = absl::StrCat(id, "/", only.value_or(""));
  HOPTAC_ASSIGN_OR_RETURN(auto position, DecodePageToken(request.page_token(), filters));
  std::string after_code;
  int after_version = 0;
  if (!position.empty()) {
    if (position.size() != 2 || !absl::SimpleAtoi(position[1], &after_version)) {
      return absl::InvalidArgumentError("page_token: malformed");
    }
    after_code = position[0];
  }
  HOPTAC_ASSIGN_OR_RETURN(auto records,
                          store_.ListSubmissions(id, only, page_size, after_code, after_version,
                                                 true, call.deadline));
  v1::ListSubmissionsResponse response;
  for (const SubmissionRecord& r : records) {
    HOPTAC_RETURN_IF_ERROR(SubmissionToProto(r, response.add_submissions()));
  }
  if (static_cast<int>(records.size()) == page_size) {
    response.set_next_page_token(EncodePageToken(
        {records.back().unit_code, absl::StrCat(records.back().version)}, filters));
  }
  return response;
}

absl::StatusOr<v1::GetRoundStatusResponse> Gateway::GetRoundStatus(
    const v1::GetRoundStatusRequest& request, const CallInfo& call) {
  HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseRoundId(request.reporting_round(), "reporting_round"));
  HOPTAC_ASSIGN_OR_RETURN(RoundRecord round, store_.GetRound(id, call.deadline));
  HOPTAC_RETURN_IF_ERROR(CheckAccess(call, Access::kRead, round.org_unit_code));
  HOPTAC_ASSIGN_OR_RETURN(auto progress, store_.ListProgress(id, call.deadline));
  // Drafts live in the report service: ask about the units with nothing here.
  std::vector<std::string> not_started;
  for (const UnitProgress& p : progress) {
    if (p.state == UnitState::kNotStarted) not_started.push_back(p.code);
  }
  absl::flat_hash_set<std::string> drafting;
  if (!not_started.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(auto codes, sources_.UnitsWithDrafts(call, not_started, round.period,
                                                                 round.template_name));
    drafting.insert(codes.begin(), codes.end());
  }
  v1::GetRoundStatusResponse response;
  StatusToProto(id, ComputeRoundStatus(round.expected_units, progress, drafting), &response);
  return response;
}

absl::Status Gateway::CheckProvinceDuty(int64_t round_id, const CallInfo& call) {
  HOPTAC_ASSIGN_OR_RETURN(RoundRecord round, store_.GetRound(round_id, call.deadline));
  return CheckAccess(call, Access::kAdminister, round.org_unit_code);
}

// The read APIs: the caller must read the unit it asks about (its own when it
// names none, and then the query is narrowed to it); the owning service
// checks the forwarded token again.

absl::StatusOr<v1::ListCooperativesResponse> Gateway::ListCooperatives(
    const v1::ListCooperativesRequest& request, const CallInfo& call) {
  std::string code;
  if (!request.query().org_unit().empty()) {
    HOPTAC_ASSIGN_OR_RETURN(code, ParseUnitCode(request.query().org_unit(), "query.org_unit"));
  }
  HOPTAC_ASSIGN_OR_RETURN(std::string readable, ReadableUnit(call, code));
  if (code.empty() && !readable.empty()) {
    v1::ListCooperativesRequest narrowed = request;
    narrowed.mutable_query()->set_org_unit(absl::StrCat("orgUnits/", readable));
    return reads_.ListCooperatives(narrowed, call);
  }
  return reads_.ListCooperatives(request, call);
}

absl::StatusOr<v1::ListGrantsResponse> Gateway::ListGrants(const v1::ListGrantsRequest& request,
                                                           const CallInfo& call) {
  HOPTAC_RETURN_IF_ERROR(ReadableUnit(call, "").status());
  return reads_.ListGrants(request, call);
}

absl::StatusOr<v1::ListLedgerEntriesResponse> Gateway::ListLedgerEntries(
    const v1::ListLedgerEntriesRequest& request, const CallInfo& call) {
  HOPTAC_RETURN_IF_ERROR(ReadableUnit(call, "").status());
  return reads_.ListLedgerEntries(request, call);
}

absl::StatusOr<v1::ListActivitiesResponse> Gateway::ListActivities(
    const v1::ListActivitiesRequest& request, const CallInfo& call) {
  HOPTAC_ASSIGN_OR_RETURN(std::string code,
                          QueryUnitCode(request.query().org_unit_code(), "query.org_unit_code"));
  HOPTAC_ASSIGN_OR_RETURN(std::string readable, ReadableUnit(call, code));
  if (code.empty() && !readable.empty()) {
    v1::ListActivitiesRequest narrowed = request;
    narrowed.mutable_query()->set_org_unit_code(readable);
    return reads_.ListActivities(narrowed, call);
  }
  return reads_.ListActivities(request, call);
}

}  // namespace hoptac::gateway
