// End-to-end test of the main job over real processes: registry (Lạng Sơn
// loaded), subsidy, outreach, report and gateway, each on a fresh database.
// The ten generated units and the Cao Lộc fixture are loaded through the APIs
// (the generator's and the loader's libraries), then the round is played
// (RunRound, as hoptac-run-round does): 11 expected, 9 on time, 2 late, one
// returned and resubmitted, all accepted; the consolidated totals equal the
// sums of the accepted snapshots' figures, computed here; a second run replays
// without adding a version.
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "grpcpp/grpcpp.h"
#include "hoptac/gateway/v1/gateway_service.grpc.pb.h"
#include "hoptac/outreach/v1/outreach.grpc.pb.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "hoptac/report/v1/report_service.grpc.pb.h"
#include "hoptac/subsidy/v1/subsidy.grpc.pb.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "tests/support/server_process.h"
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

constexpr char kServices[] = HOPTAC_BINARY_DIR "/services/";
constexpr char kCaoLoc[] = HOPTAC_SOURCE_DIR "/tests/fixtures/cao-loc-2023";
constexpr absl::Duration kStartTimeout = absl::Seconds(60);

class MainJobE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto* db : {&registry_db_, &subsidy_db_, &outreach_db_, &report_db_, &gateway_db_}) {
      HOPTAC_ASSERT_OK_AND_ASSIGN(*db, TestDatabase::Create());
    }
    HOPTAC_ASSERT_OK_AND_ASSIGN(registry_, Start("registry", *registry_db_,
                                                 {absl::StrCat("--admin_units_dir=", HOPTAC_SOURCE_DIR,
                                                               "/data/admin-units"),
                                                  "--load_provinces=20"}));
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
    std::filesystem::create_directories(out_dir_);
  }

  void TearDown() override {
    for (auto* p : {&gateway_, &report_, &outreach_, &subsidy_, &registry_}) {
      if (*p && (*p)->Running()) (void)(*p)->Terminate(absl::Seconds(30));
    }
    std::error_code ignored;
    std::filesystem::remove_all(out_dir_, ignored);
  }

  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(const std::string& name,
                                                              const TestDatabase& db,
                                                              std::vector<std::string> args) {
    ProcessOptions options;
    options.binary = absl::StrCat(kServices, name, "/hoptac-", name);
    options.args = {"--listen=127.0.0.1:0", absl::StrCat("--mysql_dsn=", db.DsnWithoutPassword()),
                    "--shutdown_grace=2s"};
    for (std::string& a : args) options.args.push_back(std::move(a));
    options.env = {{"HOPTAC_MYSQL_PASSWORD", db.dsn().password}};
    options.drop_env_prefixes = {"HOPTAC_"};
    auto process = ServerProcess::Start(std::move(options));
    if (!process.ok()) return process.status();
    if (auto port = (*process)->WaitUntilListening(kStartTimeout); !port.ok()) return port.status();
    return process;
  }

  template <typename Service>
  static std::unique_ptr<typename Service::Stub> StubOf(const ServerProcess& p) {
    return Service::NewStub(grpc::CreateChannel(p.LoopbackAddress(), grpc::InsecureChannelCredentials()));
  }

  std::unique_ptr<TestDatabase> registry_db_, subsidy_db_, outreach_db_, report_db_, gateway_db_;
  std::unique_ptr<ServerProcess> registry_, subsidy_, outreach_, report_, gateway_;
  std::filesystem::path out_dir_;
};

TEST_F(MainJobE2eTest, ElevenUnitsReportTwoLateOneReturnedAndTheTotalsAreTheirSums) {
  auto registry = StubOf<rg::RegistryService>(*registry_);
  auto subsidy = StubOf<hoptac::subsidy::v1::SubsidyService>(*subsidy_);
  auto outreach = StubOf<hoptac::outreach::v1::OutreachService>(*outreach_);
  auto report = StubOf<rp::ReportService>(*report_);
  auto gateway = StubOf<gw::GatewayService>(*gateway_);

  // The units, from the registry; every one but Cao Lộc generated.
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto units,
                              generate::ListChildUnits(*registry, "20", absl::CivilDay(2023, 12, 31)));
  ASSERT_EQ(units.size(), 11u);
  std::vector<std::string> fixtures = {kCaoLoc};
  for (const generate::UnitInfo& unit : units) {
    if (unit.code == "183") continue;
    const generate::UnitPlan plan = generate::PlanUnit(unit, 2023);
    const std::string dir = (out_dir_ / plan.folder).string();
    ASSERT_TRUE(generate::WriteFixtureFiles(dir, generate::GenerateUnitFixture(plan)).ok());
    fixtures.push_back(dir);
  }
  std::vector<fixture::FixtureStep> steps = fixture::RegistrySteps(*registry);
  for (auto& step : fixture::SubsidySteps(*subsidy)) steps.push_back(std::move(step));
  for (auto& step : fixture::OutreachSteps(*outreach)) steps.push_back(std::move(step));
  RoundOptions options;
  for (const std::string& dir : fixtures) {
    fixture::LoadOptions load;
    load.fixture_dirs = {dir};
    std::ostringstream progress;
    auto loaded = fixture::LoadFixture(load, steps, progress);
    ASSERT_TRUE(loaded.ok()) << dir << ": " << loaded.status();
    options.draft_dirs.push_back(absl::StrCat(dir, "/report"));
  }

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

}  // namespace
}  // namespace hoptac::round
