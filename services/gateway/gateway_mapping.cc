#include "services/gateway/gateway_mapping.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/timestamp.pb.h"
#include "hoptac/report/v1/report_service.pb.h"
#include "services/common/proto_date.h"
#include "services/common/resource_name.h"

namespace hoptac::gateway {

void TimeToProto(absl::Time time, google::protobuf::Timestamp* out) {
  const int64_t micros = absl::ToUnixMicros(time);
  int64_t seconds = micros / 1'000'000;
  int64_t rest = micros % 1'000'000;
  if (rest < 0) {
    rest += 1'000'000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(rest * 1000));
}

void UnitToProto(const ExpectedUnitInfo& unit, v1::ExpectedUnit* out) {
  out->set_org_unit(ResourceName("orgUnits", unit.code));
  out->set_code(unit.code);
  out->set_display_name(unit.display_name);
}

void RoundToProto(const RoundRecord& round, v1::ReportingRound* out) {
  out->set_name(absl::StrCat("reportingRounds/", round.id));
  out->set_org_unit(ResourceName("orgUnits", round.org_unit_code));
  PeriodToProto(round.period, out->mutable_period());
  PeriodToProto(round.data_window, out->mutable_data_window());
  out->set_template_(round.template_name);
  out->set_request_letter(round.request_letter);
  TimeToProto(round.deadline, out->mutable_deadline());
  out->set_issuing_body(round.issuing_body);
  out->set_title(round.title);
  for (const ExpectedUnitInfo& u : round.expected_units) UnitToProto(u, out->add_expected_units());
  TimeToProto(round.create_time, out->mutable_create_time());
}

absl::Status SubmissionToProto(const SubmissionRecord& r, v1::Submission* out) {
  out->set_name(absl::StrCat("reportingRounds/", r.round_id, "/submissions/", r.id));
  out->set_org_unit(ResourceName("orgUnits", r.unit_code));
  out->set_version(r.version);
  out->set_snapshot(r.snapshot_name);
  out->set_state(static_cast<v1::SubmissionState>(r.state));
  TimeToProto(r.submit_time, out->mutable_submit_time());
  out->set_content_sha256(r.content_sha256);
  if (!r.snapshot_bytes.empty()) {
    report::v1::ReportSnapshot snapshot;
    if (!snapshot.ParseFromString(r.snapshot_bytes)) {
      return absl::DataLossError(absl::StrCat("the stored snapshot of ", out->name(),
                                              " does not parse"));
    }
    *out->mutable_statistics() = snapshot.report().statistics();
    out->set_markdown(snapshot.report().markdown());
  }
  out->set_return_reason(r.return_reason);
  if (r.review_time) TimeToProto(*r.review_time, out->mutable_review_time());
  return absl::OkStatus();
}

void StatusToProto(int64_t round_id, const RoundStatusFigures& f,
                   v1::GetRoundStatusResponse* out) {
  out->set_reporting_round(absl::StrCat("reportingRounds/", round_id));
  out->set_expected_count(f.expected);
  out->set_submitted_count(f.submitted);
  out->set_on_time_count(f.on_time);
  out->set_late_count(f.late);
  out->set_returned_count(f.returned);
  out->set_accepted_count(f.accepted);
  out->set_draft_count(f.drafting);
  out->set_completeness_percent(f.completeness_percent);
  out->set_timeliness_percent(f.timeliness_percent);
  for (const UnitStatusRow& row : f.units) {
    v1::UnitStatus* u = out->add_units();
    UnitToProto(row.unit, u->mutable_unit());
    u->set_state(row.drafting ? v1::SUBMISSION_STATE_DRAFT
                              : static_cast<v1::SubmissionState>(row.progress.state));
    u->set_on_time(row.progress.on_time);
    u->set_versions(row.progress.versions);
    if (row.progress.first_submit_time) {
      TimeToProto(*row.progress.first_submit_time, u->mutable_first_submit_time());
    }
    u->set_return_reason(row.progress.return_reason);
  }
  for (const ExpectedUnitInfo& m : f.missing_units) UnitToProto(m, out->add_missing_units());
}

}  // namespace hoptac::gateway
