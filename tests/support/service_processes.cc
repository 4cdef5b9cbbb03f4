#include "tests/support/service_processes.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/testing/test_database.h"
#include "tests/support/test_security.h"

#if !defined(HOPTAC_SOURCE_DIR) || !defined(HOPTAC_BINARY_DIR)
#error "HOPTAC_SOURCE_DIR and HOPTAC_BINARY_DIR must be defined"
#endif

namespace hoptac::testing {

std::string ServiceBinary(absl::string_view service) {
  return absl::StrCat(HOPTAC_BINARY_DIR, "/services/", service, "/hoptac-", service);
}

ProcessOptions ServiceProcessOptions(absl::string_view service, const TestDatabase& database) {
  ProcessOptions options;
  options.binary = ServiceBinary(service);
  options.args = {"--listen=127.0.0.1:0",
                  absl::StrCat("--mysql_dsn=", database.DsnWithoutPassword()),
                  "--shutdown_grace=2s"};
  if (service == "registry") {
    options.args.push_back(absl::StrCat("--admin_units_dir=", HOPTAC_SOURCE_DIR, "/data/admin-units"));
    options.args.push_back("--load_provinces=20");
  }
  // TLS on and tokens verified, as in a deployment (the test PKI).
  for (std::string& flag : TestSecurity::Get().ServiceFlags(service)) {
    options.args.push_back(std::move(flag));
  }
  options.env = {{"HOPTAC_MYSQL_PASSWORD", database.dsn().password}};
  options.drop_env_prefixes = {"HOPTAC_"};
  return options;
}

absl::StatusOr<std::unique_ptr<ServerProcess>> StartService(ProcessOptions options,
                                                            absl::Duration timeout) {
  auto process = ServerProcess::Start(std::move(options));
  if (!process.ok()) return process.status();
  if (auto port = (*process)->WaitUntilListening(timeout); !port.ok()) return port.status();
  return process;
}

}  // namespace hoptac::testing
