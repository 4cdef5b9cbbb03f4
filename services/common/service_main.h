// What every service binary does around its own handlers: process set-up,
// settings, database and migrations, then serving until SIGTERM. A main()
// reads as: InitServiceProcess; OpenServiceProcess; build store and handlers;
// ServeUntilStopped.
#ifndef HOPTAC_SERVICES_COMMON_SERVICE_MAIN_H_
#define HOPTAC_SERVICES_COMMON_SERVICE_MAIN_H_

#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/auth/transport_security.h"
#include "services/common/config.h"
#include "services/common/database.h"
#include "services/common/migrations.h"

namespace grpc {
class Service;
}

namespace hoptac {

// What start-up does with the schema (--migrations, HOPTAC_MIGRATIONS):
//   apply  apply the missing migrations under the migration lock, then serve
//          (the default: one command on a developer machine);
//   verify check that every migration of this binary is applied, then serve;
//          for replicas that must not change the schema (Kubernetes);
//   only   apply them, do the service's start-up loads, and exit 0 without
//          serving: the once-per-release migration Job.
enum class MigrationMode { kApply, kVerify, kOnly };

struct ServiceProcess {
  ServerSettings settings;
  TransportSettings transport;
  std::unique_ptr<Database> database;
  absl::Time start;
  MigrationMode migration_mode = MigrationMode::kApply;
};

// First thing in main(): Abseil's mutex deadlock detection off (Debian's
// Abseil checks every lock order otherwise), SIGTERM/SIGINT blocked for the
// server's signal thread, the log's service name, flags with HOPTAC_* overrides.
void InitServiceProcess(int argc, char** argv, absl::string_view log_name,
                        absl::string_view usage);

// Checks the shared settings, opens the database pool and applies
// `migrations` under the migration lock, logging each step. Unless it only
// migrates, it also reads the TLS settings (every channel made later uses
// them: mutual TLS between services) and the keys that verify callers'
// tokens. INVALID_ARGUMENT names a bad setting.
absl::StatusOr<ServiceProcess> OpenServiceProcess(int default_port,
                                                  const std::vector<Migration>& migrations);

// Logs why start-up failed; returns the exit code (2 for a bad setting, 1 else).
int StartupFailed(const absl::Status& status);

// Serves `services` as `service_name`, and the audit trail
// (hoptac.common.v1.AuditService), until SIGTERM; readiness is a database
// ping. Returns the process exit code. With --migrations=only, returns 0 at
// once without serving (the start-up work before this call is done).
int ServeUntilStopped(ServiceProcess& process, const std::string& service_name,
                      std::initializer_list<grpc::Service*> services);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_SERVICE_MAIN_H_
