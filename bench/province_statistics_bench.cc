// Live statistics for the whole province: what assembling a report for the
// root unit (orgUnits/20, calendar year 2023) asks of the three data services,
// through real gRPC servers, against the same SQL statements issued directly
// over Connector/C++, in the same run, interleaved (direct, service, service,
// direct, ...) so that both sides see the same machine load. A program, not a
// test; scripts/bench-province.sh starts a MariaDB and runs it.
//
// Families (each: "direct" = the statements the service path issues, run on
// plain Connector/C++ connections with server-side prepared statements, every
// result column read; "service" = the RPC):
//   registry  GetRegistryStatistics(orgUnits/20, 2023): 12 statements
//   subsidy   GetSubsidyStatistics(20, 2023): the subtree resolution the
//             service asks the registry for (2 statements on the registry's
//             database) + 7 aggregate statements
//   outreach  GetOutreachStatistics(20, 2023): resolution + 3 aggregate
//             statements + 3 reads of the listed events' children
//   fanout    the report service's own StatisticsSources::Fetch (the three
//             RPCs in parallel, then the statistic catalog) against the three
//             direct sequences on three threads in parallel
//
// The three services are the real handlers (RegistryService, SubsidyService,
// OutreachService) on their stores and the kernel's Database pools, each in its
// own grpc::Server on loopback in this process (the subsidy and outreach
// services resolve the subtree through the registry server, as deployed);
// plain ServerBuilder, no per-call log line (as registry_grpc_bench). Every
// call carries a province admin's bearer token, verified by each handler as
// deployed (a signing key made with openssl for the run), and the report's
// fan-out forwards it; TLS is left out: loopback, in one process.
//
//   province_statistics_bench [--rounds=R] [--calls=N] [--scale=F] [--explain]
//                             [--after_load_sql=registry|subsidy|outreach:STATEMENT ...]
//
// --rounds: interleaved rounds (default 5); --calls: calls per side per round
// (default 3); --scale: dataset size factor (1 = 2,000 cooperatives, 50,000
// grants and ledger entries, 100,000 activities); --explain: before measuring,
// time each direct statement once and print MariaDB's EXPLAIN of it;
// --after_load_sql (repeatable, for analysis): a statement run on that
// service's database after the load, e.g. to try an index before adding it.
//
// Needs HOPTAC_TEST_DB_* (scripts/bench-province.sh starts a MariaDB).
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <future>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/process_usage.h"
#include "bench/province_dataset.h"
#include "bench/statement_counter.h"
#include "cppconn/connection.h"
#include "cppconn/driver.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "cppconn/resultset_metadata.h"
#include "cppconn/statement.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/test/server_context_test_spouse.h"
#include "hoptac/outreach/v1/outreach.grpc.pb.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "hoptac/subsidy/v1/subsidy.grpc.pb.h"
#include "mysql_driver.h"
#include "services/common/auth/access_gate.h"
#include "services/common/auth/bearer_token.h"
#include "services/common/auth/call_identity.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/period.h"
#include "services/common/proto_date.h"
#include "services/common/registry_client.h"
#include "services/common/sql_values.h"
#include "services/common/status_macros.h"
#include "services/outreach/outreach_service.h"
#include "services/outreach/outreach_store.h"
#include "services/registry/registry_service.h"
#include "services/report/statistics_sources.h"
#include "services/subsidy/subsidy_service.h"
#include "services/subsidy/subsidy_store.h"

namespace hoptac::bench {
namespace {

constexpr char kRoot[] = "20";
constexpr int kYear = 2023;

struct Options {
  int rounds = 5;
  int calls = 3;
  double scale = 1;
  bool explain = false;
  // For analysis: statements run on a service's database after the load,
  // before measuring ("subsidy:CREATE INDEX ..."), e.g. to try an index.
  std::vector<std::pair<std::string, std::string>> after_load;
};

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    absl::string_view a = argv[i];
    if (absl::ConsumePrefix(&a, "--rounds=")) {
      (void)absl::SimpleAtoi(a, &o.rounds);
    } else if (absl::ConsumePrefix(&a, "--calls=")) {
      (void)absl::SimpleAtoi(a, &o.calls);
    } else if (absl::ConsumePrefix(&a, "--scale=")) {
      (void)absl::SimpleAtod(a, &o.scale);
    } else if (a == "--explain") {
      o.explain = true;
    } else if (absl::ConsumePrefix(&a, "--after_load_sql=")) {
      std::pair<std::string, std::string> kv = absl::StrSplit(a, absl::MaxSplits(':', 1));
      o.after_load.push_back(std::move(kv));
    } else {
      std::fprintf(stderr, "unknown argument %s (see the header of %s)\n", argv[i], __FILE__);
      std::exit(2);
    }
  }
  o.rounds = std::max(1, o.rounds);
  o.calls = std::max(1, o.calls);
  return o;
}

// ---------------------------------------------------------------------------
// The direct side: one plain Connector/C++ connection per database, server-side
// prepared statements cached by text (as the kernel's SqlSession caches them).

using Binder = std::function<void(sql::PreparedStatement&)>;

class Direct {
 public:
  explicit Direct(const MysqlDsn& dsn) {
    sql::ConnectOptionsMap p;
    p["hostName"] = sql::SQLString(absl::StrCat("tcp://", dsn.host, ":", dsn.port));
    p["userName"] = sql::SQLString(dsn.user);
    p["password"] = sql::SQLString(dsn.password);
    p["schema"] = sql::SQLString(dsn.database);
    p["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    connection_.reset(sql::mysql::get_mysql_driver_instance()->connect(p));
  }

  // Runs `query`, reading every row: `columns` says how each column is read
  // (i getInt, l getInt64, s getString, b getBoolean). Returns the rows; adds
  // the integer columns to `checksum`.
  // `ids` / `texts`, when given, collect the first column.
  int64_t Query(const std::string& label, const std::string& query, const Binder& bind,
                const char* columns, int64_t& checksum, std::vector<int64_t>* ids = nullptr,
                std::vector<std::string>* texts = nullptr) {
    sql::PreparedStatement& q = Prepare(query);
    bind(q);
    const absl::Time start = absl::Now();
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    int64_t rows = 0;
    while (r->next()) {
      ++rows;
      if (ids != nullptr) ids->push_back(r->getInt64(1));
      if (texts != nullptr) texts->push_back(std::string(r->getString(1)));
      int column = 1;
      for (const char* c = columns; *c != '\0'; ++c, ++column) {
        switch (*c) {
          case 'i': checksum += r->getInt(column); break;
          case 'l': checksum += r->getInt64(column); break;
          case 'b': checksum += r->getBoolean(column) ? 1 : 0; break;
          default: {
            const sql::SQLString text = r->getString(column);
            checksum += static_cast<int64_t>(text.length() > 0);
          }
        }
      }
    }
    if (explain_) Explain(label, query, bind, absl::Now() - start, rows);
    return rows;
  }

  void set_explain(bool on) { explain_ = on; }

 private:
  sql::PreparedStatement& Prepare(const std::string& query) {
    auto& slot = statements_[query];
    if (slot == nullptr) slot.reset(connection_->prepareStatement(query));
    return *slot;
  }

  void Explain(const std::string& label, const std::string& query, const Binder& bind,
               absl::Duration took, int64_t rows) {
    std::printf("\n%-28s %8.2f ms, %lld rows\n", label.c_str(), absl::ToDoubleMilliseconds(took),
                static_cast<long long>(rows));
    std::unique_ptr<sql::PreparedStatement> e(
        connection_->prepareStatement(absl::StrCat("EXPLAIN ", query)));
    bind(*e);
    std::unique_ptr<sql::ResultSet> r(e->executeQuery());
    sql::ResultSetMetaData* meta = r->getMetaData();
    while (r->next()) {
      std::vector<std::string> cells;
      for (const char* name : {"select_type", "table", "type", "key", "rows", "Extra"}) {
        for (unsigned i = 1; i <= meta->getColumnCount(); ++i) {
          if (std::string(meta->getColumnLabel(i)) == name) {
            cells.push_back(absl::StrCat(name, "=",
                                         r->isNull(i) ? "NULL" : std::string(r->getString(i))));
          }
        }
      }
      std::printf("    %s\n", absl::StrJoin(cells, " ").c_str());
    }
  }

  std::unique_ptr<sql::Connection> connection_;
  std::map<std::string, std::unique_ptr<sql::PreparedStatement>> statements_;
  bool explain_ = false;
};

std::string Marks(size_t n) { return absl::StrJoin(std::vector<std::string>(n, "?"), ", "); }

// RegistryStore::GetStatistics, statement for statement
// (services/registry/registry_store_statistics.cc).
int64_t DirectRegistry(Direct& db, const Period& period) {
  int64_t sum = 0;
  int64_t unit = 0;
  {
    const std::string end = SqlDate(period.end);
    int64_t found = 0;
    db.Query("registry.unit", "SELECT id FROM org_units WHERE code = ? AND valid_from <= ? AND "
             "valid_to >= ?",
             [&](sql::PreparedStatement& q) {
               q.setString(1, kRoot);
               q.setString(2, end);
               q.setString(3, end);
             },
             "l", found);
    unit = found;
  }
  auto in_status = [&](const char* label, registry::CooperativeStatus status, absl::CivilDay day) {
    db.Query(label,
             "SELECT p.kind, p.sector, COUNT(DISTINCT p.cooperative_id) FROM cooperative_periods p "
             "JOIN org_unit_closure c ON c.descendant_id = p.org_unit_id AND c.ancestor_id = ? "
             "WHERE p.status = ? AND p.valid_from <= ? AND p.valid_to > ? "
             "GROUP BY p.kind, p.sector ORDER BY p.kind, p.sector",
             [&](sql::PreparedStatement& q) {
               q.setInt64(1, unit);
               q.setInt(2, static_cast<int>(status));
               q.setString(3, SqlDate(day));
               q.setString(4, SqlDate(day));
             },
             "iil", sum);
  };
  in_status("registry.active_at_start", registry::CooperativeStatus::kActive, period.start);
  in_status("registry.active_at_end", registry::CooperativeStatus::kActive, period.end);
  in_status("registry.suspended_at_end", registry::CooperativeStatus::kSuspended, period.end);
  auto with_event = [&](const char* label, registry::CooperativeEventType type, int dissolution) {
    db.Query(label,
             "SELECT e.kind, e.sector, COUNT(DISTINCT e.cooperative_id) FROM cooperative_events e "
             "JOIN org_unit_closure c ON c.descendant_id = e.org_unit_id AND c.ancestor_id = ? "
             "WHERE e.event_type = ? AND e.effective_date BETWEEN ? AND ? "
             "AND (? = 0 OR e.dissolution_kind = ?) "
             "GROUP BY e.kind, e.sector ORDER BY e.kind, e.sector",
             [&](sql::PreparedStatement& q) {
               q.setInt64(1, unit);
               q.setInt(2, static_cast<int>(type));
               q.setString(3, SqlDate(period.start));
               q.setString(4, SqlDate(period.end));
               q.setInt(5, dissolution);
               q.setInt(6, dissolution);
             },
             "iil", sum);
  };
  using ET = registry::CooperativeEventType;
  with_event("registry.established", ET::kCreated, 0);
  with_event("registry.dissolution_voluntary", ET::kDissolutionStarted, 1);
  with_event("registry.dissolution_forced", ET::kDissolutionStarted, 2);
  with_event("registry.dissolved", ET::kDissolved, 0);
  auto count_events = [&](const char* label, ET type) {
    db.Query(label,
             "SELECT COUNT(*), COUNT(DISTINCT e.cooperative_id) FROM cooperative_events e "
             "JOIN org_unit_closure c ON c.descendant_id = e.org_unit_id AND c.ancestor_id = ? "
             "WHERE e.event_type = ? AND e.effective_date BETWEEN ? AND ?",
             [&](sql::PreparedStatement& q) {
               q.setInt64(1, unit);
               q.setInt(2, static_cast<int>(type));
               q.setString(3, SqlDate(period.start));
               q.setString(4, SqlDate(period.end));
             },
             "ll", sum);
  };
  count_events("registry.awards", ET::kAwarded);
  count_events("registry.inspections", ET::kInspected);
  db.Query("registry.classifications",
           "SELECT e.grade, COUNT(DISTINCT e.cooperative_id) FROM cooperative_events e "
           "JOIN org_unit_closure c ON c.descendant_id = e.org_unit_id AND c.ancestor_id = ? "
           "WHERE e.event_type = ? AND e.subject_year BETWEEN ? AND ? GROUP BY e.grade",
           [&](sql::PreparedStatement& q) {
             q.setInt64(1, unit);
             q.setInt(2, static_cast<int>(ET::kClassified));
             q.setInt(3, kYear);
             q.setInt(4, kYear);
           },
           "il", sum);
  db.Query("registry.annual_reports",
           "SELECT COALESCE(SUM(e.on_time = 1), 0), COALESCE(SUM(e.on_time = 0), 0) "
           "FROM cooperative_events e "
           "JOIN org_unit_closure c ON c.descendant_id = e.org_unit_id AND c.ancestor_id = ? "
           "WHERE e.event_type = ? AND e.effective_date BETWEEN ? AND ?",
           [&](sql::PreparedStatement& q) {
             q.setInt64(1, unit);
             q.setInt(2, static_cast<int>(ET::kAnnualReportReceived));
             q.setString(3, SqlDate(period.start));
             q.setString(4, SqlDate(period.end));
           },
           "ll", sum);
  return sum;
}

// RegistryStore::ResolveSubtreeCodes (what ResolveOrgUnitSubtree runs).
std::vector<std::string> DirectResolve(Direct& registry, const Period& period) {
  int64_t unit = 0;
  const std::string end = SqlDate(period.end);
  registry.Query("resolve.unit",
                 "SELECT id FROM org_units WHERE code = ? AND valid_from <= ? AND valid_to >= ?",
                 [&](sql::PreparedStatement& q) {
                   q.setString(1, kRoot);
                   q.setString(2, end);
                   q.setString(3, end);
                 },
                 "l", unit);
  std::vector<std::string> codes;
  int64_t ignored = 0;
  registry.Query("resolve.codes",
                 "SELECT DISTINCT u.code FROM org_unit_closure c JOIN org_units u ON u.id = "
                 "c.descendant_id WHERE c.ancestor_id = ? ORDER BY u.code",
                 [&](sql::PreparedStatement& q) { q.setInt64(1, unit); }, "", ignored, nullptr,
                 &codes);
  return codes;
}

// SubsidyStore::GetStatistics with no filter, statement for statement
// (services/subsidy/subsidy_store_statistics.cc), after the resolution.
int64_t DirectSubsidy(Direct& registry, Direct& db, const Period& period) {
  const std::vector<std::string> codes = DirectResolve(registry, period);
  int64_t sum = 0;
  const std::string in = Marks(codes.size());
  const std::string start = SqlDate(period.start), end = SqlDate(period.end);
  const char* const filter = "(? = 0 OR p.support_kind = ?) AND (? = 0 OR p.fund_source = ?)";
  auto bind_codes = [&](sql::PreparedStatement& q, int i) {
    for (const std::string& c : codes) q.setString(i++, c);
    return i;
  };
  auto bind_filter = [](sql::PreparedStatement& q, int i) {
    for (int k = 0; k < 4; ++k) q.setInt(i++, 0);
    return i;
  };
  auto bind_period = [&](sql::PreparedStatement& q, int i) {
    q.setString(i++, start);
    q.setString(i++, end);
    return i;
  };
  db.Query("subsidy.programs",
           absl::StrCat("SELECT p.code, p.title, p.legal_basis, p.support_kind, p.fund_source, "
                        "p.org_unit_code, p.eligible_kinds, p.cap_per_beneficiary_dong, "
                        "p.valid_from, p.valid_to, p.id, p.revision FROM programs p WHERE ",
                        filter, " AND ((p.org_unit_code IN (", in,
                        ") AND p.valid_from <= ? AND p.valid_to >= ?) "
                        "OR p.id IN (SELECT g.program_id FROM grants g WHERE g.org_unit_code IN (",
                        in, ")))"),
           [&](sql::PreparedStatement& q) {
             int i = bind_filter(q, 1);
             i = bind_codes(q, i);
             q.setString(i++, end);
             q.setString(i++, start);
             bind_codes(q, i);
           },
           "sssiisslssll", sum);
  auto grants_by = [&](const char* label, const char* key, const char* group, const char* cols) {
    db.Query(label,
             absl::StrCat("SELECT ", key, ", "
                          "SUM(g.state = 2 AND g.decision_date BETWEEN ? AND ?), "
                          "SUM(CASE WHEN g.state = 2 AND g.decision_date BETWEEN ? AND ? THEN "
                          "g.approved_dong ELSE 0 END), "
                          "SUM(g.application_date BETWEEN ? AND ?) "
                          "FROM grants g JOIN programs p ON p.id = g.program_id WHERE "
                          "g.org_unit_code IN (",
                          in, ") AND ", filter, " GROUP BY ", group),
             [&](sql::PreparedStatement& q) {
               int i = bind_period(q, 1);
               i = bind_period(q, i);
               i = bind_period(q, i);
               i = bind_codes(q, i);
               bind_filter(q, i);
             },
             cols, sum);
  };
  auto ledger_by = [&](const char* label, const char* key, const char* group, const char* cols) {
    db.Query(label,
             absl::StrCat("SELECT ", key, ", "
                          "SUM(CASE WHEN l.kind = 1 THEN l.amount_dong ELSE -l.amount_dong END) "
                          "FROM ledger_entries l JOIN grants g ON g.id = l.grant_id "
                          "JOIN programs p ON p.id = g.program_id "
                          "WHERE l.entry_date BETWEEN ? AND ? AND g.org_unit_code IN (",
                          in, ") AND ", filter, " GROUP BY ", group),
             [&](sql::PreparedStatement& q) {
               int i = bind_period(q, 1);
               i = bind_codes(q, i);
               bind_filter(q, i);
             },
             cols, sum);
  };
  const std::string beneficiaries_from = absl::StrCat(
      " FROM grants g JOIN programs p ON p.id = g.program_id WHERE g.org_unit_code IN (", in,
      ") AND ", filter,
      " AND g.state = 2 AND (g.decision_date BETWEEN ? AND ? OR "
      "(SELECT COALESCE(SUM(CASE WHEN l.kind = 1 THEN l.amount_dong ELSE -l.amount_dong END), 0) "
      "FROM ledger_entries l WHERE l.grant_id = g.id AND l.entry_date BETWEEN ? AND ?) > 0)");
  auto beneficiaries_by = [&](const char* label, const char* key, const char* group,
                              const char* cols) {
    db.Query(label,
             absl::StrCat("SELECT ", key, ", COUNT(DISTINCT g.beneficiary_id)", beneficiaries_from,
                          " GROUP BY ", group),
             [&](sql::PreparedStatement& q) {
               int i = bind_codes(q, 1);
               i = bind_filter(q, i);
               i = bind_period(q, i);
               bind_period(q, i);
             },
             cols, sum);
  };
  grants_by("subsidy.grants_by_program", "g.program_id", "g.program_id", "llll");
  ledger_by("subsidy.ledger_by_program", "g.program_id", "g.program_id", "ll");
  beneficiaries_by("subsidy.beneficiaries_by_program", "g.program_id, g.beneficiary_kind",
                   "g.program_id, g.beneficiary_kind", "lil");
  grants_by("subsidy.grants_by_kind", "p.support_kind, p.fund_source",
            "p.support_kind, p.fund_source", "iilll");
  ledger_by("subsidy.ledger_by_kind", "p.support_kind, p.fund_source",
            "p.support_kind, p.fund_source", "iil");
  beneficiaries_by("subsidy.beneficiaries_by_kind",
                   "p.support_kind, p.fund_source, g.beneficiary_kind",
                   "p.support_kind, p.fund_source, g.beneficiary_kind", "iiil");
  return sum;
}

// OutreachStore::GetStatistics, statement for statement
// (services/outreach/outreach_store.cc), after the resolution. Returns the
// number of listed events in `events`.
int64_t DirectOutreach(Direct& registry, Direct& db, const Period& period, int64_t* events) {
  const std::vector<std::string> codes = DirectResolve(registry, period);
  int64_t sum = 0;
  const std::string scope =
      absl::StrCat("a.deleted_at IS NULL AND a.start_date BETWEEN ? AND ? AND a.org_unit_code IN (",
                   Marks(codes.size()), ")");
  const Binder bind_scope = [&](sql::PreparedStatement& q) {
    q.setString(1, SqlDate(period.start));
    q.setString(2, SqlDate(period.end));
    int i = 3;
    for (const std::string& code : codes) q.setString(i++, code);
  };
  db.Query("outreach.quantities",
           absl::StrCat("SELECT a.kind, a.channel, t.topic, SUM(a.quantity), COUNT(*) FROM "
                        "activities a JOIN activity_topics t ON t.activity_id = a.id WHERE ",
                        scope, " GROUP BY a.kind, a.channel, t.topic ORDER BY a.kind, a.channel, "
                        "t.topic"),
           bind_scope, "iiill", sum);
  db.Query("outreach.participants",
           absl::StrCat("SELECT p.kind, SUM(p.value), "
                        "MAX(CASE p.qualifier WHEN 1 THEN 0 WHEN 3 THEN 1 ELSE 2 END) "
                        "FROM activities a JOIN activity_participants p ON p.activity_id = a.id "
                        "WHERE ",
                        scope, " GROUP BY p.kind ORDER BY p.kind"),
           bind_scope, "ili", sum);
  std::vector<int64_t> ids;
  db.Query("outreach.events",
           absl::StrCat("SELECT a.id, a.kind, a.channel, a.title, a.org_unit_code, a.start_date, "
                        "a.end_date, a.location, a.quantity, a.revision, a.deleted_at IS NOT NULL "
                        "FROM activities a WHERE ",
                        scope, " AND a.kind >= 4 ORDER BY a.start_date, a.id"),
           bind_scope, "liisssssllb", sum, &ids);
  if (events != nullptr) *events = static_cast<int64_t>(ids.size());
  if (ids.empty()) return sum;
  std::sort(ids.begin(), ids.end());  // the store binds them in id order (a std::map)
  const std::string in = Marks(ids.size());
  const Binder bind_ids = [&](sql::PreparedStatement& q) {
    int i = 1;
    for (int64_t id : ids) q.setInt64(i++, id);
  };
  db.Query("outreach.event_topics",
           absl::StrCat("SELECT activity_id, topic FROM activity_topics WHERE activity_id IN (", in,
                        ") ORDER BY activity_id, topic"),
           bind_ids, "li", sum);
  db.Query("outreach.event_participants",
           absl::StrCat("SELECT activity_id, kind, value, qualifier FROM activity_participants "
                        "WHERE activity_id IN (",
                        in, ") ORDER BY activity_id, kind"),
           bind_ids, "lili", sum);
  db.Query("outreach.event_lists",
           absl::StrCat("SELECT activity_id, list, value FROM activity_list_entries WHERE "
                        "activity_id IN (",
                        in, ") ORDER BY activity_id, list, position"),
           bind_ids, "lss", sum);
  return sum;
}

// ---------------------------------------------------------------------------
// The caller: a province admin, as a report for the whole province is asked by.

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The "authorization" value every call carries; set by InstallCallerIdentity.
std::string& Authorization() {
  static auto* authorization = new std::string();
  return *authorization;
}

// Makes a P-256 signing key with openssl, installs a verifier of its tokens
// in this process (the handlers verify every call) and signs a province
// admin's token for the benchmark's calls.
absl::Status InstallCallerIdentity() {
  char pattern[] = "/tmp/hoptac-bench-key-XXXXXX";
  if (mkdtemp(pattern) == nullptr) return absl::InternalError("mkdtemp failed");
  const std::string dir = pattern;
  const std::string command = absl::StrCat(
      "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ", dir,
      "/signing.key 2>/dev/null && openssl pkey -in ", dir, "/signing.key -pubout -out ", dir,
      "/signing.pub 2>/dev/null");
  const int made = std::system(command.c_str());
  auto private_pem = ReadWholeFile(dir + "/signing.key");
  auto public_pem = ReadWholeFile(dir + "/signing.pub");
  std::system(absl::StrCat("rm -rf '", dir, "'").c_str());
  if (made != 0 || !private_pem.ok() || !public_pem.ok()) {
    return absl::UnavailableError("openssl could not make a signing key (is it installed?)");
  }
  TokenVerifierOptions options;
  options.keys.push_back({"", *public_pem});
  HOPTAC_ASSIGN_OR_RETURN(std::unique_ptr<TokenVerifier> verifier,
                          TokenVerifier::Create(std::move(options)));
  SetCallerVerifierForTesting(verifier.release());  // lives as long as the process
  TokenClaims claims;
  claims.subject = "bench.province";
  claims.org_unit = kRoot;
  claims.role = Role::kProvinceAdmin;
  claims.issued_at = absl::Now() - absl::Minutes(1);
  claims.expires = absl::Now() + absl::Hours(12);
  HOPTAC_ASSIGN_OR_RETURN(std::string token, SignToken(claims, *private_pem));
  Authorization() = BearerAuthorization(token);
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// The service side.

struct Services {
  std::unique_ptr<registry::RegistryService> registry;
  std::unique_ptr<subsidy::SubsidyStore> subsidy_store;
  std::unique_ptr<outreach::OutreachStore> outreach_store;
  std::unique_ptr<RegistryClient> registry_client;
  std::unique_ptr<AccessGate> outreach_gate;
  std::unique_ptr<subsidy::SubsidyService> subsidy;
  std::unique_ptr<outreach::OutreachService> outreach;
  std::vector<std::unique_ptr<grpc::Server>> servers;
  std::string registry_address, subsidy_address, outreach_address;
  std::unique_ptr<registry::v1::RegistryService::Stub> registry_stub;
  std::unique_ptr<subsidy::v1::SubsidyService::Stub> subsidy_stub;
  std::unique_ptr<outreach::v1::OutreachService::Stub> outreach_stub;
  std::unique_ptr<report::StatisticsSources> sources;

  void Stop() {
    for (auto& s : servers) s->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  }
};

absl::StatusOr<std::string> Serve(grpc::Service* service, Services& out) {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(service);
  // Large answers (the outreach service lists every event of the province).
  builder.SetMaxSendMessageSize(-1);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) return absl::UnavailableError("a gRPC server did not start");
  out.servers.push_back(std::move(server));
  return absl::StrCat("127.0.0.1:", port);
}

std::shared_ptr<grpc::Channel> Channel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);
  auto channel = grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
  channel->WaitForConnected(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  return channel;
}

absl::Status StartServices(ProvinceDataset& data, Services& s) {
  auto today = [] { return kBenchToday; };
  s.registry = std::make_unique<registry::RegistryService>(
      data.registry().store(), &data.registry().database(), today);
  HOPTAC_ASSIGN_OR_RETURN(s.registry_address, Serve(s.registry.get(), s));
  s.registry_client = std::make_unique<RegistryClient>(s.registry_address);
  s.subsidy_store = std::make_unique<subsidy::SubsidyStore>(data.subsidy_database());
  s.outreach_store = std::make_unique<outreach::OutreachStore>(data.outreach_database());
  s.subsidy = std::make_unique<subsidy::SubsidyService>(*s.subsidy_store, *s.registry_client,
                                                        today, data.subsidy_database());
  s.outreach_gate = std::make_unique<AccessGate>(
      outreach::v1::OutreachService::service_full_name(), &data.outreach_database(),
      *s.registry_client, today);
  s.outreach = std::make_unique<outreach::OutreachService>(*s.outreach_store, *s.registry_client,
                                                          *s.outreach_gate);
  HOPTAC_ASSIGN_OR_RETURN(s.subsidy_address, Serve(s.subsidy.get(), s));
  HOPTAC_ASSIGN_OR_RETURN(s.outreach_address, Serve(s.outreach.get(), s));
  s.registry_stub = registry::v1::RegistryService::NewStub(Channel(s.registry_address));
  s.subsidy_stub = subsidy::v1::SubsidyService::NewStub(Channel(s.subsidy_address));
  s.outreach_stub = outreach::v1::OutreachService::NewStub(Channel(s.outreach_address));
  s.sources = std::make_unique<report::StatisticsSources>(
      report::SourceAddresses{s.registry_address, s.subsidy_address, s.outreach_address});
  return absl::OkStatus();
}

void Check(const grpc::Status& status, const char* what) {
  if (status.ok()) return;
  std::fprintf(stderr, "%s failed: %s\n", what, status.error_message().c_str());
  std::exit(1);
}

// A deadline and the caller's token.
void PrepareCall(grpc::ClientContext& context) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
  context.AddMetadata("authorization", Authorization());
}

int64_t CallRegistry(Services& s, const Period& period) {
  registry::v1::GetRegistryStatisticsRequest request;
  request.set_org_unit(absl::StrCat("orgUnits/", kRoot));
  PeriodToProto(period, request.mutable_period());
  registry::v1::GetRegistryStatisticsResponse response;
  grpc::ClientContext context;
  PrepareCall(context);
  Check(s.registry_stub->GetRegistryStatistics(&context, request, &response),
        "GetRegistryStatistics");
  return response.ByteSizeLong();
}

int64_t CallSubsidy(Services& s, const Period& period) {
  subsidy::v1::GetSubsidyStatisticsRequest request;
  request.set_org_unit_code(kRoot);
  PeriodToProto(period, request.mutable_period());
  subsidy::v1::GetSubsidyStatisticsResponse response;
  grpc::ClientContext context;
  PrepareCall(context);
  Check(s.subsidy_stub->GetSubsidyStatistics(&context, request, &response),
        "GetSubsidyStatistics");
  return response.ByteSizeLong();
}

int64_t CallOutreach(Services& s, const Period& period, int64_t* events = nullptr) {
  outreach::v1::GetOutreachStatisticsRequest request;
  request.set_org_unit_code(kRoot);
  PeriodToProto(period, request.mutable_period());
  outreach::v1::GetOutreachStatisticsResponse response;
  grpc::ClientContext context;
  PrepareCall(context);
  Check(s.outreach_stub->GetOutreachStatistics(&context, request, &response),
        "GetOutreachStatistics");
  if (events != nullptr) *events = response.events_size();
  return response.ByteSizeLong();
}

int64_t CallFanout(Services& s, const Period& period) {
  // As the report service does while serving its caller: the token forwarded.
  grpc::ServerContext incoming;
  grpc::testing::ServerContextTestSpouse caller(&incoming);
  caller.AddClientMetadata("authorization", Authorization());
  auto statistics = s.sources->Fetch(&incoming, kRoot, period);
  if (!statistics.ok()) {
    std::fprintf(stderr, "StatisticsSources::Fetch failed: %s\n",
                 statistics.status().ToString().c_str());
    std::exit(1);
  }
  return static_cast<int64_t>(statistics->size());
}

// ---------------------------------------------------------------------------
// Measuring.

struct Side {
  std::vector<double> ms;  // per call
  double statements = 0;   // per call (last measurement)
  double cpu_self_ms = 0;  // this process (client + servers), per call
  double cpu_db_ms = 0;    // MariaDB, per call
};

struct Family {
  std::string name;
  std::function<void()> direct, service;
  Side d, s;
};

void MeasureSide(const std::function<void()>& call, int calls, Database& counter_db, pid_t db_pid,
                 Side& side) {
  const int64_t before = ServerStatements(counter_db).value_or(-1);
  const int64_t before2 = ServerStatements(counter_db).value_or(-1);
  const double self_before = SelfCpuSeconds();
  const double db_before = ProcessCpuSeconds(db_pid);
  for (int i = 0; i < calls; ++i) {
    const absl::Time start = absl::Now();
    call();
    side.ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
  }
  side.cpu_self_ms = (SelfCpuSeconds() - self_before) * 1e3 / calls;
  side.cpu_db_ms = (ProcessCpuSeconds(db_pid) - db_before) * 1e3 / calls;
  const int64_t after = ServerStatements(counter_db).value_or(-1);
  if (before >= 0 && after >= 0) {
    // Each read of the counter is a statement; the second read measures it.
    const int64_t own = before2 - before;
    side.statements = static_cast<double>(after - before2 - own) / calls;
  }
}

int Run(int argc, char** argv) {
  const Options options = ParseArgs(argc, argv);
  sql::mysql::get_mysql_driver_instance();
  ProvinceScale scale;
  scale.cooperatives = std::max(20, static_cast<int>(scale.cooperatives * options.scale));
  scale.grants = std::max(100, static_cast<int>(scale.grants * options.scale));
  scale.activities = std::max(100, static_cast<int>(scale.activities * options.scale));
  auto created = ProvinceDataset::Create(scale);
  if (!created.ok()) {
    std::fprintf(stderr, "dataset: %s\n", created.status().ToString().c_str());
    return 1;
  }
  ProvinceDataset& data = **created;
  for (const auto& [service, statement] : options.after_load) {
    Database* db = service == "registry"  ? &data.registry().database()
                   : service == "subsidy" ? &data.subsidy_database()
                   : service == "outreach" ? &data.outreach_database()
                                           : nullptr;
    if (db == nullptr) {
      std::fprintf(stderr, "--after_load_sql: no service %s\n", service.c_str());
      return 2;
    }
    absl::Status done = db->WithSession(absl::Now() + absl::Minutes(5), [&](SqlSession& s) {
      std::unique_ptr<sql::Statement> st(s.connection().createStatement());
      st->execute(statement);
      return absl::OkStatus();
    });
    std::printf("after load, on %s: %s (%s)\n", service.c_str(), statement.c_str(),
                done.ToString().c_str());
    if (!done.ok()) return 1;
  }
  Services services;
  if (absl::Status identity = InstallCallerIdentity(); !identity.ok()) {
    std::fprintf(stderr, "%s\n", identity.ToString().c_str());
    return 1;
  }
  if (absl::Status started = StartServices(data, services); !started.ok()) {
    std::fprintf(stderr, "%s\n", started.ToString().c_str());
    return 1;
  }
  const Period period = CalendarYear(kYear);
  Database& counter_db = data.registry().database();

  // Direct connections: one set for the sequential families, one per thread
  // for the parallel fan-out.
  Direct registry_db(data.registry_dsn()), subsidy_db(data.subsidy_dsn()),
      outreach_db(data.outreach_dsn()), subsidy_registry_db(data.registry_dsn()),
      outreach_registry_db(data.registry_dsn());

  pid_t db_pid = 0;
  std::string settings;
  {
    (void)counter_db.WithSession(absl::Now() + absl::Seconds(10), [&](SqlSession& s) {
      std::unique_ptr<sql::Statement> st(s.connection().createStatement());
      std::unique_ptr<sql::ResultSet> r(st->executeQuery(
          "SELECT @@pid_file, @@innodb_flush_log_at_trx_commit, @@sync_binlog, @@log_bin, "
          "@@innodb_buffer_pool_size DIV 1048576, VERSION()"));
      if (r->next()) {
        std::ifstream pid_file(std::string(r->getString(1)));
        pid_file >> db_pid;
        settings = absl::StrCat("innodb_flush_log_at_trx_commit=", std::string(r->getString(2)),
                                " sync_binlog=", std::string(r->getString(3)),
                                " log_bin=", std::string(r->getString(4)),
                                " innodb_buffer_pool_size=", std::string(r->getString(5)),
                                "M (MariaDB ", std::string(r->getString(6)), ")");
      }
      return absl::OkStatus();
    });
  }

  // The two sides must agree on what they computed.
  {
    int64_t direct_events = 0, service_events = 0;
    (void)DirectOutreach(outreach_registry_db, outreach_db, period, &direct_events);
    (void)CallOutreach(services, period, &service_events);
    if (direct_events != service_events || direct_events != data.counts().events_2023) {
      std::fprintf(stderr, "events listed: direct %lld, service %lld, generated %lld\n",
                   (long long)direct_events, (long long)service_events,
                   (long long)data.counts().events_2023);
      return 1;
    }
  }
  if (options.explain) {
    for (Direct* d : {&registry_db, &subsidy_db, &outreach_db, &subsidy_registry_db}) {
      d->set_explain(true);
    }
    std::printf("Each direct statement once (a warm cache), with MariaDB's EXPLAIN:\n");
    (void)DirectRegistry(registry_db, period);
    (void)DirectSubsidy(subsidy_registry_db, subsidy_db, period);
    (void)DirectOutreach(subsidy_registry_db, outreach_db, period, nullptr);
    for (Direct* d : {&registry_db, &subsidy_db, &outreach_db, &subsidy_registry_db}) {
      d->set_explain(false);
    }
    std::printf("\n");
  }

  int64_t sizes[4] = {0, 0, 0, 0};
  std::vector<Family> families;
  families.push_back({"registry", [&] { (void)DirectRegistry(registry_db, period); },
                      [&] { sizes[0] = CallRegistry(services, period); }, {}, {}});
  families.push_back(
      {"subsidy", [&] { (void)DirectSubsidy(subsidy_registry_db, subsidy_db, period); },
       [&] { sizes[1] = CallSubsidy(services, period); }, {}, {}});
  families.push_back(
      {"outreach", [&] { (void)DirectOutreach(outreach_registry_db, outreach_db, period, nullptr); },
       [&] { sizes[2] = CallOutreach(services, period); }, {}, {}});
  families.push_back(
      {"fanout",
       [&] {
         // The three direct sequences on three threads, as the report asks the
         // three services at once.
         auto run = [](auto work) {
           return std::async(std::launch::async, [work] {
             Database::EnsureThreadInitialized();
             work();
           });
         };
         auto a = run([&] { (void)DirectRegistry(registry_db, period); });
         auto b = run([&] { (void)DirectSubsidy(subsidy_registry_db, subsidy_db, period); });
         auto c = run([&] {
           (void)DirectOutreach(outreach_registry_db, outreach_db, period, nullptr);
         });
         a.get();
         b.get();
         c.get();
       },
       [&] { sizes[3] = CallFanout(services, period); },
       {},
       {}});

  std::printf("dataset: %d cooperatives; %lld grants, %lld ledger entries; %lld activities "
              "(2023: %lld applications, %lld activities, %lld events listed); loaded in %.1f s\n",
              scale.cooperatives, (long long)data.counts().grants,
              (long long)data.counts().ledger_entries, (long long)data.counts().activities,
              (long long)data.counts().applications_2023,
              (long long)data.counts().activities_2023, (long long)data.counts().events_2023,
              data.load_seconds());
  std::printf("durability: %s\n", settings.c_str());
  std::printf("cpus: %u; load average before measuring: %s\n", std::thread::hardware_concurrency(),
              LoadAverage().c_str());
  // Warm-up: pools open their connections, caches fill, both sides.
  for (Family& f : families) {
    f.direct();
    f.service();
  }
  std::printf("%-9s %-5s %-8s %10s %9s %11s %11s\n", "family", "round", "side", "ms/call",
              "stmts", "cpu:proc ms", "cpu:db ms");
  std::fflush(stdout);
  for (int round = 1; round <= options.rounds; ++round) {
    for (Family& f : families) {
      Side d, s;
      auto measure = [&](bool direct) {
        Side& side = direct ? d : s;
        MeasureSide(direct ? f.direct : f.service, options.calls, counter_db, db_pid, side);
        std::printf("%-9s %-5d %-8s %10.2f %9.1f %11.2f %11.2f\n", f.name.c_str(), round,
                    direct ? "direct" : "service", Median(side.ms), side.statements,
                    side.cpu_self_ms, side.cpu_db_ms);
        Side& all = direct ? f.d : f.s;
        all.ms.insert(all.ms.end(), side.ms.begin(), side.ms.end());
        all.statements = side.statements;
        all.cpu_self_ms += side.cpu_self_ms / options.rounds;
        all.cpu_db_ms += side.cpu_db_ms / options.rounds;
      };
      // Alternate which side goes first, so that a drift in load favours neither.
      measure(round % 2 == 1);
      measure(round % 2 == 0);
    }
    std::fflush(stdout);
  }
  std::printf("\nload average at end: %s\n", LoadAverage().c_str());
  std::printf("answer sizes (bytes): registry %lld, subsidy %lld, outreach %lld; fan-out gives "
              "%lld named statistics\n",
              (long long)sizes[0], (long long)sizes[1], (long long)sizes[2], (long long)sizes[3]);
  std::printf("\n%-9s %12s %12s %8s %10s %10s %8s %14s %14s\n", "family", "direct ms", "service ms",
              "ratio", "direct min", "svc min", "ratio", "stmts d/s", "cpu db ms d/s");
  for (const Family& f : families) {
    const double dm = Median(f.d.ms), sm = Median(f.s.ms);
    const double dmin = *std::min_element(f.d.ms.begin(), f.d.ms.end());
    const double smin = *std::min_element(f.s.ms.begin(), f.s.ms.end());
    std::printf("%-9s %12.2f %12.2f %8.2f %10.2f %10.2f %8.2f %6.1f/%-7.1f %6.1f/%-7.1f\n",
                f.name.c_str(), dm, sm, sm / dm, dmin, smin, smin / dmin, f.d.statements,
                f.s.statements, f.d.cpu_db_ms, f.s.cpu_db_ms);
    std::printf("[summary] %s direct_ms=%.3f service_ms=%.3f ratio=%.3f best_ratio=%.3f\n",
                f.name.c_str(), dm, sm, sm / dm, smin / dmin);
  }
  std::fflush(stdout);
  services.Stop();
  return 0;
}

}  // namespace
}  // namespace hoptac::bench

int main(int argc, char** argv) {
  // As the services' main() do: Debian's Abseil checks every absl::Mutex
  // acquisition for lock-order cycles unless told not to.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  return hoptac::bench::Run(argc, argv);
}
