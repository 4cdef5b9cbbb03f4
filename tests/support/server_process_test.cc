#include "tests/support/server_process.h"

#include <signal.h>
#include <stdlib.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kListeningLine[] =
    R"({"time":"2025-01-01T00:00:00.000Z","level":"info","message":"listening",)"
    R"("address":"127.0.0.1:4321","port":4321})";

// A stand-in for a server: /bin/sh running `script`.
ProcessOptions Shell(const std::string& script) {
  ProcessOptions options;
  options.binary = "/bin/sh";
  options.args = {"-c", script};
  return options;
}

std::string PrintListening() { return absl::StrCat("echo '", kListeningLine, "' >&2; "); }

TEST(JsonLogTest, FindsLinesByMessageAndReadsIntegers) {
  const std::vector<std::string> lines = {
      R"({"message":"starting","port":1})", kListeningLine, "not json at all",
      R"({"message":"listening again","port":2})"};
  EXPECT_THAT(LogLinesWithMessage(lines, "listening"), ElementsAre(kListeningLine));
  EXPECT_EQ(JsonIntField(kListeningLine, "port"), 4321);
  EXPECT_EQ(JsonIntField(kListeningLine, "missing"), std::nullopt);
  EXPECT_EQ(JsonIntField(R"({"port":"4321"})", "port"), std::nullopt);
}

TEST(ServerProcessTest, ReadsThePortAndStopsWithSigterm) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto process,
                              ServerProcess::Start(Shell(PrintListening() + "exec sleep 30")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(int port, process->WaitUntilListening(absl::Seconds(10)));
  EXPECT_EQ(port, 4321);
  EXPECT_EQ(process->LoopbackAddress(), "127.0.0.1:4321");
  EXPECT_TRUE(process->startup_duration().has_value());
  EXPECT_TRUE(process->Running());
  HOPTAC_ASSERT_OK_AND_ASSIGN(ExitStatus exit, process->Terminate(absl::Seconds(10)));
  EXPECT_EQ(exit.signal, SIGTERM) << exit.ToString();
  EXPECT_FALSE(exit.Success());
  EXPECT_FALSE(process->Running());
}

TEST(ServerProcessTest, ReportsTheExitCodeOfAGracefulStop) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto process,
      ServerProcess::Start(Shell("trap 'echo stopped >&2; exit 0' TERM; " + PrintListening() +
                                 "while :; do sleep 0.05; done")));
  ASSERT_THAT(process->WaitUntilListening(absl::Seconds(10)), IsOk());
  HOPTAC_ASSERT_OK_AND_ASSIGN(ExitStatus exit, process->Terminate(absl::Seconds(10)));
  EXPECT_TRUE(exit.Success()) << exit.ToString();
  EXPECT_EQ(process->StderrTail(1), "stopped");
}

TEST(ServerProcessTest, AnExitBeforeListeningIsAnErrorWithTheStderrTail) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto process,
                              ServerProcess::Start(Shell("echo 'bad setting' >&2; exit 3")));
  EXPECT_THAT(process->WaitUntilListening(absl::Seconds(10)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("exit code 3"), HasSubstr("bad setting"))));
  HOPTAC_ASSERT_OK_AND_ASSIGN(ExitStatus exit, process->WaitForExit(absl::Seconds(1)));
  EXPECT_EQ(exit.code, 3);
}

TEST(ServerProcessTest, ListeningTimesOut) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto process,
                              ServerProcess::Start(Shell("echo 'still loading' >&2; exec sleep 30")));
  EXPECT_THAT(process->WaitUntilListening(absl::Milliseconds(300)),
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("still loading")));
  // The destructor kills the sleeping child.
}

TEST(ServerProcessTest, AMissingBinaryIsNotFound) {
  ProcessOptions options;
  options.binary = "/nonexistent/hoptac-nothing";
  EXPECT_THAT(ServerProcess::Start(options),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/nonexistent/hoptac-nothing")));
}

TEST(ServerProcessTest, SetsAndDropsEnvironmentVariables) {
  ASSERT_EQ(setenv("HOPTAC_INHERITED_FOR_TEST", "leaked", 1), 0);
  ProcessOptions options = Shell("env >&2");
  options.env = {{"HOPTAC_GIVEN_FOR_TEST", "given"}};
  options.drop_env_prefixes = {"HOPTAC_"};
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto process, ServerProcess::Start(options));
  HOPTAC_ASSERT_OK_AND_ASSIGN(ExitStatus exit, process->WaitForExit(absl::Seconds(10)));
  unsetenv("HOPTAC_INHERITED_FOR_TEST");
  EXPECT_TRUE(exit.Success()) << exit.ToString();
  EXPECT_THAT(process->Stderr(), HasSubstr("HOPTAC_GIVEN_FOR_TEST=given"));
  EXPECT_THAT(process->Stderr(), Not(HasSubstr("HOPTAC_INHERITED_FOR_TEST")));
}

TEST(PickFreeLoopbackPortTest, ReturnsAPort) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(int port, PickFreeLoopbackPort());
  EXPECT_GT(port, 0);
  EXPECT_LT(port, 65536);
}

}  // namespace
}  // namespace hoptac::testing
