#include "services/common/sql_error.h"

#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"

namespace hoptac {

bool IsConnectionLost(int error_code) {
  switch (error_code) {
    case 1053:  // server shutdown in progress
    case 1927:  // connection was killed
    case 2002:  // cannot connect through socket
    case 2003:  // cannot connect to server
    case 2006:  // server has gone away
    case 2013:  // lost connection during query
    case 2055:  // lost connection (system error)
      return true;
    default:
      return false;
  }
}

absl::Status StatusFromSqlException(const sql::SQLException& e) {
  const int code = e.getErrorCode();
  const std::string detail = absl::StrCat("database error ", code, ": ", e.what());
  if (code == kErrDuplicateKey) return absl::AlreadyExistsError(detail);
  if (code == kErrDeadlock || code == kErrLockWaitTimeout) return absl::AbortedError(detail);
  if (code == kErrMariaDbStatementTimeout || code == kErrMysqlQueryTimeout) {
    return absl::DeadlineExceededError(detail);
  }
  if (IsConnectionLost(code) || code == 1040 /* too many connections */ ||
      code == 1045 /* access denied */ || code == 1049 /* unknown database */) {
    return absl::UnavailableError(detail);
  }
  if (code == 1451 || code == 1452) return absl::FailedPreconditionError(detail);
  return absl::InternalError(detail);
}

}  // namespace hoptac
