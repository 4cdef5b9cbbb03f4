// Migrations against the real MariaDB.
#include "services/common/migrations.h"

#include <memory>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"

namespace hoptac {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::hoptac::testing::TestDatabase;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::vector<Migration>& TwoMigrations() {
  static const std::vector<Migration> migrations = {
      {1, "0001_units.sql",
       "CREATE TABLE units (code VARCHAR(10) PRIMARY KEY) DEFAULT CHARSET=utf8mb4;\n"
       "INSERT INTO units VALUES ('20');\n"},
      {2, "0002_more.sql", "ALTER TABLE units ADD COLUMN name VARCHAR(100) NULL;\n"},
  };
  return migrations;
}

int64_t Count(Database& db, const std::string& sql) {
  int64_t n = -1;
  EXPECT_THAT(db.WithSession(absl::Now() + absl::Seconds(10),
                             [&](SqlSession& s) {
                               std::unique_ptr<sql::ResultSet> r(s.Prepare(sql).executeQuery());
                               r->next();
                               n = r->getInt64(1);
                               return absl::OkStatus();
                             }),
              IsOk());
  return n;
}

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = TestDatabase::Create();
    ASSERT_THAT(created, IsOk());
    test_db_ = *std::move(created);
  }
  std::unique_ptr<TestDatabase> test_db_;
};

TEST_F(MigrationsTest, AppliesInOrderAndRecordsEach) {
  auto db = test_db_->Connect();
  auto report = ApplyMigrations(*db, TwoMigrations());
  ASSERT_THAT(report, IsOk());
  EXPECT_THAT(report->applied, ElementsAre(1, 2));
  EXPECT_EQ(report->current_version, 2);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM schema_migrations"), 2);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM units WHERE name IS NULL"), 1);
}

TEST_F(MigrationsTest, ARestartAppliesNothingTwice) {
  {
    auto db = test_db_->Connect();
    ASSERT_THAT(ApplyMigrations(*db, {TwoMigrations()[0]}), IsOk());
  }
  auto db = test_db_->Connect();  // a new process, in effect
  auto report = ApplyMigrations(*db, TwoMigrations());
  ASSERT_THAT(report, IsOk());
  EXPECT_THAT(report->applied, ElementsAre(2));
  auto again = ApplyMigrations(*db, TwoMigrations());
  ASSERT_THAT(again, IsOk());
  EXPECT_THAT(again->applied, IsEmpty());
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM units"), 1) << "the INSERT ran twice";
}

TEST_F(MigrationsTest, ConcurrentStartsApplyEachFileOnce) {
  std::vector<std::thread> replicas;
  std::vector<absl::StatusOr<MigrationReport>> reports(4, absl::UnknownError("not run"));
  for (int i = 0; i < 4; ++i) {
    replicas.emplace_back([&, i] {
      auto db = test_db_->Connect(1);
      reports[i] = ApplyMigrations(*db, TwoMigrations());
    });
  }
  for (auto& r : replicas) r.join();
  int applied = 0;
  for (const auto& report : reports) {
    ASSERT_THAT(report, IsOk());
    applied += static_cast<int>(report->applied.size());
  }
  EXPECT_EQ(applied, 2);
  auto db = test_db_->Connect();
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM units"), 1);
}

TEST_F(MigrationsTest, AnEditedMigrationIsRefused) {
  auto db = test_db_->Connect();
  ASSERT_THAT(ApplyMigrations(*db, TwoMigrations()), IsOk());
  std::vector<Migration> edited = TwoMigrations();
  edited[0].sql = "CREATE TABLE units (code VARCHAR(12) PRIMARY KEY);\n";
  EXPECT_THAT(ApplyMigrations(*db, edited),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("0001_units.sql")));
}

TEST_F(MigrationsTest, AnOlderBinaryRefusesANewerSchema) {
  auto db = test_db_->Connect();
  ASSERT_THAT(ApplyMigrations(*db, TwoMigrations()), IsOk());
  EXPECT_THAT(ApplyMigrations(*db, {TwoMigrations()[0]}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("older")));
}

TEST_F(MigrationsTest, VerifyRefusesASchemaThatLacksAMigrationAndWritesNothing) {
  auto db = test_db_->Connect();
  EXPECT_THAT(VerifyMigrations(*db, TwoMigrations()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("lacks migration 1 (0001_units.sql)")));
  ASSERT_THAT(ApplyMigrations(*db, {TwoMigrations()[0]}), IsOk());
  EXPECT_THAT(VerifyMigrations(*db, TwoMigrations()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("lacks migration 2 (0002_more.sql)")));
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM schema_migrations"), 1);
}

TEST_F(MigrationsTest, VerifyAcceptsTheSameOrANewerSchema) {
  auto db = test_db_->Connect();
  ASSERT_THAT(ApplyMigrations(*db, TwoMigrations()), IsOk());
  auto same = VerifyMigrations(*db, TwoMigrations());
  ASSERT_THAT(same, IsOk());
  EXPECT_EQ(same->current_version, 2);
  EXPECT_THAT(same->newer_versions, IsEmpty());
  // An old replica during a rolling upgrade: the Job applied version 2 already.
  auto older_binary = VerifyMigrations(*db, {TwoMigrations()[0]});
  ASSERT_THAT(older_binary, IsOk());
  EXPECT_EQ(older_binary->current_version, 1);
  EXPECT_THAT(older_binary->newer_versions, ElementsAre(2));
}

TEST_F(MigrationsTest, VerifyRefusesAnEditedMigration) {
  auto db = test_db_->Connect();
  ASSERT_THAT(ApplyMigrations(*db, TwoMigrations()), IsOk());
  std::vector<Migration> edited = TwoMigrations();
  edited[1].sql = "ALTER TABLE units ADD COLUMN name VARCHAR(200) NULL;\n";
  EXPECT_THAT(VerifyMigrations(*db, edited),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("0002_more.sql")));
}

}  // namespace
}  // namespace hoptac
