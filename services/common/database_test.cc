// The kernel's database adapter against the real MariaDB that scripts/test.sh
// starts.
#include "services/common/database.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "cppconn/connection.h"
#include "cppconn/exception.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "cppconn/statement.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"

namespace hoptac {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::hoptac::testing::TestDatabase;
using ::testing::HasSubstr;

absl::Time Soon() { return absl::Now() + absl::Seconds(20); }

void Exec(SqlSession& session, const std::string& statement) {
  std::unique_ptr<sql::Statement> s(session.connection().createStatement());
  s->execute(statement);
}

int64_t CountRows(Database& db, const std::string& table) {
  int64_t count = -1;
  EXPECT_THAT(db.WithSession(Soon(),
                             [&](SqlSession& s) {
                               std::unique_ptr<sql::ResultSet> r(
                                   s.Prepare("SELECT COUNT(*) FROM " + table).executeQuery());
                               r->next();
                               count = r->getInt64(1);
                               return absl::OkStatus();
                             }),
              IsOk());
  return count;
}

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = TestDatabase::Create();
    ASSERT_THAT(created, IsOk());
    test_db_ = *std::move(created);
    db_ = test_db_->Connect(/*pool_size=*/3);
    ASSERT_THAT(db_->WithSession(Soon(),
                                 [](SqlSession& s) {
                                   Exec(s,
                                        "CREATE TABLE t (id INT PRIMARY KEY, name "
                                        "VARCHAR(100) NOT NULL) DEFAULT CHARSET=utf8mb4");
                                   return absl::OkStatus();
                                 }),
                IsOk());
  }
  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<Database> db_;
};

TEST_F(DatabaseTest, CommitsWhenWorkSucceedsAndKeepsVietnameseBytes) {
  const std::string name = "Hợp tác xã Đồng Đăng";
  ASSERT_THAT(db_->InTransaction(Soon(),
                                 [&](SqlSession& s) {
                                   sql::PreparedStatement& insert =
                                       s.Prepare("INSERT INTO t (id, name) VALUES (?, ?)");
                                   insert.setInt(1, 1);
                                   insert.setString(2, name);
                                   insert.executeUpdate();
                                   return absl::OkStatus();
                                 }),
              IsOk());
  std::string read;
  ASSERT_THAT(db_->WithSession(Soon(),
                               [&](SqlSession& s) {
                                 std::unique_ptr<sql::ResultSet> r(
                                     s.Prepare("SELECT name FROM t WHERE id = 1").executeQuery());
                                 EXPECT_TRUE(r->next());
                                 read = r->getString(1);
                                 return absl::OkStatus();
                               }),
              IsOk());
  EXPECT_EQ(read, name);
}

TEST_F(DatabaseTest, RollsBackEverythingWhenWorkFails) {
  absl::Status status = db_->InTransaction(Soon(), [](SqlSession& s) {
    Exec(s, "INSERT INTO t VALUES (1, 'a')");
    Exec(s, "INSERT INTO t VALUES (2, 'b')");
    return absl::InvalidArgumentError("name: rejected after writing");
  });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")));
  EXPECT_EQ(CountRows(*db_, "t"), 0);
}

TEST_F(DatabaseTest, ExceptionBecomesStatusAndNothingIsHalfWritten) {
  absl::Status status = db_->InTransaction(Soon(), [](SqlSession& s) {
    Exec(s, "INSERT INTO t VALUES (1, 'a')");
    Exec(s, "INSERT INTO t VALUES (1, 'duplicate')");  // throws
    return absl::OkStatus();
  });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("1062")));
  EXPECT_EQ(CountRows(*db_, "t"), 0);
}

TEST_F(DatabaseTest, RetriesADeadlockAndThenSucceeds) {
  ASSERT_THAT(db_->InTransaction(Soon(),
                                 [](SqlSession& s) {
                                   Exec(s, "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
                                   return absl::OkStatus();
                                 }),
              IsOk());
  // Two transactions lock rows 1 and 2 in opposite orders; InnoDB kills one
  // with errno 1213, and the kernel must run that one again.
  std::atomic<int> attempts{0};
  absl::Notification first_locked_a, second_locked_b;
  auto work = [&](int first, int second, absl::Notification& mine, absl::Notification& other) {
    return [&, first, second](SqlSession& s) -> absl::Status {
      const int attempt = ++attempts;
      Exec(s, "UPDATE t SET name = 'x' WHERE id = " + std::to_string(first));
      if (attempt <= 2) {
        mine.Notify();
        other.WaitForNotificationWithTimeout(absl::Seconds(10));
      }
      Exec(s, "UPDATE t SET name = 'y' WHERE id = " + std::to_string(second));
      return absl::OkStatus();
    };
  };
  absl::Status a, b;
  std::thread ta([&] { a = db_->InTransaction(Soon(), work(1, 2, first_locked_a, second_locked_b)); });
  std::thread tb([&] { b = db_->InTransaction(Soon(), work(2, 1, second_locked_b, first_locked_a)); });
  ta.join();
  tb.join();
  EXPECT_THAT(a, IsOk());
  EXPECT_THAT(b, IsOk());
  EXPECT_GE(attempts.load(), 3) << "one transaction must have been retried";
}

TEST_F(DatabaseTest, ReconnectsAfterTheServerKillsTheConnection) {
  int64_t connection_id = 0;
  ASSERT_THAT(db_->WithSession(Soon(),
                               [&](SqlSession& s) {
                                 std::unique_ptr<sql::ResultSet> r(
                                     s.Prepare("SELECT CONNECTION_ID()").executeQuery());
                                 r->next();
                                 connection_id = r->getInt64(1);
                                 return absl::OkStatus();
                               }),
              IsOk());
  // Kill every pooled connection behind the pool's back.
  ASSERT_THAT(test_db_->ExecuteAsAdmin("KILL CONNECTION " + std::to_string(connection_id)),
              IsOk());
  for (int i = 0; i < 4; ++i) {
    EXPECT_THAT(db_->InTransaction(Soon(),
                                   [&](SqlSession& s) {
                                     Exec(s, "INSERT INTO t VALUES (" + std::to_string(10 + i) +
                                                 ", 'after kill')");
                                     return absl::OkStatus();
                                   }),
                IsOk());
  }
  EXPECT_EQ(CountRows(*db_, "t"), 4);
}

TEST_F(DatabaseTest, StatementTimeLimitFollowsTheDeadline) {
  const absl::Time start = absl::Now();
  absl::Status status =
      db_->WithSession(absl::Now() + absl::Milliseconds(900), [](SqlSession& s) {
        std::unique_ptr<sql::ResultSet> r(s.Prepare("SELECT SLEEP(20)").executeQuery());
        r->next();
        // MariaDB interrupts SLEEP under max_statement_time and returns 1.
        if (r->getInt(1) == 1) return absl::DeadlineExceededError("database: interrupted");
        return absl::OkStatus();
      });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("database")));
  EXPECT_LT(absl::Now() - start, absl::Seconds(10)) << "the query ran past its deadline";
}

TEST_F(DatabaseTest, PastDeadlineFailsWithoutTouchingTheDatabase) {
  bool ran = false;
  EXPECT_THAT(db_->InTransaction(absl::Now() - absl::Seconds(1),
                                 [&](SqlSession&) {
                                   ran = true;
                                   return absl::OkStatus();
                                 }),
              StatusIs(absl::StatusCode::kDeadlineExceeded, ::testing::_));
  EXPECT_FALSE(ran);
}

TEST_F(DatabaseTest, PoolNeverOpensMoreThanItsSize) {
  std::atomic<int> in_flight{0}, peak{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      EXPECT_THAT(db_->WithSession(Soon(),
                                   [&](SqlSession& s) {
                                     const int now = ++in_flight;
                                     int seen = peak.load();
                                     while (now > seen && !peak.compare_exchange_weak(seen, now)) {
                                     }
                                     std::unique_ptr<sql::ResultSet> r(
                                         s.Prepare("SELECT SLEEP(0.05)").executeQuery());
                                     --in_flight;
                                     return absl::OkStatus();
                                   }),
                  IsOk());
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(peak.load(), 3);
  EXPECT_GE(peak.load(), 2);
}

TEST(DatabaseUnreachable, IsUnavailableNamingTheDatabase) {
  DatabaseOptions options;
  options.dsn.host = "127.0.0.1";
  options.dsn.port = 1;  // nothing listens there
  options.dsn.user = "nobody";
  options.dsn.database = "nothing";
  Database db(options);
  EXPECT_THAT(db.Ping(Soon()), StatusIs(absl::StatusCode::kUnavailable, HasSubstr("database")));
}

}  // namespace
}  // namespace hoptac
