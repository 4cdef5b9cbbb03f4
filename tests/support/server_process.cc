#include "tests/support/server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

extern char** environ;

namespace hoptac::testing {
namespace {

constexpr absl::Duration kPollInterval = absl::Milliseconds(10);

absl::Status ErrnoError(absl::string_view what) {
  return absl::InternalError(absl::StrCat(what, ": ", std::strerror(errno)));
}

std::string LogDir(const ProcessOptions& options) {
  if (!options.log_dir.empty()) return options.log_dir;
  const char* tmp = std::getenv("TMPDIR");
  return tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
}

// Creates "<dir>/<binary name>-XXXXXX<suffix>", close-on-exec, and returns
// its descriptor and path.
absl::StatusOr<std::pair<int, std::string>> CreateLogFile(const std::string& dir,
                                                          const std::string& binary,
                                                          absl::string_view suffix) {
  const std::string base = binary.substr(binary.rfind('/') + 1);
  std::string path = absl::StrCat(dir, "/", base, "-XXXXXX", suffix);
  const int fd = mkostemps(path.data(), static_cast<int>(suffix.size()), O_CLOEXEC);
  if (fd < 0) return ErrnoError(absl::StrCat("creating ", path));
  return std::make_pair(fd, path);
}

bool Dropped(absl::string_view entry, const ProcessOptions& options) {
  const absl::string_view name = entry.substr(0, entry.find('='));
  for (const auto& [key, value] : options.env) {
    if (name == key) return true;
  }
  for (const std::string& prefix : options.drop_env_prefixes) {
    if (absl::StartsWith(name, prefix)) return true;
  }
  return false;
}

// The child's environment: the inherited one, filtered, plus options.env.
std::vector<std::string> ChildEnvironment(const ProcessOptions& options) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (!Dropped(*entry, options)) env.emplace_back(*entry);
  }
  for (const auto& [key, value] : options.env) env.push_back(absl::StrCat(key, "=", value));
  return env;
}

// argv/envp arrays pointing into `strings`, which must outlive them.
std::vector<char*> NullTerminated(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Runs in the forked child, so only async-signal-safe calls: the parent has
// threads (gRPC, the test), and one of them may hold the malloc lock.
[[noreturn]] void ExecChild(pid_t parent, int stdin_fd, int stdout_fd, int stderr_fd,
                            int error_pipe, char* const* argv, char* const* envp) {
  // A test killed by ctest's timeout must not leave a server running.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGTERM, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  if (dup2(stdin_fd, 0) < 0 || dup2(stdout_fd, 1) < 0 || dup2(stderr_fd, 2) < 0) {
    const int error = errno;
    (void)!write(error_pipe, &error, sizeof(error));
    _exit(127);
  }
  execve(argv[0], argv, envp);
  const int error = errno;
  (void)!write(error_pipe, &error, sizeof(error));
  _exit(127);
}

// Reads the errno the child reports when exec fails; 0 when exec succeeded
// (the pipe closes on exec without data).
int ReadExecError(int error_pipe) {
  int error = 0;
  ssize_t n;
  do {
    n = read(error_pipe, &error, sizeof(error));
  } while (n < 0 && errno == EINTR);
  return n == static_cast<ssize_t>(sizeof(error)) ? error : 0;
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

ExitStatus FromWaitStatus(int status) {
  ExitStatus exit;
  if (WIFEXITED(status)) exit.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) exit.signal = WTERMSIG(status);
  return exit;
}

// The JSON string value of "key":"..." in `line`, unescaped for \" and \\.
std::optional<std::string> JsonStringField(absl::string_view line, absl::string_view key) {
  const std::string needle = absl::StrCat("\"", key, "\":");
  const size_t at = line.find(needle);
  if (at == absl::string_view::npos) return std::nullopt;
  absl::string_view rest = absl::StripLeadingAsciiWhitespace(line.substr(at + needle.size()));
  if (rest.empty() || rest[0] != '"') return std::nullopt;
  std::string value;
  for (size_t i = 1; i < rest.size(); ++i) {
    if (rest[i] == '"') return value;
    if (rest[i] == '\\' && i + 1 < rest.size()) ++i;
    value.push_back(rest[i]);
  }
  return std::nullopt;
}

}  // namespace

std::string ExitStatus::ToString() const {
  if (signal != 0) return absl::StrCat("killed by signal ", signal, " (", strsignal(signal), ")");
  return absl::StrCat("exit code ", code);
}

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(ProcessOptions options) {
  if (access(options.binary.c_str(), X_OK) != 0) {
    return absl::NotFoundError(absl::StrCat("cannot execute ", options.binary, ": ",
                                            std::strerror(errno), " (is it built?)"));
  }
  const std::string dir = LogDir(options);
  auto err_file = CreateLogFile(dir, options.binary, ".stderr");
  if (!err_file.ok()) return err_file.status();
  auto out_file = CreateLogFile(dir, options.binary, ".stdout");
  if (!out_file.ok()) {
    close(err_file->first);
    return out_file.status();
  }
  const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  int error_pipe[2] = {-1, -1};
  if (null_fd < 0 || pipe2(error_pipe, O_CLOEXEC) != 0) return ErrnoError("preparing the child");

  // Everything the child needs is allocated before fork().
  std::vector<std::string> argv_strings = {options.binary};
  argv_strings.insert(argv_strings.end(), options.args.begin(), options.args.end());
  std::vector<std::string> env_strings = ChildEnvironment(options);
  std::vector<char*> argv = NullTerminated(argv_strings);
  std::vector<char*> envp = NullTerminated(env_strings);

  const pid_t parent = getpid();
  const absl::Time started = absl::Now();
  const pid_t pid = fork();
  if (pid == 0) {
    ExecChild(parent, null_fd, out_file->first, err_file->first, error_pipe[1], argv.data(),
              envp.data());
  }
  const int fork_errno = errno;
  close(error_pipe[1]);
  close(null_fd);
  close(out_file->first);
  close(err_file->first);
  if (pid < 0) {
    close(error_pipe[0]);
    errno = fork_errno;
    return ErrnoError("fork");
  }
  const int exec_error = ReadExecError(error_pipe[0]);
  close(error_pipe[0]);
  auto process = std::unique_ptr<ServerProcess>(
      new ServerProcess(pid, err_file->second, out_file->second, started));
  if (exec_error != 0) {
    return absl::InternalError(
        absl::StrCat("cannot start ", options.binary, ": ", std::strerror(exec_error)));
  }
  return process;
}

ServerProcess::~ServerProcess() {
  if (!PollExit()) {
    kill(pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  unlink(stderr_path_.c_str());
  unlink(stdout_path_.c_str());
}

bool ServerProcess::PollExit() {
  if (exit_.has_value()) return true;
  int status = 0;
  const pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    exit_ = FromWaitStatus(status);
    return true;
  }
  return false;
}

bool ServerProcess::Running() { return !PollExit(); }

std::string ServerProcess::LoopbackAddress() const { return absl::StrCat("127.0.0.1:", port_); }

std::string ServerProcess::Stderr() const { return ReadWholeFile(stderr_path_); }

std::vector<std::string> ServerProcess::StderrLines() const {
  return absl::StrSplit(Stderr(), '\n', absl::SkipEmpty());
}

std::string ServerProcess::StderrTail(int lines) const {
  std::vector<std::string> all = StderrLines();
  const size_t first = all.size() > static_cast<size_t>(lines) ? all.size() - lines : 0;
  return absl::StrJoin(all.begin() + first, all.end(), "\n");
}

absl::Status ServerProcess::WithTail(absl::Status status) const {
  return absl::Status(status.code(), absl::StrCat(status.message(), "; stderr ends with:\n",
                                                  StderrTail()));
}

absl::StatusOr<int> ServerProcess::WaitUntilListening(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    for (const std::string& line : LogLinesWithMessage(StderrLines(), "listening")) {
      const std::optional<int64_t> port = JsonIntField(line, "port");
      if (port.has_value() && *port > 0 && *port < 65536) {
        port_ = static_cast<int>(*port);
        startup_duration_ = absl::Now() - started_;
        return port_;
      }
    }
    if (PollExit()) {
      return WithTail(absl::FailedPreconditionError(
          absl::StrCat("the server exited (", exit_->ToString(), ") before listening")));
    }
    if (absl::Now() > deadline) {
      return WithTail(absl::DeadlineExceededError(absl::StrCat(
          "no \"listening\" log line after ", absl::FormatDuration(timeout))));
    }
    absl::SleepFor(kPollInterval);
  }
}

absl::StatusOr<ExitStatus> ServerProcess::WaitUntil(absl::Time deadline, absl::string_view what) {
  while (!PollExit()) {
    if (absl::Now() > deadline) {
      kill(pid_, SIGKILL);
      return WithTail(absl::DeadlineExceededError(
          absl::StrCat("the process did not exit ", what, " in time; killed it")));
    }
    absl::SleepFor(kPollInterval);
  }
  return *exit_;
}

absl::StatusOr<ExitStatus> ServerProcess::Terminate(absl::Duration timeout) {
  if (!PollExit()) kill(pid_, SIGTERM);
  return WaitUntil(absl::Now() + timeout, "after SIGTERM");
}

absl::StatusOr<ExitStatus> ServerProcess::WaitForExit(absl::Duration timeout) {
  return WaitUntil(absl::Now() + timeout, "by itself");
}

std::vector<std::string> LogLinesWithMessage(const std::vector<std::string>& lines,
                                             absl::string_view message) {
  std::vector<std::string> matching;
  for (const std::string& line : lines) {
    if (JsonStringField(line, "message") == message) matching.push_back(line);
  }
  return matching;
}

std::optional<int64_t> JsonIntField(absl::string_view line, absl::string_view key) {
  const std::string needle = absl::StrCat("\"", key, "\":");
  const size_t at = line.find(needle);
  if (at == absl::string_view::npos) return std::nullopt;
  absl::string_view rest = absl::StripLeadingAsciiWhitespace(line.substr(at + needle.size()));
  size_t digits = 0;
  while (digits < rest.size() && absl::ascii_isdigit(rest[digits])) ++digits;
  int64_t value = 0;
  if (digits == 0 || !absl::SimpleAtoi(rest.substr(0, digits), &value)) return std::nullopt;
  return value;
}

absl::StatusOr<int> PickFreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return ErrnoError("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const absl::Status error = ErrnoError("binding 127.0.0.1:0");
    close(fd);
    return error;
  }
  close(fd);
  return ntohs(address.sin_port);
}

}  // namespace hoptac::testing
