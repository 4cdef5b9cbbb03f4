#include "services/common/config.h"

#include <cstdlib>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

void Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "config_test");
  ParseFlagsWithEnvironment(static_cast<int>(args.size()), const_cast<char**>(args.data()),
                            "test");
}

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("HOPTAC_MYSQL_DSN", "mysql://u@127.0.0.1:3306/d", 1);
    setenv("HOPTAC_DB_POOL_SIZE", "8", 1);
    setenv("HOPTAC_LISTEN", "", 1);
  }
};

TEST_F(ConfigTest, EnvironmentOverridesTheDefault) {
  setenv("HOPTAC_DB_POOL_SIZE", "3", 1);
  Parse({});
  auto settings = ReadServerSettings(50051);
  ASSERT_THAT(settings, IsOk());
  EXPECT_EQ(settings->db_pool_size, 3);
  EXPECT_EQ(settings->listen_address, "127.0.0.1:50051");
  EXPECT_EQ(settings->mysql_dsn, "mysql://u@127.0.0.1:3306/d");
}

TEST_F(ConfigTest, CommandLineWinsOverEnvironment) {
  setenv("HOPTAC_DB_POOL_SIZE", "3", 1);
  Parse({"--db_pool_size=5", "--listen=0.0.0.0:7000"});
  auto settings = ReadServerSettings(50051);
  ASSERT_THAT(settings, IsOk());
  EXPECT_EQ(settings->db_pool_size, 5);
  EXPECT_EQ(settings->listen_address, "0.0.0.0:7000");
}

TEST_F(ConfigTest, OutOfRangeValueNamesFlagAndVariable) {
  setenv("HOPTAC_DB_POOL_SIZE", "0", 1);
  Parse({});
  EXPECT_THAT(ReadServerSettings(50051),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("--db_pool_size"), HasSubstr("HOPTAC_DB_POOL_SIZE"))));
}

TEST_F(ConfigTest, MissingDsnIsNamed) {
  setenv("HOPTAC_MYSQL_DSN", "", 1);
  Parse({});
  EXPECT_THAT(ReadServerSettings(50051),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mysql_dsn")));
}

TEST_F(ConfigTest, BadListenAddressIsNamed) {
  Parse({"--listen=localhost"});
  EXPECT_THAT(ReadServerSettings(50051),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--listen")));
}

TEST(ConfigDeathTest, UnparsableEnvironmentValueStopsWithTheVariableName) {
  EXPECT_EXIT(
      {
        setenv("HOPTAC_DB_POOL_SIZE", "many", 1);
        Parse({});
      },
      ::testing::ExitedWithCode(2), HasSubstr("HOPTAC_DB_POOL_SIZE"));
}

TEST(ConfigDeathTest, PasswordValueIsNeverPrinted) {
  // mysql_password is a string flag, so give a bad value to a typed flag and
  // check the secret does not leak from another variable's message either.
  EXPECT_EXIT(
      {
        setenv("HOPTAC_MYSQL_PASSWORD", "top-secret-value", 1);
        setenv("HOPTAC_SHUTDOWN_GRACE", "soon", 1);
        Parse({});
      },
      ::testing::ExitedWithCode(2),
      AllOf(HasSubstr("HOPTAC_SHUTDOWN_GRACE"), ::testing::Not(HasSubstr("top-secret"))));
}

}  // namespace
}  // namespace hoptac
