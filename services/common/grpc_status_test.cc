#include "services/common/grpc_status.h"

#include "gtest/gtest.h"

namespace hoptac {
namespace {

TEST(GrpcStatus, KeepsCodeAndMessageBothWays) {
  const absl::Status original = absl::FailedPreconditionError("cannot resume: DISSOLVING");
  const grpc::Status wire = ToGrpcStatus(original);
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(wire.error_message(), "cannot resume: DISSOLVING");
  EXPECT_EQ(FromGrpcStatus(wire), original);
}

TEST(GrpcStatus, EveryCanonicalCodeMapsToTheSameNumber) {
  for (int code = 1; code <= 16; ++code) {
    const absl::Status s(static_cast<absl::StatusCode>(code), "x");
    EXPECT_EQ(static_cast<int>(ToGrpcStatus(s).error_code()), code);
  }
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace hoptac
