// gRPC codes as HTTP statuses, and the JSON error body.
#include "services/gateway/http_status.h"

#include "gtest/gtest.h"

namespace hoptac::gateway {
namespace {

TEST(HttpStatusTest, MapsCodesAsGoogleDoes) {
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kFailedPrecondition), 400);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kAborted), 409);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kDeadlineExceeded), 504);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kInternal), 500);
}

TEST(HttpStatusTest, ErrorBodyIsJsonWithTheCodeNameAndEscapedMessage) {
  EXPECT_EQ(ErrorJson(absl::NotFoundError("reportingRounds/7 \"x\"\n")),
            "{\"code\":\"NOT_FOUND\",\"message\":\"reportingRounds/7 \\\"x\\\"\\n\"}");
}

}  // namespace
}  // namespace hoptac::gateway
