#include "services/gateway/rate_limiter.h"

#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac::gateway {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::HasSubstr;

class RateLimiterTest : public ::testing::Test {
 protected:
  absl::Time now_ = absl::FromUnixSeconds(1'800'000'000);
  RateLimiter limiter_{RateLimit{1, 3}, [this] { return now_; }};
};

TEST_F(RateLimiterTest, ABurstPassesAndTheNextCallIsRefusedNamingTheLimit) {
  for (int i = 0; i < 3; ++i) EXPECT_THAT(limiter_.Admit("officer.caoloc"), IsOk()) << i;
  EXPECT_THAT(limiter_.Admit("officer.caoloc"),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("rate limit: more than 1 calls per second (bursts of 3)")));
}

TEST_F(RateLimiterTest, TheBucketRefillsAtTheRate) {
  for (int i = 0; i < 3; ++i) ASSERT_THAT(limiter_.Admit("a"), IsOk());
  now_ += absl::Milliseconds(900);
  EXPECT_THAT(limiter_.Admit("a"), StatusIs(absl::StatusCode::kResourceExhausted, ::testing::_));
  now_ += absl::Milliseconds(100);
  EXPECT_THAT(limiter_.Admit("a"), IsOk());
  EXPECT_THAT(limiter_.Admit("a"), StatusIs(absl::StatusCode::kResourceExhausted, ::testing::_));
  now_ += absl::Hours(1);  // never more than the burst
  for (int i = 0; i < 3; ++i) EXPECT_THAT(limiter_.Admit("a"), IsOk());
  EXPECT_THAT(limiter_.Admit("a"), StatusIs(absl::StatusCode::kResourceExhausted, ::testing::_));
}

TEST_F(RateLimiterTest, AnotherCallerHasItsOwnBucket) {
  for (int i = 0; i < 3; ++i) ASSERT_THAT(limiter_.Admit("a"), IsOk());
  ASSERT_THAT(limiter_.Admit("a"), StatusIs(absl::StatusCode::kResourceExhausted, ::testing::_));
  EXPECT_THAT(limiter_.Admit("b"), IsOk());
}

TEST_F(RateLimiterTest, RetryAfterIsTheTimeForOneCallAndAtLeastASecond) {
  EXPECT_EQ(limiter_.RetryAfter(), absl::Seconds(1));
  RateLimiter slow(RateLimit{0.25, 1});
  EXPECT_EQ(slow.RetryAfter(), absl::Seconds(4));
  RateLimiter fast(RateLimit{100, 1});
  EXPECT_EQ(fast.RetryAfter(), absl::Seconds(1));
}

TEST_F(RateLimiterTest, ZeroTurnsTheLimitOff) {
  RateLimiter off(RateLimit{0, 1});
  for (int i = 0; i < 100; ++i) EXPECT_THAT(off.Admit("a"), IsOk());
}

TEST_F(RateLimiterTest, ForgottenFullBucketsBoundTheMemory) {
  RateLimiter small(RateLimit{1, 2}, [this] { return now_; }, /*max_callers=*/2);
  ASSERT_THAT(small.Admit("a"), IsOk());
  ASSERT_THAT(small.Admit("a"), IsOk());
  ASSERT_THAT(small.Admit("b"), IsOk());
  ASSERT_THAT(small.Admit("c"), IsOk());  // a and b are not full: nothing forgotten
  EXPECT_THAT(small.Admit("a"), StatusIs(absl::StatusCode::kResourceExhausted, ::testing::_));
}

TEST(CheckedRateLimitTest, NegativeRatesAndEmptyBurstsAreRefusedNamingTheSetting) {
  EXPECT_THAT(CheckedRateLimit(-1, 3).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--rate_limit_per_second")));
  EXPECT_THAT(CheckedRateLimit(1, 0).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--rate_limit_burst")));
  EXPECT_THAT(CheckedRateLimit(20, 40).status(), IsOk());
}

}  // namespace
}  // namespace hoptac::gateway
