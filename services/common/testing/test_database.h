// A fresh, empty database on the test MariaDB that scripts/test.sh starts
// (HOPTAC_TEST_DB_HOST/PORT/USER/PASSWORD), dropped when the object dies.
#ifndef HOPTAC_SERVICES_COMMON_TESTING_TEST_DATABASE_H_
#define HOPTAC_SERVICES_COMMON_TESTING_TEST_DATABASE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/database.h"
#include "services/common/mysql_dsn.h"

namespace hoptac::testing {

class TestDatabase {
 public:
  // Fails (does not skip) when the test database is not configured: an
  // integration test that silently skips proves nothing.
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create();
  ~TestDatabase();

  const MysqlDsn& dsn() const { return dsn_; }
  // "mysql://user@host:port/db" (password separate, as the services take it).
  std::string DsnWithoutPassword() const { return dsn_.Redacted(); }
  // A pool on this database.
  std::unique_ptr<Database> Connect(int pool_size = 4) const;
  // Runs one statement as the administrating user (e.g. KILL, to cut connections).
  absl::Status ExecuteAsAdmin(const std::string& statement) const;

 private:
  explicit TestDatabase(MysqlDsn dsn) : dsn_(std::move(dsn)) {}
  MysqlDsn dsn_;
};

}  // namespace hoptac::testing

#endif  // HOPTAC_SERVICES_COMMON_TESTING_TEST_DATABASE_H_
