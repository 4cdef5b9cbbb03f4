// hoptac-registry: the cooperative registry service.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/common/fingerprint.h"
#include "services/common/log.h"
#include "services/common/proto_date.h"
#include "services/common/service_main.h"
#include "services/registry/admin_unit_loader.h"
#include "services/registry/registry_migrations.h"
#include "services/registry/registry_service.h"
#include "services/registry/registry_store.h"

ABSL_FLAG(std::string, admin_units_dir, "",
          "Folder with the GSO files communes-before-2025-07-01.csv and "
          "conversion-2025-07-01.csv (data/admin-units in the repository).");
ABSL_FLAG(std::string, load_provinces, "",
          "Comma-separated province codes whose administrative units are loaded at start "
          "(e.g. 20 for Lạng Sơn). Loading is skipped when the same files were loaded before.");

namespace hoptac::registry {
namespace {

constexpr char kServiceName[] = "hoptac.registry.v1.RegistryService";
constexpr int kDefaultPort = 50051;

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

absl::Status LoadProvinces(RegistryStore& store) {
  const std::string provinces = absl::GetFlag(FLAGS_load_provinces);
  if (provinces.empty()) return absl::OkStatus();
  const std::string dir = absl::GetFlag(FLAGS_admin_units_dir);
  if (dir.empty()) {
    return absl::InvalidArgumentError(
        "setting --admin_units_dir (HOPTAC_ADMIN_UNITS_DIR): required with --load_provinces");
  }
  std::string sources;
  for (const char* file : {"/communes-before-2025-07-01.csv", "/conversion-2025-07-01.csv"}) {
    auto text = ReadFile(dir + file);
    if (!text.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "setting --admin_units_dir (HOPTAC_ADMIN_UNITS_DIR): ", text.status().message()));
    }
    absl::StrAppend(&sources, Fingerprint(*text));
  }
  for (absl::string_view code : absl::StrSplit(provinces, ',', absl::SkipWhitespace())) {
    const absl::Time start = absl::Now();
    auto catalog = LoadProvinceAdminUnitsFromDir(dir, code);
    if (!catalog.ok()) return catalog.status();
    absl::Status loaded = store.LoadAdminUnits(*catalog, std::string(code), Fingerprint(sources),
                                               absl::Now() + absl::Minutes(2));
    if (!loaded.ok()) return loaded;
    LogLine(LogLevel::kInfo, "administrative units ready")
        .Add("province", code)
        .Add("units", static_cast<int64_t>(catalog->units.size()))
        .Add("duration_ms", absl::ToDoubleMilliseconds(absl::Now() - start));
  }
  return absl::OkStatus();
}

int Run() {
  auto process = OpenServiceProcess(kDefaultPort, RegistryMigrations());
  if (!process.ok()) return StartupFailed(process.status());
  RegistryStore store(*process->database);
  if (absl::Status loaded = LoadProvinces(store); !loaded.ok()) return StartupFailed(loaded);
  RegistryService service(store, process->database.get(), &TodayInVietnam);
  return ServeUntilStopped(*process, kServiceName, {&service});
}

}  // namespace
}  // namespace hoptac::registry

int main(int argc, char** argv) {
  hoptac::InitServiceProcess(
      argc, argv, "registry",
      "hoptac-registry: cooperatives and administrative units. Every flag can be set "
      "from the environment as HOPTAC_<FLAG IN CAPITALS>.");
  return hoptac::registry::Run();
}
