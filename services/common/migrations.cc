#include "services/common/migrations.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "cppconn/statement.h"
#include "services/common/fingerprint.h"
#include "services/common/log.h"
#include "services/common/status_macros.h"

namespace hoptac {
namespace {

// Detects an edited migration file, nothing more.
std::string Checksum(absl::string_view text) { return Fingerprint(text); }

constexpr char kCreateTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INT NOT NULL PRIMARY KEY,"
    " name VARCHAR(255) NOT NULL,"
    " checksum CHAR(16) NOT NULL,"
    " applied_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

struct Applied {
  std::string name;
  std::string checksum;
};

std::map<int, Applied> ReadApplied(SqlSession& session) {
  std::map<int, Applied> applied;
  std::unique_ptr<sql::ResultSet> rows(
      session.Prepare("SELECT version, name, checksum FROM schema_migrations").executeQuery());
  while (rows->next()) {
    applied[rows->getInt(1)] = {rows->getString(2), rows->getString(3)};
  }
  return applied;
}

absl::Status CheckRecorded(const std::map<int, Applied>& applied,
                           const std::vector<Migration>& migrations) {
  std::map<int, const Migration*> known;
  for (const Migration& m : migrations) known[m.version] = &m;
  for (const auto& [version, record] : applied) {
    auto it = known.find(version);
    if (it == known.end()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "database schema has migration ", version, " (", record.name,
          ") that this binary does not know: the binary is older than the schema"));
    }
    if (Checksum(it->second->sql) != record.checksum) {
      return absl::FailedPreconditionError(absl::StrCat(
          "migration ", version, " (", record.name,
          ") was changed after it was applied; add a new migration instead"));
    }
  }
  return absl::OkStatus();
}

bool SchemaTableExists(SqlSession& session) {
  std::unique_ptr<sql::ResultSet> rows(
      session
          .Prepare("SELECT COUNT(*) FROM information_schema.tables"
                   " WHERE table_schema = DATABASE() AND table_name = 'schema_migrations'")
          .executeQuery());
  return rows->next() && rows->getInt(1) > 0;
}

absl::Status ApplyOne(SqlSession& session, const Migration& m) {
  sql::Connection& c = session.connection();
  for (const std::string& statement : SplitSqlStatements(m.sql)) {
    std::unique_ptr<sql::Statement> s(c.createStatement());
    s->execute(statement);
  }
  sql::PreparedStatement& record = session.Prepare(
      "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)");
  record.setInt(1, m.version);
  record.setString(2, std::string(m.name));
  record.setString(3, Checksum(m.sql));
  record.executeUpdate();
  c.commit();
  return absl::OkStatus();
}

}  // namespace

std::vector<std::string> SplitSqlStatements(absl::string_view sql) {
  std::vector<std::string> statements;
  std::string current;
  for (absl::string_view line : absl::StrSplit(sql, '\n')) {
    const absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty() || absl::StartsWith(trimmed, "--")) continue;
    absl::StrAppend(&current, line, "\n");
    if (absl::EndsWith(trimmed, ";")) {
      current.erase(current.find_last_of(';'));
      statements.push_back(std::string(absl::StripAsciiWhitespace(current)));
      current.clear();
    }
  }
  if (!absl::StripAsciiWhitespace(current).empty()) {
    statements.push_back(std::string(absl::StripAsciiWhitespace(current)));
  }
  return statements;
}

absl::StatusOr<MigrationReport> ApplyMigrations(Database& database,
                                                const std::vector<Migration>& migrations,
                                                absl::Duration lock_timeout) {
  std::vector<Migration> ordered = migrations;
  std::sort(ordered.begin(), ordered.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  MigrationReport report;
  // DDL commits implicitly, so the whole run shares one session and lock
  // rather than one transaction; each file is recorded as soon as it is applied.
  const absl::Time deadline = absl::Now() + lock_timeout + absl::Minutes(10);
  absl::Status status = database.WithSession(deadline, [&](SqlSession& session) -> absl::Status {
    sql::PreparedStatement& lock = session.Prepare(
        "SELECT GET_LOCK(CONCAT('hoptac.migrations.', DATABASE()), ?)");
    lock.setInt(1, static_cast<int>(absl::ToInt64Seconds(lock_timeout)));
    std::unique_ptr<sql::ResultSet> locked(lock.executeQuery());
    if (!locked->next() || locked->getInt(1) != 1) {
      return absl::UnavailableError("database: timed out waiting for the migration lock");
    }
    absl::Status result = [&]() -> absl::Status {
      std::unique_ptr<sql::Statement> s(session.connection().createStatement());
      s->execute(kCreateTable);
      const std::map<int, Applied> applied = ReadApplied(session);
      HOPTAC_RETURN_IF_ERROR(CheckRecorded(applied, ordered));
      for (const Migration& m : ordered) {
        if (applied.count(m.version) == 0) {
          HOPTAC_RETURN_IF_ERROR(ApplyOne(session, m));
          LogLine(LogLevel::kInfo, "migration applied")
              .Add("version", m.version)
              .Add("name", m.name);
          report.applied.push_back(m.version);
        }
        report.current_version = m.version;
      }
      return absl::OkStatus();
    }();
    std::unique_ptr<sql::ResultSet> released(
        session.Prepare("SELECT RELEASE_LOCK(CONCAT('hoptac.migrations.', DATABASE()))")
            .executeQuery());
    return result;
  });
  if (!status.ok()) return status;
  return report;
}

absl::StatusOr<MigrationCheck> VerifyMigrations(Database& database,
                                                const std::vector<Migration>& migrations) {
  MigrationCheck check;
  absl::Status status = database.WithSession(
      absl::Now() + absl::Seconds(30), [&](SqlSession& session) -> absl::Status {
        std::map<int, Applied> applied;
        if (SchemaTableExists(session)) applied = ReadApplied(session);
        std::map<int, const Migration*> known;
        for (const Migration& m : migrations) known[m.version] = &m;
        for (const auto& [version, m] : known) {
          auto it = applied.find(version);
          if (it == applied.end()) {
            return absl::FailedPreconditionError(absl::StrCat(
                "database schema lacks migration ", version, " (", m->name,
                "): run this release's migrations first (--migrations=only)"));
          }
          if (Checksum(m->sql) != it->second.checksum) {
            return absl::FailedPreconditionError(absl::StrCat(
                "migration ", version, " (", m->name,
                ") was changed after it was applied; add a new migration instead"));
          }
          check.current_version = version;
        }
        for (const auto& [version, record] : applied) {
          if (known.count(version) == 0) check.newer_versions.push_back(version);
        }
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return check;
}

}  // namespace hoptac
