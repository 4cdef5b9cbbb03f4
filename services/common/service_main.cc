#include "services/common/service_main.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "services/common/auth/audit_service.h"
#include "services/common/auth/call_identity.h"
#include "services/common/client.h"
#include "services/common/log.h"
#include "services/common/mysql_dsn.h"
#include "services/common/server.h"

ABSL_FLAG(std::string, migrations, "apply",
          "What start-up does with the database schema: apply (apply missing migrations, "
          "then serve), verify (refuse to start unless this binary's migrations are all "
          "applied; for replicas), only (apply them and exit: the migration job).");

namespace hoptac {
namespace {

absl::StatusOr<MigrationMode> ReadMigrationMode() {
  const std::string mode = absl::GetFlag(FLAGS_migrations);
  if (mode == "apply") return MigrationMode::kApply;
  if (mode == "verify") return MigrationMode::kVerify;
  if (mode == "only") return MigrationMode::kOnly;
  return absl::InvalidArgumentError(absl::StrCat(
      "setting --migrations (HOPTAC_MIGRATIONS): \"", mode,
      "\" is not one of apply, verify, only"));
}

absl::Status PrepareSchema(ServiceProcess& process, const std::vector<Migration>& migrations) {
  if (process.migration_mode == MigrationMode::kVerify) {
    auto checked = VerifyMigrations(*process.database, migrations);
    if (!checked.ok()) {
      return absl::Status(checked.status().code(),
                          absl::StrCat("schema check failed: ", checked.status().message()));
    }
    LogLine line(LogLevel::kInfo, "schema verified");
    line.Add("version", checked->current_version);
    if (!checked->newer_versions.empty()) {
      line.Add("newer_versions", absl::StrJoin(checked->newer_versions, ","));
    }
    return absl::OkStatus();
  }
  auto migrated = ApplyMigrations(*process.database, migrations);
  if (!migrated.ok()) {
    return absl::Status(migrated.status().code(),
                        absl::StrCat("migrations failed: ", migrated.status().message()));
  }
  LogLine(LogLevel::kInfo, "schema ready")
      .Add("version", migrated->current_version)
      .Add("applied", static_cast<int64_t>(migrated->applied.size()));
  return absl::OkStatus();
}

}  // namespace

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
  auto mode = ReadMigrationMode();
  if (!mode.ok()) return mode.status();
  process.migration_mode = *mode;
  if (process.migration_mode != MigrationMode::kOnly) {
    auto transport = ReadTransportSettings();
    if (!transport.ok()) return transport.status();
    process.transport = *std::move(transport);
    SetServiceChannelCredentials(ChannelCredentialsFor(process.transport));
    if (absl::Status keys = ConfigureCallerAuthentication(); !keys.ok()) return keys;
  }
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

  if (absl::Status schema = PrepareSchema(process, migrations); !schema.ok()) return schema;
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
  if (process.migration_mode == MigrationMode::kOnly) {
    LogLine(LogLevel::kInfo, "migrations done, exiting (--migrations=only)")
        .Add("duration_ms", absl::ToDoubleMilliseconds(absl::Now() - process.start));
    return 0;
  }
  ServiceServer server(process.settings, process.transport, service_name);
  for (grpc::Service* service : services) server.AddService(service);
  AuditService audit(*process.database);
  server.AddService(&audit);
  Database& database = *process.database;
  server.SetReadinessProbe(
      [&database] { return database.Ping(absl::Now() + absl::Seconds(2)); });
  server.AddMetricGauge("hoptac_db_pool_in_use_connections",
                        "Database connections lent to calls right now.", [&database] {
                          const Database::PoolUse use = database.Use();
                          return static_cast<double>(use.open - use.idle);
                        });
  server.AddMetricGauge("hoptac_db_pool_idle_connections",
                        "Open database connections waiting in the pool.",
                        [&database] { return static_cast<double>(database.Use().idle); });
  LogLine(LogLevel::kInfo, "initialised")
      .Add("duration_ms", absl::ToDoubleMilliseconds(absl::Now() - process.start));
  if (absl::Status run = server.Run(); !run.ok()) {
    LogLine(LogLevel::kError, "server failed").Add("error", run.message());
    return 1;
  }
  return 0;
}

}  // namespace hoptac
