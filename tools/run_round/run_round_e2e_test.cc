// End-to-end test of the main job over real processes: registry (Lạng Sơn
// loaded), subsidy, outreach, report and gateway, each on a fresh database.
// The ten generated units and the Cao Lộc fixture are loaded through the APIs
// (the generator's and the loader's libraries), then the round is played
// (RunRound, as hoptac-run-round does): 11 expected, 9 on time, 2 late, one
// returned and resubmitted, all accepted; the consolidated totals equal the
// sums of the accepted snapshots' figures, computed here; a second run replays
// without adding a version. Security as deployed: every service serves mutual
// TLS and verifies tokens; each unit's officer loads its fixture and prepares
// and hands in its report with its own token (hoptac-run-round
// --unit_token_dir), the province admin runs the round. Afterwards no
// service's log may hold a secret: the database password, a private key, or
// any bearer token used (also the expired and forged ones that were refused).
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "grpcpp/grpcpp.h"
#include "hoptac/gateway/v1/gateway_service.grpc.pb.h"
#include "hoptac/outreach/v1/outreach.grpc.pb.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "hoptac/report/v1/report_service.grpc.pb.h"
#include "hoptac/subsidy/v1/subsidy.grpc.pb.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "tests/support/server_process.h"
#include "tests/support/service_processes.h"
#include "tests/support/test_security.h"
#include "tests/support/unary_call.h"
#include "tools/generate_units/unit_fixture.h"
#include "tools/generate_units/unit_source.h"
#include "tools/load_fixture/fixture_loader.h"
#include "tools/load_fixture/outreach_steps.h"
#include "tools/load_fixture/registry_steps.h"
#include "tools/load_fixture/subsidy_steps.h"
#include "tools/run_round/grpc_call.h"
#include "tools/run_round/round_driver.h"

namespace hoptac::round {
namespace {

namespace gw = ::hoptac::gateway::v1;
namespace rg = ::hoptac::registry::v1;
namespace rp = ::hoptac::report::v1;
using ::hoptac::testing::ProcessOptions;
using ::hoptac::testing::ServerProcess;
using ::hoptac::testing::TestDatabase;
using ::hoptac::testing::TestSecurity;

constexpr char kCaoLoc[] = HOPTAC_SOURCE_DIR "/tests/fixtures/cao-loc-2023";

// A text that must never appear in a log, and what it is (never the text
// itself in a failure message).
struct Secret {
  std::string what;
  std::string text;
};

// What of `secrets` (or any PEM private key) appears in `log`: one line per
// leak, naming the secret; empty when none does.
std::vector<std::string> LeakedSecrets(const std::string& log, const std::vector<Secret>& secrets) {
  std::vector<std::string> leaks;
  if (absl::StrContains(log, "PRIVATE KEY")) leaks.push_back("a PEM private key (\"PRIVATE KEY\")");
  for (const Secret& secret : secrets) {
    if (!secret.text.empty() && absl::StrContains(log, secret.text)) leaks.push_back(secret.what);
  }
  return leaks;
}

// The base64 lines of every private key under `dir` (the test PKI and the
// intruder's), each a secret: a key logged with its newlines escaped still
// shows them.
std::vector<Secret> PrivateKeyLines(const std::filesystem::path& dir) {
  std::vector<Secret> secrets;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".key") continue;
    std::ifstream in(entry.path());
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      line = std::string(absl::StripAsciiWhitespace(line));
      if (line.size() < 16 || absl::StartsWith(line, "-----")) continue;
      secrets.push_back({absl::StrCat("line ", number, " of the private key ",
                                      entry.path().filename().string()),
                         line});
    }
  }
  return secrets;
}

TEST(LeakedSecretsTest, FindsEachKindOfSecretAndNothingInACleanLog) {
  const std::vector<Secret> secrets = {{"the database password", "s3cret-Pa55"},
                                       {"the admin's token", "eyJhbGciOi.abc.def"}};
  EXPECT_TRUE(LeakedSecrets(R"({"message":"listening","port":5})", secrets).empty());
  EXPECT_EQ(LeakedSecrets(R"({"dsn":"mysql://u:s3cret-Pa55@h/db"})", secrets),
            std::vector<std::string>{"the database password"});
  EXPECT_EQ(LeakedSecrets(R"({"authorization":"Bearer eyJhbGciOi.abc.def"})", secrets),
            std::vector<std::string>{"the admin's token"});
  EXPECT_EQ(LeakedSecrets("-----BEGIN PRIVATE KEY-----\\nMIGH", secrets).size(), 1u);
  const std::vector<Secret> key_lines = PrivateKeyLines(TestSecurity::Get().dir());
  ASSERT_GT(key_lines.size(), 10u);  // every certificate's key and the signing keys
  EXPECT_EQ(LeakedSecrets(absl::StrCat("{\"x\":\"", key_lines[3].text, "\"}"), key_lines).size(),
            1u);
}

class MainJobE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto* db : {&registry_db_, &subsidy_db_, &outreach_db_, &report_db_, &gateway_db_}) {
      HOPTAC_ASSERT_OK_AND_ASSIGN(*db, TestDatabase::Create());
    }
    HOPTAC_ASSERT_OK_AND_ASSIGN(registry_, Start("registry", *registry_db_, {}));
    const std::string r = absl::StrCat("--registry_address=", registry_->LoopbackAddress());
    HOPTAC_ASSERT_OK_AND_ASSIGN(subsidy_, Start("subsidy", *subsidy_db_, {r}));
    HOPTAC_ASSERT_OK_AND_ASSIGN(outreach_, Start("outreach", *outreach_db_, {r}));
    const std::string s = absl::StrCat("--subsidy_address=", subsidy_->LoopbackAddress());
    const std::string o = absl::StrCat("--outreach_address=", outreach_->LoopbackAddress());
    HOPTAC_ASSERT_OK_AND_ASSIGN(
        report_, Start("report", *report_db_,
                       {r, s, o,
                        absl::StrCat("--report_templates_dir=", HOPTAC_SOURCE_DIR,
                                     "/data/report-templates")}));
    HOPTAC_ASSERT_OK_AND_ASSIGN(
        gateway_, Start("gateway", *gateway_db_,
                        {r, s, o, absl::StrCat("--report_address=", report_->LoopbackAddress()),
                         "--http_port=0"}));
    out_dir_ = std::filesystem::temp_directory_path() /
               absl::StrCat("hoptac-main-job-", ::getpid());
    std::filesystem::create_directories(out_dir_ / "tokens");
    // Calls without a token of their own go as the province admin (what
    // hoptac-run-round's --bearer_token_file does).
    admin_ = TestSecurity::Get().Token(Role::kProvinceAdmin, "20", "admin.langson");
    SetClientBearerToken(admin_);
  }

  void TearDown() override {
    SetClientBearerToken("");
    for (auto* p : {&gateway_, &report_, &outreach_, &subsidy_, &registry_}) {
      if (*p && (*p)->Running()) (void)(*p)->Terminate(absl::Seconds(30));
    }
    std::error_code ignored;
    std::filesystem::remove_all(out_dir_, ignored);
  }

  // `name` with mutual TLS and token checks (ServiceProcessOptions), and `args`.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(const std::string& name,
                                                              const TestDatabase& db,
                                                              std::vector<std::string> args) {
    ProcessOptions options = ::hoptac::testing::ServiceProcessOptions(name, db);
    for (std::string& a : args) options.args.push_back(std::move(a));
    return ::hoptac::testing::StartService(std::move(options));
  }

  // A stub calling `p` over mutual TLS; each call brings its own token.
  template <typename Service>
  static std::unique_ptr<typename Service::Stub> StubOf(const ServerProcess& p) {
    return Service::NewStub(TestSecurity::Get().Channel(p.LoopbackAddress(), ""));
  }

  // The token of unit `code`'s officer, also written where --unit_token_dir
  // (out_dir_/tokens) finds it.
  std::string OfficerToken(const std::string& code) const {
    const std::string token =
        TestSecurity::Get().Token(Role::kUnitOfficer, code, absl::StrCat("officer.", code));
    std::ofstream(out_dir_ / "tokens" / absl::StrCat("unit-", code, ".token")) << token << "\n";
    return token;
  }

  // Every secret of this test: the databases' passwords, the PKI's private
  // keys, and `tokens`.
  std::vector<Secret> Secrets(
      const std::vector<std::pair<std::string, std::string>>& tokens) const {
    std::vector<Secret> secrets = PrivateKeyLines(TestSecurity::Get().dir());
    for (const auto* db : {&registry_db_, &subsidy_db_, &outreach_db_, &report_db_, &gateway_db_}) {
      secrets.push_back({"the database password", (*db)->dsn().password});
    }
    for (const auto& [what, token] : tokens) secrets.push_back({what, token});
    return secrets;
  }

  std::unique_ptr<TestDatabase> registry_db_, subsidy_db_, outreach_db_, report_db_, gateway_db_;
  std::unique_ptr<ServerProcess> registry_, subsidy_, outreach_, report_, gateway_;
  std::filesystem::path out_dir_;
  std::string admin_;
};

TEST_F(MainJobE2eTest, ElevenUnitsReportTwoLateOneReturnedAndTheTotalsAreTheirSums) {
  auto registry = StubOf<rg::RegistryService>(*registry_);
  auto subsidy = StubOf<hoptac::subsidy::v1::SubsidyService>(*subsidy_);
  auto outreach = StubOf<hoptac::outreach::v1::OutreachService>(*outreach_);
  auto report = StubOf<rp::ReportService>(*report_);
  auto gateway = StubOf<gw::GatewayService>(*gateway_);

  // The units, from the registry; every one but Cao Lộc generated.
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto units, generate::ListChildUnits(*registry, "20", absl::CivilDay(2023, 12, 31)));
  ASSERT_EQ(units.size(), 11u);
  std::vector<std::pair<std::string, std::string>> fixtures = {{"183", kCaoLoc}};  // code, dir
  for (const generate::UnitInfo& unit : units) {
    if (unit.code == "183") continue;
    const generate::UnitPlan plan = generate::PlanUnit(unit, 2023);
    const std::string dir = (out_dir_ / plan.folder).string();
    ASSERT_TRUE(generate::WriteFixtureFiles(dir, generate::GenerateUnitFixture(plan)).ok());
    fixtures.push_back({unit.code, dir});
  }
  std::vector<fixture::FixtureStep> steps = fixture::RegistrySteps(*registry);
  for (auto& step : fixture::SubsidySteps(*subsidy)) steps.push_back(std::move(step));
  for (auto& step : fixture::OutreachSteps(*outreach)) steps.push_back(std::move(step));
  RoundOptions options;
  for (const auto& [code, dir] : fixtures) {
    fixture::LoadOptions load;
    load.fixture_dirs = {dir};
    load.bearer_token = OfficerToken(code);  // a unit officer writes only in its unit
    std::ostringstream progress;
    auto loaded = fixture::LoadFixture(load, steps, progress);
    ASSERT_TRUE(loaded.ok()) << dir << ": " << loaded.status();
    options.draft_dirs.push_back(absl::StrCat(dir, "/report"));
  }

  options.unit_token_dir = (out_dir_ / "tokens").string();
  options.out = (out_dir_ / "tong-hop").string();
  std::ostringstream progress;
  HOPTAC_ASSERT_OK_AND_ASSIGN(RoundResult result, RunRound(options, *gateway, *report, progress));
  const gw::GetRoundStatusResponse& status = result.status;
  EXPECT_FALSE(result.reused);
  EXPECT_EQ(status.expected_count(), 11);
  EXPECT_EQ(status.submitted_count(), 11);
  EXPECT_EQ(status.on_time_count(), 9) << progress.str();
  EXPECT_EQ(status.late_count(), 2);
  EXPECT_EQ(status.accepted_count(), 11);
  EXPECT_DOUBLE_EQ(status.completeness_percent(), 100.0);
  EXPECT_DOUBLE_EQ(status.timeliness_percent(), 900.0 / 11);
  for (const gw::UnitStatus& u : status.units()) {
    EXPECT_EQ(u.versions(), u.unit().code() == "180" ? 2 : 1) << u.unit().code();
    EXPECT_EQ(u.on_time(), u.unit().code() < "188") << u.unit().code();
  }

  // Independently: the accepted (last) version of every unit, summed here.
  std::map<std::string, std::pair<int, gw::Submission>> last;  // unit -> (version, submission)
  gw::ListSubmissionsRequest list;
  list.set_reporting_round(result.round.name());
  list.set_page_size(200);
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto submissions, Call("ListSubmissions", *gateway, &gw::GatewayService::Stub::ListSubmissions, list));
  EXPECT_EQ(submissions.submissions_size(), 12);
  for (const gw::Submission& s : submissions.submissions()) {
    auto& [version, kept] = last[s.org_unit()];
    if (s.version() > version) {
      version = s.version();
      kept = s;
    }
  }
  std::map<std::string, int64_t> sums;
  for (const auto& [unit, entry] : last) {
    EXPECT_EQ(entry.second.state(), gw::SUBMISSION_STATE_ACCEPTED) << unit;
    for (const rp::Statistic& st : entry.second.statistics()) sums[st.name()] += st.value();
  }
  gw::BuildConsolidatedReportRequest build;
  build.set_reporting_round(result.round.name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto built, Call("BuildConsolidatedReport", *gateway,
                                               &gw::GatewayService::Stub::BuildConsolidatedReport, build));
  ASSERT_GT(built.report().statistics_size(), 10);
  for (const gw::ConsolidatedStatistic& st : built.report().statistics()) {
    EXPECT_EQ(st.total(), sums[st.name()]) << st.name();
    EXPECT_EQ(st.unit_values_size(), 11) << st.name();
  }
  EXPECT_EQ(built.report().missing_units_size(), 0);
  ASSERT_EQ(result.files.size(), 3u);
  for (const std::string& file : result.files) {
    EXPECT_GT(std::filesystem::file_size(file), 1000u) << file;
  }

  // A second run finds the round and replays: nothing new.
  HOPTAC_ASSERT_OK_AND_ASSIGN(RoundResult again, RunRound(options, *gateway, *report, progress));
  EXPECT_TRUE(again.reused);
  EXPECT_EQ(again.round.name(), result.round.name());
  EXPECT_EQ(again.status.on_time_count(), 9);
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto replayed, Call("ListSubmissions", *gateway, &gw::GatewayService::Stub::ListSubmissions, list));
  EXPECT_EQ(replayed.submissions_size(), 12);
}

// The whole main job, then calls with tokens the services must refuse; no
// service may have logged the database password, a private key or a token.
TEST_F(MainJobE2eTest, NoServiceLogsAPasswordAKeyOrAToken) {
  const TestSecurity& security = TestSecurity::Get();
  const std::string officer = OfficerToken("183");
  const std::string expired =
      security.Token(Role::kProvinceAdmin, "20", "admin.langson", -absl::Hours(1));
  const std::string forged = security.ForgedToken(Role::kProvinceAdmin, "20");
  auto registry = StubOf<rg::RegistryService>(*registry_);
  auto subsidy = StubOf<hoptac::subsidy::v1::SubsidyService>(*subsidy_);
  auto outreach = StubOf<hoptac::outreach::v1::OutreachService>(*outreach_);
  auto report = StubOf<rp::ReportService>(*report_);
  auto gateway = StubOf<gw::GatewayService>(*gateway_);

  // Cao Lộc's fixture by its officer (through registry, subsidy and
  // outreach) and its report in a round (gateway -> report -> registry,
  // subsidy, outreach: every hop forwards the token).
  std::vector<fixture::FixtureStep> steps = fixture::RegistrySteps(*registry);
  for (auto& step : fixture::SubsidySteps(*subsidy)) steps.push_back(std::move(step));
  for (auto& step : fixture::OutreachSteps(*outreach)) steps.push_back(std::move(step));
  fixture::LoadOptions load;
  load.fixture_dirs = {kCaoLoc};
  load.bearer_token = officer;
  std::ostringstream progress;
  ASSERT_TRUE(fixture::LoadFixture(load, steps, progress).ok());
  RoundOptions options;
  options.draft_dirs = {absl::StrCat(kCaoLoc, "/report")};
  options.late_units = 0;
  options.unit_token_dir = (out_dir_ / "tokens").string();
  options.out = (out_dir_ / "tong-hop").string();
  HOPTAC_ASSERT_OK_AND_ASSIGN(RoundResult result, RunRound(options, *gateway, *report, progress));

  // Refused callers: the services log the refusal, never the token. (The
  // channel carries the token; testing::Call adds none of its own.)
  gw::GetRoundStatusRequest status;
  status.set_reporting_round(result.round.name());
  for (const std::string* token : {&expired, &forged, &officer}) {
    auto gateway_as =
        gw::GatewayService::NewStub(security.Channel(gateway_->LoopbackAddress(), *token));
    EXPECT_FALSE(::hoptac::testing::Call(*gateway_as, &gw::GatewayService::Stub::GetRoundStatus,
                                         status)
                     .ok());
    auto registry_as =
        rg::RegistryService::NewStub(security.Channel(registry_->LoopbackAddress(), *token));
    rg::CreateCooperativeRequest create;
    create.set_request_id("leak-check");
    rg::Cooperative& cooperative = *create.mutable_cooperative();
    cooperative.set_registration_number("4900999001");
    cooperative.set_display_name("Hợp tác xã Kiểm tra");
    cooperative.set_kind(rg::COOPERATIVE_KIND_COOPERATIVE);
    cooperative.set_sector(rg::SECTOR_AGRICULTURE);
    cooperative.set_org_unit("orgUnits/05971");  // Phường Hoàng Văn Thụ, TP Lạng Sơn (178)
    cooperative.mutable_establishment_date()->set_year(2023);
    cooperative.mutable_establishment_date()->set_month(3);
    cooperative.mutable_establishment_date()->set_day(15);
    EXPECT_FALSE(
        ::hoptac::testing::Call(*registry_as, &rg::RegistryService::Stub::CreateCooperative, create)
            .ok());
  }

  const std::vector<Secret> secrets = Secrets({{"the province admin's token", admin_},
                                               {"the unit officer's token", officer},
                                               {"the expired token", expired},
                                               {"the forged token", forged}});
  const std::pair<const char*, const std::unique_ptr<ServerProcess>*> services[] = {
      {"registry", &registry_}, {"subsidy", &subsidy_}, {"outreach", &outreach_},
      {"report", &report_},     {"gateway", &gateway_}};
  for (const auto& [name, process] : services) {
    const std::string log = (*process)->Stderr();
    EXPECT_GT(log.size(), 1000u) << name << " logged next to nothing: the check would be vacuous";
    for (const std::string& leak : LeakedSecrets(log, secrets)) {
      ADD_FAILURE() << "the " << name << " service logged " << leak;
    }
  }
}

}  // namespace
}  // namespace hoptac::round
