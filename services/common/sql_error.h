// The one place where a Connector/C++ exception becomes an absl::Status.
#ifndef HOPTAC_SERVICES_COMMON_SQL_ERROR_H_
#define HOPTAC_SERVICES_COMMON_SQL_ERROR_H_

#include "absl/status/status.h"

namespace sql {
class SQLException;
}

namespace hoptac {

// MySQL/MariaDB error numbers the kernel treats specially.
inline constexpr int kErrDuplicateKey = 1062;
inline constexpr int kErrLockWaitTimeout = 1205;
inline constexpr int kErrDeadlock = 1213;
inline constexpr int kErrMariaDbStatementTimeout = 1969;
inline constexpr int kErrMysqlQueryTimeout = 3024;

// Maps by errno: duplicate key -> ALREADY_EXISTS, deadlock and lock wait ->
// ABORTED, statement timeout -> DEADLINE_EXCEEDED, lost or refused connection
// -> UNAVAILABLE, foreign key -> FAILED_PRECONDITION, the rest -> INTERNAL.
// The message says "database" so callers know which dependency failed.
absl::Status StatusFromSqlException(const sql::SQLException& e);

// True for errors after which the connection cannot be used again.
bool IsConnectionLost(int error_code);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_SQL_ERROR_H_
