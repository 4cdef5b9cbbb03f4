// GoogleMock matchers for absl::Status and absl::StatusOr, which Abseil
// 20220623 does not ship:
//   EXPECT_THAT(s, IsOk());
//   EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("field")));
#ifndef HOPTAC_SERVICES_COMMON_TESTING_STATUS_MATCHERS_H_
#define HOPTAC_SERVICES_COMMON_TESTING_STATUS_MATCHERS_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace hoptac::testing {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

MATCHER(IsOk, negation ? "is not OK" : "is OK") {
  const absl::Status& status = GetStatus(arg);
  if (!status.ok()) *result_listener << "status is " << status;
  return status.ok();
}

MATCHER_P2(StatusIs, code, message_matcher,
           std::string("has code ") + absl::StatusCodeToString(code)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code &&
         ::testing::ExplainMatchResult(message_matcher, std::string(status.message()),
                                       result_listener);
}

// The value inside an OK StatusOr, or a test failure.
#define HOPTAC_ASSERT_OK_AND_ASSIGN(lhs, rexpr)                                   \
  HOPTAC_ASSERT_OK_AND_ASSIGN_IMPL_(HOPTAC_MATCHERS_CONCAT_(statusor_, __LINE__), \
                                    lhs, rexpr)
#define HOPTAC_MATCHERS_CONCAT_INNER_(a, b) a##b
#define HOPTAC_MATCHERS_CONCAT_(a, b) HOPTAC_MATCHERS_CONCAT_INNER_(a, b)
#define HOPTAC_ASSERT_OK_AND_ASSIGN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                      \
  ASSERT_TRUE(statusor.ok()) << statusor.status();              \
  lhs = *std::move(statusor)

}  // namespace hoptac::testing

#endif  // HOPTAC_SERVICES_COMMON_TESTING_STATUS_MATCHERS_H_
