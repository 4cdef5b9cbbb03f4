// Configuration: Abseil flags, each overridable from the environment as
// HOPTAC_<FLAG_NAME_IN_CAPITALS> (flag `mysql_dsn` <- HOPTAC_MYSQL_DSN). A flag
// given on the command line wins over the environment, which wins over the
// default. Every value is checked at start, and a bad one stops the process
// with a message naming the setting.
#ifndef HOPTAC_SERVICES_COMMON_CONFIG_H_
#define HOPTAC_SERVICES_COMMON_CONFIG_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace hoptac {

// The environment variable that overrides `flag_name`.
std::string EnvironmentNameForFlag(absl::string_view flag_name);

// Applies HOPTAC_* environment overrides to every registered flag, then parses
// the command line. Exits with status 2 and a message naming the setting when
// a value does not parse.
void ParseFlagsWithEnvironment(int argc, char** argv, absl::string_view usage);

// Settings every server shares (flags defined in config.cc).
struct ServerSettings {
  std::string listen_address;      // --listen, "127.0.0.1:50051"
  absl::Duration shutdown_grace;   // --shutdown_grace
  absl::Duration shutdown_delay;   // --shutdown_delay
  absl::Duration keepalive_time;   // --keepalive_time
  absl::Duration max_connection_age;  // --max_connection_age
  int64_t max_concurrent_rpcs = 0;    // --max_concurrent_rpcs (0: no limit)
  int grpc_min_pollers = 1;           // --grpc_min_pollers
  int grpc_max_pollers = 16;          // --grpc_max_pollers
  int db_pool_size = 0;               // --db_pool_size
  std::string mysql_dsn;              // --mysql_dsn (password not included)
  std::string mysql_password;         // --mysql_password or --mysql_password_file
  absl::Duration health_check_interval;  // --health_check_interval
  int metrics_port = 0;                  // --metrics_port (0: no metrics endpoint)
  int health_port = 0;                   // --health_port (0: none): plaintext, health only
  int max_message_bytes = 4 * 1024 * 1024;  // --max_message_bytes
};

// Reads the shared flags and checks them. `default_port` fills an empty
// --listen. Errors are INVALID_ARGUMENT naming the flag and its variable.
absl::StatusOr<ServerSettings> ReadServerSettings(int default_port);

// Checks "host:port" (IPv4, [IPv6] or a name; port 0-65535).
absl::Status ValidateListenAddress(absl::string_view address);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_CONFIG_H_
