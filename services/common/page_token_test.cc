#include "services/common/page_token.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(PageToken, RoundTripsThePositionIncludingVietnameseText) {
  const std::string token = EncodePageToken({"Hợp tác xã Đồng Đăng", "42"}, "unit=183");
  auto position = DecodePageToken(token, "unit=183");
  ASSERT_THAT(position, IsOk());
  EXPECT_THAT(*position, ElementsAre("Hợp tác xã Đồng Đăng", "42"));
}

TEST(PageToken, RejectsATokenReplayedWithOtherFilters) {
  const std::string token = EncodePageToken({"a", "1"}, "unit=183");
  EXPECT_THAT(DecodePageToken(token, "unit=184"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

TEST(PageToken, RejectsGarbageAndAcceptsEmpty) {
  EXPECT_THAT(DecodePageToken("not base64!!", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
  auto first = DecodePageToken("", "x");
  ASSERT_THAT(first, IsOk());
  EXPECT_TRUE(first->empty());
}

TEST(PageSize, DefaultsCapsAndRejectsNegative) {
  EXPECT_EQ(*EffectivePageSize(0, 50, 500), 50);
  EXPECT_EQ(*EffectivePageSize(20, 50, 500), 20);
  EXPECT_EQ(*EffectivePageSize(5000, 50, 500), 500);
  EXPECT_THAT(EffectivePageSize(-1, 50, 500),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
}

}  // namespace
}  // namespace hoptac
