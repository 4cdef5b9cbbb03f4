// The Cao Lộc 2023 fixture, loaded like an official would have entered it:
// hoptac-load-fixture runs as a child process against the real registry,
// subsidy and outreach binaries (each on its own fresh database, the registry
// with Lạng Sơn loaded), and the services' own statistics for Huyện Cao Lộc
// (183) and 2023 must give back every figure of the seed report they own
// (../shared/seed/cao-loc-2023-report.txt). The expected values below are the
// report's figures, written as the report writes them in the comments. A
// second load changes nothing; a broken fixture fails naming file and line.
// Security as deployed: the services serve mutual TLS and verify tokens; the
// loader calls with the client certificate and Cao Lộc's officer's token (it
// may write only inside 183); without a token, or as another district's
// officer, it is refused and nothing is applied.
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hoptac/outreach/v1/outreach.grpc.pb.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "hoptac/subsidy/v1/subsidy.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "tests/support/server_process.h"
#include "tests/support/service_processes.h"
#include "tests/support/test_security.h"
#include "tests/support/unary_call.h"

namespace hoptac::e2e {
namespace {

namespace rg = ::hoptac::registry::v1;
namespace sb = ::hoptac::subsidy::v1;
namespace ot = ::hoptac::outreach::v1;
using ::hoptac::common::v1::Date;
using ::hoptac::common::v1::DateRange;
using ::hoptac::testing::ExitStatus;
using ::hoptac::testing::ProcessOptions;
using ::hoptac::testing::Call;
using ::hoptac::testing::ServerProcess;
using ::hoptac::testing::ServiceProcessOptions;
using ::hoptac::testing::StartService;
using ::hoptac::testing::TestDatabase;
using ::hoptac::testing::TestSecurity;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kLoaderBinary[] = HOPTAC_BINARY_DIR "/tools/load_fixture/hoptac-load-fixture";
constexpr char kFixtureDir[] = HOPTAC_SOURCE_DIR "/tests/fixtures/cao-loc-2023";
constexpr absl::Duration kStartTimeout = absl::Seconds(60);
constexpr absl::Duration kStopTimeout = absl::Seconds(30);
constexpr absl::Duration kLoadTimeout = absl::Seconds(120);
constexpr char kCaoLoc[] = "183";                // Huyện Cao Lộc, until 1 July 2025
constexpr char kCongSonNumber[] = "4900100777";  // HTX Nông nghiệp Công Sơn in the fixture
constexpr char kTpLangSon[] = "178";             // Thành phố Lạng Sơn: another district

Date Day(int year, int month, int day) {
  Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

DateRange Year2023() {
  DateRange period;
  *period.mutable_start_date() = Day(2023, 1, 1);
  *period.mutable_end_date() = Day(2023, 12, 31);
  return period;
}

// What differs between two responses, as text; empty when they are equal.
std::string Differences(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  std::string differences;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&differences);
  differencer.Compare(a, b);
  return differences;
}

// What one run of the loader did.
struct LoaderRun {
  ExitStatus exit;
  std::string stderr_text;
};

// The figures and record counts a load can change; equal before and after a
// second load when the load is idempotent.
struct Snapshot {
  rg::GetRegistryStatisticsResponse registry;
  sb::GetSubsidyStatisticsResponse subsidy;
  ot::GetOutreachStatisticsResponse outreach;
  int cooperatives = 0;
  int beneficiaries = 0;
  int grants = 0;
  int ledger_entries = 0;
  int activities = 0;
  int cong_son_events = 0;
};

class FixtureE2eTest : public ::testing::Test {
 protected:
  struct Shared {
    std::vector<std::unique_ptr<TestDatabase>> databases;
    std::unique_ptr<ServerProcess> registry;
    std::unique_ptr<ServerProcess> subsidy;
    std::unique_ptr<ServerProcess> outreach;
    std::unique_ptr<rg::RegistryService::Stub> registry_stub;
    std::unique_ptr<sb::SubsidyService::Stub> subsidy_stub;
    std::unique_ptr<ot::OutreachService::Stub> outreach_stub;
    LoaderRun first_load;
  };

  static void SetUpTestSuite() {
    shared_ = new Shared;
    for (int i = 0; i < 3; ++i) {
      auto db = TestDatabase::Create();
      ASSERT_TRUE(db.ok()) << db.status();
      shared_->databases.push_back(*std::move(db));
    }
    ProcessOptions r = ServiceProcessOptions("registry", *shared_->databases[0]);
    auto registry = StartService(std::move(r));
    ASSERT_TRUE(registry.ok()) << registry.status();
    shared_->registry = *std::move(registry);
    const std::string registry_flag =
        absl::StrCat("--registry_address=", shared_->registry->LoopbackAddress());

    ProcessOptions s = ServiceProcessOptions("subsidy", *shared_->databases[1]);
    s.args.push_back(registry_flag);
    auto subsidy = StartService(std::move(s));
    ASSERT_TRUE(subsidy.ok()) << subsidy.status();
    shared_->subsidy = *std::move(subsidy);

    ProcessOptions o = ServiceProcessOptions("outreach", *shared_->databases[2]);
    o.args.push_back(registry_flag);
    auto outreach = StartService(std::move(o));
    ASSERT_TRUE(outreach.ok()) << outreach.status();
    shared_->outreach = *std::move(outreach);

    // The test reads as the province admin: everything, in every unit.
    const TestSecurity& security = TestSecurity::Get();
    const std::string admin = security.Token(Role::kProvinceAdmin, "20", "admin.test");
    auto channel = [&](const ServerProcess& p) {
      return security.Channel(p.LoopbackAddress(), admin);
    };
    shared_->registry_stub = rg::RegistryService::NewStub(channel(*shared_->registry));
    shared_->subsidy_stub = sb::SubsidyService::NewStub(channel(*shared_->subsidy));
    shared_->outreach_stub = ot::OutreachService::NewStub(channel(*shared_->outreach));

    auto loaded = RunLoader(kFixtureDir, LoaderIdentity::kCaoLocOfficer);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    shared_->first_load = *std::move(loaded);
  }

  static void TearDownTestSuite() {
    if (shared_ == nullptr) return;
    // Close the channels first: a server drains open connections before it stops.
    shared_->registry_stub.reset();
    shared_->subsidy_stub.reset();
    shared_->outreach_stub.reset();
    for (auto* process : {&shared_->outreach, &shared_->subsidy, &shared_->registry}) {
      if (*process != nullptr && (*process)->Running()) {
        auto exit = (*process)->Terminate(kStopTimeout);
        EXPECT_TRUE(exit.ok() && exit->Success()) << (*process)->StderrTail();
      }
    }
    delete shared_;
    shared_ = nullptr;
    std::error_code ignored;
    std::filesystem::remove_all(ScratchDir(), ignored);
  }

  void SetUp() override {
    ASSERT_NE(shared_, nullptr);
    ASSERT_NE(shared_->outreach_stub, nullptr) << "the suite did not start";
    ASSERT_TRUE(shared_->first_load.exit.Success()) << shared_->first_load.exit.ToString() << "\n"
                                                    << shared_->first_load.stderr_text;
  }

  // Whose token the loader sends.
  enum class LoaderIdentity { kCaoLocOfficer, kTpLangSonOfficer, kNoToken };

  // A token file for `identity` in the scratch folder; empty for kNoToken.
  static std::string TokenFile(LoaderIdentity identity) {
    if (identity == LoaderIdentity::kNoToken) return "";
    const bool cao_loc = identity == LoaderIdentity::kCaoLocOfficer;
    const std::string unit = cao_loc ? kCaoLoc : kTpLangSon;
    const std::filesystem::path path = ScratchDir() / absl::StrCat("officer-", unit, ".token");
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << TestSecurity::Get().Token(Role::kUnitOfficer, unit,
                                                     absl::StrCat("officer.", unit))
                        << "\n";
    return path.string();
  }

  // Runs hoptac-load-fixture on `fixture_dir` against the three services, with
  // the client certificate and `identity`'s token. `registry_address`
  // replaces the registry's when not empty.
  static absl::StatusOr<LoaderRun> RunLoader(
      const std::string& fixture_dir,
      LoaderIdentity identity = LoaderIdentity::kCaoLocOfficer,
      const std::string& registry_address = "") {
    ProcessOptions options;
    options.binary = kLoaderBinary;
    options.args = {absl::StrCat("--fixture_dir=", fixture_dir),
                    absl::StrCat("--registry_address=", registry_address.empty()
                                                            ? shared_->registry->LoopbackAddress()
                                                            : registry_address),
                    absl::StrCat("--subsidy_address=", shared_->subsidy->LoopbackAddress()),
                    absl::StrCat("--outreach_address=", shared_->outreach->LoopbackAddress()),
                    "--call_timeout=20s"};
    for (std::string& flag : TestSecurity::Get().ServiceFlags("client")) {
      if (absl::StartsWith(flag, "--tls_")) options.args.push_back(std::move(flag));
    }
    if (const std::string token_file = TokenFile(identity); !token_file.empty()) {
      options.args.push_back(absl::StrCat("--bearer_token_file=", token_file));
    }
    options.drop_env_prefixes = {"HOPTAC_"};
    auto process = ServerProcess::Start(std::move(options));
    if (!process.ok()) return process.status();
    auto exit = (*process)->WaitForExit(kLoadTimeout);
    if (!exit.ok()) return exit.status();
    return LoaderRun{*exit, (*process)->Stderr()};
  }

  // A fixture folder of its own under the test's temporary directory, holding
  // `lines` in `file`.
  static std::string WriteFixture(const std::string& name, const std::string& file,
                                  const std::vector<std::string>& lines) {
    const std::filesystem::path dir = ScratchDir() / name;
    std::filesystem::create_directories((dir / file).parent_path());
    std::ofstream out(dir / file);
    for (const std::string& line : lines) out << line << "\n";
    return dir.string();
  }

  // Where the tests write their own small fixtures; removed after the suite.
  static std::filesystem::path ScratchDir() {
    const char* tmp = getenv("TMPDIR");
    return std::filesystem::path(tmp != nullptr ? tmp : "/tmp") /
           absl::StrCat("hoptac-fixture-e2e-", getpid());
  }

  static rg::RegistryService::Stub& registry() { return *shared_->registry_stub; }
  static sb::SubsidyService::Stub& subsidy() { return *shared_->subsidy_stub; }
  static ot::OutreachService::Stub& outreach() { return *shared_->outreach_stub; }

  static absl::StatusOr<rg::GetRegistryStatisticsResponse> RegistryStatistics() {
    rg::GetRegistryStatisticsRequest request;
    request.set_org_unit(absl::StrCat("orgUnits/", kCaoLoc));
    *request.mutable_period() = Year2023();
    return Call(registry(), &rg::RegistryService::Stub::GetRegistryStatistics, request);
  }

  static absl::StatusOr<sb::GetSubsidyStatisticsResponse> SubsidyStatistics() {
    sb::GetSubsidyStatisticsRequest request;
    request.set_org_unit_code(kCaoLoc);
    *request.mutable_period() = Year2023();
    return Call(subsidy(), &sb::SubsidyService::Stub::GetSubsidyStatistics, request);
  }

  static absl::StatusOr<ot::GetOutreachStatisticsResponse> OutreachStatistics() {
    ot::GetOutreachStatisticsRequest request;
    request.set_org_unit_code(kCaoLoc);
    *request.mutable_period() = Year2023();
    return Call(outreach(), &ot::OutreachService::Stub::GetOutreachStatistics, request);
  }

  static absl::StatusOr<Snapshot> TakeSnapshot() {
    Snapshot s;
    auto r = RegistryStatistics();
    if (!r.ok()) return r.status();
    s.registry = *std::move(r);
    auto sub = SubsidyStatistics();
    if (!sub.ok()) return sub.status();
    s.subsidy = *std::move(sub);
    auto o = OutreachStatistics();
    if (!o.ok()) return o.status();
    s.outreach = *std::move(o);

    rg::ListCooperativesRequest cooperatives;  // all of them (183 is not a unit today)
    cooperatives.set_page_size(500);
    auto c = Call(registry(), &rg::RegistryService::Stub::ListCooperatives, cooperatives);
    if (!c.ok()) return c.status();
    s.cooperatives = c->cooperatives_size();
    rg::ListCooperativeEventsRequest events;
    events.set_parent(absl::StrCat("cooperatives/", kCongSonNumber));
    events.set_page_size(1000);
    auto e = Call(registry(), &rg::RegistryService::Stub::ListCooperativeEvents, events);
    if (!e.ok()) return e.status();
    s.cong_son_events = e->events_size();

    sb::ListBeneficiariesRequest beneficiaries;
    beneficiaries.set_page_size(500);
    auto b = Call(subsidy(), &sb::SubsidyService::Stub::ListBeneficiaries, beneficiaries);
    if (!b.ok()) return b.status();
    s.beneficiaries = b->beneficiaries_size();
    sb::ListGrantsRequest grants;
    grants.set_page_size(500);
    auto g = Call(subsidy(), &sb::SubsidyService::Stub::ListGrants, grants);
    if (!g.ok()) return g.status();
    s.grants = g->grants_size();
    sb::ListLedgerEntriesRequest ledger;
    ledger.set_page_size(1000);
    auto l = Call(subsidy(), &sb::SubsidyService::Stub::ListLedgerEntries, ledger);
    if (!l.ok()) return l.status();
    s.ledger_entries = l->entries_size();

    ot::ListActivitiesRequest activities;
    activities.set_page_size(500);
    auto a = Call(outreach(), &ot::OutreachService::Stub::ListActivities, activities);
    if (!a.ok()) return a.status();
    s.activities = a->activities_size();
    return s;
  }

  // The figures of one support kind and fund source; FAILs when absent.
  static sb::SubsidyFigures Figures(const sb::GetSubsidyStatisticsResponse& stats,
                                    sb::SupportKind kind, sb::FundSource fund) {
    for (const sb::SupportKindStatistics& s : stats.by_support_kind()) {
      if (s.support_kind() == kind && s.fund_source() == fund) return s.figures();
    }
    ADD_FAILURE() << "no figures for " << sb::SupportKind_Name(kind) << " / "
                  << sb::FundSource_Name(fund);
    return {};
  }

  static int64_t Beneficiaries(const sb::SubsidyFigures& f, sb::BeneficiaryKind kind) {
    for (const sb::BeneficiaryCount& c : f.beneficiaries()) {
      if (c.kind() == kind) return c.count();
    }
    return 0;
  }

  static int64_t AllBeneficiaries(const sb::SubsidyFigures& f) {
    int64_t n = 0;
    for (const sb::BeneficiaryCount& c : f.beneficiaries()) n += c.count();
    return n;
  }

  static int64_t Quantity(const ot::GetOutreachStatisticsResponse& s, ot::ActivityKind kind,
                          ot::Channel channel, ot::Topic topic) {
    for (const ot::QuantityCell& q : s.quantities()) {
      if (q.kind() == kind && q.channel() == channel && q.topic() == topic) return q.quantity();
    }
    return -1;
  }

  static ot::QualifiedCount Participants(const ot::GetOutreachStatisticsResponse& s,
                                         ot::ParticipantKind kind) {
    for (const ot::ParticipantTotal& p : s.participants()) {
      if (p.kind() == kind) return p.count();
    }
    ADD_FAILURE() << "no participants of kind " << ot::ParticipantKind_Name(kind);
    return {};
  }

  static Shared* shared_;
};

FixtureE2eTest::Shared* FixtureE2eTest::shared_ = nullptr;

TEST_F(FixtureE2eTest, RegistryGivesTheSeedsDissolutionsAndAwards) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto stats, RegistryStatistics());
  // §3.3.3 "Trong năm thực hiện giải thể 01 hợp tác xã, hướng dẫn quy trình thủ
  // tục giải thể tự nguyện cho 01 hợp tác xã".
  EXPECT_EQ(stats.dissolved().total(), 1);
  EXPECT_EQ(stats.dissolution_started_voluntary().total(), 1);
  // §3.3.2 "khen thưởng 10 hợp tác xã có thành tích" (Ngày Doanh nhân 13/10/2023).
  EXPECT_EQ(stats.awarded_cooperatives(), 10);
  // The registry holds more than the subsidised cooperatives.
  EXPECT_GT(stats.active_at_end().total(), 10);
}

TEST_F(FixtureE2eTest, SubsidyGivesTheSeedsFiguresOfNq08) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto stats, SubsidyStatistics());
  // "Hỗ trợ hợp tác xã thành lập mới: 06 hợp tác xã với tổng kinh phí 120 triệu đồng."
  const sb::SubsidyFigures establishment =
      Figures(stats, sb::SUPPORT_KIND_ESTABLISHMENT, sb::FUND_SOURCE_PROVINCIAL);
  EXPECT_EQ(Beneficiaries(establishment, sb::BENEFICIARY_KIND_COOPERATIVE), 6);
  EXPECT_EQ(AllBeneficiaries(establishment), 6);
  EXPECT_EQ(establishment.disbursed_net_dong(), 120'000'000);
  // "Hỗ trợ lãi suất tín dụng: Hỗ trợ cho 08 chủ thể là 169 triệu đồng."
  const sb::SubsidyFigures credit =
      Figures(stats, sb::SUPPORT_KIND_CREDIT_INTEREST, sb::FUND_SOURCE_PROVINCIAL);
  EXPECT_EQ(AllBeneficiaries(credit), 8);
  EXPECT_EQ(credit.disbursed_net_dong(), 169'000'000);
  // "Hỗ trợ trí thức trẻ: Hỗ trợ cho 04 hợp tác xã với kinh phí là 292,5 triệu đồng."
  const sb::SubsidyFigures graduates =
      Figures(stats, sb::SUPPORT_KIND_YOUNG_GRADUATES, sb::FUND_SOURCE_NATIONAL);
  EXPECT_EQ(Beneficiaries(graduates, sb::BENEFICIARY_KIND_COOPERATIVE), 4);
  EXPECT_EQ(AllBeneficiaries(graduates), 4);
  EXPECT_EQ(graduates.disbursed_net_dong(), 292'500'000);
  // "Hỗ trợ thương OCOP: Hỗ trợ cho 01 hộ kinh doanh và 01 hợp tác xã là 10 triệu đồng."
  const sb::SubsidyFigures ocop = Figures(stats, sb::SUPPORT_KIND_OCOP, sb::FUND_SOURCE_PROVINCIAL);
  EXPECT_EQ(Beneficiaries(ocop, sb::BENEFICIARY_KIND_HOUSEHOLD_BUSINESS), 1);
  EXPECT_EQ(Beneficiaries(ocop, sb::BENEFICIARY_KIND_COOPERATIVE), 1);
  EXPECT_EQ(AllBeneficiaries(ocop), 2);
  EXPECT_EQ(ocop.disbursed_net_dong(), 10'000'000);
  // "Hỗ trợ kinh phí mở rộng thị trường cho 03 chủ thể tổng số tiền là 105 triệu đồng."
  const sb::SubsidyFigures market =
      Figures(stats, sb::SUPPORT_KIND_MARKET_EXPANSION, sb::FUND_SOURCE_PROVINCIAL);
  EXPECT_EQ(AllBeneficiaries(market), 3);
  EXPECT_EQ(market.disbursed_net_dong(), 105'000'000);
}

TEST_F(FixtureE2eTest, SubsidyGivesTheSeedsKhuyenCongProjectsApprovedFor2024) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto stats, SubsidyStatistics());
  // "03 dự án ... 680 triệu đồng (... quốc gia 01 dự án với số tiền 300 triệu
  // đồng; ... địa phương 02 dự án với số tiền 380 triệu đồng)".
  const sb::SubsidyFigures national =
      Figures(stats, sb::SUPPORT_KIND_INDUSTRIAL_PROMOTION, sb::FUND_SOURCE_NATIONAL);
  const sb::SubsidyFigures local =
      Figures(stats, sb::SUPPORT_KIND_INDUSTRIAL_PROMOTION, sb::FUND_SOURCE_LOCAL);
  EXPECT_EQ(national.approved_grants(), 1);
  EXPECT_EQ(national.approved_dong(), 300'000'000);
  EXPECT_EQ(local.approved_grants(), 2);
  EXPECT_EQ(local.approved_dong(), 380'000'000);
  EXPECT_EQ(national.approved_grants() + local.approved_grants(), 3);
  EXPECT_EQ(national.approved_dong() + local.approved_dong(), 680'000'000);
  // Funds of 2024: approved in 2023, nothing paid yet.
  EXPECT_EQ(national.disbursed_net_dong() + local.disbursed_net_dong(), 0);
}

TEST_F(FixtureE2eTest, SubsidyGivesTheLandProgramWithoutApplications) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto stats, SubsidyStatistics());
  // "Tuy nhiên đến nay trên địa bàn huyện chưa có doanh nghiệp, hợp tác xã nào đề nghị hỗ trợ."
  ASSERT_EQ(stats.programs_without_applications_size(), 1);
  const std::string& land = stats.programs_without_applications(0);
  bool found = false;
  for (const sb::ProgramStatistics& p : stats.programs()) {
    if (p.program() != land) continue;
    found = true;
    EXPECT_EQ(p.support_kind(), sb::SUPPORT_KIND_LAND_ACCESS);
    // "Quyết định số 3152/QĐ-UBND ngày 12/10/2022"; "Công văn số 1933/UBND-TNMT ngày 26/7/2023".
    EXPECT_THAT(p.legal_basis(), Contains(HasSubstr("Quyết định số 3152/QĐ-UBND ngày 12/10/2022")));
    EXPECT_THAT(p.legal_basis(), Contains(HasSubstr("Công văn số 1933/UBND-TNMT ngày 26/7/2023")));
  }
  EXPECT_TRUE(found) << land;
}

TEST_F(FixtureE2eTest, OutreachGivesTheSeedsBroadcastCounts) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto stats, OutreachStatistics());
  // §2 "phát thanh hàng ngày được 205 tin, 57 bài; 37 chuyên mục thông tin tuyên
  // truyền xây dựng nông thôn mới; ... truyền hình được 54 tin, 08 bài".
  EXPECT_EQ(
      Quantity(stats, ot::ACTIVITY_KIND_NEWS_ITEM, ot::CHANNEL_RADIO, ot::TOPIC_COLLECTIVE_ECONOMY),
      205);
  EXPECT_EQ(
      Quantity(stats, ot::ACTIVITY_KIND_ARTICLE, ot::CHANNEL_RADIO, ot::TOPIC_COLLECTIVE_ECONOMY),
      57);
  EXPECT_EQ(
      Quantity(stats, ot::ACTIVITY_KIND_COLUMN, ot::CHANNEL_RADIO, ot::TOPIC_NEW_RURAL_DEVELOPMENT),
      37);
  EXPECT_EQ(Quantity(stats, ot::ACTIVITY_KIND_NEWS_ITEM, ot::CHANNEL_TELEVISION,
                     ot::TOPIC_COLLECTIVE_ECONOMY),
            54);
  EXPECT_EQ(Quantity(stats, ot::ACTIVITY_KIND_ARTICLE, ot::CHANNEL_TELEVISION,
                     ot::TOPIC_COLLECTIVE_ECONOMY),
            8);
}

TEST_F(FixtureE2eTest, OutreachGivesTheSeedsAttendanceWithItsQualifiers) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto stats, OutreachStatistics());
  auto is = [](const ot::QualifiedCount& c, int64_t value, ot::CountQualifier qualifier) {
    return c.value() == value && c.qualifier() == qualifier;
  };
  // "khoảng 120 người tham dự, trong đó: Có 30 doanh nghiệp, 20 hợp tác xã, 20 hộ kinh doanh".
  const auto total = Participants(stats, ot::PARTICIPANT_KIND_TOTAL);
  EXPECT_TRUE(is(total, 120, ot::COUNT_QUALIFIER_ABOUT)) << total.ShortDebugString();
  const auto enterprises = Participants(stats, ot::PARTICIPANT_KIND_ENTERPRISE);
  EXPECT_TRUE(is(enterprises, 30, ot::COUNT_QUALIFIER_EXACT)) << enterprises.ShortDebugString();
  const auto cooperatives = Participants(stats, ot::PARTICIPANT_KIND_COOPERATIVE);
  EXPECT_TRUE(is(cooperatives, 20, ot::COUNT_QUALIFIER_EXACT)) << cooperatives.ShortDebugString();
  const auto households = Participants(stats, ot::PARTICIPANT_KIND_HOUSEHOLD_BUSINESS);
  EXPECT_TRUE(is(households, 20, ot::COUNT_QUALIFIER_EXACT)) << households.ShortDebugString();
  // "tiếp xúc cử tri chuyên đề giữa chính quyền với trên 40 doanh nghiệp, HTX".
  const auto dialogue = Participants(stats, ot::PARTICIPANT_KIND_ENTERPRISE_OR_COOPERATIVE);
  EXPECT_TRUE(is(dialogue, 40, ot::COUNT_QUALIFIER_OVER)) << dialogue.ShortDebugString();
  // "hội nghị tuyên truyền hoạt động khuyến công ... với hơn 100 đại biểu tham gia".
  const auto delegates = Participants(stats, ot::PARTICIPANT_KIND_DELEGATE);
  EXPECT_TRUE(is(delegates, 100, ot::COUNT_QUALIFIER_OVER)) << delegates.ShortDebugString();
}

TEST_F(FixtureE2eTest, OutreachListsTheSeedsFairsDisplaysAndPromotion) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto stats, OutreachStatistics());
  std::vector<std::string> fairs_and_displays;
  std::vector<std::string> promoted;
  int ceremonies = 0;
  for (const ot::ListedEvent& e : stats.events()) {
    if (e.kind() == ot::ACTIVITY_KIND_TRADE_FAIR || e.kind() == ot::ACTIVITY_KIND_PRODUCT_DISPLAY) {
      fairs_and_displays.push_back(e.title());
    }
    if (e.kind() == ot::ACTIVITY_KIND_PROMOTION) {
      promoted.assign(e.cooperative_registration_numbers().begin(),
                      e.cooperative_registration_numbers().end());
    }
    if (e.kind() == ot::ACTIVITY_KIND_AWARD_CEREMONY) {
      ++ceremonies;
      EXPECT_EQ(e.start_date().month(), 10);
      EXPECT_EQ(e.start_date().day(), 13);  // Ngày Doanh nhân Việt Nam
    }
  }
  // "Hội chợ Xuân Xứ Lạng ...; Ngày Hội Văn hóa các dân tộc ... tại Quảng Ninh;
  // Trưng bày sản phẩm tại Nhà khách A1; ... Hội chợ tại huyện Phúc Thọ, Hà Nội;
  // ... trưng bày tại chuyến Công tác tại Trung Quốc" — in date order.
  ASSERT_EQ(fairs_and_displays.size(), 5u);
  EXPECT_EQ(fairs_and_displays[0], "Hội chợ Xuân Xứ Lạng");
  EXPECT_THAT(fairs_and_displays[1], HasSubstr("Ngày Hội Văn hóa các dân tộc"));
  EXPECT_THAT(fairs_and_displays[2], HasSubstr("Nhà khách A1"));
  EXPECT_THAT(fairs_and_displays[3], HasSubstr("Phúc Thọ"));
  EXPECT_THAT(fairs_and_displays[4], HasSubstr("Trung Quốc"));
  // "Hỗ trợ HTX Nông nghiệp Công Sơn thực hiện quảng bá sản phẩm Rượu của HTX".
  EXPECT_THAT(promoted, ElementsAre(kCongSonNumber));
  EXPECT_EQ(ceremonies, 1);
}

TEST_F(FixtureE2eTest, SecondLoadChangesNothing) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(Snapshot before, TakeSnapshot());
  HOPTAC_ASSERT_OK_AND_ASSIGN(LoaderRun again,
                              RunLoader(kFixtureDir, LoaderIdentity::kCaoLocOfficer));
  EXPECT_TRUE(again.exit.Success()) << again.exit.ToString() << "\n" << again.stderr_text;
  HOPTAC_ASSERT_OK_AND_ASSIGN(Snapshot after, TakeSnapshot());
  EXPECT_EQ(Differences(before.registry, after.registry), "");
  EXPECT_EQ(Differences(before.subsidy, after.subsidy), "");
  EXPECT_EQ(Differences(before.outreach, after.outreach), "");
  EXPECT_EQ(after.cooperatives, before.cooperatives);
  EXPECT_EQ(after.cong_son_events, before.cong_son_events);
  EXPECT_EQ(after.beneficiaries, before.beneficiaries);
  EXPECT_EQ(after.grants, before.grants);
  EXPECT_EQ(after.ledger_entries, before.ledger_entries);
  EXPECT_EQ(after.activities, before.activities);
  // Not vacuous: the first load recorded something of every kind.
  EXPECT_GT(before.cooperatives, 0);
  EXPECT_GT(before.grants, 0);
  EXPECT_GT(before.ledger_entries, 0);
  EXPECT_GT(before.activities, 0);
}

TEST_F(FixtureE2eTest, MalformedLineFailsNamingFileAndLineAndAppliesNothing) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(Snapshot before, TakeSnapshot());
  const std::string dir = WriteFixture(
      "malformed", "outreach/activities.jsonl",
      {"# a valid line, then a broken one: nothing may be applied",
       R"({"request": {"activity": {"kind": "ACTIVITY_KIND_NEWS_ITEM", )"
       R"("channel": "CHANNEL_RADIO", )"
       R"("topics": ["TOPIC_COLLECTIVE_ECONOMY"], "title": "Tin thử", "orgUnitCode": "183", )"
       R"("startDate": {"year": 2023, "month": 5, "day": 2}, "quantity": "1"}}})",
       R"({"request": {"activity": {"kind": "ACTIVITY_KIND_NEWS_ITEM",)"});
  HOPTAC_ASSERT_OK_AND_ASSIGN(LoaderRun run, RunLoader(dir));
  EXPECT_FALSE(run.exit.Success());
  EXPECT_EQ(run.exit.signal, 0) << run.exit.ToString();
  EXPECT_THAT(run.stderr_text, HasSubstr("outreach/activities.jsonl:3:"));
  HOPTAC_ASSERT_OK_AND_ASSIGN(Snapshot after, TakeSnapshot());
  EXPECT_EQ(after.activities, before.activities);
}

TEST_F(FixtureE2eTest, RejectedCallFailsNamingFileLineAndStatus) {
  // A cooperative established in the future: the registry refuses it.
  const std::string dir = WriteFixture(
      "rejected", "registry/cooperatives.jsonl",
      {R"({"request": {"cooperative": {"registrationNumber": "4900999991", )"
       R"("displayName": "Hợp tác xã Thử nghiệm", "kind": "COOPERATIVE_KIND_COOPERATIVE", )"
       R"("sector": "SECTOR_AGRICULTURE", "orgUnit": "orgUnits/06232", )"
       R"("establishmentDate": {"year": 2199, "month": 1, "day": 1}}}})"});
  HOPTAC_ASSERT_OK_AND_ASSIGN(LoaderRun run, RunLoader(dir));
  EXPECT_EQ(run.exit.code, 1) << run.exit.ToString();
  EXPECT_THAT(run.stderr_text,
              HasSubstr("registry/cooperatives.jsonl:1: CreateCooperative: INVALID_ARGUMENT"));
}

TEST_F(FixtureE2eTest, UnknownReferenceFailsNamingFileAndLine) {
  const std::string dir = WriteFixture(
      "unknown-reference", "subsidy/approvals.jsonl",
      {"", R"({"request": {"name": "@grant/khong-co", "decisionNumber": "1/QĐ-UBND", )"
           R"("decisionDate": {"year": 2023, "month": 6, "day": 1}, "approvedDong": "1"}})"});
  HOPTAC_ASSERT_OK_AND_ASSIGN(LoaderRun run, RunLoader(dir));
  EXPECT_EQ(run.exit.code, 1) << run.exit.ToString();
  EXPECT_THAT(run.stderr_text, HasSubstr("subsidy/approvals.jsonl:2: ApproveGrant: NOT_FOUND"));
  EXPECT_THAT(run.stderr_text, HasSubstr("@grant/khong-co"));
}

TEST_F(FixtureE2eTest, MisspeltFileIsNotSilentlyIgnored) {
  const std::string dir = WriteFixture("misspelt", "subsidy/program.jsonl", {""});
  HOPTAC_ASSERT_OK_AND_ASSIGN(LoaderRun run, RunLoader(dir));
  EXPECT_EQ(run.exit.code, 1) << run.exit.ToString();
  EXPECT_THAT(run.stderr_text, HasSubstr("subsidy/program.jsonl: not a fixture file"));
}

TEST_F(FixtureE2eTest, UnreachableServiceFailsNamingTheLineAndUnavailable) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(int port, hoptac::testing::PickFreeLoopbackPort());
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      LoaderRun run,
      RunLoader(kFixtureDir, LoaderIdentity::kCaoLocOfficer, absl::StrCat("127.0.0.1:", port)));
  EXPECT_EQ(run.exit.code, 1) << run.exit.ToString();
  // The first record of the first file.
  EXPECT_THAT(run.stderr_text,
              ::testing::ContainsRegex("registry/cooperatives.jsonl:[0-9]+: CreateCooperative: "
                                       "UNAVAILABLE"));
}

TEST_F(FixtureE2eTest, LoadWithoutATokenIsUnauthenticatedAndAppliesNothing) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(Snapshot before, TakeSnapshot());
  const std::string dir = WriteFixture(
      "no-token", "outreach/activities.jsonl",
      {R"({"request": {"activity": {"kind": "ACTIVITY_KIND_NEWS_ITEM", )"
       R"("channel": "CHANNEL_RADIO", "topics": ["TOPIC_COLLECTIVE_ECONOMY"], )"
       R"("title": "Tin không có thẻ", "orgUnitCode": "183", )"
       R"("startDate": {"year": 2023, "month": 6, "day": 2}, "quantity": "1"}}})"});
  HOPTAC_ASSERT_OK_AND_ASSIGN(LoaderRun run, RunLoader(dir, LoaderIdentity::kNoToken));
  EXPECT_EQ(run.exit.code, 1) << run.exit.ToString();
  EXPECT_THAT(run.stderr_text,
              HasSubstr("outreach/activities.jsonl:1: CreateActivity: UNAUTHENTICATED"));
  HOPTAC_ASSERT_OK_AND_ASSIGN(Snapshot after, TakeSnapshot());
  EXPECT_EQ(after.activities, before.activities);
}

TEST_F(FixtureE2eTest, AnotherDistrictsOfficerIsRefusedAndNothingIsApplied) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(Snapshot before, TakeSnapshot());
  // A Cao Lộc record loaded by TP Lạng Sơn's officer: outside its unit.
  const std::string dir = WriteFixture(
      "other-district", "outreach/activities.jsonl",
      {R"({"request": {"activity": {"kind": "ACTIVITY_KIND_NEWS_ITEM", )"
       R"("channel": "CHANNEL_RADIO", "topics": ["TOPIC_COLLECTIVE_ECONOMY"], )"
       R"("title": "Tin của huyện khác", "orgUnitCode": "183", )"
       R"("startDate": {"year": 2023, "month": 6, "day": 3}, "quantity": "1"}}})"});
  HOPTAC_ASSERT_OK_AND_ASSIGN(LoaderRun run, RunLoader(dir, LoaderIdentity::kTpLangSonOfficer));
  EXPECT_EQ(run.exit.code, 1) << run.exit.ToString();
  EXPECT_THAT(run.stderr_text,
              HasSubstr("outreach/activities.jsonl:1: CreateActivity: PERMISSION_DENIED"));
  HOPTAC_ASSERT_OK_AND_ASSIGN(Snapshot after, TakeSnapshot());
  EXPECT_EQ(after.activities, before.activities);
}

TEST_F(FixtureE2eTest, AnUnreadableTokenFileIsABadSetting) {
  ProcessOptions options;
  options.binary = kLoaderBinary;
  options.args = {absl::StrCat("--fixture_dir=", kFixtureDir),
                  absl::StrCat("--registry_address=", shared_->registry->LoopbackAddress()),
                  "--bearer_token_file=/nonexistent/officer.token"};
  for (std::string& flag : TestSecurity::Get().ServiceFlags("client")) {
    if (absl::StartsWith(flag, "--tls_")) options.args.push_back(std::move(flag));
  }
  options.drop_env_prefixes = {"HOPTAC_"};
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto process, ServerProcess::Start(std::move(options)));
  HOPTAC_ASSERT_OK_AND_ASSIGN(ExitStatus exit, process->WaitForExit(kLoadTimeout));
  EXPECT_EQ(exit.code, 2) << exit.ToString();
  EXPECT_THAT(process->Stderr(), HasSubstr("HOPTAC_BEARER_TOKEN_FILE"));
}

// Runs last: it adds records. A folder of changes loads after the fixture
// (whose lines the services answer as replays) and refers to its keys.
TEST_F(FixtureE2eTest, ChangesLayeredOnTheFixtureMoveOnlyTheFiguresTheyTouch) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(Snapshot before, TakeSnapshot());
  const std::string changes =
      WriteFixture("changes", "outreach/activities.jsonl",
                   {R"({"request": {"activity": {"kind": "ACTIVITY_KIND_NEWS_ITEM", )"
                    R"("channel": "CHANNEL_RADIO", )"
                    R"("topics": ["TOPIC_COLLECTIVE_ECONOMY"], "title": "Tin phát thanh bổ sung", )"
                    R"("orgUnitCode": "183", "startDate": {"year": 2023, "month": 12, "day": 28}, )"
                    R"("quantity": "1"}}})"});
  WriteFixture(
      "changes", "subsidy/programs.jsonl",
      {R"({"request": {"program": {"code": "CL-OCOP-2024", "title": "Hỗ trợ OCOP năm 2024", )"
       R"("legalBasis": ["Nghị quyết số 08/2019/NQ-HĐND ngày 10/12/2019 của HĐND tỉnh"], )"
       R"("supportKind": "SUPPORT_KIND_OCOP", "fundSource": "FUND_SOURCE_PROVINCIAL", )"
       R"("orgUnitCode": "183", "eligibleBeneficiaryKinds": ["BENEFICIARY_KIND_COOPERATIVE"], )"
       R"("budgets": [{"fiscalYear": 2024, "budgetDong": "30000000"}], )"
       R"("validity": {"startDate": {"year": 2024, "month": 1, "day": 1}, )"
       R"("endDate": {"year": 2024, "month": 12, "day": 31}}}}})"});
  WriteFixture(
      "changes", "subsidy/applications.jsonl",
      {R"({"key": "grant/ocop-2024-cong-son", "request": {"program": "programs/CL-OCOP-2024", )"
       R"("beneficiary": "@ben/cong-son", "fiscalYear": 2024, )"
       R"("applicationDate": {"year": 2024, "month": 3, "day": 4}, "requestedDong": "5000000"}})"});
  WriteFixture(
      "changes", "subsidy/approvals.jsonl",
      {R"({"request": {"name": "@grant/ocop-2024-cong-son", "decisionNumber": "812/QĐ-UBND", )"
       R"("decisionDate": {"year": 2024, "month": 4, "day": 10}, "approvedDong": "5000000"}})"});
  WriteFixture("changes", "subsidy/disbursements.jsonl",
               {R"({"request": {"grant": "@grant/ocop-2024-cong-son", "amountDong": "5000000", )"
                R"("entryDate": {"year": 2024, "month": 5, "day": 2}}})"});
  HOPTAC_ASSERT_OK_AND_ASSIGN(LoaderRun run, RunLoader(absl::StrCat(kFixtureDir, ",", changes),
                                                       LoaderIdentity::kCaoLocOfficer));
  ASSERT_TRUE(run.exit.Success()) << run.exit.ToString() << "\n" << run.stderr_text;

  HOPTAC_ASSERT_OK_AND_ASSIGN(Snapshot after, TakeSnapshot());
  // One more 2023 news item: 205 -> 206; everything else of 2023 as it was.
  EXPECT_EQ(Quantity(after.outreach, ot::ACTIVITY_KIND_NEWS_ITEM, ot::CHANNEL_RADIO,
                     ot::TOPIC_COLLECTIVE_ECONOMY),
            206);
  EXPECT_EQ(after.activities, before.activities + 1);
  // The 2023 roll-ups are unchanged. The per-program list may now also name
  // the 2024 program (the service lists every program with a grant in the
  // unit), with nothing counted in 2023.
  sb::GetSubsidyStatisticsResponse rollup_before = before.subsidy;
  sb::GetSubsidyStatisticsResponse rollup_after = after.subsidy;
  rollup_before.clear_programs();
  rollup_after.clear_programs();
  EXPECT_EQ(Differences(rollup_before, rollup_after), "");
  for (const sb::ProgramStatistics& p : after.subsidy.programs()) {
    if (p.program() != "programs/CL-OCOP-2024") continue;
    EXPECT_EQ(Differences(p.figures(), sb::SubsidyFigures()), "");
  }
  EXPECT_EQ(Differences(before.registry, after.registry), "");
  EXPECT_EQ(after.beneficiaries, before.beneficiaries);  // Công Sơn is the fixture's
  EXPECT_EQ(after.grants, before.grants + 1);
  // The 2024 grant counts in 2024 only.
  sb::GetSubsidyStatisticsRequest request;
  request.set_org_unit_code(kCaoLoc);
  *request.mutable_period()->mutable_start_date() = Day(2024, 1, 1);
  *request.mutable_period()->mutable_end_date() = Day(2024, 12, 31);
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto stats2024, Call(subsidy(), &sb::SubsidyService::Stub::GetSubsidyStatistics, request));
  const sb::SubsidyFigures ocop2024 =
      Figures(stats2024, sb::SUPPORT_KIND_OCOP, sb::FUND_SOURCE_PROVINCIAL);
  EXPECT_EQ(ocop2024.disbursed_net_dong(), 5'000'000);
  EXPECT_EQ(Beneficiaries(ocop2024, sb::BENEFICIARY_KIND_COOPERATIVE), 1);
}

}  // namespace
}  // namespace hoptac::e2e
