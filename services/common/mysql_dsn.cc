#include "services/common/mysql_dsn.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace hoptac {
namespace {

bool IsIdentifier(absl::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (const char c : s) {
    if (!absl::ascii_isalnum(c) && c != '_' && c != '$') return false;
  }
  return true;
}

}  // namespace

std::string MysqlDsn::Redacted() const {
  return absl::StrCat("mysql://", user, "@", host, ":", port, "/", database);
}

absl::StatusOr<MysqlDsn> ParseMysqlDsn(absl::string_view dsn) {
  absl::string_view rest = dsn;
  if (!absl::ConsumePrefix(&rest, "mysql://")) {
    return absl::InvalidArgumentError("mysql DSN must start with mysql://");
  }
  MysqlDsn out;
  const size_t at = rest.rfind('@');
  if (at == absl::string_view::npos) {
    return absl::InvalidArgumentError("mysql DSN has no user (mysql://user@host/db)");
  }
  absl::string_view credentials = rest.substr(0, at);
  rest.remove_prefix(at + 1);
  const size_t colon = credentials.find(':');
  out.user = std::string(credentials.substr(0, colon));
  if (colon != absl::string_view::npos) out.password = std::string(credentials.substr(colon + 1));
  if (out.user.empty()) return absl::InvalidArgumentError("mysql DSN has an empty user");

  const size_t slash = rest.find('/');
  if (slash == absl::string_view::npos) {
    return absl::InvalidArgumentError("mysql DSN has no database (…/database)");
  }
  absl::string_view host_port = rest.substr(0, slash);
  out.database = std::string(rest.substr(slash + 1));
  if (!IsIdentifier(out.database)) {
    return absl::InvalidArgumentError(
        "mysql DSN database name must be letters, digits or _ (at most 64)");
  }
  const size_t port_colon = host_port.rfind(':');
  out.host = std::string(host_port.substr(0, port_colon));
  if (port_colon != absl::string_view::npos) {
    if (!absl::SimpleAtoi(host_port.substr(port_colon + 1), &out.port) || out.port <= 0 ||
        out.port > 65535) {
      return absl::InvalidArgumentError("mysql DSN port must be 1-65535");
    }
  }
  if (out.host.empty()) return absl::InvalidArgumentError("mysql DSN has an empty host");
  return out;
}

}  // namespace hoptac
