#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/migrations.h"

namespace hoptac {
namespace {

using ::testing::ElementsAre;

TEST(SplitSqlStatements, SplitsOnSemicolonAtLineEndAndSkipsComments) {
  const char* sql =
      "-- org units\n"
      "CREATE TABLE a (\n"
      "  x INT -- a column; not the end\n"
      ");\n"
      "\n"
      "INSERT INTO a VALUES (1);\n"
      "CREATE INDEX i ON a (x)  ;  \n";
  EXPECT_THAT(SplitSqlStatements(sql),
              ElementsAre("CREATE TABLE a (\n  x INT -- a column; not the end\n)",
                          "INSERT INTO a VALUES (1)", "CREATE INDEX i ON a (x)"));
}

TEST(SplitSqlStatements, KeepsAFinalStatementWithoutSemicolon) {
  EXPECT_THAT(SplitSqlStatements("SELECT 1"), ElementsAre("SELECT 1"));
}

}  // namespace
}  // namespace hoptac
