// The token file of the command-line clients (services/common/auth/
// client_credentials.h): one token, read once, never echoed in an error.
#include "services/common/auth/client_credentials.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hoptac {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class TokenFileTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& content) {
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << content;
    return path_.string();
  }
  void TearDown() override { std::filesystem::remove(path_); }

  const std::filesystem::path path_ = std::filesystem::temp_directory_path() /
                                      absl::StrCat("hoptac-token-file-test-", getpid());
};

TEST_F(TokenFileTest, ReadsTheTokenWithoutSurroundingWhiteSpace) {
  auto token = ReadBearerTokenFile(Write("  eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln\n\n"));
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(*token, "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");
  EXPECT_EQ(BearerAuthorization(*token), "Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");
}

TEST_F(TokenFileTest, AnEmptyFileIsABadSettingNamingTheVariable) {
  auto token = ReadBearerTokenFile(Write(" \n"));
  EXPECT_TRUE(absl::IsInvalidArgument(token.status())) << token.status();
  EXPECT_THAT(token.status().message(), HasSubstr("HOPTAC_BEARER_TOKEN_FILE"));
  EXPECT_THAT(token.status().message(), HasSubstr("is empty"));
}

TEST_F(TokenFileTest, TwoLinesAreRefusedWithoutShowingThem) {
  auto token = ReadBearerTokenFile(Write("first.token.part\nsecond.token.part\n"));
  EXPECT_TRUE(absl::IsInvalidArgument(token.status())) << token.status();
  EXPECT_THAT(token.status().message(), Not(HasSubstr("token.part")));
}

TEST_F(TokenFileTest, AMissingFileIsABadSetting) {
  auto token = ReadBearerTokenFile("/nonexistent/hoptac.token");
  EXPECT_TRUE(absl::IsInvalidArgument(token.status())) << token.status();
  EXPECT_THAT(token.status().message(), HasSubstr("cannot read /nonexistent/hoptac.token"));
}

}  // namespace
}  // namespace hoptac
