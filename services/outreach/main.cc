// hoptac-outreach: communication and outreach activities.
#include <string>

#include "services/common/auth/access_gate.h"
#include "services/common/proto_date.h"
#include "services/common/registry_client.h"
#include "services/common/service_main.h"
#include "services/outreach/outreach_migrations.h"
#include "services/outreach/outreach_service.h"
#include "services/outreach/outreach_store.h"

namespace hoptac::outreach {
namespace {

constexpr char kServiceName[] = "hoptac.outreach.v1.OutreachService";
constexpr int kDefaultPort = 50053;

int Run() {
  auto registry_address = RegistryAddressSetting();
  if (!registry_address.ok()) return StartupFailed(registry_address.status());
  auto process = OpenServiceProcess(kDefaultPort, OutreachMigrations());
  if (!process.ok()) return StartupFailed(process.status());
  OutreachStore store(*process->database);
  RegistryClient registry(*registry_address);
  // Refused mutations go to the service's own audit trail; callers' subtrees
  // come from the registry.
  AccessGate gate(kServiceName, process->database.get(), registry, TodayInVietnam);
  OutreachService service(store, registry, gate);
  return ServeUntilStopped(*process, kServiceName, {&service});
}

}  // namespace
}  // namespace hoptac::outreach

int main(int argc, char** argv) {
  hoptac::InitServiceProcess(
      argc, argv, "outreach",
      "hoptac-outreach: outreach activities and their statistics. Every flag can be set from the environment as HOPTAC_<FLAG IN CAPITALS>.");
  return hoptac::outreach::Run();
}
