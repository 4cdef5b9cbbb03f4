// Schema migrations: numbered .sql files per service, embedded in the binary at
// build time (cmake/EmbedMigrations.cmake), applied at start under a database
// lock and recorded in schema_migrations, so a restart applies nothing twice
// and two replicas starting together never apply the same file at once.
#ifndef HOPTAC_SERVICES_COMMON_MIGRATIONS_H_
#define HOPTAC_SERVICES_COMMON_MIGRATIONS_H_

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/database.h"

namespace hoptac {

// One file, e.g. version 1 from "0001_org_units.sql".
struct Migration {
  int version = 0;
  absl::string_view name;  // file name
  absl::string_view sql;   // statements, each ending with ';' at the end of a line
};

// Splits a migration into statements: a statement ends with a line whose last
// non-blank character is ';'. Lines starting with "--" are comments.
std::vector<std::string> SplitSqlStatements(absl::string_view sql);

struct MigrationReport {
  std::vector<int> applied;  // versions applied by this call
  int current_version = 0;   // highest version present afterwards
};

// Applies, in version order, the migrations not yet recorded. FAILED_PRECONDITION
// when a recorded migration's text changed since it was applied, or when the
// database holds a version this binary does not know (it is older than the schema).
absl::StatusOr<MigrationReport> ApplyMigrations(Database& database,
                                                const std::vector<Migration>& migrations,
                                                absl::Duration lock_timeout = absl::Seconds(60));

// For replicas that must not change the schema (on Kubernetes a Job applies
// migrations once per release): checks, without taking the migration lock or
// writing anything, that every migration of this binary is applied unchanged.
// FAILED_PRECONDITION names the first missing or edited one. A schema newer
// than the binary is accepted (reported in `newer_versions`): during a rolling
// upgrade the old replicas keep serving after the Job ran, so migrations must
// stay backward compatible (add, never drop or rename, in one release).
struct MigrationCheck {
  int current_version = 0;          // highest version of this binary, all applied
  std::vector<int> newer_versions;  // applied versions this binary does not know
};
absl::StatusOr<MigrationCheck> VerifyMigrations(Database& database,
                                                const std::vector<Migration>& migrations);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_MIGRATIONS_H_
