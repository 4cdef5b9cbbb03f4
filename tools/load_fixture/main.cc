// hoptac-load-fixture: loads a fixture folder into running services through
// their gRPC APIs (never SQL), idempotently: a second run sends the same
// request ids and changes nothing.
//
//   hoptac-load-fixture --fixture_dir=tests/fixtures/cao-loc-2023
//     --registry_address=127.0.0.1:50051 --subsidy_address=127.0.0.1:50052
//     --outreach_address=127.0.0.1:50053
//
// Several folders, comma-separated, load as one fixture (a base, then changes
// whose lines refer to the base's keys).
//
// Every call goes over mutual TLS (--tls_cert_file, --tls_key_file: the
// client certificate; --tls_ca_file; or --insecure) and carries the token of
// --bearer_token_file (services/common/auth/client_credentials.h): the
// services refuse calls without one, and write only inside the caller's unit.
//
// Exit status: 0 loaded (or already loaded), 1 the fixture is wrong or a call
// was refused (the message names the file, line and gRPC status), 2 bad flags.
// Flags may also come from the environment (HOPTAC_SUBSIDY_ADDRESS, ...).
#include <cstdio>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "hoptac/outreach/v1/outreach.grpc.pb.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "hoptac/subsidy/v1/subsidy.grpc.pb.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/client.h"
#include "services/common/config.h"
#include "tools/load_fixture/fixture_loader.h"
#include "tools/load_fixture/outreach_steps.h"
#include "tools/load_fixture/registry_steps.h"
#include "tools/load_fixture/subsidy_steps.h"

// The kernel defines --registry_address (registry_client.cc) for every service.
ABSL_DECLARE_FLAG(std::string, registry_address);
ABSL_FLAG(std::vector<std::string>, fixture_dir, {},
          "The fixture folder, e.g. tests/fixtures/cao-loc-2023; several, comma-separated, "
          "load as one fixture in that order (a base, then changes referring to its keys).");
ABSL_FLAG(std::string, subsidy_address, "127.0.0.1:50052", "The subsidy service, host:port.");
ABSL_FLAG(std::string, outreach_address, "127.0.0.1:50053", "The outreach service, host:port.");
ABSL_FLAG(absl::Duration, call_timeout, absl::Seconds(20), "Deadline of each call.");
ABSL_FLAG(std::string, fixture_name, "",
          "Names the fixture in request ids; empty: the folder's name. Pass the original "
          "name when loading a modified copy of a fixture that was loaded before.");
ABSL_FLAG(bool, check_only, false, "Only read and check the fixture; call no service.");

namespace {

constexpr char kUsage[] =
    "Loads a fixture folder through the registry, subsidy and outreach gRPC APIs.\n"
    "  hoptac-load-fixture --fixture_dir=DIR --registry_address=HOST:PORT "
    "--subsidy_address=HOST:PORT --outreach_address=HOST:PORT\n"
    "  --tls_cert_file=CRT --tls_key_file=KEY --tls_ca_file=CA (or --insecure) "
    "--bearer_token_file=FILE";

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "hoptac-load-fixture: %s\n", message.c_str());
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  // --help lists this program's flags, the kernel's --registry_address and
  // the client's TLS and token flags.
  absl::FlagsUsageConfig usage;
  usage.contains_help_flags = [](absl::string_view file) {
    return absl::StrContains(file, "tools/load_fixture/") ||
           absl::StrContains(file, "services/common/registry_client") ||
           absl::StrContains(file, "services/common/auth/transport_security") ||
           absl::StrContains(file, "services/common/auth/client_credentials");
  };
  absl::SetFlagsUsageConfig(usage);
  hoptac::ParseFlagsWithEnvironment(argc, argv, kUsage);
  hoptac::fixture::LoadOptions options;
  options.fixture_dirs = absl::GetFlag(FLAGS_fixture_dir);
  options.fixture_name = absl::GetFlag(FLAGS_fixture_name);
  options.call_timeout = absl::GetFlag(FLAGS_call_timeout);
  options.check_only = absl::GetFlag(FLAGS_check_only);
  if (options.fixture_dirs.empty()) return Fail(2, "--fixture_dir is required");
  if (options.fixture_dirs.size() > 1 && !options.fixture_name.empty()) {
    return Fail(2, "--fixture_name needs a single --fixture_dir");
  }
  if (options.call_timeout <= absl::ZeroDuration()) return Fail(2, "--call_timeout must be > 0");
  const std::pair<const char*, std::string> addresses[] = {
      {"registry_address", absl::GetFlag(FLAGS_registry_address)},
      {"subsidy_address", absl::GetFlag(FLAGS_subsidy_address)},
      {"outreach_address", absl::GetFlag(FLAGS_outreach_address)}};
  for (const auto& [flag, address] : addresses) {
    if (absl::Status s = hoptac::ValidateListenAddress(address); !s.ok()) {
      return Fail(2, absl::StrCat("--", flag, ": ", s.message()));
    }
  }
  if (!options.check_only) {
    // The channels below use the TLS settings; the loader adds the token to each call.
    auto credentials = hoptac::ConfigureClientCredentials();
    if (!credentials.ok()) return Fail(2, std::string(credentials.status().message()));
    options.bearer_token = credentials->bearer_token;
  }

  namespace rg = hoptac::registry::v1;
  namespace sb = hoptac::subsidy::v1;
  namespace ot = hoptac::outreach::v1;
  auto registry = rg::RegistryService::NewStub(
      hoptac::MakeServiceChannel(addresses[0].second, rg::RegistryService::service_full_name()));
  auto subsidy = sb::SubsidyService::NewStub(
      hoptac::MakeServiceChannel(addresses[1].second, sb::SubsidyService::service_full_name()));
  auto outreach = ot::OutreachService::NewStub(
      hoptac::MakeServiceChannel(addresses[2].second, ot::OutreachService::service_full_name()));

  // Dependency order: cooperatives before the subsidies and activities that name them.
  std::vector<hoptac::fixture::FixtureStep> steps = hoptac::fixture::RegistrySteps(*registry);
  for (auto& step : hoptac::fixture::SubsidySteps(*subsidy)) steps.push_back(std::move(step));
  for (auto& step : hoptac::fixture::OutreachSteps(*outreach)) steps.push_back(std::move(step));

  auto loaded = hoptac::fixture::LoadFixture(options, steps, std::cout);
  if (!loaded.ok()) return Fail(1, std::string(loaded.status().message()));
  int records = 0;
  for (const auto& file : *loaded) records += file.records;
  std::cout << (options.check_only ? "checked " : "loaded ") << records << " records from "
            << loaded->size() << " files of " << absl::StrJoin(options.fixture_dirs, ", ") << "\n";
  return 0;
}
