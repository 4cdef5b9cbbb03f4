#include "services/common/log.h"

#include <cmath>
#include <regex>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace hoptac {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(LogLine, WritesOneJsonObjectPerLineWithEscapes) {
  SetLogServiceName("registry");
  ::testing::internal::CaptureStderr();
  LogLine(LogLevel::kWarning, "quote \" and\nnewline")
      .Add("name", "Hợp tác xã Công Sơn")
      .Add("count", int64_t{42})
      .Add("control", std::string("a\x01" "b"));
  const std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(out, StartsWith("{\"time\":\""));
  EXPECT_THAT(out, EndsWith("}\n"));
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
  EXPECT_THAT(out, HasSubstr("\"level\":\"warning\""));
  EXPECT_THAT(out, HasSubstr("\"service\":\"registry\""));
  EXPECT_THAT(out, HasSubstr("\"message\":\"quote \\\" and\\nnewline\""));
  EXPECT_THAT(out, HasSubstr("\"name\":\"Hợp tác xã Công Sơn\""));
  EXPECT_THAT(out, HasSubstr("\"count\":42"));
  EXPECT_THAT(out, HasSubstr("\"control\":\"a\\u0001b\""));
}

TEST(LogLine, TimeIsUtcWithMillisecondsAndNumbersHaveThreeDecimals) {
  ::testing::internal::CaptureStderr();
  LogLine(LogLevel::kInfo, "m")
      .Add("a", 1.5)
      .Add("b", 0.0004)
      .Add("c", 12.3456)
      .Add("d", -2.5)
      .Add("e", 1234.0006)
      .Add("f", std::nan(""))
      .Add("g", "tail\\")
      .Add("h", std::string("\x1f"));
  const std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(std::regex_search(
      out, std::regex(R"re(^\{"time":"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z",)re")))
      << out;
  EXPECT_THAT(out, HasSubstr("\"a\":1.500,\"b\":0.000,\"c\":12.346,\"d\":-2.500,"));
  EXPECT_THAT(out, HasSubstr("\"e\":1234.001,\"f\":null,"));
  EXPECT_THAT(out, HasSubstr("\"g\":\"tail\\\\\",\"h\":\"\\u001f\"}"));
}

TEST(LogLine, TimeMatchesTheClock) {
  const absl::Time before = absl::Now();
  ::testing::internal::CaptureStderr();
  LogLine(LogLevel::kInfo, "m");
  const std::string out = ::testing::internal::GetCapturedStderr();
  const absl::Time after = absl::Now();
  absl::Time logged;
  std::string error;
  ASSERT_TRUE(absl::ParseTime("%Y-%m-%dT%H:%M:%E3SZ", out.substr(9, 24), &logged, &error))
      << out << error;
  EXPECT_GE(logged, absl::FromUnixMillis(absl::ToUnixMillis(before)));
  EXPECT_LE(logged, after);
}

}  // namespace
}  // namespace hoptac
