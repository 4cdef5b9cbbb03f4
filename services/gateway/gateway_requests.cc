#include "services/gateway/gateway_requests.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/timestamp.pb.h"
#include "services/common/proto_date.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"
#include "services/gateway/consolidation.h"

namespace hoptac::gateway {

absl::Status CheckLength(absl::string_view value, size_t max_characters,
                         absl::string_view field) {
  size_t characters = 0;
  for (char c : value) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;  // not a continuation byte
  }
  if (characters > max_characters) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": longer than ", max_characters,
                                                   " characters"));
  }
  return absl::OkStatus();
}

absl::Status CheckUnitCode(absl::string_view code, absl::string_view field) {
  const bool digits = !code.empty() && code.size() <= kMaxUnitCodeLength &&
                      std::all_of(code.begin(), code.end(),
                                  [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": not an official unit code (1 to ", kMaxUnitCodeLength, " digits)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ParseRoundId(const std::string& name, absl::string_view field) {
  HOPTAC_ASSIGN_OR_RETURN(std::string id, ParseResourceName(name, "reportingRounds", field));
  int64_t value = 0;
  if (!absl::SimpleAtoi(id, &value) || value <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", name, " is not a round name"));
  }
  return value;
}

absl::StatusOr<std::string> ParseUnitCode(const std::string& name, absl::string_view field) {
  HOPTAC_ASSIGN_OR_RETURN(std::string code, ParseResourceName(name, "orgUnits", field));
  HOPTAC_RETURN_IF_ERROR(CheckUnitCode(code, field));
  return code;
}

// A NOT_FOUND or INVALID_ARGUMENT from a dependency about a field the caller
// gave becomes INVALID_ARGUMENT naming that field.
absl::Status AboutField(const absl::Status& status, absl::string_view field) {
  if (status.code() == absl::StatusCode::kNotFound ||
      status.code() == absl::StatusCode::kInvalidArgument) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", status.message()));
  }
  return status;
}

absl::StatusOr<RoundRecord> DecodeRound(const v1::ReportingRound& r) {
  RoundRecord out;
  HOPTAC_ASSIGN_OR_RETURN(out.org_unit_code,
                          ParseUnitCode(r.org_unit(), "reporting_round.org_unit"));
  HOPTAC_ASSIGN_OR_RETURN(out.period, PeriodFromProto(r.period(), "reporting_round.period"));
  if (r.data_window().start_date().year() != 0 || r.data_window().end_date().year() != 0) {
    HOPTAC_ASSIGN_OR_RETURN(out.data_window,
                            PeriodFromProto(r.data_window(), "reporting_round.data_window"));
  } else {
    out.data_window = out.period;
  }
  if (r.template_().empty()) {
    return absl::InvalidArgumentError("reporting_round.template: required");
  }
  HOPTAC_RETURN_IF_ERROR(CheckLength(r.template_(), kMaxNameLength, "reporting_round.template"));
  HOPTAC_ASSIGN_OR_RETURN(out.request_letter,
                          NormalizeText(r.request_letter(), "reporting_round.request_letter"));
  HOPTAC_RETURN_IF_ERROR(
      CheckLength(out.request_letter, kMaxTitleLength, "reporting_round.request_letter"));
  if (out.request_letter.empty()) {
    return absl::InvalidArgumentError("reporting_round.request_letter: required");
  }
  if (r.deadline().seconds() <= 0 || r.deadline().nanos() < 0 ||
      r.deadline().nanos() > 999'999'999) {
    return absl::InvalidArgumentError("reporting_round.deadline: required, a valid instant");
  }
  out.deadline = absl::FromUnixSeconds(r.deadline().seconds()) +
                 absl::Nanoseconds(r.deadline().nanos());
  HOPTAC_ASSIGN_OR_RETURN(out.issuing_body,
                          NormalizeText(r.issuing_body(), "reporting_round.issuing_body"));
  HOPTAC_RETURN_IF_ERROR(
      CheckLength(out.issuing_body, kMaxIssuingBodyLength, "reporting_round.issuing_body"));
  HOPTAC_ASSIGN_OR_RETURN(out.title, NormalizeText(r.title(), "reporting_round.title"));
  HOPTAC_RETURN_IF_ERROR(CheckLength(out.title, kMaxTitleLength, "reporting_round.title"));
  return out;
}

// The unit must be one the round expects.
absl::Status CheckExpected(const RoundRecord& round, const std::string& code) {
  for (const ExpectedUnitInfo& u : round.expected_units) {
    if (u.code == code) return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "org_unit: orgUnits/", code, " is not one of the ", round.expected_units.size(),
      " units expected in reportingRounds/", round.id));
}

// The snapshot must be this unit's report for this round's period and template.
absl::Status CheckSnapshotFits(const RoundRecord& round, const std::string& code,
                               const report::v1::ReportSnapshot& snapshot,
                               const report::v1::ReportTemplate& report_template) {
  const report::v1::ReportDraft& draft = snapshot.draft();
  const std::string unit = ResourceName("orgUnits", code);
  if (draft.org_unit() != unit) {
    return absl::FailedPreconditionError(absl::StrCat("snapshot: ", snapshot.name(),
                                                      " is the report of ", draft.org_unit(),
                                                      ", not of ", unit));
  }
  auto period = PeriodFromProto(draft.period(), "snapshot.draft.period");
  if (!period.ok() || period->start != round.period.start || period->end != round.period.end) {
    return absl::FailedPreconditionError(absl::StrCat(
        "snapshot: ", snapshot.name(), " reports another period than reportingRounds/",
        round.id, " (", FormatDay(round.period.start), " to ", FormatDay(round.period.end), ")"));
  }
  if (draft.template_() != round.template_name) {
    return absl::FailedPreconditionError(absl::StrCat("snapshot: ", snapshot.name(), " uses ",
                                                      draft.template_(), ", the round asks for ",
                                                      round.template_name));
  }
  std::vector<std::string> have;
  for (const auto& s : snapshot.report().statistics()) have.push_back(s.name());
  for (const std::string& name : TemplateStatisticNames(report_template)) {
    if (std::find(have.begin(), have.end(), name) == have.end()) {
      return absl::FailedPreconditionError(
          absl::StrCat("snapshot: ", snapshot.name(), " lacks the statistic ", name));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<report::v1::ReportTemplate> StoredTemplate(const RoundRecord& round) {
  report::v1::ReportTemplate t;
  if (!t.ParseFromString(round.template_bytes)) {
    return absl::DataLossError(absl::StrCat("the stored template of reportingRounds/", round.id,
                                            " does not parse"));
  }
  return t;
}

}  // namespace hoptac::gateway
