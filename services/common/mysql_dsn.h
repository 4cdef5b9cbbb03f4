// The database address: mysql://user[:password]@host[:port]/database.
#ifndef HOPTAC_SERVICES_COMMON_MYSQL_DSN_H_
#define HOPTAC_SERVICES_COMMON_MYSQL_DSN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hoptac {

struct MysqlDsn {
  std::string user;
  std::string password;  // empty unless given in the DSN; never logged
  std::string host;
  int port = 3306;
  std::string database;

  // The DSN with the password left out: safe for logs.
  std::string Redacted() const;
};

// INVALID_ARGUMENT saying which part is wrong.
absl::StatusOr<MysqlDsn> ParseMysqlDsn(absl::string_view dsn);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_MYSQL_DSN_H_
