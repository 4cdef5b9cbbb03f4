#include "services/common/database.h"

#include <cmath>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cppconn/connection.h"
#include "cppconn/exception.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "cppconn/statement.h"
#include "mysql_driver.h"
#include "services/common/log.h"
#include "services/common/sql_error.h"

namespace hoptac {
namespace {

sql::mysql::MySQL_Driver* Driver() {
  static sql::mysql::MySQL_Driver* const driver = sql::mysql::get_mysql_driver_instance();
  return driver;
}

// Runs one statement that returns nothing.
void Execute(sql::Connection& connection, const std::string& statement) {
  std::unique_ptr<sql::Statement> s(connection.createStatement());
  s->execute(statement);
}

}  // namespace

sql::PreparedStatement& SqlSession::Prepare(absl::string_view statement) {
  auto it = statements_.find(statement);
  if (it == statements_.end()) {
    std::string text(statement);
    std::unique_ptr<sql::PreparedStatement> prepared(connection_->prepareStatement(text));
    it = statements_.emplace(std::move(text), std::move(prepared)).first;
  }
  it->second->clearParameters();
  return *it->second;
}

int64_t LastInsertId(SqlSession& session) {
  std::unique_ptr<sql::ResultSet> r(session.Prepare("SELECT LAST_INSERT_ID()").executeQuery());
  r->next();
  return r->getInt64(1);
}

void Database::EnsureThreadInitialized() {
  struct ThreadGuard {
    ThreadGuard() { Driver()->threadInit(); }
    ~ThreadGuard() { Driver()->threadEnd(); }
  };
  thread_local ThreadGuard guard;
}

Database::Database(DatabaseOptions options) : options_(std::move(options)) {
  Driver();  // the driver must exist before any thread uses it
  EnsureThreadInitialized();
}

Database::~Database() {
  absl::MutexLock lock(&mutex_);
  idle_.clear();
}

bool Database::is_mariadb() const {
  absl::MutexLock lock(&mutex_);
  return server_is_mariadb_ != 0;
}

absl::StatusOr<std::unique_ptr<SqlSession>> Database::Open() {
  EnsureThreadInitialized();
  const MysqlDsn& dsn = options_.dsn;
  sql::ConnectOptionsMap properties;
  properties["hostName"] = sql::SQLString(absl::StrCat("tcp://", dsn.host, ":", dsn.port));
  properties["userName"] = sql::SQLString(dsn.user);
  properties["password"] = sql::SQLString(dsn.password);
  properties["schema"] = sql::SQLString(dsn.database);
  properties["OPT_CONNECT_TIMEOUT"] =
      static_cast<int>(std::max<int64_t>(1, absl::ToInt64Seconds(options_.connect_timeout)));
  properties["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  properties["OPT_RECONNECT"] = false;  // a silent reconnect would lose session state
  auto session = std::make_unique<SqlSession>();
  bool mariadb = true;
  try {
    session->connection_.reset(Driver()->connect(properties));
    sql::Connection& c = *session->connection_;
    Execute(c, "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci");
    Execute(c, "SET SESSION time_zone = '+00:00'");
    Execute(c,
            "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
            "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
    std::unique_ptr<sql::Statement> s(c.createStatement());
    std::unique_ptr<sql::ResultSet> version(s->executeQuery("SELECT VERSION()"));
    if (version->next()) mariadb = absl::StrContains(std::string(version->getString(1)), "MariaDB");
    c.setAutoCommit(false);  // every unit of work ends with COMMIT or ROLLBACK
  } catch (const sql::SQLException& e) {
    return StatusFromSqlException(e);
  }
  absl::MutexLock lock(&mutex_);
  server_is_mariadb_ = mariadb ? 1 : 0;
  return session;
}

absl::StatusOr<std::unique_ptr<SqlSession>> Database::Acquire(absl::Time deadline) {
  {
    absl::MutexLock lock(&mutex_);
    auto available = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
      return !idle_.empty() || open_ < options_.pool_size;
    };
    if (!mutex_.AwaitWithDeadline(absl::Condition(&available), deadline)) {
      return absl::DeadlineExceededError(absl::StrCat(
          "database: no free connection before the deadline (pool of ",
          options_.pool_size, ")"));
    }
    if (!idle_.empty()) {
      std::unique_ptr<SqlSession> session = std::move(idle_.back());
      idle_.pop_back();
      return session;
    }
    ++open_;  // reserve the slot, then connect without holding the lock
  }
  auto opened = Open();
  if (!opened.ok()) {
    absl::MutexLock lock(&mutex_);
    --open_;
  }
  return opened;
}

void Database::Release(std::unique_ptr<SqlSession> session) {
  absl::MutexLock lock(&mutex_);
  if (session->broken_) {
    --open_;
    return;  // dropped: the next Acquire opens a fresh connection
  }
  idle_.push_back(std::move(session));
}

absl::Status Database::LimitStatementTime(SqlSession& session, absl::Time deadline) {
  const absl::Duration left = deadline == absl::InfiniteFuture()
                                  ? options_.default_statement_timeout
                                  : deadline - absl::Now();
  if (left <= absl::ZeroDuration()) {
    return absl::DeadlineExceededError("database: the deadline passed before the query");
  }
  // Whole seconds, rounded up: the session variable changes rarely, so most
  // units of work pay no extra round trip for it.
  const int64_t ms = 1000 * static_cast<int64_t>(std::ceil(absl::ToDoubleSeconds(left)));
  if (ms == session.statement_timeout_ms_) return absl::OkStatus();
  bool mariadb;
  {
    absl::MutexLock lock(&mutex_);
    mariadb = server_is_mariadb_ != 0;
  }
  Execute(session.connection(),
          mariadb ? absl::StrCat("SET SESSION max_statement_time = ", ms / 1000)
                  : absl::StrCat("SET SESSION max_execution_time = ", ms));
  session.statement_timeout_ms_ = ms;
  return absl::OkStatus();
}

absl::Status Database::RunOnce(absl::Time deadline, const Work& work, bool transactional,
                               bool& commit_sent) {
  auto acquired = Acquire(deadline);
  if (!acquired.ok()) return acquired.status();
  std::unique_ptr<SqlSession> session = *std::move(acquired);
  absl::Status status;
  try {
    status = LimitStatementTime(*session, deadline);
    if (status.ok()) status = work(*session);
    if (status.ok() && transactional) {
      commit_sent = true;
      session->connection().commit();
    } else {
      session->connection().rollback();  // also ends a read's snapshot
    }
  } catch (const sql::SQLException& e) {
    status = StatusFromSqlException(e);
    if (IsConnectionLost(e.getErrorCode())) {
      session->broken_ = true;
    } else {
      try {
        session->connection().rollback();
      } catch (const sql::SQLException&) {
        session->broken_ = true;
      }
    }
    status.SetPayload("hoptac.sql_errno", absl::Cord(absl::StrCat(e.getErrorCode())));
  } catch (const std::exception& e) {
    session->broken_ = true;
    status = absl::InternalError(absl::StrCat("database: ", e.what()));
  }
  Release(std::move(session));
  return status;
}

namespace {

int SqlErrno(const absl::Status& status) {
  auto payload = status.GetPayload("hoptac.sql_errno");
  if (!payload.has_value()) return 0;
  int code = 0;
  return absl::SimpleAtoi(std::string(*payload), &code) ? code : 0;
}

}  // namespace

absl::Status Database::InTransaction(absl::Time deadline, const Work& work) {
  EnsureThreadInitialized();
  int deadlocks = 0;
  bool reconnected = false;
  while (true) {
    bool commit_sent = false;
    absl::Status status = RunOnce(deadline, work, /*transactional=*/true, commit_sent);
    if (status.ok()) return status;
    const int code = SqlErrno(status);
    if (code == kErrDeadlock && deadlocks < options_.deadlock_retries) {
      ++deadlocks;
      LogLine(LogLevel::kWarning, "deadlock, retrying transaction").Add("attempt", deadlocks);
      continue;
    }
    if (IsConnectionLost(code) && !commit_sent && !reconnected) {
      reconnected = true;
      LogLine(LogLevel::kWarning, "database connection lost, retrying on a new one")
          .Add("errno", code);
      continue;
    }
    status.ErasePayload("hoptac.sql_errno");
    return status;
  }
}

absl::Status Database::WithSession(absl::Time deadline, const Work& work) {
  EnsureThreadInitialized();
  bool reconnected = false;
  while (true) {
    bool commit_sent = false;
    absl::Status status = RunOnce(deadline, work, /*transactional=*/false, commit_sent);
    if (status.ok()) return status;
    if (IsConnectionLost(SqlErrno(status)) && !reconnected) {
      reconnected = true;
      continue;
    }
    status.ErasePayload("hoptac.sql_errno");
    return status;
  }
}

absl::Status Database::Ping(absl::Time deadline) {
  return WithSession(deadline, [](SqlSession& session) {
    std::unique_ptr<sql::ResultSet> r(session.Prepare("SELECT 1").executeQuery());
    return r->next() ? absl::OkStatus() : absl::UnavailableError("database: no answer to SELECT 1");
  });
}

Database::PoolUse Database::Use() const {
  absl::MutexLock lock(&mutex_);
  PoolUse use;
  use.open = open_;
  use.idle = static_cast<int>(idle_.size());
  use.size = options_.pool_size;
  return use;
}

}  // namespace hoptac
