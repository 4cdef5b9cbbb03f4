// Disbursements committed per second: through hoptac.subsidy.v1.SubsidyService
// (gRPC on loopback, in this process, the kernel's Database pool) against the
// same transaction issued directly over SQL by a plain Connector/C++ client,
// in the same run, on the same fresh database. Prints the server's durability
// settings with the figures. A program, not a test.
//
//   subsidy_disbursement_bench [--seconds=S] [--clients=N[,N...]] [--rounds=R] [--process]
//
// --process: the service is the real hoptac-subsidy binary in its own process
// (kernel ServiceServer: RPC log line per call, health, interceptors), started
// on the same database; without it, the handlers run in an in-process gRPC
// server (no RPC log).
//
// Needs HOPTAC_TEST_DB_* (scripts/bench-subsidy.sh starts a MariaDB).
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/synchronization/mutex.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "cppconn/connection.h"
#include "cppconn/driver.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "cppconn/statement.h"
#include "grpcpp/grpcpp.h"
#include "hoptac/subsidy/v1/subsidy.grpc.pb.h"
#include "mysql_driver.h"
#include "services/common/database.h"
#include "services/common/migrations.h"
#include "services/common/registry_client.h"
#include "services/common/testing/test_database.h"
#include "services/subsidy/subsidy_migrations.h"
#include "services/subsidy/subsidy_service.h"
#include "services/subsidy/subsidy_store.h"
#include "tests/support/server_process.h"

namespace hoptac::subsidy {
namespace {

constexpr int64_t kAmount = 1'000;

struct Options {
  double seconds = 3;
  std::vector<int> clients = {1, 4, 16};
  int rounds = 2;
  bool process = false;
};

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    absl::string_view a = argv[i];
    if (absl::ConsumePrefix(&a, "--seconds=")) {
      (void)absl::SimpleAtod(a, &o.seconds);
    } else if (a == "--process") {
      o.process = true;
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

// One program with a large budget and one approved grant per client, so that
// clients do not queue on each other's grant row (both paths alike).
std::vector<int64_t> MakeGrants(SubsidyStore& store, int count) {
  Program p;
  p.code = absl::StrCat("BENCH-", count, "-", absl::ToUnixNanos(absl::Now()));
  p.title = "Benchmark";
  p.legal_basis = {"Kế hoạch số 115/KH-UBND ngày 15/5/2023 của UBND tỉnh"};
  p.support_kind = SupportKind::kOther;
  p.fund_source = FundSource::kLocal;
  p.org_unit_code = "183";
  p.eligible_kinds = {BeneficiaryKind::kEnterprise};
  p.budgets = {{2023, int64_t{1} << 60, 0}};
  p.valid_from = absl::CivilDay(2023, 1, 1);
  p.valid_to = absl::CivilDay(2023, 12, 31);
  const absl::Time deadline = absl::Now() + absl::Minutes(1);
  if (!store.CreateProgram(p, {"bench", "", ""}, deadline).ok()) std::abort();
  std::vector<int64_t> grants;
  for (int i = 0; i < count; ++i) {
    Beneficiary b;
    b.kind = BeneficiaryKind::kEnterprise;
    b.tax_code = absl::StrCat(p.code.substr(6, 20), "-", i);
    b.display_name = "Doanh nghiệp";
    b.org_unit_code = "183";
    auto created = store.CreateBeneficiary(b, {"bench", "", ""}, deadline);
    auto g = store.ApplyForGrant({p.code, created->id, 2023, "", absl::CivilDay(2023, 2, 1),
                                  int64_t{1} << 50},
                                 {"bench", "", ""}, deadline);
    auto approved = store.ApproveGrant(g->id, {"1/QĐ", absl::CivilDay(2023, 3, 1), int64_t{1} << 50},
                                       {"bench", "", ""}, deadline);
    if (!approved.ok()) std::abort();
    grants.push_back(g->id);
  }
  return grants;
}

std::atomic<int64_t> request_counter{0};
std::string NextRequestId(const char* prefix) {
  return absl::StrCat(prefix, "-", absl::ToUnixNanos(absl::Now()), "-", ++request_counter);
}

// The service's disbursement transaction, statement for statement, without
// the service: claim the request_id, lock the grant, check, append, move the
// running net, record the event, complete the claim, commit.
class DirectClient {
 public:
  explicit DirectClient(const MysqlDsn& dsn) {
    sql::ConnectOptionsMap p;
    p["hostName"] = sql::SQLString(absl::StrCat("tcp://", dsn.host, ":", dsn.port));
    p["userName"] = sql::SQLString(dsn.user);
    p["password"] = sql::SQLString(dsn.password);
    p["schema"] = sql::SQLString(dsn.database);
    p["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    connection_.reset(sql::mysql::get_mysql_driver_instance()->connect(p));
    connection_->setAutoCommit(false);
    claim_.reset(connection_->prepareStatement(
        "INSERT IGNORE INTO request_log (request_id, method, fingerprint, resource_id, "
        "result_id) VALUES (?, 'RecordDisbursement', 'direct', 0, 0)"));
    lock_.reset(connection_->prepareStatement(
        "SELECT state, approved_dong, disbursed_net_dong FROM grants WHERE id = ? FOR UPDATE"));
    insert_.reset(connection_->prepareStatement(
        "INSERT INTO ledger_entries (grant_id, kind, amount_dong, entry_date, note, actor, "
        "request_id) VALUES (?, 1, ?, '2023-06-01', '', 'direct', ?)"));
    last_id_.reset(connection_->prepareStatement("SELECT LAST_INSERT_ID()"));
    update_.reset(connection_->prepareStatement(
        "UPDATE grants SET disbursed_net_dong = disbursed_net_dong + ?, "
        "update_time = CURRENT_TIMESTAMP(6) WHERE id = ?"));
    event_.reset(connection_->prepareStatement(
        "INSERT INTO events (resource, event_type, detail, actor, request_id) "
        "VALUES (?, 'DISBURSED', '', 'direct', ?)"));
    complete_.reset(connection_->prepareStatement(
        "UPDATE request_log SET resource_id = ?, result_id = ? WHERE request_id = ?"));
  }

  bool Disburse(int64_t grant) {
    const std::string request_id = NextRequestId("direct");
    claim_->setString(1, request_id);
    if (claim_->executeUpdate() != 1) return Rollback();
    lock_->setInt64(1, grant);
    std::unique_ptr<sql::ResultSet> g(lock_->executeQuery());
    if (!g->next() || g->getInt(1) != 2 || g->getInt64(3) + kAmount > g->getInt64(2)) {
      return Rollback();
    }
    insert_->setInt64(1, grant);
    insert_->setInt64(2, kAmount);
    insert_->setString(3, request_id);
    insert_->executeUpdate();
    std::unique_ptr<sql::ResultSet> id(last_id_->executeQuery());
    id->next();
    const int64_t entry = id->getInt64(1);
    update_->setInt64(1, kAmount);
    update_->setInt64(2, grant);
    update_->executeUpdate();
    event_->setString(1, absl::StrCat("ledgerEntries/", entry));
    event_->setString(2, request_id);
    event_->executeUpdate();
    complete_->setInt64(1, grant);
    complete_->setInt64(2, entry);
    complete_->setString(3, request_id);
    complete_->executeUpdate();
    connection_->commit();
    return true;
  }

 private:
  bool Rollback() {
    connection_->rollback();
    return false;
  }
  std::unique_ptr<sql::Connection> connection_;
  std::unique_ptr<sql::PreparedStatement> claim_, lock_, insert_, last_id_, update_, event_,
      complete_;
};

// Runs `work(client_index)` on `clients` threads for `seconds`; committed/s.
template <typename Work>
double Measure(int clients, double seconds, Work work) {
  std::atomic<bool> stop{false};
  std::atomic<int64_t> committed{0};
  std::vector<std::thread> threads;
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
  return committed.load() / absl::ToDoubleSeconds(absl::Now() - start);
}

std::string ServerSetting(Database& db, const std::string& query) {
  std::string value = "?";
  (void)db.WithSession(absl::Now() + absl::Seconds(5), [&](SqlSession& s) -> absl::Status {
    std::unique_ptr<sql::Statement> st(s.connection().createStatement());
    std::unique_ptr<sql::ResultSet> r(st->executeQuery(query));
    if (r->next()) value = std::string(r->getString(1));
    return absl::OkStatus();
  });
  return value;
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
  RegistryClient registry("127.0.0.1:1");  // disbursements do not ask the registry
  SubsidyService service(store, registry, [] { return absl::CivilDay(2026, 11, 29); });
  int port = 0;
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<testing::ServerProcess> process;
  if (options.process) {
    testing::ProcessOptions p;
    p.binary = HOPTAC_BINARY_DIR "/services/subsidy/hoptac-subsidy";
    p.args = {"--listen=127.0.0.1:0",
              absl::StrCat("--mysql_dsn=", (*test_db)->DsnWithoutPassword()),
              absl::StrCat("--db_pool_size=", std::max(4, max_clients)),
              "--registry_address=127.0.0.1:1"};
    p.env = {{"HOPTAC_MYSQL_PASSWORD", (*test_db)->dsn().password}};
    p.drop_env_prefixes = {"HOPTAC_"};
    auto started = testing::ServerProcess::Start(std::move(p));
    if (!started.ok()) return 1;
    process = *std::move(started);
    auto listening = process->WaitUntilListening(absl::Seconds(60));
    if (!listening.ok()) {
      std::fprintf(stderr, "%s\n", listening.status().ToString().c_str());
      return 1;
    }
    port = *listening;
  } else {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&service);
    server = builder.BuildAndStart();
  }
  std::printf("service: %s\n", options.process ? "hoptac-subsidy process (kernel ServiceServer)"
                                                : "handlers in an in-process gRPC server");
  // One connection per client, as independent callers would have (a distinct
  // channel argument keeps gRPC from sharing one subchannel between them).
  std::vector<std::unique_ptr<v1::SubsidyService::Stub>> stubs;
  for (int i = 0; i < max_clients; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("hoptac.bench.client", i);
    stubs.push_back(v1::SubsidyService::NewStub(grpc::CreateCustomChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials(), args)));
  }

  std::printf("durability: innodb_flush_log_at_trx_commit=%s sync_binlog=%s log_bin=%s "
              "(MariaDB %s)\n",
              ServerSetting(*db, "SELECT @@innodb_flush_log_at_trx_commit").c_str(),
              ServerSetting(*db, "SELECT @@sync_binlog").c_str(),
              ServerSetting(*db, "SELECT @@log_bin").c_str(),
              ServerSetting(*db, "SELECT VERSION()").c_str());
  std::printf("%-8s %-6s %14s %14s %7s\n", "clients", "round", "direct SQL/s", "service/s",
              "ratio");
  for (int clients : options.clients) {
    const std::vector<int64_t> grants = MakeGrants(store, clients);
    std::vector<std::unique_ptr<DirectClient>> direct;
    for (int i = 0; i < clients; ++i) {
      direct.push_back(std::make_unique<DirectClient>((*test_db)->dsn()));
    }
    for (int round = 1; round <= options.rounds; ++round) {
      const double sql_rate = Measure(clients, options.seconds, [&](int i, auto& stop, auto& n) {
        while (!stop) {
          if (direct[i]->Disburse(grants[i])) ++n;
        }
      });
      const double service_rate =
          Measure(clients, options.seconds, [&](int i, auto& stop, auto& n) {
            v1::RecordDisbursementRequest request;
            request.set_grant(absl::StrCat("grants/", grants[i]));
            request.set_amount_dong(kAmount);
            request.mutable_entry_date()->set_year(2023);
            request.mutable_entry_date()->set_month(6);
            request.mutable_entry_date()->set_day(1);
            while (!stop) {
              request.set_request_id(NextRequestId("svc"));
              grpc::ClientContext context;
              context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
              v1::RecordDisbursementResponse response;
              if (stubs[i]->RecordDisbursement(&context, request, &response).ok()) ++n;
            }
          });
      std::printf("%-8d %-6d %14.0f %14.0f %7.2f\n", clients, round, sql_rate, service_rate,
                  service_rate / sql_rate);
      std::fflush(stdout);
    }
  }
  if (server != nullptr) server->Shutdown();
  if (process != nullptr) (void)process->Terminate(absl::Seconds(30));
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
