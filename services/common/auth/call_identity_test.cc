#include "services/common/auth/call_identity.h"

#include <map>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac {
namespace {

using ::hoptac::testing::StatusIs;
using ::testing::HasSubstr;

using Metadata = std::multimap<std::string, std::string>;

TEST(CallIdentityTest, TheBearerTokenIsTakenFromTheAuthorizationHeader) {
  EXPECT_EQ(BearerTokenOf(Metadata{{"authorization", "Bearer abc.def.ghi"}}).value(), "abc.def.ghi");
  EXPECT_EQ(BearerTokenOf(Metadata{{"authorization", "bearer  abc.def.ghi "}}).value(),
            "abc.def.ghi");
  EXPECT_EQ(BearerTokenOf(Metadata{{"x-request-id", "1"}, {"authorization", "BEARER t"}}).value(),
            "t");
}

TEST(CallIdentityTest, NoOtherSchemeAndNoSecondHeader) {
  EXPECT_THAT(BearerTokenOf(Metadata{}),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("missing")));
  EXPECT_THAT(BearerTokenOf(Metadata{{"authorization", "Basic dXNlcjpwYXNz"}}),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("not a bearer")));
  EXPECT_THAT(BearerTokenOf(Metadata{{"authorization", "Bearer "}}),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("not a bearer")));
  EXPECT_THAT(BearerTokenOf(Metadata{{"authorization", "Bearer a"}, {"authorization", "Bearer b"}}),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("more than one")));
}

}  // namespace
}  // namespace hoptac
