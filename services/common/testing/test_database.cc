#include "services/common/testing/test_database.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cppconn/connection.h"
#include "cppconn/exception.h"
#include "cppconn/statement.h"
#include "mysql_driver.h"
#include "services/common/sql_error.h"

namespace hoptac::testing {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

absl::Status RunAdmin(const MysqlDsn& dsn, const std::string& statement) {
  Database::EnsureThreadInitialized();
  try {
    sql::ConnectOptionsMap properties;
    properties["hostName"] = sql::SQLString(absl::StrCat("tcp://", dsn.host, ":", dsn.port));
    properties["userName"] = sql::SQLString(dsn.user);
    properties["password"] = sql::SQLString(dsn.password);
    properties["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    std::unique_ptr<sql::Connection> c(
        sql::mysql::get_mysql_driver_instance()->connect(properties));
    std::unique_ptr<sql::Statement> s(c->createStatement());
    s->execute(statement);
  } catch (const sql::SQLException& e) {
    return StatusFromSqlException(e);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Create() {
  MysqlDsn dsn;
  dsn.host = Env("HOPTAC_TEST_DB_HOST");
  if (dsn.host.empty()) {
    return absl::FailedPreconditionError(
        "HOPTAC_TEST_DB_HOST is not set: run the tests with scripts/test.sh, which starts "
        "a MariaDB for them");
  }
  if (!absl::SimpleAtoi(Env("HOPTAC_TEST_DB_PORT"), &dsn.port)) {
    return absl::FailedPreconditionError("HOPTAC_TEST_DB_PORT is not a number");
  }
  dsn.user = Env("HOPTAC_TEST_DB_USER");
  dsn.password = Env("HOPTAC_TEST_DB_PASSWORD");
  static std::atomic<int> counter{0};
  dsn.database = absl::StrCat("hoptac_test_", getpid(), "_", counter++, "_",
                              absl::ToUnixMicros(absl::Now()) % 1000000);
  absl::Status created = RunAdmin(
      dsn, absl::StrCat("CREATE DATABASE ", dsn.database,
                        " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"));
  if (!created.ok()) return created;
  return std::unique_ptr<TestDatabase>(new TestDatabase(std::move(dsn)));
}

TestDatabase::~TestDatabase() {
  (void)RunAdmin(dsn_, absl::StrCat("DROP DATABASE IF EXISTS ", dsn_.database));
}

std::unique_ptr<Database> TestDatabase::Connect(int pool_size) const {
  DatabaseOptions options;
  options.dsn = dsn_;
  options.pool_size = pool_size;
  return std::make_unique<Database>(options);
}

absl::Status TestDatabase::ExecuteAsAdmin(const std::string& statement) const {
  return RunAdmin(dsn_, statement);
}

}  // namespace hoptac::testing
