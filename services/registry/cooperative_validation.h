// Input rules for a cooperative's fields and for the events recorded on it.
// Plain C++ and deterministic: "today" is a parameter.
//
// Messages start with the API field name ("display_name: required") so that
// the handler can prefix the request path ("cooperative.display_name: ...").
#ifndef HOPTAC_SERVICES_REGISTRY_COOPERATIVE_VALIDATION_H_
#define HOPTAC_SERVICES_REGISTRY_COOPERATIVE_VALIDATION_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "services/registry/cooperative.h"

namespace hoptac::registry {

// Limits, in Unicode code points for text (Vietnamese letters take 2-3 bytes).
inline constexpr size_t kMaxDisplayNameChars = 255;
inline constexpr size_t kMaxAddressChars = 500;
inline constexpr size_t kMaxReasonChars = 2000;
inline constexpr size_t kMaxLegalDocumentChars = 500;
inline constexpr int64_t kMaxPeopleCount = 10'000'000;
inline constexpr int64_t kMaxCharterCapitalDong = 1'000'000'000'000'000;  // 10^15 dong

// Normalises the text fields of `fields` in place (NFC, trimmed) and checks
// every field; the first violation, in API field order, is returned as
// INVALID_ARGUMENT starting with the field name: registration_number,
// display_name, kind, sector, org_unit, address, establishment_date,
// member_count, employee_count, charter_capital_dong.
//   - registration_number: 10 digits, optionally "-" and a 3-digit branch.
//   - display_name: required, at most 255 characters; address at most 500.
//   - org_unit (org_unit_code): required, 2 to 5 digits (a GSO code).
//   - kind, sector: a known enum value.
//   - establishment_date: from 1900-01-01 to `today`.
//   - member_count, employee_count: 0 to 10,000,000;
//     charter_capital_dong: 0 to 10^15.
absl::Status ValidateCooperativeFields(CooperativeFields& fields, absl::CivilDay today);

// The common input of a lifecycle change or a record (inspection, award...):
//   - reason: required free text (line breaks allowed), at most 2000
//     characters; normalised in place.
//   - legal_document: optional single line, at most 500 characters, e.g.
//     "Quyết định số 12/QĐ-UBND ngày 05/3/2023 của UBND huyện Cao Lộc";
//     normalised in place.
//   - effective_date: not before `earliest` (the day the current status
//     began, or the establishment date) and not after `today`.
absl::Status ValidateEventInput(std::string& reason, std::string& legal_document,
                                absl::CivilDay effective_date, absl::CivilDay earliest,
                                absl::CivilDay today);

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_COOPERATIVE_VALIDATION_H_
