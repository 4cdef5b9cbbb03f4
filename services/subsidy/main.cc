// hoptac-subsidy: support programs, grants and the disbursement ledger.
#include <string>

#include "services/common/registry_client.h"
#include "services/common/service_main.h"
#include "services/common/proto_date.h"
#include "services/subsidy/subsidy_migrations.h"
#include "services/subsidy/subsidy_service.h"
#include "services/subsidy/subsidy_store.h"

namespace hoptac::subsidy {
namespace {

constexpr char kServiceName[] = "hoptac.subsidy.v1.SubsidyService";
constexpr int kDefaultPort = 50052;

int Run() {
  auto registry_address = RegistryAddressSetting();
  if (!registry_address.ok()) return StartupFailed(registry_address.status());
  auto process = OpenServiceProcess(kDefaultPort, SubsidyMigrations());
  if (!process.ok()) return StartupFailed(process.status());
  SubsidyStore store(*process->database);
  RegistryClient registry(*registry_address);
  SubsidyService service(store, registry, &TodayInVietnam, *process->database);
  return ServeUntilStopped(*process, kServiceName, {&service});
}

}  // namespace
}  // namespace hoptac::subsidy

int main(int argc, char** argv) {
  hoptac::InitServiceProcess(
      argc, argv, "subsidy",
      "hoptac-subsidy: support programs, grants and the disbursement ledger. Every flag can be set from the environment as HOPTAC_<FLAG IN CAPITALS>.");
  return hoptac::subsidy::Run();
}
