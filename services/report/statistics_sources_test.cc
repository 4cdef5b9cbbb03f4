#include "services/report/statistics_sources.h"

#include "gmock/gmock.h"
#include "grpcpp/support/status.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac::report {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::HasSubstr;

TEST(SourceFailureTest, AnUnreachableServiceIsUnavailableAndNamed) {
  EXPECT_THAT(SourceFailure("subsidy", grpc::Status(grpc::StatusCode::UNAVAILABLE, "refused")),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("subsidy service unavailable: refused")));
  EXPECT_THAT(SourceFailure("outreach", grpc::Status(grpc::StatusCode::INTERNAL, "bug")),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("outreach service")));
}

TEST(SourceFailureTest, ALateServiceIsDeadlineExceededAndNamed) {
  EXPECT_THAT(SourceFailure("registry",
                            grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "late")),
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       HasSubstr("registry service did not answer before the deadline")));
}

TEST(SourceFailureTest, AnAnswerAboutTheRequestPassesOnNamed) {
  EXPECT_THAT(SourceFailure("registry", grpc::Status(grpc::StatusCode::NOT_FOUND, "orgUnits/9")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("registry service: orgUnits/9")));
  EXPECT_THAT(SourceFailure("registry", grpc::Status::OK), IsOk());
}

TEST(SourceFailureTest, ARefusalOfTheForwardedCallerIsTheCallersNotAnOutage) {
  EXPECT_THAT(SourceFailure("subsidy",
                            grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "not in 178")),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("subsidy service: not in 178")));
  EXPECT_THAT(SourceFailure("outreach",
                            grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "token expired")),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("outreach service")));
}

}  // namespace
}  // namespace hoptac::report
