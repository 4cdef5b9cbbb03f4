// A service binary run as a child process by end-to-end tests: started with
// its own arguments and environment, its stderr (the JSON log lines) captured
// in a file, its port read from the "listening" log line, stopped with SIGTERM
// like Kubernetes does, and killed if the test forgets it.
//
//   HOPTAC_ASSERT_OK_AND_ASSIGN(auto server, ServerProcess::Start(options));
//   HOPTAC_ASSERT_OK_AND_ASSIGN(int port, server->WaitUntilListening(absl::Seconds(60)));
//   ...
//   HOPTAC_ASSERT_OK_AND_ASSIGN(ExitStatus exit, server->Terminate(absl::Seconds(30)));
//   EXPECT_TRUE(exit.Success()) << exit.ToString();
#ifndef HOPTAC_TESTS_SUPPORT_SERVER_PROCESS_H_
#define HOPTAC_TESTS_SUPPORT_SERVER_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace hoptac::testing {

struct ProcessOptions {
  // Path of the executable.
  std::string binary;
  // Arguments after argv[0].
  std::vector<std::string> args;
  // Variables set in the child on top of the inherited environment.
  std::vector<std::pair<std::string, std::string>> env;
  // Inherited variables whose name starts with one of these are dropped (e.g.
  // "HOPTAC_", so that a developer's shell does not configure the server
  // under test). Variables in `env` are set regardless.
  std::vector<std::string> drop_env_prefixes;
  // Folder for the captured stderr/stdout files; empty: $TMPDIR or /tmp.
  std::string log_dir;
};

// How a child process ended.
struct ExitStatus {
  int code = -1;   // exit code when it exited, else -1
  int signal = 0;  // the signal that killed it, else 0

  bool Success() const { return code == 0; }
  std::string ToString() const;
};

class ServerProcess {
 public:
  // Spawns the binary. Fails when it cannot be executed (the error names it).
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(ProcessOptions options);

  // Kills the child (SIGKILL) if it still runs, reaps it, removes its log files.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Waits for the log line {"message":"listening",...,"port":N} and returns N.
  // Fails when the process exits first or the timeout passes; the error
  // carries the end of its stderr.
  absl::StatusOr<int> WaitUntilListening(absl::Duration timeout);

  // Sends SIGTERM and waits for the exit. On timeout: SIGKILL and an error.
  absl::StatusOr<ExitStatus> Terminate(absl::Duration timeout);

  // Waits for the process to exit by itself. On timeout: SIGKILL and an error.
  absl::StatusOr<ExitStatus> WaitForExit(absl::Duration timeout);

  // True until the process has been seen to exit.
  bool Running();

  pid_t pid() const { return pid_; }
  // The port from the "listening" line (0 before WaitUntilListening succeeds).
  int port() const { return port_; }
  // "127.0.0.1:<port>".
  std::string LoopbackAddress() const;
  // Time from spawn to the "listening" line, once seen.
  std::optional<absl::Duration> startup_duration() const { return startup_duration_; }

  // Everything the process wrote to stderr so far.
  std::string Stderr() const;
  // The last `lines` lines of stderr, for error messages.
  std::string StderrTail(int lines = 30) const;
  // The stderr lines (JSON log lines and anything else), in order.
  std::vector<std::string> StderrLines() const;

 private:
  ServerProcess(pid_t pid, std::string stderr_path, std::string stdout_path, absl::Time started)
      : pid_(pid),
        stderr_path_(std::move(stderr_path)),
        stdout_path_(std::move(stdout_path)),
        started_(started) {}

  // Reaps the child if it has exited; true when it has (now or before).
  bool PollExit();
  // Waits until the child exits or `deadline`; SIGKILL and an error after it.
  absl::StatusOr<ExitStatus> WaitUntil(absl::Time deadline, absl::string_view what);
  absl::Status WithTail(absl::Status status) const;

  pid_t pid_;
  std::string stderr_path_;
  std::string stdout_path_;
  absl::Time started_;
  std::optional<ExitStatus> exit_;
  int port_ = 0;
  std::optional<absl::Duration> startup_duration_;
};

// The log lines (one JSON object each) whose "message" is `message`.
std::vector<std::string> LogLinesWithMessage(const std::vector<std::string>& lines,
                                             absl::string_view message);

// The integer value of "key":N in one JSON log line, if present.
std::optional<int64_t> JsonIntField(absl::string_view line, absl::string_view key);

// A TCP port on 127.0.0.1 that nobody listens on at the moment of the call.
absl::StatusOr<int> PickFreeLoopbackPort();

}  // namespace hoptac::testing

#endif  // HOPTAC_TESTS_SUPPORT_SERVER_PROCESS_H_
