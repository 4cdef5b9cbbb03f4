// Gateway::BuildConsolidatedReport: the included, missing and unaccepted units
// by the chosen basis, the stored snapshots consolidated (consolidation.h),
// and the three renderings (consolidated_renderers.h).
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/status_macros.h"
#include "services/gateway/consolidated_renderers.h"
#include "services/gateway/consolidation.h"
#include "services/gateway/gateway.h"
#include "services/gateway/gateway_requests.h"

namespace hoptac::gateway {
namespace {

// "Tỉnh Lạng Sơn" -> "Lạng Sơn" (the place in a date line).
std::string PlaceName(const std::string& province) {
  for (const char* prefix : {"Tỉnh ", "Thành phố "}) {
    if (absl::StartsWith(province, prefix)) return province.substr(std::string(prefix).size());
  }
  return province;
}

}  // namespace

absl::StatusOr<v1::BuildConsolidatedReportResponse> Gateway::BuildConsolidatedReport(
    const v1::BuildConsolidatedReportRequest& request, const CallInfo& call) {
  HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseRoundId(request.reporting_round(), "reporting_round"));
  v1::ConsolidationBasis basis = request.basis();
  if (basis == v1::CONSOLIDATION_BASIS_UNSPECIFIED) basis = v1::CONSOLIDATION_BASIS_ACCEPTED;
  if (!v1::ConsolidationBasis_IsValid(basis)) {
    return absl::InvalidArgumentError("basis: unknown value");
  }
  HOPTAC_ASSIGN_OR_RETURN(RoundRecord round, store_.GetRound(id, call.deadline));
  HOPTAC_RETURN_IF_ERROR(CheckAccess(call, Access::kRead, round.org_unit_code));
  HOPTAC_ASSIGN_OR_RETURN(report::v1::ReportTemplate report_template, StoredTemplate(round));
  HOPTAC_ASSIGN_OR_RETURN(auto latest, store_.LatestSubmissions(id, call.deadline));

  std::vector<report::v1::ReportSnapshot> snapshots(latest.size());
  ConsolidationInput input;
  input.report_template = &report_template;
  size_t next = 0;
  for (const ExpectedUnitInfo& unit : round.expected_units) {
    const SubmissionRecord* found = nullptr;
    for (const SubmissionRecord& s : latest) {
      if (s.unit_code == unit.code) found = &s;
    }
    const UnitState state = found == nullptr ? UnitState::kNotStarted : found->state;
    const bool included = basis == v1::CONSOLIDATION_BASIS_ACCEPTED
                              ? state == UnitState::kAccepted
                              : CountsAsSubmitted(state);
    if (!included) {
      (CountsAsSubmitted(state) ? input.unaccepted : input.missing).push_back(unit);
      continue;
    }
    report::v1::ReportSnapshot& snapshot = snapshots[next++];
    if (!snapshot.ParseFromString(found->snapshot_bytes)) {
      return absl::DataLossError(absl::StrCat("the stored snapshot of orgUnits/", unit.code,
                                              " in reportingRounds/", id, " does not parse"));
    }
    input.included.push_back({unit, &snapshot});
  }
  HOPTAC_ASSIGN_OR_RETURN(v1::ConsolidatedReport report, Consolidate(input));
  report.set_reporting_round(absl::StrCat("reportingRounds/", id));
  report.set_basis(basis);

  ConsolidatedHeading heading;
  heading.issuing_body = round.issuing_body;
  heading.province_name = round.province_name;
  heading.place_name = PlaceName(round.province_name);
  heading.title = round.title;
  heading.request_letter = round.request_letter;
  heading.year = static_cast<int>(round.period.end.year());
  // Reproducible: the deadline's year (Vietnam time), not the day of building.
  heading.document_year = static_cast<int>(
      absl::ToCivilDay(round.deadline, absl::FixedTimeZone(7 * 3600)).year());
  heading.expected_units = static_cast<int>(round.expected_units.size());
  report.set_markdown(WriteConsolidatedMarkdown(heading, report));
  HOPTAC_ASSIGN_OR_RETURN(*report.mutable_docx(), WriteConsolidatedDocx(heading, report));
  HOPTAC_ASSIGN_OR_RETURN(*report.mutable_xlsx(), WriteConsolidatedXlsx(heading, report));
  v1::BuildConsolidatedReportResponse response;
  *response.mutable_report() = std::move(report);
  return response;
}

}  // namespace hoptac::gateway
