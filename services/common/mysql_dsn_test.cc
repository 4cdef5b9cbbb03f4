#include "services/common/mysql_dsn.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::HasSubstr;

TEST(MysqlDsn, ParsesEveryPart) {
  auto dsn = ParseMysqlDsn("mysql://hoptac:s3cret@db.example:3307/hoptac_registry");
  ASSERT_THAT(dsn, IsOk());
  EXPECT_EQ(dsn->user, "hoptac");
  EXPECT_EQ(dsn->password, "s3cret");
  EXPECT_EQ(dsn->host, "db.example");
  EXPECT_EQ(dsn->port, 3307);
  EXPECT_EQ(dsn->database, "hoptac_registry");
}

TEST(MysqlDsn, DefaultsPortAndRedactsPassword) {
  auto dsn = ParseMysqlDsn("mysql://u:pw@h/d");
  ASSERT_THAT(dsn, IsOk());
  EXPECT_EQ(dsn->port, 3306);
  EXPECT_EQ(dsn->Redacted(), "mysql://u@h:3306/d");
  EXPECT_THAT(dsn->Redacted(), ::testing::Not(HasSubstr("pw")));
}

TEST(MysqlDsn, RejectsMalformedWithReason) {
  EXPECT_THAT(ParseMysqlDsn("postgres://u@h/d"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mysql://")));
  EXPECT_THAT(ParseMysqlDsn("mysql://h/d"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("user")));
  EXPECT_THAT(ParseMysqlDsn("mysql://u@h:99999/d"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("port")));
  EXPECT_THAT(ParseMysqlDsn("mysql://u@h/d;drop"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("database")));
}

}  // namespace
}  // namespace hoptac
