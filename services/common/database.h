// A bounded pool of MySQL/MariaDB connections and the transaction helper every
// store uses. Store code runs inside InTransaction/WithSession and may call
// Connector/C++ freely; every sql::SQLException stops here and becomes an
// absl::Status, so nothing above the store sees an exception.
#ifndef HOPTAC_SERVICES_COMMON_DATABASE_H_
#define HOPTAC_SERVICES_COMMON_DATABASE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/mysql_dsn.h"

namespace sql {
class Connection;
class PreparedStatement;
}  // namespace sql

namespace hoptac {

struct DatabaseOptions {
  MysqlDsn dsn;                 // password taken from dsn.password
  int pool_size = 8;            // at most this many open connections
  absl::Duration connect_timeout = absl::Seconds(5);
  int deadlock_retries = 3;     // extra attempts after a deadlock (errno 1213)
  // Statement time limit when the caller has no deadline.
  absl::Duration default_statement_timeout = absl::Seconds(30);
};

// One pooled connection lent to a unit of work. Prepared statements are
// cached per connection, so a statement is prepared once per connection, not
// once per call.
class SqlSession {
 public:
  // The cached prepared statement for `sql`, parameters cleared. Looked up
  // without a copy of the text (a transaction prepares several per call).
  sql::PreparedStatement& Prepare(absl::string_view sql);
  sql::Connection& connection() { return *connection_; }

 private:
  friend class Database;
  std::unique_ptr<sql::Connection> connection_;
  absl::flat_hash_map<std::string, std::unique_ptr<sql::PreparedStatement>> statements_;
  int64_t statement_timeout_ms_ = -1;  // what the session variable holds now
  bool broken_ = false;
};

// The AUTO_INCREMENT id of the last INSERT on this session.
int64_t LastInsertId(SqlSession& session);

class Database {
 public:
  explicit Database(DatabaseOptions options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  using Work = std::function<absl::Status(SqlSession&)>;

  // Runs `work` as one transaction (REPEATABLE READ): commits when it returns
  // OK, rolls back otherwise. A deadlock is retried up to
  // options.deadlock_retries times, and a connection lost before COMMIT is
  // retried once on a fresh connection; `work` must therefore be safe to run
  // again (it is: nothing is kept from a rolled-back attempt). Each statement
  // is limited to the time left before `deadline`.
  absl::Status InTransaction(absl::Time deadline, const Work& work);

  // Runs `work` in autocommit mode (reads, DDL).
  absl::Status WithSession(absl::Time deadline, const Work& work);

  // UNAVAILABLE unless the server answers a trivial query before `deadline`.
  absl::Status Ping(absl::Time deadline);

  const DatabaseOptions& options() const { return options_; }

  // How the pool is used right now (for the metrics endpoint).
  struct PoolUse {
    int open = 0;  // connections open, in use or idle
    int idle = 0;  // open and waiting in the pool
    int size = 0;  // the most it may open (options().pool_size)
  };
  PoolUse Use() const;
  // True when the server is MariaDB (statement time limits differ from MySQL).
  bool is_mariadb() const;

  // Makes the calling thread ready to use the MySQL client library and
  // releases it at thread exit; called by every entry point.
  static void EnsureThreadInitialized();

 private:
  class Lease;
  absl::StatusOr<std::unique_ptr<SqlSession>> Acquire(absl::Time deadline);
  void Release(std::unique_ptr<SqlSession> session);
  absl::StatusOr<std::unique_ptr<SqlSession>> Open();
  absl::Status LimitStatementTime(SqlSession& session, absl::Time deadline);
  absl::Status RunOnce(absl::Time deadline, const Work& work, bool transactional,
                       bool& commit_sent);

  const DatabaseOptions options_;
  mutable absl::Mutex mutex_;
  std::vector<std::unique_ptr<SqlSession>> idle_ ABSL_GUARDED_BY(mutex_);
  int open_ ABSL_GUARDED_BY(mutex_) = 0;
  int server_is_mariadb_ ABSL_GUARDED_BY(mutex_) = -1;  // -1: not known yet
};

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_DATABASE_H_
