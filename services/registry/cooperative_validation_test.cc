#include "services/registry/cooperative_validation.h"

#include <cstdint>
#include <limits>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac::registry {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr auto kInvalid = absl::StatusCode::kInvalidArgument;
const absl::CivilDay kToday(2024, 6, 15);

// "Hợp tác xã" decomposed (NFD: base letters + combining marks) and composed
// (NFC), spelled out in bytes so the source file's own form cannot matter.
constexpr char kHtxNfd[] =
    "Ho\xCC\x9B\xCC\xA3p ta\xCC\x81"
    "c xa\xCC\x83";
constexpr char kHtxNfc[] = "H\xE1\xBB\xA3p t\xC3\xA1" "c x\xC3\xA3";
// A lone continuation byte: not UTF-8.
constexpr char kBadUtf8[] = "Ph\xA1t";

// A valid cooperative; each test breaks one field of it.
CooperativeFields Valid() {
  CooperativeFields f;
  f.registration_number = "4900123456";
  f.display_name = "Hợp tác xã Nông nghiệp Công Sơn";
  f.kind = CooperativeKind::kCooperative;
  f.sector = Sector::kAgriculture;
  f.org_unit_code = "06247";
  f.address = "Thôn Nà Vường, xã Công Sơn, huyện Cao Lộc";
  f.establishment_date = absl::CivilDay(2020, 3, 15);
  f.member_count = 12;
  f.employee_count = 4;
  f.charter_capital_dong = 500'000'000;
  return f;
}

absl::Status Check(CooperativeFields f) { return ValidateCooperativeFields(f, kToday); }

// `n` copies of `character` (one code point, 2 or 3 bytes in UTF-8).
std::string Repeat(absl::string_view character, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out.append(character.data(), character.size());
  return out;
}

TEST(CooperativeValidation, ValidFieldsPass) { EXPECT_THAT(Check(Valid()), IsOk()); }

// --- Text normalisation -------------------------------------------------

TEST(CooperativeValidation, TextIsNormalisedToNfcInPlace) {
  CooperativeFields f = Valid();
  f.display_name = kHtxNfd;
  f.address = std::string(kHtxNfd) + " Đông Kinh";
  ASSERT_NE(f.display_name, kHtxNfc);  // the input really is decomposed
  ASSERT_THAT(ValidateCooperativeFields(f, kToday), IsOk());
  EXPECT_EQ(f.display_name, kHtxNfc);
  EXPECT_EQ(f.address, std::string(kHtxNfc) + " Đông Kinh");
}

TEST(CooperativeValidation, TextIsTrimmedInPlace) {
  CooperativeFields f = Valid();
  f.registration_number = "  4900123456 ";
  f.display_name = "  HTX Mai Pha  ";
  f.org_unit_code = " 06247";
  ASSERT_THAT(ValidateCooperativeFields(f, kToday), IsOk());
  EXPECT_EQ(f.registration_number, "4900123456");
  EXPECT_EQ(f.display_name, "HTX Mai Pha");
  EXPECT_EQ(f.org_unit_code, "06247");
}

TEST(CooperativeValidation, InvalidUtf8IsRejectedNamingTheField) {
  CooperativeFields name = Valid();
  name.display_name = kBadUtf8;
  EXPECT_THAT(Check(name), StatusIs(kInvalid, AllOf(StartsWith("display_name:"),
                                                    HasSubstr("UTF-8"))));
  CooperativeFields address = Valid();
  address.address = kBadUtf8;
  EXPECT_THAT(Check(address), StatusIs(kInvalid, StartsWith("address:")));
  CooperativeFields number = Valid();
  number.registration_number = "4900\xFF" "23456";
  EXPECT_THAT(Check(number), StatusIs(kInvalid, StartsWith("registration_number:")));
}

TEST(CooperativeValidation, ControlCharactersAndLineBreaksAreRejectedInNames) {
  CooperativeFields f = Valid();
  f.display_name = "HTX\nMai Pha";
  EXPECT_THAT(Check(f), StatusIs(kInvalid, StartsWith("display_name:")));
}

// --- registration_number ------------------------------------------------

TEST(CooperativeValidation, RegistrationNumberIsTenDigitsWithOptionalBranch) {
  for (const char* ok : {"4900123456", "4900123456-001", "0100000000"}) {
    SCOPED_TRACE(ok);
    CooperativeFields f = Valid();
    f.registration_number = ok;
    EXPECT_THAT(Check(f), IsOk());
  }
  for (const char* bad : {"490012345", "49001234567", "4900123456-01", "4900123456-0001",
                          "4900123456001", "4900123456 001", "4900123456_001",
                          "4900123456-", "49OO123456", "4900123456-00a", "-4900123456",
                          // Full-width digits are not ASCII digits.
                          "\xEF\xBC\x94\xEF\xBC\x99\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x91"
                          "\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x96"}) {
    SCOPED_TRACE(bad);
    CooperativeFields f = Valid();
    f.registration_number = bad;
    EXPECT_THAT(Check(f), StatusIs(kInvalid, AllOf(StartsWith("registration_number:"),
                                                   HasSubstr("10 digits"))));
  }
}

TEST(CooperativeValidation, RegistrationNumberIsRequired) {
  for (const char* empty : {"", "   "}) {
    CooperativeFields f = Valid();
    f.registration_number = empty;
    EXPECT_THAT(Check(f), StatusIs(kInvalid, AllOf(StartsWith("registration_number:"),
                                                   HasSubstr("required"))));
  }
}

// --- display_name and address -------------------------------------------

TEST(CooperativeValidation, DisplayNameIsRequired) {
  for (const char* empty : {"", "   "}) {
    SCOPED_TRACE(empty);
    CooperativeFields f = Valid();
    f.display_name = empty;
    EXPECT_THAT(Check(f), StatusIs(kInvalid, "display_name: required"));
  }
}

TEST(CooperativeValidation, DisplayNameCountsCharactersNotBytes) {
  CooperativeFields at_limit = Valid();
  at_limit.display_name = Repeat("ệ", 255);  // 765 bytes, 255 characters
  EXPECT_THAT(Check(at_limit), IsOk());
  CooperativeFields over = Valid();
  over.display_name = Repeat("ệ", 256);
  EXPECT_THAT(Check(over), StatusIs(kInvalid, AllOf(StartsWith("display_name:"),
                                                    HasSubstr("at most 255"),
                                                    HasSubstr("got 256"))));
}

TEST(CooperativeValidation, AddressIsOptionalUpTo500Characters) {
  CooperativeFields empty = Valid();
  empty.address = "";
  EXPECT_THAT(Check(empty), IsOk());
  CooperativeFields at_limit = Valid();
  at_limit.address = Repeat("ư", 500);
  EXPECT_THAT(Check(at_limit), IsOk());
  CooperativeFields over = Valid();
  over.address = Repeat("ư", 501);
  EXPECT_THAT(Check(over), StatusIs(kInvalid, AllOf(StartsWith("address:"),
                                                    HasSubstr("at most 500"))));
}

// --- org_unit -----------------------------------------------------------

TEST(CooperativeValidation, OrgUnitIsTwoToFiveDigits) {
  for (const char* ok : {"20", "183", "06247"}) {
    SCOPED_TRACE(ok);
    CooperativeFields f = Valid();
    f.org_unit_code = ok;
    EXPECT_THAT(Check(f), IsOk());
  }
  for (const char* bad : {"2", "062470", "18a", "orgUnits/183", "1 83"}) {
    SCOPED_TRACE(bad);
    CooperativeFields f = Valid();
    f.org_unit_code = bad;
    EXPECT_THAT(Check(f), StatusIs(kInvalid, AllOf(StartsWith("org_unit:"),
                                                   HasSubstr("2 to 5 digits"))));
  }
  CooperativeFields empty = Valid();
  empty.org_unit_code = "";
  EXPECT_THAT(Check(empty), StatusIs(kInvalid, "org_unit: required"));
}

// --- kind and sector ----------------------------------------------------

TEST(CooperativeValidation, KindMustBeAKnownValue) {
  for (const auto kind : {CooperativeKind::kCooperative, CooperativeKind::kCooperativeGroup,
                          CooperativeKind::kUnion}) {
    CooperativeFields f = Valid();
    f.kind = kind;
    EXPECT_THAT(Check(f), IsOk());
  }
  for (const int bad : {0, 4, -1}) {
    SCOPED_TRACE(bad);
    CooperativeFields f = Valid();
    f.kind = static_cast<CooperativeKind>(bad);
    EXPECT_THAT(Check(f), StatusIs(kInvalid, StartsWith("kind:")));
  }
}

TEST(CooperativeValidation, SectorMustBeAKnownValue) {
  for (int value = 1; value <= 8; ++value) {
    SCOPED_TRACE(value);
    CooperativeFields f = Valid();
    f.sector = static_cast<Sector>(value);
    EXPECT_THAT(Check(f), IsOk());
  }
  for (const int bad : {0, 9}) {
    SCOPED_TRACE(bad);
    CooperativeFields f = Valid();
    f.sector = static_cast<Sector>(bad);
    EXPECT_THAT(Check(f), StatusIs(kInvalid, StartsWith("sector:")));
  }
}

// --- establishment_date -------------------------------------------------

TEST(CooperativeValidation, EstablishmentDateIsNotAfterToday) {
  CooperativeFields today = Valid();
  today.establishment_date = kToday;
  EXPECT_THAT(Check(today), IsOk());
  CooperativeFields tomorrow = Valid();
  tomorrow.establishment_date = kToday + 1;
  EXPECT_THAT(Check(tomorrow),
              StatusIs(kInvalid, AllOf(StartsWith("establishment_date:"),
                                       HasSubstr("2024-06-16"), HasSubstr("2024-06-15"))));
}

TEST(CooperativeValidation, EstablishmentDateIsNotBefore1900) {
  CooperativeFields first = Valid();
  first.establishment_date = absl::CivilDay(1900, 1, 1);
  EXPECT_THAT(Check(first), IsOk());
  CooperativeFields before = Valid();
  before.establishment_date = absl::CivilDay(1899, 12, 31);
  EXPECT_THAT(Check(before),
              StatusIs(kInvalid, AllOf(StartsWith("establishment_date:"),
                                       HasSubstr("1899-12-31"), HasSubstr("1900-01-01"))));
}

// --- counts and money ---------------------------------------------------

TEST(CooperativeValidation, PeopleCountsRangeFromZeroToTenMillion) {
  for (int64_t CooperativeFields::*field :
       {&CooperativeFields::member_count, &CooperativeFields::employee_count}) {
    const std::string name =
        field == &CooperativeFields::member_count ? "member_count" : "employee_count";
    SCOPED_TRACE(name);
    for (const int64_t ok : {int64_t{0}, int64_t{10'000'000}}) {
      CooperativeFields f = Valid();
      f.*field = ok;
      EXPECT_THAT(Check(f), IsOk());
    }
    CooperativeFields negative = Valid();
    negative.*field = -1;
    EXPECT_THAT(Check(negative), StatusIs(kInvalid, name + ": must not be negative (got -1)"));
    CooperativeFields over = Valid();
    over.*field = 10'000'001;
    EXPECT_THAT(Check(over), StatusIs(kInvalid, AllOf(StartsWith(name + ":"),
                                                      HasSubstr("10000000"),
                                                      HasSubstr("got 10000001"))));
  }
}

TEST(CooperativeValidation, CharterCapitalRangesFromZeroToTenToTheFifteenthDong) {
  CooperativeFields zero = Valid();
  zero.charter_capital_dong = 0;
  EXPECT_THAT(Check(zero), IsOk());
  CooperativeFields max = Valid();
  max.charter_capital_dong = 1'000'000'000'000'000;
  EXPECT_THAT(Check(max), IsOk());

  CooperativeFields negative = Valid();
  negative.charter_capital_dong = -5;
  EXPECT_THAT(Check(negative),
              StatusIs(kInvalid, "charter_capital_dong: must not be negative (got -5)"));
  CooperativeFields minus_one = Valid();
  minus_one.charter_capital_dong = -1;
  EXPECT_THAT(Check(minus_one), StatusIs(kInvalid, StartsWith("charter_capital_dong:")));
  CooperativeFields lowest = Valid();
  lowest.charter_capital_dong = std::numeric_limits<int64_t>::min();
  EXPECT_THAT(Check(lowest), StatusIs(kInvalid, StartsWith("charter_capital_dong:")));
  CooperativeFields over = Valid();
  over.charter_capital_dong = 1'000'000'000'000'001;
  EXPECT_THAT(Check(over), StatusIs(kInvalid, AllOf(StartsWith("charter_capital_dong:"),
                                                    HasSubstr("1000000000000000"))));
}

TEST(CooperativeValidation, FirstBrokenFieldInApiOrderIsReported) {
  CooperativeFields f = Valid();
  f.display_name = "";
  f.charter_capital_dong = -1;
  EXPECT_THAT(Check(f), StatusIs(kInvalid, StartsWith("display_name:")));
}

// --- ValidateEventInput -------------------------------------------------

const absl::CivilDay kStatusSince(2023, 3, 5);

struct EventInput {
  std::string reason = "Đại hội thành viên quyết định tạm ngừng hoạt động";
  std::string legal_document = "Quyết định số 12/QĐ-UBND ngày 05/3/2023 của UBND huyện Cao Lộc";
  absl::CivilDay effective_date{2023, 6, 1};

  absl::Status Validate() {
    return ValidateEventInput(reason, legal_document, effective_date, kStatusSince, kToday);
  }
};

TEST(EventInputValidation, ValidInputPasses) { EXPECT_THAT(EventInput().Validate(), IsOk()); }

TEST(EventInputValidation, ReasonIsRequired) {
  EventInput in;
  in.reason = " \n ";
  EXPECT_THAT(in.Validate(), StatusIs(kInvalid, "reason: required"));
}

TEST(EventInputValidation, ReasonKeepsLineBreaksAndIsNormalisedInPlace) {
  EventInput in;
  in.reason = std::string("  ") + kHtxNfd + " ngừng hoạt động.\nĐã họp đại hội.  ";
  ASSERT_THAT(in.Validate(), IsOk());
  EXPECT_EQ(in.reason, std::string(kHtxNfc) + " ngừng hoạt động.\nĐã họp đại hội.");
}

TEST(EventInputValidation, ReasonIsAtMost2000Characters) {
  EventInput at_limit;
  at_limit.reason = Repeat("ạ", 2000);
  EXPECT_THAT(at_limit.Validate(), IsOk());
  EventInput over;
  over.reason = Repeat("ạ", 2001);
  EXPECT_THAT(over.Validate(),
              StatusIs(kInvalid, AllOf(StartsWith("reason:"), HasSubstr("at most 2000"))));
}

TEST(EventInputValidation, ReasonWithInvalidUtf8IsRejectedNamingTheField) {
  EventInput in;
  in.reason = kBadUtf8;
  EXPECT_THAT(in.Validate(), StatusIs(kInvalid, StartsWith("reason:")));
}

TEST(EventInputValidation, LegalDocumentIsOptionalSingleLineUpTo500Characters) {
  EventInput empty;
  empty.legal_document = "";
  EXPECT_THAT(empty.Validate(), IsOk());
  EventInput at_limit;
  at_limit.legal_document = Repeat("Đ", 500);
  EXPECT_THAT(at_limit.Validate(), IsOk());
  EventInput over;
  over.legal_document = Repeat("Đ", 501);
  EXPECT_THAT(over.Validate(), StatusIs(kInvalid, AllOf(StartsWith("legal_document:"),
                                                        HasSubstr("at most 500"))));
  EventInput two_lines;
  two_lines.legal_document = "Quyết định số 12/QĐ-UBND\nngày 05/3/2023";
  EXPECT_THAT(two_lines.Validate(), StatusIs(kInvalid, StartsWith("legal_document:")));
}

TEST(EventInputValidation, LegalDocumentIsNormalisedInPlace) {
  EventInput in;
  in.legal_document = std::string(" ") + kHtxNfd + " ";
  ASSERT_THAT(in.Validate(), IsOk());
  EXPECT_EQ(in.legal_document, kHtxNfc);
}

TEST(EventInputValidation, EffectiveDateIsNotBeforeTheEarliestDay) {
  EventInput on_earliest;
  on_earliest.effective_date = kStatusSince;
  EXPECT_THAT(on_earliest.Validate(), IsOk());
  EventInput before;
  before.effective_date = kStatusSince - 1;
  EXPECT_THAT(before.Validate(),
              StatusIs(kInvalid, AllOf(StartsWith("effective_date:"), HasSubstr("2023-03-04"),
                                       HasSubstr("2023-03-05"))));
}

TEST(EventInputValidation, EffectiveDateIsNotAfterToday) {
  EventInput on_today;
  on_today.effective_date = kToday;
  EXPECT_THAT(on_today.Validate(), IsOk());
  EventInput tomorrow;
  tomorrow.effective_date = kToday + 1;
  EXPECT_THAT(tomorrow.Validate(),
              StatusIs(kInvalid, AllOf(StartsWith("effective_date:"), HasSubstr("2024-06-16"),
                                       HasSubstr("2024-06-15"))));
}

}  // namespace
}  // namespace hoptac::registry
