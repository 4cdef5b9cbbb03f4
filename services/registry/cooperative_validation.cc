#include "services/registry/cooperative_validation.h"

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/common/period.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"

namespace hoptac::registry {
namespace {

// Text to echo back in a message: short values help the caller spot a typo,
// long ones would only bloat the error.
constexpr size_t kMaxEchoBytes = 40;

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

// Code points in valid UTF-8 (NormalizeText guarantees validity): every byte
// that is not a continuation byte (10xxxxxx) starts one.
size_t CodePoints(absl::string_view text) {
  size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

bool AllAsciiDigits(absl::string_view text) {
  for (const char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Normalises `value` in place (single line, or multiline for free text) and
// checks it is present when `required` and at most `max_chars` long.
absl::Status CheckText(std::string& value, absl::string_view field, size_t max_chars,
                       bool required, bool multiline = false) {
  HOPTAC_ASSIGN_OR_RETURN(value, multiline ? NormalizeMultilineText(value, field)
                                           : NormalizeText(value, field));
  if (required && value.empty()) return Invalid(field, "required");
  const size_t chars = CodePoints(value);
  if (chars > max_chars) {
    return Invalid(field, absl::StrCat("at most ", max_chars, " characters (got ", chars, ")"));
  }
  return absl::OkStatus();
}

// Mã số HTX is the tax code: 10 digits for the cooperative itself, plus
// "-" and 3 digits for a branch (chi nhánh). Full-width digits and letters
// are refused rather than guessed at.
bool IsRegistrationNumber(absl::string_view number) {
  if (number.size() != 10 && number.size() != 14) return false;
  if (!AllAsciiDigits(number.substr(0, 10))) return false;
  if (number.size() == 10) return true;
  return number[10] == '-' && AllAsciiDigits(number.substr(11));
}

absl::Status CheckRegistrationNumber(std::string& number) {
  constexpr absl::string_view kField = "registration_number";
  HOPTAC_RETURN_IF_ERROR(CheckText(number, kField, /*max_chars=*/SIZE_MAX, /*required=*/false));
  constexpr absl::string_view kExpected =
      "expected 10 digits, optionally followed by \"-\" and a 3-digit branch number "
      "(e.g. 4900123456 or 4900123456-001)";
  if (number.empty()) return Invalid(kField, absl::StrCat("required; ", kExpected));
  if (IsRegistrationNumber(number)) return absl::OkStatus();
  if (number.size() <= kMaxEchoBytes) {
    return Invalid(kField, absl::StrCat(kExpected, ", got \"", number, "\""));
  }
  return Invalid(kField, kExpected);
}

// A GSO (Tổng cục Thống kê) code: "20" province, "183" district, "06247"
// commune. Stored as written, so leading zeros matter and stay.
absl::Status CheckOrgUnitCode(std::string& code) {
  constexpr absl::string_view kField = "org_unit";
  HOPTAC_RETURN_IF_ERROR(CheckText(code, kField, /*max_chars=*/SIZE_MAX, /*required=*/true));
  if (code.size() < 2 || code.size() > 5 || !AllAsciiDigits(code)) {
    const std::string got =
        code.size() <= kMaxEchoBytes ? absl::StrCat(" (got \"", code, "\")") : "";
    return Invalid(kField, absl::StrCat("expected a GSO code of 2 to 5 digits", got));
  }
  return absl::OkStatus();
}

absl::Status CheckEnums(const CooperativeFields& fields) {
  if (!IsKnown(fields.kind)) {
    return Invalid("kind", absl::StrCat("unknown cooperative kind ",
                                        static_cast<int>(fields.kind)));
  }
  if (!IsKnown(fields.sector)) {
    return Invalid("sector", absl::StrCat("unknown sector ", static_cast<int>(fields.sector)));
  }
  return absl::OkStatus();
}

// `day` within [earliest, today]; both limits appear in the message.
absl::Status CheckDayBetween(absl::CivilDay day, absl::string_view field,
                             absl::CivilDay earliest, absl::string_view earliest_is,
                             absl::CivilDay today) {
  if (day > today) {
    return Invalid(field, absl::StrCat(FormatDay(day), " is after today (", FormatDay(today),
                                       ")"));
  }
  if (day < earliest) {
    return Invalid(field, absl::StrCat(FormatDay(day), " is before ", FormatDay(earliest),
                                       ", ", earliest_is));
  }
  return absl::OkStatus();
}

absl::Status CheckRange(int64_t value, absl::string_view field, int64_t max,
                        absl::string_view unit = "") {
  if (value < 0) return Invalid(field, absl::StrCat("must not be negative (got ", value, ")"));
  if (value > max) {
    return Invalid(field, absl::StrCat("must be at most ", max, unit, " (got ", value, ")"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateCooperativeFields(CooperativeFields& fields, absl::CivilDay today) {
  HOPTAC_RETURN_IF_ERROR(CheckRegistrationNumber(fields.registration_number));
  HOPTAC_RETURN_IF_ERROR(
      CheckText(fields.display_name, "display_name", kMaxDisplayNameChars, /*required=*/true));
  HOPTAC_RETURN_IF_ERROR(CheckEnums(fields));
  HOPTAC_RETURN_IF_ERROR(CheckOrgUnitCode(fields.org_unit_code));
  HOPTAC_RETURN_IF_ERROR(
      CheckText(fields.address, "address", kMaxAddressChars, /*required=*/false));
  HOPTAC_RETURN_IF_ERROR(CheckDayBetween(fields.establishment_date, "establishment_date",
                                         kEarliestDay, "the earliest date the registry accepts",
                                         today));
  HOPTAC_RETURN_IF_ERROR(CheckRange(fields.member_count, "member_count", kMaxPeopleCount));
  HOPTAC_RETURN_IF_ERROR(CheckRange(fields.employee_count, "employee_count", kMaxPeopleCount));
  return CheckRange(fields.charter_capital_dong, "charter_capital_dong", kMaxCharterCapitalDong,
                    " dong");
}

absl::Status ValidateEventInput(std::string& reason, std::string& legal_document,
                                absl::CivilDay effective_date, absl::CivilDay earliest,
                                absl::CivilDay today) {
  HOPTAC_RETURN_IF_ERROR(
      CheckText(reason, "reason", kMaxReasonChars, /*required=*/true, /*multiline=*/true));
  HOPTAC_RETURN_IF_ERROR(CheckText(legal_document, "legal_document", kMaxLegalDocumentChars,
                                   /*required=*/false));
  return CheckDayBetween(effective_date, "effective_date", earliest,
                         "the earliest allowed day (when the current status began or the "
                         "cooperative was established)",
                         today);
}

}  // namespace hoptac::registry
