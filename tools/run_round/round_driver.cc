#include "tools/run_round/round_driver.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/status_macros.h"
#include "services/report/template_files.h"
#include "tools/run_round/grpc_call.h"
#include "tools/run_round/round_script.h"
#include "tools/run_round/unit_report.h"

namespace hoptac::round {
namespace {

namespace gw = ::hoptac::gateway::v1;
namespace rp = ::hoptac::report::v1;
using GatewayStub = gw::GatewayService::StubInterface;
using google::protobuf::util::MessageDifferencer;

// What the returned unit adds to its report before resubmitting.
constexpr char kAmendedSlot[] = "causes";
constexpr char kAmendment[] =
    "- Nguồn lực hỗ trợ phát triển kinh tế tập thể còn hạn chế, kinh phí thực hiện các chính "
    "sách hỗ trợ chưa đáp ứng nhu cầu của các hợp tác xã (bổ sung theo ý kiến của Sở Kế hoạch "
    "và Đầu tư).";

gw::ReportingRound WantedRound(const RoundOptions& o) {
  gw::ReportingRound r;
  r.set_org_unit(absl::StrCat("orgUnits/", o.province));
  auto* start = r.mutable_period()->mutable_start_date();
  start->set_year(o.year);
  start->set_month(1);
  start->set_day(1);
  auto* end = r.mutable_period()->mutable_end_date();
  end->set_year(o.year);
  end->set_month(12);
  end->set_day(31);
  r.set_template_(o.template_name);
  r.set_request_letter(o.request_letter);
  r.set_title(o.title);
  return r;
}

// A round of an earlier run with the same period, template, letter and title.
absl::StatusOr<std::optional<gw::ReportingRound>> FindRound(GatewayStub& gateway,
                                                            const gw::ReportingRound& wanted) {
  gw::ListReportingRoundsRequest list;
  list.set_page_size(200);
  do {
    HOPTAC_ASSIGN_OR_RETURN(
        auto page, Call("ListReportingRounds", gateway, &GatewayStub::ListReportingRounds, list));
    for (const gw::ReportingRound& r : page.reporting_rounds()) {
      if (r.org_unit() == wanted.org_unit() &&
          MessageDifferencer::Equals(r.period(), wanted.period()) &&
          r.template_() == wanted.template_() && r.request_letter() == wanted.request_letter() &&
          r.title() == wanted.title()) {
        return r;
      }
    }
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  return std::nullopt;
}

std::string StateName(gw::SubmissionState state) {
  switch (state) {
    case gw::SUBMISSION_STATE_NOT_STARTED: return "chưa nộp";
    case gw::SUBMISSION_STATE_DRAFT: return "đang soạn thảo";
    case gw::SUBMISSION_STATE_SUBMITTED_ON_TIME: return "nộp đúng hạn";
    case gw::SUBMISSION_STATE_SUBMITTED_LATE: return "nộp muộn";
    case gw::SUBMISSION_STATE_RETURNED: return "bị trả lại";
    case gw::SUBMISSION_STATE_RESUBMITTED: return "nộp lại";
    case gw::SUBMISSION_STATE_ACCEPTED: return "đã tiếp nhận";
    default: return "không rõ";
  }
}

std::string UnitCode(const rp::ReportDraft& draft) {
  return std::string(absl::StripPrefix(draft.org_unit(), "orgUnits/"));
}

class RoundPlayer {
 public:
  RoundPlayer(const RoundOptions& options, GatewayStub& gateway,
              rp::ReportService::StubInterface& report, std::ostream& progress)
      : options_(options),
        gateway_(gateway),
        report_(report),
        progress_(progress),
        prefix_(absl::StrCat(options.request_prefix, "/", options.province, "/", options.year)) {}

  absl::StatusOr<RoundResult> Play();

 private:
  absl::Status PrepareUnits();
  absl::Status OpenRound(RoundResult& result);
  absl::StatusOr<gw::Submission> Submit(const std::string& code, const rp::ReportSnapshot& snapshot,
                                        int version);
  absl::Status ReturnAndResubmit(const std::string& code);
  absl::Status AcceptAll(const std::vector<std::string>& codes);
  absl::Status BuildAndWrite(RoundResult& result);
  std::string Name(const std::string& code) const;
  absl::StatusOr<std::string> UnitToken(const std::string& code) const;

  const RoundOptions& options_;
  GatewayStub& gateway_;
  rp::ReportService::StubInterface& report_;
  std::ostream& progress_;
  const std::string prefix_;
  gw::ReportingRound round_;
  std::map<std::string, UnitReport> units_;                   // by code
  std::map<std::string, rp::ReportSnapshot> first_snapshot_;  // by code
};

std::string RoundPlayer::Name(const std::string& code) const {
  for (const gw::ExpectedUnit& u : round_.expected_units()) {
    if (u.code() == code) return absl::StrCat(u.display_name(), " (", code, ")");
  }
  return code;
}

// The token unit `code` acts with: its officer's from unit_token_dir, or
// empty (the process's token).
absl::StatusOr<std::string> RoundPlayer::UnitToken(const std::string& code) const {
  if (options_.unit_token_dir.empty()) return std::string();
  return ReadBearerTokenFile(
      (std::filesystem::path(options_.unit_token_dir) / absl::StrCat("unit-", code, ".token"))
          .string());
}

// Each unit creates its draft, assembles it and submits it in the report
// service: the snapshot it then hands in to the round.
absl::Status RoundPlayer::PrepareUnits() {
  for (const std::string& dir : options_.draft_dirs) {
    HOPTAC_ASSIGN_OR_RETURN(rp::ReportDraft draft, report::LoadDraftDirectory(dir));
    const std::string code = UnitCode(draft);
    if (units_.contains(code)) {
      return absl::InvalidArgumentError(absl::StrCat("two drafts of orgUnits/", code, ": ", dir));
    }
    HOPTAC_ASSIGN_OR_RETURN(std::string token, UnitToken(code));
    UnitReport& unit =
        units_.try_emplace(code, report_, absl::StrCat(prefix_, "/", code), std::move(token))
            .first->second;
    HOPTAC_RETURN_IF_ERROR(unit.CreateDraft(draft));
    HOPTAC_ASSIGN_OR_RETURN(first_snapshot_[code], unit.AssembleAndSubmit(1));
    progress_ << "  " << draft.issuing_body() << ": dự thảo " << unit.draft_name()
              << ", đã tổng hợp số liệu và chốt báo cáo " << first_snapshot_[code].name() << "\n";
  }
  return absl::OkStatus();
}

absl::Status RoundPlayer::OpenRound(RoundResult& result) {
  const gw::ReportingRound wanted = WantedRound(options_);
  HOPTAC_ASSIGN_OR_RETURN(std::optional<gw::ReportingRound> found, FindRound(gateway_, wanted));
  if (found) {
    round_ = *std::move(found);
    result.reused = true;
    progress_ << "Đợt báo cáo đã có từ lần chạy trước: " << round_.name()
              << " (hạn nộp " << absl::FormatTime("%H:%M:%S %d/%m/%Y UTC",
                                                   absl::FromUnixSeconds(round_.deadline().seconds()),
                                                   absl::UTCTimeZone())
              << "); các bước sau được gửi lại với cùng request_id và không áp dụng hai lần.\n";
    return absl::OkStatus();
  }
  gw::CreateReportingRoundRequest create;
  *create.mutable_reporting_round() = wanted;
  // Whole seconds: the window is at least its length less one second.
  create.mutable_reporting_round()->mutable_deadline()->set_seconds(
      absl::ToUnixSeconds(absl::Now() + options_.deadline_window + absl::Seconds(1)));
  create.set_request_id(absl::StrCat(prefix_, "/round"));
  HOPTAC_ASSIGN_OR_RETURN(auto created, Call("CreateReportingRound", gateway_,
                                             &GatewayStub::CreateReportingRound, create));
  round_ = created.reporting_round();
  progress_ << "Mở đợt báo cáo " << round_.name() << " (" << round_.title() << "), trả lời "
            << round_.request_letter() << "; " << round_.expected_units_size()
            << " đơn vị phải báo cáo; hạn nộp sau " << absl::FormatDuration(options_.deadline_window)
            << ".\n";
  return absl::OkStatus();
}

absl::StatusOr<gw::Submission> RoundPlayer::Submit(const std::string& code,
                                                   const rp::ReportSnapshot& snapshot, int version) {
  gw::SubmitToRoundRequest request;
  request.set_reporting_round(round_.name());
  request.set_org_unit(absl::StrCat("orgUnits/", code));
  request.set_snapshot(snapshot.name());
  request.set_request_id(absl::StrCat(prefix_, "/", code, "/submit-", version));
  HOPTAC_ASSIGN_OR_RETURN(auto submitted, Call("SubmitToRound", gateway_,
                                               &GatewayStub::SubmitToRound, request,
                                               units_.at(code).token()));
  progress_ << "  " << Name(code) << " nộp báo cáo (lần " << version << "): "
            << StateName(submitted.submission().state()) << "\n";
  return submitted.submission();
}

absl::Status RoundPlayer::ReturnAndResubmit(const std::string& code) {
  gw::ReturnSubmissionRequest request;
  request.set_reporting_round(round_.name());
  request.set_org_unit(absl::StrCat("orgUnits/", code));
  request.set_reason(options_.return_reason);
  request.set_request_id(absl::StrCat(prefix_, "/", code, "/return-1"));
  HOPTAC_RETURN_IF_ERROR(
      Call("ReturnSubmission", gateway_, &GatewayStub::ReturnSubmission, request).status());
  progress_ << "  Sở trả lại báo cáo của " << Name(code) << ": " << options_.return_reason << "\n";
  UnitReport& unit = units_.at(code);
  HOPTAC_RETURN_IF_ERROR(unit.AmendNarrative(kAmendedSlot, kAmendment));
  HOPTAC_ASSIGN_OR_RETURN(rp::ReportSnapshot amended, unit.AssembleAndSubmit(2));
  return Submit(code, amended, 2).status();
}

absl::Status RoundPlayer::AcceptAll(const std::vector<std::string>& codes) {
  for (const std::string& code : codes) {
    gw::AcceptSubmissionRequest request;
    request.set_reporting_round(round_.name());
    request.set_org_unit(absl::StrCat("orgUnits/", code));
    request.set_request_id(absl::StrCat(prefix_, "/", code, "/accept"));
    HOPTAC_RETURN_IF_ERROR(
        Call("AcceptSubmission", gateway_, &GatewayStub::AcceptSubmission, request).status());
  }
  progress_ << "  Sở tiếp nhận báo cáo của " << codes.size() << " đơn vị.\n";
  return absl::OkStatus();
}

absl::Status RoundPlayer::BuildAndWrite(RoundResult& result) {
  gw::BuildConsolidatedReportRequest build;
  build.set_reporting_round(round_.name());
  build.set_basis(gw::CONSOLIDATION_BASIS_ACCEPTED);
  HOPTAC_ASSIGN_OR_RETURN(auto built, Call("BuildConsolidatedReport", gateway_,
                                           &GatewayStub::BuildConsolidatedReport, build));
  const std::filesystem::path base(options_.out);
  if (base.has_parent_path()) std::filesystem::create_directories(base.parent_path());
  for (const auto& [extension, bytes] : std::vector<std::pair<std::string, const std::string*>>{
           {".docx", &built.report().docx()},
           {".md", &built.report().markdown()},
           {".xlsx", &built.report().xlsx()}}) {
    const std::string path = options_.out + extension;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << *bytes;
    if (!out.good()) return absl::InternalError(absl::StrCat("cannot write ", path));
    result.files.push_back(path);
  }
  return absl::OkStatus();
}

absl::StatusOr<RoundResult> RoundPlayer::Play() {
  RoundResult result;
  progress_ << "Các đơn vị lập và chốt báo cáo năm " << options_.year << ":\n";
  HOPTAC_RETURN_IF_ERROR(PrepareUnits());
  HOPTAC_RETURN_IF_ERROR(OpenRound(result));

  std::vector<std::string> codes;
  for (const gw::ExpectedUnit& u : round_.expected_units()) {
    if (units_.contains(u.code())) codes.push_back(u.code());
  }
  for (const auto& [code, unit] : units_) {
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) {
      progress_ << "  (bỏ qua orgUnits/" << code << ": không thuộc đợt báo cáo)\n";
    }
  }
  const RoundScript script = PlanRoundScript(codes, options_.late_units, options_.returned_unit);
  progress_ << "Nộp báo cáo trước hạn:\n";
  for (const std::string& code : script.on_time) {
    HOPTAC_RETURN_IF_ERROR(Submit(code, first_snapshot_.at(code), 1).status());
  }
  // The gateway's clock decides on time or late: wait until it has passed the deadline.
  const absl::Time deadline = absl::FromUnixSeconds(round_.deadline().seconds()) +
                              absl::Nanoseconds(round_.deadline().nanos());
  if (!script.late.empty() && absl::Now() < deadline + absl::Milliseconds(300)) {
    progress_ << "Chờ quá hạn nộp ("
              << absl::FormatDuration(absl::Trunc(deadline - absl::Now(), absl::Milliseconds(100)))
              << ")...\n";
    absl::SleepFor(deadline + absl::Milliseconds(300) - absl::Now());
  }
  if (!script.late.empty()) progress_ << "Nộp báo cáo sau hạn:\n";
  for (const std::string& code : script.late) {
    HOPTAC_RETURN_IF_ERROR(Submit(code, first_snapshot_.at(code), 1).status());
  }
  if (!script.returned.empty()) {
    progress_ << "Trả lại và nộp lại:\n";
    HOPTAC_RETURN_IF_ERROR(ReturnAndResubmit(script.returned));
  }
  HOPTAC_RETURN_IF_ERROR(AcceptAll(codes));

  gw::GetRoundStatusRequest status;
  status.set_reporting_round(round_.name());
  HOPTAC_ASSIGN_OR_RETURN(result.status,
                          Call("GetRoundStatus", gateway_, &GatewayStub::GetRoundStatus, status));
  HOPTAC_RETURN_IF_ERROR(BuildAndWrite(result));
  result.round = round_;
  return result;
}

std::string Percent(double value) {
  return absl::StrReplaceAll(absl::StrFormat("%.1f", value), {{".", ","}});
}


}  // namespace

absl::StatusOr<RoundResult> RunRound(const RoundOptions& options, GatewayStub& gateway,
                                     rp::ReportService::StubInterface& report,
                                     std::ostream& progress) {
  return RoundPlayer(options, gateway, report, progress).Play();
}

std::string DescribeStatus(const gw::GetRoundStatusResponse& s) {
  std::string text = absl::StrCat(
      "Đợt báo cáo ", s.reporting_round(), ": đã nộp ", s.submitted_count(), "/",
      s.expected_count(), " đơn vị (tỷ lệ đầy đủ ", Percent(s.completeness_percent()),
      "%), đúng hạn ", s.on_time_count(), "/", s.expected_count(), " (tỷ lệ đúng hạn ",
      Percent(s.timeliness_percent()), "%), muộn ", s.late_count(), ", đang bị trả lại ",
      s.returned_count(), ", đã tiếp nhận ", s.accepted_count(), ".\n");
  for (const gw::UnitStatus& u : s.units()) {
    absl::StrAppend(&text, "  ", u.unit().code(), " ", u.unit().display_name(), ": ",
                    StateName(u.state()));
    if (u.versions() > 0) {
      absl::StrAppend(&text, ", ", u.on_time() ? "đúng hạn" : "muộn", ", ", u.versions(),
                      " lần nộp");
    }
    if (!u.return_reason().empty()) absl::StrAppend(&text, "; lý do trả lại: ", u.return_reason());
    absl::StrAppend(&text, "\n");
  }
  for (const gw::ExpectedUnit& u : s.missing_units()) {
    absl::StrAppend(&text, "  Chưa có báo cáo: ", u.display_name(), " (", u.code(), ")\n");
  }
  return text;
}

}  // namespace hoptac::round
