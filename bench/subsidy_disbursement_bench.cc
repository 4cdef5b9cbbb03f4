// Disbursements committed per second: through hoptac.subsidy.v1.SubsidyService
// (gRPC on loopback, the kernel's Database pool) against the same transaction
// issued directly over SQL by a plain Connector/C++ client, in the same run, on
// the same fresh database, interleaved (direct, service, service, direct, ...)
// so that both sides see the same machine load. Prints the server's
// durability settings and the load average with the figures, and for each
// measurement the statements MariaDB ran per disbursement and the CPU time
// per disbursement of each process (this program, the service, MariaDB).
// Two more rows per round explain the difference: "store", the service's own
// SQL code (SubsidyStore on the kernel's Database) called in this program
// without gRPC, and "bare-rpc", the health Check RPC on the same connections
// and server (gRPC alone, no database). A program, not a test.
//
// Security as in production (issue 7): the calls carry a unit officer's
// bearer token (Cao Lộc, 183, the unit that runs the program), which every
// call verifies and authorizes; the process serves mutual TLS, with a
// throw-away PKI and signing key (scripts/lib/dev-pki.sh, as the end-to-end
// tests make them). Every disbursement appends its audit event in its
// transaction, so the direct client does too.
//
//   subsidy_disbursement_bench [--seconds=S] [--clients=N[,N...]] [--rounds=R] [--in_process]
//                              [--sync_client] [--plaintext]
//                              [--service_flag=--name=value ...] [--compare_flag=...]
//                              [--compare_binary=PATH] [--compare_env=NAME=VALUE ...]
//                              [--no_bare_rpc] [--direct_statement_time=S]
//                              [--server_arg=grpc.arg=N ...] [--max_pollers=N]
//
// The service's callers: N calls kept in flight by one thread on one
// completion queue (gRPC's async API), each on its own connection, as N
// independent callers would make them; the load generator then takes as
// little as it can from the CPU it shares with the service, as load
// generators for gRPC do (ghz, h2load). --sync_client: N threads with
// blocking stubs instead, the way an application calls (about 40 µs more per
// call of the shared CPU: the sync client's thread handoffs). The direct side
// is the plain client itself: N threads, each a Connector/C++ connection.
//
// The figures: committed/s per client count and side, the ratio of the two,
// and "throughput", each side's highest rate over the client counts measured
// (its capacity on this machine), and their ratio.
//
// The service is the real hoptac-subsidy binary in its own process (kernel
// ServiceServer: TLS, tokens, RPC log line per call, metrics, health),
// started on the same database; --in_process (analysis) runs the handlers in
// an in-process plaintext gRPC server instead. --service_flag (repeatable)
// passes a flag to the process; --compare_flag (repeatable) starts a second
// process with those flags added, measured in the same rounds as
// "service-b"; --compare_binary runs another build as service-b, and
// --compare_env (repeatable) sets a variable in its environment.
// --plaintext: the process serves without TLS (what TLS costs).
// --no_bare_rpc leaves out the "store" and "bare-rpc" rows. For analysis:
// --direct_statement_time gives the direct client the statement time limit
// the kernel sets for a deadline; --server_arg and --max_pollers configure the
// in-process server.
//
// Needs HOPTAC_TEST_DB_* (scripts/bench-subsidy.sh starts a MariaDB).
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "cppconn/connection.h"
#include "cppconn/driver.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "cppconn/resultset_metadata.h"
#include "cppconn/statement.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "hoptac/subsidy/v1/subsidy.grpc.pb.h"
#include "mysql_driver.h"
#include "bench/process_usage.h"
#include "services/common/auth/audit_log.h"
#include "services/common/auth/bearer_token.h"
#include "services/common/auth/call_identity.h"
#include "services/common/auth/caller.h"
#include "services/common/database.h"
#include "services/common/migrations.h"
#include "services/common/registry_client.h"
#include "services/common/testing/test_database.h"
#include "services/subsidy/subsidy_migrations.h"
#include "services/subsidy/subsidy_service.h"
#include "services/subsidy/subsidy_store.h"
#include "tests/support/server_process.h"
#include "tests/support/test_security.h"

namespace hoptac::subsidy {
namespace {

using ::hoptac::bench::LoadAverage;
using ::hoptac::bench::Median;
using ::hoptac::bench::ProcessCpuSeconds;
using ::hoptac::bench::SelfCpuSeconds;

constexpr int64_t kAmount = 1'000;

struct Options {
  double seconds = 3;
  std::vector<int> clients = {1, 4, 16, 32};
  int rounds = 2;
  bool process = true;
  bool plaintext = false;
  bool sync_client = false;
  std::vector<std::string> service_flags;
  // Not --in_process: a second service process with these flags added, measured
  // in the same rounds ("service-b"), to compare server settings.
  std::vector<std::string> compare_flags;
  std::string compare_binary;
  std::vector<std::pair<std::string, std::string>> compare_env;
  int direct_statement_time = 0;  // seconds; 0: no limit
  // In-process server only: integer channel arguments and sync server options.
  std::vector<std::pair<std::string, int>> server_args;
  int max_pollers = 0;  // 0: gRPC's default
  bool rpc_floor = true;
};

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    absl::string_view a = argv[i];
    if (absl::ConsumePrefix(&a, "--seconds=")) {
      (void)absl::SimpleAtod(a, &o.seconds);
    } else if (a == "--no_bare_rpc") {
      o.rpc_floor = false;
    } else if (a == "--sync_client") {
      o.sync_client = true;
    } else if (a == "--plaintext") {
      o.plaintext = true;
    } else if (a == "--process") {
      o.process = true;
    } else if (a == "--in_process") {
      o.process = false;
    } else if (absl::ConsumePrefix(&a, "--direct_statement_time=")) {
      (void)absl::SimpleAtoi(a, &o.direct_statement_time);
    } else if (absl::ConsumePrefix(&a, "--server_arg=")) {
      std::pair<std::string, std::string> kv = absl::StrSplit(a, '=');
      int v = 0;
      if (absl::SimpleAtoi(kv.second, &v)) o.server_args.emplace_back(kv.first, v);
    } else if (absl::ConsumePrefix(&a, "--max_pollers=")) {
      (void)absl::SimpleAtoi(a, &o.max_pollers);
    } else if (absl::ConsumePrefix(&a, "--compare_flag=")) {
      o.compare_flags.emplace_back(a);
    } else if (absl::ConsumePrefix(&a, "--compare_binary=")) {
      o.compare_binary = std::string(a);
    } else if (absl::ConsumePrefix(&a, "--compare_env=")) {
      std::pair<std::string, std::string> kv = absl::StrSplit(a, absl::MaxSplits('=', 1));
      o.compare_env.push_back(std::move(kv));
    } else if (absl::ConsumePrefix(&a, "--service_flag=")) {
      o.service_flags.emplace_back(a);
    } else if (absl::ConsumePrefix(&a, "--rounds=")) {
      (void)absl::SimpleAtoi(a, &o.rounds);
    } else if (absl::ConsumePrefix(&a, "--clients=")) {
      o.clients.clear();
      for (absl::string_view c : absl::StrSplit(a, ',')) {
        int n = 0;
        if (absl::SimpleAtoi(c, &n) && n > 0) o.clients.push_back(n);
      }
    }
  }
  return o;
}

// The caller of every service call: an officer of the unit that runs the program.
constexpr char kPayerUnit[] = "183";
constexpr char kCallerSubject[] = "bench.officer";
constexpr char kDisburseMethod[] = "hoptac.subsidy.v1.SubsidyService/RecordDisbursement";

// One program with a large budget and one approved grant per client, so that
// clients do not queue on each other's grant row (both paths alike).
std::vector<int64_t> MakeGrants(SubsidyStore& store, int count) {
  Program p;
  p.code = absl::StrCat("BENCH-", count, "-", absl::ToUnixNanos(absl::Now()));
  p.title = "Benchmark";
  p.legal_basis = {"Kế hoạch số 115/KH-UBND ngày 15/5/2023 của UBND tỉnh"};
  p.support_kind = SupportKind::kOther;
  p.fund_source = FundSource::kLocal;
  p.org_unit_code = kPayerUnit;
  p.eligible_kinds = {BeneficiaryKind::kEnterprise};
  p.budgets = {{2023, int64_t{1} << 60, 0}};
  p.valid_from = absl::CivilDay(2023, 1, 1);
  p.valid_to = absl::CivilDay(2023, 12, 31);
  const absl::Time deadline = absl::Now() + absl::Minutes(1);
  if (!store.CreateProgram(p, {"bench", "", "", std::nullopt}, deadline).ok()) std::abort();
  std::vector<int64_t> grants;
  for (int i = 0; i < count; ++i) {
    Beneficiary b;
    b.kind = BeneficiaryKind::kEnterprise;
    b.tax_code = absl::StrCat(p.code.substr(6, 20), "-", i);
    b.display_name = "Doanh nghiệp";
    b.org_unit_code = kPayerUnit;
    auto created = store.CreateBeneficiary(b, {"bench", "", "", std::nullopt}, deadline);
    auto g = store.ApplyForGrant({p.code, created->id, 2023, "", absl::CivilDay(2023, 2, 1),
                                  int64_t{1} << 50},
                                 {"bench", "", "", std::nullopt}, deadline);
    auto approved = store.ApproveGrant(g->id, {"1/QĐ", absl::CivilDay(2023, 3, 1), int64_t{1} << 50},
                                       {"bench", "", "", std::nullopt}, deadline);
    if (!approved.ok()) std::abort();
    grants.push_back(g->id);
  }
  return grants;
}

std::atomic<int64_t> request_counter{0};
std::string NextRequestId(const char* prefix) {
  return absl::StrCat(prefix, "-", absl::ToUnixNanos(absl::Now()), "-", ++request_counter);
}

// A correct disbursement, statement for statement as the service's fast path
// issues it (services/subsidy/subsidy_store_ledger.cc), without the service:
// one conditional UPDATE locks the grant, checks it (approved, within the
// approved amount, not before the decision) and moves the running net; the
// ledger entry (RETURNING its id); the event; the audit event; the request_id
// claimed with its result; COMMIT. Six round trips.
class DirectClient {
 public:
  DirectClient(const MysqlDsn& dsn, int statement_time) {
    sql::ConnectOptionsMap p;
    p["hostName"] = sql::SQLString(absl::StrCat("tcp://", dsn.host, ":", dsn.port));
    p["userName"] = sql::SQLString(dsn.user);
    p["password"] = sql::SQLString(dsn.password);
    p["schema"] = sql::SQLString(dsn.database);
    p["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    connection_.reset(sql::mysql::get_mysql_driver_instance()->connect(p));
    connection_->setAutoCommit(false);
    if (statement_time > 0) {
      // As the kernel's Database does for the service's deadline (analysis only).
      std::unique_ptr<sql::Statement> limit(connection_->createStatement());
      limit->execute(absl::StrCat("SET SESSION max_statement_time = ", statement_time));
    }
    move_.reset(connection_->prepareStatement(
        "UPDATE grants SET disbursed_net_dong = disbursed_net_dong + ?, "
        "update_time = CURRENT_TIMESTAMP(6) "
        "WHERE id = ? AND state = 2 AND ? <= approved_dong - disbursed_net_dong "
        "AND (decision_date IS NULL OR decision_date <= '2023-06-01')"));
    insert_.reset(connection_->prepareStatement(
        "INSERT INTO ledger_entries (grant_id, kind, amount_dong, entry_date, note, actor, "
        "request_id) VALUES (?, 1, ?, '2023-06-01', '', 'direct', ?) RETURNING id"));
    event_.reset(connection_->prepareStatement(
        "INSERT INTO events (resource, event_type, detail, actor, request_id) "
        "VALUES (?, 'DISBURSED', ?, 'direct', ?)"));
    audit_.reset(connection_->prepareStatement(
        "INSERT INTO audit_events (subject, role, org_unit, method, resource, request_id, "
        "outcome) VALUES (?, 'unit_officer', ?, ?, ?, ?, 'OK')"));
    claim_.reset(connection_->prepareStatement(
        "INSERT IGNORE INTO request_log (request_id, method, fingerprint, resource_id, "
        "result_id) VALUES (?, 'RecordDisbursement', 'direct', ?, ?)"));
  }

  bool Disburse(int64_t grant) {
    const std::string request_id = NextRequestId("direct");
    move_->setInt64(1, kAmount);
    move_->setInt64(2, grant);
    move_->setInt64(3, kAmount);
    if (move_->executeUpdate() != 1) return Rollback();
    insert_->setInt64(1, grant);
    insert_->setInt64(2, kAmount);
    insert_->setString(3, request_id);
    std::unique_ptr<sql::ResultSet> id(insert_->executeQuery());
    id->next();
    const int64_t entry = id->getInt64(1);
    event_->setString(1, absl::StrCat("ledgerEntries/", entry));
    event_->setString(2, absl::StrCat("grants/", grant, " ", kAmount, " dong"));
    event_->setString(3, request_id);
    event_->executeUpdate();
    audit_->setString(1, kCallerSubject);
    audit_->setString(2, kPayerUnit);
    audit_->setString(3, kDisburseMethod);
    audit_->setString(4, absl::StrCat("ledgerEntries/", entry));
    audit_->setString(5, request_id);
    audit_->executeUpdate();
    claim_->setString(1, request_id);
    claim_->setInt64(2, grant);
    claim_->setInt64(3, entry);
    if (claim_->executeUpdate() != 1) return Rollback();
    connection_->commit();
    return true;
  }

 private:
  bool Rollback() {
    connection_->rollback();
    return false;
  }
  std::unique_ptr<sql::Connection> connection_;
  std::unique_ptr<sql::PreparedStatement> move_, insert_, event_, audit_, claim_;
};

// The whole file at `path` ("" when it cannot be read).
std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string ServerSetting(Database& db, const std::string& query) {
  std::string value = "?";
  (void)db.WithSession(absl::Now() + absl::Seconds(5), [&](SqlSession& s) -> absl::Status {
    std::unique_ptr<sql::Statement> st(s.connection().createStatement());
    std::unique_ptr<sql::ResultSet> r(st->executeQuery(query));
    if (r->next()) value = std::string(r->getString(r->getMetaData()->getColumnCount()));
    return absl::OkStatus();
  });
  return value;
}

// The server's count of statements received; its own reads add two each.
int64_t ServerStatements(Database& db) {
  int64_t n = -1;
  (void)absl::SimpleAtoi(ServerSetting(db, "SHOW GLOBAL STATUS LIKE 'Questions'"), &n);
  return n;
}

// One measurement: committed/s, statements per commit, CPU microseconds per
// commit of this program (clients), the service process and MariaDB.
struct Sample {
  double rate = 0;
  double statements = 0;
  double cpu_bench_us = 0, cpu_service_us = 0, cpu_db_us = 0;
};

struct Processes {
  pid_t service = 0;  // 0: the service runs in this program
  pid_t db = 0;
};

// Runs `work(client_index, stop, committed)` on `clients` threads for `seconds`.
template <typename Work>
Sample Measure(int clients, double seconds, Database& db, const Processes& procs, Work work) {
  std::atomic<bool> stop{false};
  std::atomic<int64_t> committed{0};
  std::vector<std::thread> threads;
  const int64_t statements_before = ServerStatements(db);
  const double bench_before = SelfCpuSeconds();
  const double service_before = ProcessCpuSeconds(procs.service);
  const double db_before = ProcessCpuSeconds(procs.db);
  const absl::Time start = absl::Now();
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      Database::EnsureThreadInitialized();
      work(i, stop, committed);
    });
  }
  absl::SleepFor(absl::Seconds(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
  const double n = static_cast<double>(std::max<int64_t>(1, committed.load()));
  Sample sample;
  sample.rate = committed.load() / elapsed;
  sample.cpu_bench_us = (SelfCpuSeconds() - bench_before) * 1e6 / n;
  sample.cpu_service_us =
      procs.service > 0 ? (ProcessCpuSeconds(procs.service) - service_before) * 1e6 / n : 0;
  sample.cpu_db_us = (ProcessCpuSeconds(procs.db) - db_before) * 1e6 / n;
  sample.statements =
      static_cast<double>(ServerStatements(db) - statements_before - 2) / n;
  return sample;
}

std::string Spread(const std::vector<double>& v, const char* format) {
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  char out[64];
  std::snprintf(out, sizeof out, format, *lo, *hi);
  return out;
}

void PrintSample(int clients, int round, const char* side, const Sample& s) {
  std::printf("%-7d %-5d %-9s %8.0f %9.2f %9.0f %9.0f %9.0f %9.0f\n", clients, round, side,
              s.rate, s.statements, s.cpu_bench_us, s.cpu_service_us, s.cpu_db_us,
              s.cpu_bench_us + s.cpu_service_us + s.cpu_db_us);
  std::fflush(stdout);
}

int Run(int argc, char** argv) {
  const Options options = ParseArgs(argc, argv);
  sql::mysql::get_mysql_driver_instance();
  auto test_db = testing::TestDatabase::Create();
  if (!test_db.ok()) {
    std::fprintf(stderr, "%s\n", test_db.status().ToString().c_str());
    return 1;
  }
  const int max_clients = *std::max_element(options.clients.begin(), options.clients.end());
  std::unique_ptr<Database> db = (*test_db)->Connect(std::max(4, max_clients));
  if (!ApplyMigrations(*db, SubsidyMigrations()).ok()) return 1;
  SubsidyStore store(*db);
  // The PKI and the signing key; the in-process handlers verify with its key.
  const testing::TestSecurity& security = testing::TestSecurity::Get();
  const std::string token =
      security.Token(Role::kUnitOfficer, kPayerUnit, kCallerSubject, absl::Hours(24));
  TokenVerifierOptions verifier_options;
  verifier_options.keys.push_back(
      {"", ReadFile(absl::StrCat(security.dir(), "/token-signing.pub"))});
  verifier_options.issuer = testing::kTestTokenIssuer;
  auto verifier = TokenVerifier::Create(verifier_options);
  if (!verifier.ok()) {
    std::fprintf(stderr, "%s\n", verifier.status().ToString().c_str());
    return 1;
  }
  SetCallerVerifierForTesting(verifier->get());
  // Disbursements do not ask the registry; the caller acts in its own unit,
  // which needs no org-unit tree either.
  RegistryClient registry("127.0.0.1:1");
  SubsidyService service(store, registry, [] { return absl::CivilDay(2026, 11, 29); }, *db);
  Processes procs;
  {
    std::ifstream pid_file(ServerSetting(*db, "SELECT @@pid_file"));
    pid_file >> procs.db;
  }
  // Starts hoptac-subsidy with `flags`; 0 when it does not listen.
  auto start_process = [&](const std::vector<std::string>& flags, bool variant_b,
                           std::unique_ptr<testing::ServerProcess>& out) -> int {
    testing::ProcessOptions p;
    p.binary = HOPTAC_BINARY_DIR "/services/subsidy/hoptac-subsidy";
    p.args = {"--listen=127.0.0.1:0",
              absl::StrCat("--mysql_dsn=", (*test_db)->DsnWithoutPassword()),
              absl::StrCat("--db_pool_size=", std::max(4, max_clients)),
              "--registry_address=127.0.0.1:1"};
    for (const std::string& flag : security.ServiceFlags("subsidy")) {
      if (options.plaintext && flag.rfind("--tls_", 0) == 0) continue;
      p.args.push_back(flag);
    }
    if (options.plaintext) p.args.push_back("--insecure");
    for (const std::string& flag : flags) p.args.push_back(flag);
    p.env = {{"HOPTAC_MYSQL_PASSWORD", (*test_db)->dsn().password}};
    if (variant_b) {
      if (!options.compare_binary.empty()) p.binary = options.compare_binary;
      p.env.insert(p.env.end(), options.compare_env.begin(), options.compare_env.end());
    }
    p.drop_env_prefixes = {"HOPTAC_"};
    auto started = testing::ServerProcess::Start(std::move(p));
    if (!started.ok()) return 0;
    out = *std::move(started);
    auto listening = out->WaitUntilListening(absl::Seconds(60));
    if (!listening.ok()) {
      std::fprintf(stderr, "%s\n", listening.status().ToString().c_str());
      return 0;
    }
    return *listening;
  };
  int port = 0, port_b = 0;
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<testing::ServerProcess> process, process_b;
  Processes procs_b = procs;
  if (options.process) {
    port = start_process(options.service_flags, false, process);
    if (port == 0) return 1;
    procs.service = process->pid();
    if (!options.compare_flags.empty() || !options.compare_binary.empty() ||
        !options.compare_env.empty()) {
      std::vector<std::string> flags = options.service_flags;
      flags.insert(flags.end(), options.compare_flags.begin(), options.compare_flags.end());
      port_b = start_process(flags, true, process_b);
      if (port_b == 0) return 1;
      procs_b.service = process_b->pid();
    }
  } else {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&service);
    for (const auto& [name, value] : options.server_args) builder.AddChannelArgument(name, value);
    if (options.max_pollers > 0) {
      builder.SetSyncServerOption(grpc::ServerBuilder::MAX_POLLERS, options.max_pollers);
    }
    server = builder.BuildAndStart();
  }
  std::printf("service: %s %s\n",
              options.process ? "hoptac-subsidy process (kernel ServiceServer)"
                              : "handlers in an in-process gRPC server",
              absl::StrJoin(options.service_flags, " ").c_str());
  std::printf("its callers: %s\n",
              options.sync_client
                  ? "one thread per client, blocking stubs (--sync_client)"
                  : "one thread keeping a call per client in flight (async load generator)");
  if (port_b != 0) {
    std::printf("service-b: the same with %s%s%s%s\n",
                absl::StrJoin(options.compare_flags, " ").c_str(),
                options.compare_binary.empty() ? "" : " binary ", options.compare_binary.c_str(),
                absl::StrJoin(options.compare_env, " ", absl::PairFormatter("=")).c_str());
  }
  // One connection per client, as independent callers would have (a distinct
  // channel argument keeps gRPC from sharing one subchannel between them).
  // The process serves mutual TLS; the in-process server stays plaintext.
  const std::shared_ptr<grpc::ChannelCredentials> credentials =
      options.process && !options.plaintext ? security.ClientCredentials()
                                            : grpc::InsecureChannelCredentials();
  std::vector<std::unique_ptr<v1::SubsidyService::Stub>> stubs, stubs_b;
  std::vector<std::unique_ptr<grpc::health::v1::Health::Stub>> health_stubs;
  for (int i = 0; i < max_clients; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("hoptac.bench.client", i);
    auto channel =
        grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", port), credentials, args);
    stubs.push_back(v1::SubsidyService::NewStub(channel));
    health_stubs.push_back(grpc::health::v1::Health::NewStub(channel));
    if (port_b != 0) {
      stubs_b.push_back(v1::SubsidyService::NewStub(grpc::CreateCustomChannel(
          absl::StrCat("127.0.0.1:", port_b), credentials, args)));
    }
  }
  const std::string authorization = absl::StrCat("Bearer ", token);

  std::printf("durability: innodb_flush_log_at_trx_commit=%s sync_binlog=%s log_bin=%s "
              "(MariaDB %s)\n",
              ServerSetting(*db, "SELECT @@innodb_flush_log_at_trx_commit").c_str(),
              ServerSetting(*db, "SELECT @@sync_binlog").c_str(),
              ServerSetting(*db, "SELECT @@log_bin").c_str(),
              ServerSetting(*db, "SELECT VERSION()").c_str());
  std::printf("cpus: %u; load average at start: %s\n", std::thread::hardware_concurrency(),
              LoadAverage().c_str());
  std::printf("%-7s %-5s %-8s %9s %9s %9s %9s %9s %9s\n", "clients", "round", "side",
              "commit/s", "stmts/op", "cpu:bench", "service", "mariadb", "total");
  std::printf("%-22s %39s\n", "", "(CPU microseconds per committed disbursement)");

  struct Summary {
    int clients;
    std::vector<double> direct, service, ratio, service_b;
  };
  std::vector<Summary> summaries;
  for (int clients : options.clients) {
    const std::vector<int64_t> grants = MakeGrants(store, clients);
    std::vector<std::unique_ptr<DirectClient>> direct;
    for (int i = 0; i < clients; ++i) {
      direct.push_back(std::make_unique<DirectClient>((*test_db)->dsn(),
                                                    options.direct_statement_time));
    }
    auto direct_work = [&](int i, auto& stop, auto& n) {
      while (!stop) {
        if (direct[i]->Disburse(grants[i])) ++n;
      }
    };
    // Client i's disbursement (its request_id is set per call) and a call's
    // deadline and credentials, for both load generators.
    auto disbursement_of = [&](int i) {
      v1::RecordDisbursementRequest request;
      request.set_grant(absl::StrCat("grants/", grants[i]));
      request.set_amount_dong(kAmount);
      request.mutable_entry_date()->set_year(2023);
      request.mutable_entry_date()->set_month(6);
      request.mutable_entry_date()->set_day(1);
      return request;
    };
    auto prepare_call = [&](grpc::ClientContext& context) {
      context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
      context.AddMetadata("authorization", authorization);
    };
    // --sync_client: thread i calls on connection i with a blocking stub.
    auto disburse = [&](std::vector<std::unique_ptr<v1::SubsidyService::Stub>>& to, int i,
                        auto& stop, auto& n) {
      v1::RecordDisbursementRequest request = disbursement_of(i);
      while (!stop) {
        request.set_request_id(NextRequestId("svc"));
        grpc::ClientContext context;
        prepare_call(context);
        v1::RecordDisbursementResponse response;
        if (to[i]->RecordDisbursement(&context, request, &response).ok()) ++n;
      }
    };
    // The load generator: one thread keeps `clients` calls in flight on one
    // completion queue, slot i always on connection i and grant i.
    auto disburse_async = [&](std::vector<std::unique_ptr<v1::SubsidyService::Stub>>& to,
                              auto& stop, auto& n) {
      struct Slot {
        int index = 0;
        std::unique_ptr<grpc::ClientContext> context;
        v1::RecordDisbursementRequest request;
        v1::RecordDisbursementResponse response;
        grpc::Status status;
        std::unique_ptr<grpc::ClientAsyncResponseReader<v1::RecordDisbursementResponse>> reader;
      };
      grpc::CompletionQueue cq;
      std::vector<Slot> slots(clients);
      auto start = [&](Slot& slot) {
        slot.context = std::make_unique<grpc::ClientContext>();
        prepare_call(*slot.context);
        slot.request.set_request_id(NextRequestId("svc"));
        slot.reader =
            to[slot.index]->AsyncRecordDisbursement(slot.context.get(), slot.request, &cq);
        slot.reader->Finish(&slot.response, &slot.status, &slot);
      };
      for (int i = 0; i < clients; ++i) {
        Slot& slot = slots[i];
        slot.index = i;
        slot.request = disbursement_of(i);
        start(slot);
      }
      int in_flight = clients;
      void* tag = nullptr;
      bool ok = false;
      while (in_flight > 0 && cq.Next(&tag, &ok)) {
        Slot& slot = *static_cast<Slot*>(tag);
        if (ok && slot.status.ok()) ++n;
        if (stop) {
          --in_flight;
        } else {
          start(slot);
        }
      }
      cq.Shutdown();
      while (cq.Next(&tag, &ok)) {
      }
    };
    // Disbursements through the service at `to`, by the chosen load generator.
    auto measure_service = [&](std::vector<std::unique_ptr<v1::SubsidyService::Stub>>& to,
                               const Processes& of, double seconds) {
      if (options.sync_client) {
        return Measure(clients, seconds, *db, of,
                       [&](int i, auto& stop, auto& n) { disburse(to, i, stop, n); });
      }
      return Measure(1, seconds, *db, of,
                     [&](int, auto& stop, auto& n) { disburse_async(to, stop, n); });
    };
    // The cost of a bare RPC on the same connections and server (health
    // Check, no database): what gRPC alone adds to each disbursement.
    auto rpc_work = [&](int i, auto& stop, auto& n) {
      const grpc::health::v1::HealthCheckRequest request;
      while (!stop) {
        grpc::ClientContext context;
        prepare_call(context);
        grpc::health::v1::HealthCheckResponse response;
        if (health_stubs[i]->Check(&context, request, &response).ok()) ++n;
      }
    };
    // The service's own SQL code (SubsidyStore on the kernel's Database) in
    // this program, without gRPC: tells the store's cost from the RPC's.
    Caller caller;
    caller.subject = kCallerSubject;
    caller.org_unit = kPayerUnit;
    caller.role = Role::kUnitOfficer;
    auto store_work = [&](int i, auto& stop, auto& n) {
      const Disbursement d{grants[i], kAmount, absl::CivilDay(2023, 6, 1), ""};
      while (!stop) {
        const std::string request_id = NextRequestId("store");
        const MutationContext m{caller.Actor(), request_id, "store",
                                AuditEventFor(caller, kDisburseMethod, "", request_id)};
        if (store.RecordDisbursement(d, m, absl::Now() + absl::Seconds(10)).ok()) ++n;
      }
    };
    // Warm-up: the service's pool opens its connections, both sides' caches fill.
    (void)Measure(clients, 0.5, *db, procs, direct_work);
    (void)measure_service(stubs, procs, 0.5);
    if (port_b != 0) (void)measure_service(stubs_b, procs_b, 0.5);
    Summary summary{clients, {}, {}, {}, {}};
    for (int round = 1; round <= options.rounds; ++round) {
      // Alternate which side goes first, so that a drift in load favours neither.
      Sample d, v, b;
      auto measure_b = [&] {
        if (port_b == 0) return;
        b = measure_service(stubs_b, procs_b, options.seconds);
        PrintSample(clients, round, "service-b", b);
        summary.service_b.push_back(b.rate);
      };
      if (round % 2 == 1) {
        d = Measure(clients, options.seconds, *db, procs, direct_work);
        PrintSample(clients, round, "direct", d);
        v = measure_service(stubs, procs, options.seconds);
        PrintSample(clients, round, "service", v);
        measure_b();
      } else {
        measure_b();
        v = measure_service(stubs, procs, options.seconds);
        PrintSample(clients, round, "service", v);
        d = Measure(clients, options.seconds, *db, procs, direct_work);
        PrintSample(clients, round, "direct", d);
      }
      if (options.rpc_floor) {
        PrintSample(clients, round, "store",
                    Measure(clients, options.seconds / 2, *db, procs, store_work));
        PrintSample(clients, round, "bare-rpc",
                    Measure(clients, options.seconds / 2, *db, procs, rpc_work));
      }
      summary.direct.push_back(d.rate);
      summary.service.push_back(v.rate);
      summary.ratio.push_back(v.rate / d.rate);
    }
    summaries.push_back(std::move(summary));
  }
  std::printf("\nload average at end: %s\n", LoadAverage().c_str());
  std::printf("%-7s %-22s %-22s %-18s\n", "clients", "direct/s median [range]",
              "service/s median [range]", "ratio median [range]");
  for (const Summary& s : summaries) {
    std::printf("%-7d %6.0f %-15s %6.0f %-15s %5.2f %-12s\n", s.clients, Median(s.direct),
                Spread(s.direct, "[%.0f-%.0f]").c_str(), Median(s.service),
                Spread(s.service, "[%.0f-%.0f]").c_str(), Median(s.ratio),
                Spread(s.ratio, "[%.2f-%.2f]").c_str());
    if (!s.service_b.empty()) {
      std::printf("%-7s %22s %6.0f %-15s (service-b)\n", "", "", Median(s.service_b),
                  Spread(s.service_b, "[%.0f-%.0f]").c_str());
    }
  }
  // Capacity: each side's highest median over the client counts measured.
  const auto peak = [&](auto side) {
    const Summary* best = &summaries.front();
    for (const Summary& s : summaries) {
      if (Median(s.*side) > Median(best->*side)) best = &s;
    }
    return std::make_pair(Median(best->*side), best->clients);
  };
  const auto [direct_peak, direct_at] = peak(&Summary::direct);
  const auto [service_peak, service_at] = peak(&Summary::service);
  std::printf("throughput: direct %.0f/s (%d clients), service %.0f/s (%d clients), "
              "ratio %.2f\n",
              direct_peak, direct_at, service_peak, service_at, service_peak / direct_peak);
  std::fflush(stdout);
  if (server != nullptr) server->Shutdown();
  if (process != nullptr) (void)process->Terminate(absl::Seconds(30));
  if (process_b != nullptr) (void)process_b->Terminate(absl::Seconds(30));
  return 0;
}

}  // namespace
}  // namespace hoptac::subsidy

int main(int argc, char** argv) {
  // As hoptac-subsidy's main() does: Debian's Abseil checks every absl::Mutex
  // acquisition for lock-order cycles unless told not to.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  return hoptac::subsidy::Run(argc, argv);
}
