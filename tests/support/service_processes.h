// How end-to-end tests start hoptac's service binaries: one place for the
// flags every test server gets (and, with issue 7, its TLS and token flags),
// so that the tests of each service do not each carry a copy.
//
//   HOPTAC_ASSERT_OK_AND_ASSIGN(auto db, TestDatabase::Create());
//   ProcessOptions options = ServiceProcessOptions("subsidy", *db);
//   options.args.push_back("--registry_address=" + registry->LoopbackAddress());
//   HOPTAC_ASSERT_OK_AND_ASSIGN(auto subsidy, StartService(std::move(options)));
#ifndef HOPTAC_TESTS_SUPPORT_SERVICE_PROCESSES_H_
#define HOPTAC_TESTS_SUPPORT_SERVICE_PROCESSES_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "tests/support/server_process.h"

namespace hoptac::testing {

class TestDatabase;

inline constexpr absl::Duration kServiceStartTimeout = absl::Seconds(60);

// The built binary of `service` ("registry", "subsidy", ...).
std::string ServiceBinary(absl::string_view service);

// `service` on a free loopback port with `database` (the password through the
// environment, as in a deployment), mutual TLS and token verification from
// TestSecurity (call it with TestSecurity::Get().Channel(address, token)), a
// 2 s drain, and none of the developer's HOPTAC_* variables. The registry also loads Lạng Sơn's administrative units.
ProcessOptions ServiceProcessOptions(absl::string_view service, const TestDatabase& database);

// Starts `options` and waits for its "listening" line.
absl::StatusOr<std::unique_ptr<ServerProcess>> StartService(
    ProcessOptions options, absl::Duration timeout = kServiceStartTimeout);

}  // namespace hoptac::testing

#endif  // HOPTAC_TESTS_SUPPORT_SERVICE_PROCESSES_H_
