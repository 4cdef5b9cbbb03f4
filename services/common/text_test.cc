#include "services/common/text.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::HasSubstr;

TEST(NormalizeText, ComposesDecomposedVietnameseToNfc) {
  // "Hợp" written as H o U+031B (horn) U+0323 (dot below) p.
  const std::string decomposed = "Ho\xCC\x9B\xCC\xA3p ta\xCC\x81\x63 xa\xCC\x83";
  auto normalized = NormalizeText(decomposed, "display_name");
  ASSERT_THAT(normalized, IsOk());
  EXPECT_EQ(*normalized, "Hợp tác xã");
}

TEST(NormalizeText, KeepsNfcBytesExactlyAndTrims) {
  auto normalized = NormalizeText("  Hợp tác xã Nông nghiệp Công Sơn  ", "display_name");
  ASSERT_THAT(normalized, IsOk());
  EXPECT_EQ(*normalized, "Hợp tác xã Nông nghiệp Công Sơn");
}

TEST(NormalizeText, TrimsUnicodeSpaceSuchAsNoBreakSpace) {
  auto normalized = NormalizeText("\xC2\xA0" "Bắc Sơn" "\xC2\xA0", "display_name");
  ASSERT_THAT(normalized, IsOk());
  EXPECT_EQ(*normalized, "Bắc Sơn");
  EXPECT_EQ(*NormalizeText("\xC2\xA0", "display_name"), "");
}

TEST(NormalizeText, RejectsInvalidUtf8NamingTheField) {
  EXPECT_THAT(NormalizeText("Ho\xFFp", "address"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("address")));
  // An overlong encoding of '/' is not UTF-8 either.
  EXPECT_THAT(NormalizeText("\xC0\xAF", "address"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("UTF-8")));
}

TEST(NormalizeText, RejectsControlCharactersButMultilineKeepsLineBreaks) {
  EXPECT_THAT(NormalizeText("a\nb", "display_name"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("display_name")));
  auto multiline = NormalizeMultilineText("dòng 1\ndòng 2", "reason");
  ASSERT_THAT(multiline, IsOk());
  EXPECT_EQ(*multiline, "dòng 1\ndòng 2");
  EXPECT_THAT(NormalizeMultilineText("a\x01", "reason"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
}

TEST(CompareVietnamese, SortsByVietnameseAlphabet) {
  std::vector<std::string> names = {"Hưng Thịnh", "Đồng Đăng", "Bắc Sơn", "Dương Long",
                                    "Ánh Dương", "Hải Yến",   "Ba Sơn",  "An Bình"};
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return CompareVietnamese(a, b) < 0;
  });
  EXPECT_THAT(names, ::testing::ElementsAre("An Bình", "Ánh Dương", "Ba Sơn", "Bắc Sơn",
                                            "Dương Long", "Đồng Đăng", "Hải Yến",
                                            "Hưng Thịnh"));
}

}  // namespace
}  // namespace hoptac
