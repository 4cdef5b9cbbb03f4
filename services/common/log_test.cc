#include "services/common/log.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

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

}  // namespace
}  // namespace hoptac
