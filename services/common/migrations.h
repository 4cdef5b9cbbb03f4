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

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_MIGRATIONS_H_
