#include "services/common/service_main.h"

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "services/common/log.h"
#include "services/common/mysql_dsn.h"
#include "services/common/server.h"

namespace hoptac {

void InitServiceProcess(int argc, char** argv, absl::string_view log_name,
                        absl::string_view usage) {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  BlockTerminationSignals();
  SetLogServiceName(log_name);
  ParseFlagsWithEnvironment(argc, argv, usage);
}

absl::StatusOr<ServiceProcess> OpenServiceProcess(int default_port,
                                                  const std::vector<Migration>& migrations) {
  ServiceProcess process;
  process.start = absl::Now();
  auto settings = ReadServerSettings(default_port);
  if (!settings.ok()) return settings.status();
  process.settings = *std::move(settings);
  auto dsn = ParseMysqlDsn(process.settings.mysql_dsn);
  if (!dsn.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("setting --mysql_dsn (HOPTAC_MYSQL_DSN): ", dsn.status().message()));
  }
  if (!process.settings.mysql_password.empty()) dsn->password = process.settings.mysql_password;
  DatabaseOptions options;
  options.dsn = *dsn;
  options.pool_size = process.settings.db_pool_size;
  process.database = std::make_unique<Database>(options);
  LogLine(LogLevel::kInfo, "starting").Add("database", dsn->Redacted());

  auto migrated = ApplyMigrations(*process.database, migrations);
  if (!migrated.ok()) {
    return absl::Status(migrated.status().code(),
                        absl::StrCat("migrations failed: ", migrated.status().message()));
  }
  LogLine(LogLevel::kInfo, "schema ready")
      .Add("version", migrated->current_version)
      .Add("applied", static_cast<int64_t>(migrated->applied.size()));
  return process;
}

int StartupFailed(const absl::Status& status) {
  const bool bad_setting = status.code() == absl::StatusCode::kInvalidArgument;
  LogLine(LogLevel::kError, bad_setting ? "bad configuration" : "start-up failed")
      .Add("error", status.message());
  return bad_setting ? 2 : 1;
}

int ServeUntilStopped(ServiceProcess& process, const std::string& service_name,
                      std::initializer_list<grpc::Service*> services) {
  ServiceServer server(process.settings, service_name);
  for (grpc::Service* service : services) server.AddService(service);
  Database& database = *process.database;
  server.SetReadinessProbe(
      [&database] { return database.Ping(absl::Now() + absl::Seconds(2)); });
  LogLine(LogLevel::kInfo, "initialised")
      .Add("duration_ms", absl::ToDoubleMilliseconds(absl::Now() - process.start));
  if (absl::Status run = server.Run(); !run.ok()) {
    LogLine(LogLevel::kError, "server failed").Add("error", run.message());
    return 1;
  }
  return 0;
}

}  // namespace hoptac
