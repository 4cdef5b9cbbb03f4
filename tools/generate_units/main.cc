// hoptac-generate-units: writes fixture folders for the district-level units
// of a province that have no hand-written fixture, one folder per unit, in
// hoptac-load-fixture's format, plus each unit's report draft (report/).
// The units and their communes come from the registry; the records from a
// seed derived from each unit's code, so a run gives the same files.
//
//   hoptac-generate-units --registry_address=127.0.0.1:50051 --province=20
//     --year=2023 --skip_units=183 --out_dir=.run/units
//
// The registry is called over mutual TLS (--tls_cert_file, --tls_key_file,
// --tls_ca_file, or --insecure) with the token of --bearer_token_file.
//
// Prints one line per folder written: "<code>\t<folder path>".
// Exit status: 0 written, 1 the registry did not answer or a file could not
// be written, 2 bad flags.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "grpcpp/channel.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/client.h"
#include "services/common/config.h"
#include "tools/generate_units/unit_fixture.h"
#include "tools/generate_units/unit_plan.h"
#include "tools/generate_units/unit_source.h"

ABSL_FLAG(std::string, registry_address, "127.0.0.1:50051", "The registry, host:port.");
ABSL_FLAG(std::string, province, "20", "Code of the province (Lạng Sơn: 20).");
ABSL_FLAG(int, year, 2023, "The year the records belong to; units valid on 31/12 of it.");
ABSL_FLAG(std::vector<std::string>, skip_units, {"183"},
          "Codes of units that have a hand-written fixture (Cao Lộc: 183), comma-separated.");
ABSL_FLAG(std::string, out_dir, "", "Where to write the folders, one per unit.");

namespace {

constexpr char kUsage[] =
    "Writes generated fixture folders for a province's units.\n"
    "  hoptac-generate-units --registry_address=HOST:PORT --out_dir=DIR\n"
    "  --tls_cert_file=CRT --tls_key_file=KEY --tls_ca_file=CA (or --insecure) "
    "--bearer_token_file=FILE";

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "hoptac-generate-units: %s\n", message.c_str());
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  hoptac::ParseFlagsWithEnvironment(argc, argv, kUsage);
  const std::string out_dir = absl::GetFlag(FLAGS_out_dir);
  const std::string address = absl::GetFlag(FLAGS_registry_address);
  const int year = absl::GetFlag(FLAGS_year);
  if (out_dir.empty()) return Fail(2, "--out_dir is required");
  if (absl::Status s = hoptac::ValidateListenAddress(address); !s.ok()) {
    return Fail(2, absl::StrCat("--registry_address: ", s.message()));
  }
  if (year < 2000 || year > 2100) return Fail(2, "--year: 2000 to 2100");
  if (auto credentials = hoptac::ConfigureClientCredentials(); !credentials.ok()) {
    return Fail(2, std::string(credentials.status().message()));
  }

  namespace rg = hoptac::registry::v1;
  auto registry = rg::RegistryService::NewStub(
      hoptac::MakeServiceChannel(address, rg::RegistryService::service_full_name()));
  auto units = hoptac::generate::ListChildUnits(*registry, absl::GetFlag(FLAGS_province),
                                                absl::CivilDay(year, 12, 31));
  if (!units.ok()) return Fail(1, std::string(units.status().message()));
  if (units->empty()) {
    return Fail(1, absl::StrCat("the registry has no units under orgUnits/",
                                absl::GetFlag(FLAGS_province), " on 31/12/", year,
                                " (is the province loaded?)"));
  }
  const std::vector<std::string> skip = absl::GetFlag(FLAGS_skip_units);
  for (const hoptac::generate::UnitInfo& unit : *units) {
    if (std::find(skip.begin(), skip.end(), unit.code) != skip.end()) continue;
    if (unit.communes.empty()) {
      return Fail(1, absl::StrCat(unit.display_name, " (", unit.code, ") has no communes on 31/12/",
                                  year));
    }
    const hoptac::generate::UnitPlan plan = hoptac::generate::PlanUnit(unit, year);
    const std::string dir = (std::filesystem::path(out_dir) / plan.folder).string();
    // Generated output: a folder from an earlier run is replaced whole.
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
    const absl::Status written =
        hoptac::generate::WriteFixtureFiles(dir, hoptac::generate::GenerateUnitFixture(plan));
    if (!written.ok()) return Fail(1, std::string(written.message()));
    std::printf("%s\t%s\n", unit.code.c_str(), dir.c_str());
  }
  return 0;
}
