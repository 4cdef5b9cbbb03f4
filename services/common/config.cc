#include "services/common/config.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

ABSL_FLAG(std::string, listen, "",
          "Address the gRPC server listens on, host:port (default 127.0.0.1 "
          "and the service's port).");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "On SIGTERM, how long in-flight calls may run before they are cancelled.");
ABSL_FLAG(absl::Duration, shutdown_delay, absl::ZeroDuration(),
          "On SIGTERM, how long to keep accepting calls after health turns NOT_SERVING, "
          "so that load balancers (a Kubernetes Service) stop routing here first. Calls "
          "that arrive once the server stops accepting end with CANCELLED or UNAVAILABLE.");
ABSL_FLAG(absl::Duration, keepalive_time, absl::Minutes(1),
          "Interval of HTTP/2 keepalive pings to idle clients.");
ABSL_FLAG(absl::Duration, max_connection_age, absl::Minutes(30),
          "Connections are closed gracefully after this age, so that clients "
          "re-resolve and spread over new replicas.");
ABSL_FLAG(int64_t, max_concurrent_rpcs, 0,
          "Maximum RPCs served at once (0: no limit).");
ABSL_FLAG(int, grpc_min_pollers, 1,
          "Threads of the gRPC server that always wait for new calls (1-1024).");
ABSL_FLAG(int, grpc_max_pollers, 16,
          "Most threads of the gRPC server that wait for new calls (1-1024). A thread that "
          "finishes a call and finds this many waiting ends, and a later call starts a new "
          "one: set it near the number of calls served at once (gRPC's own default, 2, "
          "starts a thread for about every second call under load).");
ABSL_FLAG(int, db_pool_size, 8, "Database connections in the pool (1-256).");
ABSL_FLAG(std::string, mysql_dsn, "",
          "Database, mysql://user@host:port/database (put the password in "
          "--mysql_password_file or HOPTAC_MYSQL_PASSWORD, not here).");
ABSL_FLAG(std::string, mysql_password, "",
          "Database password (prefer --mysql_password_file).");
ABSL_FLAG(std::string, mysql_password_file, "",
          "File holding the database password (a mounted Kubernetes secret).");
ABSL_FLAG(absl::Duration, health_check_interval, absl::Seconds(5),
          "How often the database is pinged to update the named health status.");
ABSL_FLAG(int, health_port, 0,
          "A second, plaintext port serving only the gRPC health service, for probes that "
          "cannot speak TLS (kubelet's native gRPC probes); 0: none.");
ABSL_FLAG(int, max_message_bytes, 4 * 1024 * 1024,
          "Largest request or response message accepted, in bytes (1 KiB to 64 MiB).");
ABSL_FLAG(int, metrics_port, 0,
          "Port of the Prometheus metrics endpoint (HTTP GET /metrics), on the host of "
          "--listen; 0: no metrics endpoint.");

namespace hoptac {
namespace {

absl::Status BadSetting(absl::string_view flag, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(
      "setting --", flag, " (", EnvironmentNameForFlag(flag), "): ", problem));
}

absl::StatusOr<std::string> ReadPassword() {
  const std::string file = absl::GetFlag(FLAGS_mysql_password_file);
  if (file.empty()) return absl::GetFlag(FLAGS_mysql_password);
  std::ifstream in(file);
  if (!in) return BadSetting("mysql_password_file", absl::StrCat("cannot read ", file));
  std::stringstream content;
  content << in.rdbuf();
  return std::string(absl::StripTrailingAsciiWhitespace(content.str()));
}

}  // namespace

std::string EnvironmentNameForFlag(absl::string_view flag_name) {
  return absl::StrCat("HOPTAC_", absl::AsciiStrToUpper(flag_name));
}

void ParseFlagsWithEnvironment(int argc, char** argv, absl::string_view usage) {
  static const bool usage_set = [&] {
    absl::SetProgramUsageMessage(usage);  // Abseil allows this once per process
    return true;
  }();
  (void)usage_set;
  for (auto& [name, flag] : absl::GetAllFlags()) {
    const std::string variable = EnvironmentNameForFlag(name);
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      std::fprintf(stderr, "hoptac: bad setting %s=%s for --%s: %s\n",
                   variable.c_str(),
                   absl::StrContains(name, "password") ? "<hidden>" : value,
                   std::string(name).c_str(), error.c_str());
      std::exit(2);
    }
  }
  absl::ParseCommandLine(argc, argv);
}

absl::Status ValidateListenAddress(absl::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos || colon == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", address, "' is not host:port"));
  }
  int port = 0;
  if (!absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", address, "' has no port between 0 and 65535"));
  }
  return absl::OkStatus();
}

absl::StatusOr<ServerSettings> ReadServerSettings(int default_port) {
  ServerSettings s;
  s.listen_address = absl::GetFlag(FLAGS_listen);
  if (s.listen_address.empty()) s.listen_address = absl::StrCat("127.0.0.1:", default_port);
  if (absl::Status v = ValidateListenAddress(s.listen_address); !v.ok()) {
    return BadSetting("listen", v.message());
  }
  s.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
  if (s.shutdown_grace < absl::ZeroDuration() || s.shutdown_grace > absl::Minutes(10)) {
    return BadSetting("shutdown_grace", "must be between 0s and 10m");
  }
  s.shutdown_delay = absl::GetFlag(FLAGS_shutdown_delay);
  if (s.shutdown_delay < absl::ZeroDuration() || s.shutdown_delay > absl::Minutes(5)) {
    return BadSetting("shutdown_delay", "must be between 0s and 5m");
  }
  s.keepalive_time = absl::GetFlag(FLAGS_keepalive_time);
  if (s.keepalive_time < absl::Seconds(10)) {
    return BadSetting("keepalive_time", "must be at least 10s");
  }
  s.max_connection_age = absl::GetFlag(FLAGS_max_connection_age);
  if (s.max_connection_age < absl::Seconds(1)) {
    return BadSetting("max_connection_age", "must be at least 1s");
  }
  s.max_concurrent_rpcs = absl::GetFlag(FLAGS_max_concurrent_rpcs);
  if (s.max_concurrent_rpcs < 0) return BadSetting("max_concurrent_rpcs", "must not be negative");
  s.grpc_min_pollers = absl::GetFlag(FLAGS_grpc_min_pollers);
  s.grpc_max_pollers = absl::GetFlag(FLAGS_grpc_max_pollers);
  if (s.grpc_max_pollers < 1 || s.grpc_max_pollers > 1024) {
    return BadSetting("grpc_max_pollers", "must be between 1 and 1024");
  }
  if (s.grpc_min_pollers < 1 || s.grpc_min_pollers > s.grpc_max_pollers) {
    return BadSetting("grpc_min_pollers", "must be between 1 and --grpc_max_pollers");
  }
  s.db_pool_size = absl::GetFlag(FLAGS_db_pool_size);
  if (s.db_pool_size < 1 || s.db_pool_size > 256) {
    return BadSetting("db_pool_size", "must be between 1 and 256");
  }
  s.mysql_dsn = absl::GetFlag(FLAGS_mysql_dsn);
  if (s.mysql_dsn.empty()) return BadSetting("mysql_dsn", "is required");
  auto password = ReadPassword();
  if (!password.ok()) return password.status();
  s.mysql_password = *std::move(password);
  s.health_check_interval = absl::GetFlag(FLAGS_health_check_interval);
  if (s.health_check_interval < absl::Milliseconds(100)) {
    return BadSetting("health_check_interval", "must be at least 100ms");
  }
  s.health_port = absl::GetFlag(FLAGS_health_port);
  if (s.health_port < 0 || s.health_port > 65535) {
    return BadSetting("health_port", "must be between 0 (off) and 65535");
  }
  s.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  if (s.max_message_bytes < 1024 || s.max_message_bytes > 64 * 1024 * 1024) {
    return BadSetting("max_message_bytes", "must be between 1024 and 67108864");
  }
  s.metrics_port = absl::GetFlag(FLAGS_metrics_port);
  if (s.metrics_port < 0 || s.metrics_port > 65535) {
    return BadSetting("metrics_port", "must be between 0 (off) and 65535");
  }
  return s;
}

}  // namespace hoptac
