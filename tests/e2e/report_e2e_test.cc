// End-to-end tests of hoptac-report: the real binary with real registry,
// subsidy and outreach processes, each on its own fresh MariaDB database, the
// Cao Lộc 2023 fixture loaded through the APIs by hoptac-load-fixture and the
// report draft of tests/fixtures/cao-loc-2023/report sent through
// CreateReportDraft. Every hop is mutual TLS and every call carries a token
// (issue 7): a province administrator's unless the test is about who may do
// what. The suite shares the processes; tests run in order and the last one
// stops the subsidy service.
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hoptac/common/v1/audit.grpc.pb.h"
#include "hoptac/outreach/v1/outreach.grpc.pb.h"
#include "hoptac/report/v1/report_service.grpc.pb.h"
#include "hoptac/subsidy/v1/subsidy.grpc.pb.h"
#include "services/common/auth/caller.h"
#include "services/common/grpc_status.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "services/report/template_files.h"
#include "tests/support/server_process.h"
#include "tests/support/service_processes.h"
#include "tests/support/test_security.h"
#include "tests/support/unary_call.h"

namespace hoptac::e2e {
namespace {

namespace cm = ::hoptac::common::v1;
namespace ot = ::hoptac::outreach::v1;
namespace rp = ::hoptac::report::v1;
namespace sb = ::hoptac::subsidy::v1;
using ::hoptac::common::v1::Date;
using ::hoptac::testing::IsOk;
using ::hoptac::testing::ProcessOptions;
using ::hoptac::testing::Call;
using ::hoptac::testing::ServerProcess;
using ::hoptac::testing::ServiceProcessOptions;
using ::hoptac::testing::StartService;
using ::hoptac::testing::StatusIs;
using ::hoptac::testing::TestDatabase;
using ::hoptac::testing::TestSecurity;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kLoaderBinary[] = HOPTAC_BINARY_DIR "/tools/load_fixture/hoptac-load-fixture";
constexpr char kRenderBinary[] = HOPTAC_BINARY_DIR "/services/report/hoptac-report-render";
constexpr char kTemplatesDir[] = HOPTAC_SOURCE_DIR "/data/report-templates";
constexpr char kFixtureDir[] = HOPTAC_SOURCE_DIR "/tests/fixtures/cao-loc-2023";
constexpr char kDraftDir[] = HOPTAC_SOURCE_DIR "/tests/fixtures/cao-loc-2023/report";
constexpr absl::Duration kStartTimeout = absl::Seconds(60);
constexpr absl::Duration kStopTimeout = absl::Seconds(30);
constexpr absl::Duration kLoadTimeout = absl::Seconds(180);

// The callers of the security tests: a province administrator (unit 20, Lạng
// Sơn) and an officer of Cao Lộc (183), which holds the commune Yên Trạch
// (06247) and not the city of Lạng Sơn (178).
constexpr char kProvince[] = "20";
constexpr char kCaoLoc[] = "183";
constexpr char kYenTrach[] = "06247";
constexpr char kLangSonCity[] = "178";
constexpr char kAdminSubject[] = "admin.langson";
constexpr char kOfficerSubject[] = "officer.caoloc";

std::string AdminToken() {
  return TestSecurity::Get().Token(Role::kProvinceAdmin, kProvince, kAdminSubject);
}

std::string OfficerToken() {
  return TestSecurity::Get().Token(Role::kUnitOfficer, kCaoLoc, kOfficerSubject);
}

// A client of `process` over mutual TLS whose calls carry `token`.
std::shared_ptr<grpc::Channel> ChannelTo(const ServerProcess& process, const std::string& token) {
  return TestSecurity::Get().Channel(process.LoopbackAddress(), token);
}

// Every figure of the seed report (shared/seed/README.md) as the seed writes it.
const char* const kSeedFigures[] = {
    "hàng ngày được 205 tin, 57 bài; 37 chuyên mục thông tin tuyên truyền xây dựng nông thôn mới",
    "kênh truyền hình được 54 tin, 08 bài",
    "Huyện ủy Cao Lộc đã ban hành Kế hoạch số 158-KH/HU ngày 30/3/2023",
    "UBND huyện ban hành Kế hoạch số 241/KH-UBND ngày 30/6/2023",
    "Kế hoạch số 258/KH-UBND ngày 31/7/2023 về việc triển khai thực hiện",
    "Quyết định số 3152/QĐ-UBND ngày 12/10/2022 của UBND huyện Cao Lộc",
    "Công văn số 1933/UBND-TNMT ngày 26/7/2023",
    "Tuy nhiên đến nay trên địa bàn huyện chưa có doanh nghiệp, hợp tác xã nào đề nghị hỗ trợ.",
    "với tổng số khoảng 120 người tham dự, trong đó: Có 30 doanh nghiệp, 20 hợp tác xã, 20 hộ "
    "kinh doanh",
    "trong đó có khen thưởng 10 hợp tác xã có thành tích",
    "giữa chính quyền với trên 40 doanh nghiệp, HTX tham gia",
    "+ Hỗ trợ hợp tác xã thành lập mới: 06 hợp tác xã với tổng kinh phí 120 triệu đồng.",
    "+ Hỗ trợ lãi suất tín dụng: Hỗ trợ cho 08 chủ thể là 169 triệu đồng.",
    "+ Hỗ trợ trí thức trẻ: Hỗ trợ cho 04 hợp tác xã với kinh phí là 292,5 triệu đồng.",
    "+ Hỗ trợ thương OCOP: Hỗ trợ cho 01 hộ kinh doanh và 01 hợp tác xã là 10 triệu đồng.",
    "+ Hỗ trợ kinh phí mở rộng thị trường cho 03 chủ thể tổng số tiền là 105 triệu đồng.",
    "Hội chợ Xuân Xứ Lạng", "Ngày Hội Văn hóa các dân tộc", "Nhà khách A1",
    "Hội chợ tại huyện Phúc Thọ", "Trung Quốc", "Rượu của HTX Nông nghiệp Công Sơn",
    "Kết quả có 03 dự án được hưởng với tổng kinh phí hỗ trợ 680 triệu đồng (hỗ trợ từ nguồn "
    "kinh phí khuyến công quốc gia 01 dự án với số tiền 300 triệu đồng; hỗ trợ từ nguồn kinh phí "
    "khuyến công địa phương 02 dự án với số tiền 380 triệu đồng)",
    "với hơn 100 đại biểu tham gia",
    "Trong năm thực hiện giải thể 01 hợp tác xã, hướng dẫn quy trình thủ tục giải thể tự nguyện "
    "cho 01 hợp tác xã",
    "/BC-UBND", "Cao Lộc, ngày      tháng 12 năm 2023", "- Sở Kế hoạch và Đầu tư;",
    "- Lưu: VT.", "**KT. CHỦ TỊCH  \nPHÓ CHỦ TỊCH**", "Hoàng Mạnh Cường",
};

// The seed's numbered headings, in order.
const char* const kSeedHeadings[] = {
    "1. Đặc điểm, tình hình",
    "2. Công tác tuyên truyền, phổ biến, quán triệt",
    "3. Việc triển khai, thực hiện, cụ thể hóa Kế hoạch số 115/KH-UBND ngày 15/5/2023 của UBND "
    "tỉnh",
    "3.1. Kết quả cụ thể hóa Kế hoạch số 115/KH-UBND ngày 15/5/2023 của UBND tỉnh",
    "3.2. Công tác lãnh đạo, chỉ đạo để triển khai thực hiện Kế hoạch số 115/KH-UBND ngày "
    "15/5/2023 của UBND tỉnh",
    "3.3. Đánh giá tình hình sau hơn một năm thực hiện Kế hoạch số 115/KH-UBND ngày 15/5/2023 "
    "của UBND tỉnh",
    "3.3.1. Đẩy mạnh công tác tuyên truyền về bản chất, vị trí, vai trò và tầm quan trọng của "
    "kinh tế tập thể trong nền kinh tế thị trường định hướng xã hội chủ nghĩa",
    "3.3.2. Thực hiện cơ chế, chính sách khuyến khích, hỗ trợ phát triển kinh tế tập thể",
    "3.3.3. Đổi mới, nâng cao chất lượng, hiệu quả hoạt động của các tổ chức kinh tế tập thể",
    "3.4. Những tồn tại, hạn chế, khó khăn, vướng mắc trong tổ chức thực hiện.",
    "3.4.1. Tồn tại, hạn chế",
    "3.4.2. Nguyên nhân",
    "4. Kiến nghị, đề xuất",
};

Date Day(int year, int month, int day) {
  Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

// The body's headings (Markdown "#" lines) without their markers.
std::vector<std::string> Headings(const std::string& markdown) {
  std::vector<std::string> out;
  for (absl::string_view line : absl::StrSplit(markdown, '\n')) {
    if (!absl::ConsumePrefix(&line, "#")) continue;
    while (absl::ConsumePrefix(&line, "#")) {
    }
    out.emplace_back(absl::StripAsciiWhitespace(line));
  }
  return out;
}

class ReportE2eTest : public ::testing::Test {
 protected:
  struct Shared {
    std::vector<std::unique_ptr<TestDatabase>> databases;
    std::unique_ptr<ServerProcess> registry, subsidy, outreach, report;
    std::unique_ptr<sb::SubsidyService::Stub> subsidy_stub;
    std::unique_ptr<ot::OutreachService::Stub> outreach_stub;
    std::unique_ptr<rp::ReportService::Stub> report_stub;
    std::string loader_failure;  // empty when the fixture loaded
    std::string draft;           // the Cao Lộc draft, "reportDrafts/{id}"
    std::string snapshot;        // the submitted snapshot, once submitted
  };

  static void SetUpTestSuite() {
    shared_ = new Shared;
    for (int i = 0; i < 4; ++i) {
      auto db = TestDatabase::Create();
      ASSERT_TRUE(db.ok()) << db.status();
      shared_->databases.push_back(*std::move(db));
    }
    ProcessOptions r = ServiceProcessOptions("registry", *shared_->databases[0]);
    HOPTAC_ASSERT_OK_AND_ASSIGN(shared_->registry, StartService(std::move(r)));
    const std::string registry_flag =
        absl::StrCat("--registry_address=", shared_->registry->LoopbackAddress());
    ProcessOptions s = ServiceProcessOptions("subsidy", *shared_->databases[1]);
    s.args.push_back(registry_flag);
    HOPTAC_ASSERT_OK_AND_ASSIGN(shared_->subsidy, StartService(std::move(s)));
    ProcessOptions o = ServiceProcessOptions("outreach", *shared_->databases[2]);
    o.args.push_back(registry_flag);
    HOPTAC_ASSERT_OK_AND_ASSIGN(shared_->outreach, StartService(std::move(o)));
    ProcessOptions rep = ServiceProcessOptions("report", *shared_->databases[3]);
    rep.args.push_back(registry_flag);
    rep.args.push_back(absl::StrCat("--subsidy_address=", shared_->subsidy->LoopbackAddress()));
    rep.args.push_back(absl::StrCat("--outreach_address=", shared_->outreach->LoopbackAddress()));
    rep.args.push_back(absl::StrCat("--report_templates_dir=", kTemplatesDir));
    HOPTAC_ASSERT_OK_AND_ASSIGN(shared_->report, StartService(std::move(rep)));

    const std::string admin = AdminToken();
    shared_->subsidy_stub = sb::SubsidyService::NewStub(ChannelTo(*shared_->subsidy, admin));
    shared_->outreach_stub = ot::OutreachService::NewStub(ChannelTo(*shared_->outreach, admin));
    shared_->report_stub = rp::ReportService::NewStub(ChannelTo(*shared_->report, admin));
    shared_->loader_failure = RunLoader();
  }

  static void TearDownTestSuite() {
    if (shared_ == nullptr) return;
    shared_->subsidy_stub.reset();
    shared_->outreach_stub.reset();
    shared_->report_stub.reset();
    for (auto* process :
         {&shared_->report, &shared_->outreach, &shared_->subsidy, &shared_->registry}) {
      if (*process != nullptr && (*process)->Running()) {
        auto exit = (*process)->Terminate(kStopTimeout);
        EXPECT_TRUE(exit.ok() && exit->Success()) << (*process)->StderrTail();
      }
    }
    delete shared_;
    shared_ = nullptr;
  }

  // Runs hoptac-load-fixture on the Cao Lộc fixture, as a province
  // administrator over mutual TLS; "" when it exits 0.
  static std::string RunLoader() {
    const std::string dir = TestSecurity::Get().dir();
    const std::string token_file = dir + "/report-e2e-loader.token";
    std::ofstream(token_file) << AdminToken() << "\n";
    ProcessOptions options;
    options.binary = kLoaderBinary;
    options.args = {absl::StrCat("--fixture_dir=", kFixtureDir),
                    absl::StrCat("--registry_address=", shared_->registry->LoopbackAddress()),
                    absl::StrCat("--subsidy_address=", shared_->subsidy->LoopbackAddress()),
                    absl::StrCat("--outreach_address=", shared_->outreach->LoopbackAddress()),
                    "--call_timeout=20s",
                    absl::StrCat("--tls_cert_file=", dir, "/client.crt"),
                    absl::StrCat("--tls_key_file=", dir, "/client.key"),
                    absl::StrCat("--tls_ca_file=", dir, "/ca.crt"),
                    absl::StrCat("--bearer_token_file=", token_file)};
    options.drop_env_prefixes = {"HOPTAC_"};
    auto process = ServerProcess::Start(std::move(options));
    if (!process.ok()) return process.status().ToString();
    auto exit = (*process)->WaitForExit(kLoadTimeout);
    if (!exit.ok()) return exit.status().ToString();
    if (!exit->Success()) return absl::StrCat(exit->ToString(), "\n", (*process)->Stderr());
    return "";
  }

  void SetUp() override {
    ASSERT_NE(shared_, nullptr);
    ASSERT_NE(shared_->report_stub, nullptr) << "the suite did not start";
    ASSERT_EQ(shared_->loader_failure, "") << "the fixture did not load";
  }

  static rp::ReportService::Stub& report() { return *shared_->report_stub; }

 public:
  static std::string ReportAddress() { return shared_->report->LoopbackAddress(); }

 protected:

  // The Cao Lộc draft (created once, with a request_id).
  static absl::StatusOr<std::string> CaoLocDraft() {
    if (!shared_->draft.empty()) return shared_->draft;
    auto draft = report::LoadDraftDirectory(kDraftDir);
    if (!draft.ok()) return draft.status();
    rp::CreateReportDraftRequest request;
    *request.mutable_draft() = *draft;
    request.set_request_id("e2e-cao-loc-2023");
    auto created = Call(report(), &rp::ReportService::Stub::CreateReportDraft, request);
    if (!created.ok()) return created.status();
    shared_->draft = created->draft().name();
    return shared_->draft;
  }

  static absl::StatusOr<rp::RenderedReport> Assemble(const std::string& draft) {
    rp::AssembleReportRequest request;
    request.set_name(draft);
    auto assembled = Call(report(), &rp::ReportService::Stub::AssembleReport, request);
    if (!assembled.ok()) return assembled.status();
    return assembled->report();
  }

  static Shared* shared_;
};

ReportE2eTest::Shared* ReportE2eTest::shared_ = nullptr;

std::string ReportE2eTestAddress() { return ReportE2eTest::ReportAddress(); }

TEST_F(ReportE2eTest, TheShippedTemplateIsStoredAndANewVersionNeedsNoRebuild) {
  rp::GetTemplateRequest get;
  get.set_name("templates/bao-cao-ke-hoach-115");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto shipped,
                              Call(report(), &rp::ReportService::Stub::GetTemplate, get));
  EXPECT_EQ(shipped.template_().name(), "templates/bao-cao-ke-hoach-115/versions/1");
  EXPECT_THAT(shipped.template_().body(), HasSubstr("{{radio_news}} tin"));

  rp::CreateTemplateVersionRequest create;
  *create.mutable_template_() = shipped.template_();
  create.mutable_template_()->set_body(absl::StrCat("Mẫu sửa đổi.\n", shipped.template_().body()));
  create.set_request_id("e2e-template-v2");
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto v2, Call(report(), &rp::ReportService::Stub::CreateTemplateVersion, create));
  EXPECT_EQ(v2.template_().name(), "templates/bao-cao-ke-hoach-115/versions/2");

  create.mutable_template_()->mutable_bindings(0)->set_statistic("outreach.radio.tin");
  create.set_request_id("e2e-template-bad");
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::CreateTemplateVersion, create),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("template.bindings[0].statistic")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto listed, Call(report(), &rp::ReportService::Stub::ListTemplates,
                                                rp::ListTemplatesRequest()));
  ASSERT_EQ(listed.templates_size(), 1);
  EXPECT_EQ(listed.templates(0).version(), 2);
}

TEST_F(ReportE2eTest, DraftsAreCheckedAppliedOnceAndGuardedByTheirEtag) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(std::string name, CaoLocDraft());
  HOPTAC_ASSERT_OK_AND_ASSIGN(std::string again, CaoLocDraft());
  EXPECT_EQ(again, name);
  auto draft = report::LoadDraftDirectory(kDraftDir);
  ASSERT_THAT(draft, IsOk());
  rp::CreateReportDraftRequest retry;
  *retry.mutable_draft() = *draft;
  retry.set_request_id("e2e-cao-loc-2023");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto retried,
                              Call(report(), &rp::ReportService::Stub::CreateReportDraft, retry));
  EXPECT_EQ(retried.draft().name(), name);

  rp::CreateReportDraftRequest bad = retry;
  bad.set_request_id("e2e-bad");
  bad.mutable_draft()->set_template_("templates/khong-co/versions/1");
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::CreateReportDraft, bad),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("draft.template")));

  // A unit of the province that did not exist at the period's end (the
  // district level ended in 2025) is checked with the registry...
  rp::CreateReportDraftRequest unknown_unit = retry;
  unknown_unit.set_request_id("e2e-unknown-unit");
  *unknown_unit.mutable_draft()->mutable_period()->mutable_start_date() = Day(2026, 1, 1);
  *unknown_unit.mutable_draft()->mutable_period()->mutable_end_date() = Day(2026, 12, 31);
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::CreateReportDraft, unknown_unit),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("draft.org_unit")));
  // ...while a unit outside the province is refused before the registry is
  // asked: not even a province administrator writes there.
  unknown_unit.mutable_draft()->set_org_unit("orgUnits/99999");
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::CreateReportDraft, unknown_unit),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));

  rp::GetReportDraftRequest get;
  get.set_name(name);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto current,
                              Call(report(), &rp::ReportService::Stub::GetReportDraft, get));
  rp::UpdateReportDraftRequest update;
  *update.mutable_draft() = current.draft();
  update.mutable_draft()->add_recipients("Lưu: Phòng Tài chính - Kế hoạch.");
  update.mutable_update_mask()->add_paths("recipients");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto updated,
                              Call(report(), &rp::ReportService::Stub::UpdateReportDraft, update));
  EXPECT_NE(updated.draft().etag(), current.draft().etag());
  EXPECT_EQ(updated.draft().recipients_size(), current.draft().recipients_size() + 1);
  EXPECT_EQ(updated.draft().signature().signer_name(), "Hoàng Mạnh Cường");  // not in the mask
  // Back to the seed's recipients; the first etag is stale by now.
  *update.mutable_draft() = current.draft();
  update.mutable_draft()->set_etag(updated.draft().etag());
  ASSERT_THAT(Call(report(), &rp::ReportService::Stub::UpdateReportDraft, update), IsOk());
  update.mutable_draft()->set_etag(current.draft().etag());
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::UpdateReportDraft, update),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("etag")));
  update.clear_update_mask();
  update.mutable_draft()->set_etag("999");
  update.mutable_update_mask()->add_paths("place_name");
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::UpdateReportDraft, update),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("etag")));
  update.mutable_update_mask()->set_paths(0, "etag");
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::UpdateReportDraft, update),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")));
}

TEST_F(ReportE2eTest, TheCaoLoc2023ReportReproducesEveryFigureOfTheSeed) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(std::string draft, CaoLocDraft());
  HOPTAC_ASSERT_OK_AND_ASSIGN(rp::RenderedReport rendered, Assemble(draft));
  for (const char* figure : kSeedFigures) {
    EXPECT_THAT(rendered.markdown(), HasSubstr(figure));
  }
  std::vector<std::string> headings = Headings(rendered.markdown());
  ASSERT_FALSE(headings.empty());
  EXPECT_EQ(headings.back(), "BIỂU SỐ LIỆU");  // the annex follows the body
  headings.pop_back();
  EXPECT_THAT(headings, ElementsAreArray(kSeedHeadings));
  EXPECT_EQ(rendered.docx().substr(0, 2), "PK");
  EXPECT_THAT(rendered.annex_markdown(), HasSubstr("292.500.000 đồng"));
  for (const rp::Statistic& s : rendered.statistics()) {
    EXPECT_THAT(rendered.annex_markdown(), HasSubstr(s.label())) << s.name();
  }
  // The 2024 funding year is named from the period, not fixed in the template.
  EXPECT_THAT(rendered.markdown(), HasSubstr("khuyến công địa phương năm 2024 đến các đơn vị"));
}

TEST_F(ReportE2eTest, ASubmittedSnapshotStaysAndTheDiffNamesTheFigureThatChanged) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(std::string draft, CaoLocDraft());
  rp::SubmitReportRequest submit;
  submit.set_name(draft);
  submit.set_request_id("e2e-submit-1");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto submitted,
                              Call(report(), &rp::ReportService::Stub::SubmitReport, submit));
  const rp::ReportSnapshot snapshot = submitted.snapshot();
  shared_->snapshot = snapshot.name();
  EXPECT_EQ(snapshot.content_sha256().size(), 64u);
  EXPECT_THAT(snapshot.report().markdown(), HasSubstr("205 tin, 57 bài"));

  // After submission, the district records one more 2023 radio news item...
  ot::CreateActivityRequest news;
  ot::Activity& a = *news.mutable_activity();
  a.set_kind(ot::ACTIVITY_KIND_NEWS_ITEM);
  a.set_channel(ot::CHANNEL_RADIO);
  a.add_topics(ot::TOPIC_COLLECTIVE_ECONOMY);
  a.set_title("Tin phát thanh bổ sung về hợp tác xã tháng 12/2023");
  a.set_org_unit_code("183");
  *a.mutable_start_date() = Day(2023, 12, 28);
  a.set_quantity(1);
  news.set_request_id("e2e-news-late-2023");
  ASSERT_THAT(Call(*shared_->outreach_stub, &ot::OutreachService::Stub::CreateActivity, news),
              IsOk());
  // ...and a 2024 OCOP grant, applied for, approved and paid in 2024.
  sb::CreateProgramRequest program;
  sb::Program& p = *program.mutable_program();
  p.set_code("CL-OCOP-2024");
  p.set_title("Hỗ trợ sản phẩm OCOP năm 2024");
  p.add_legal_basis("Nghị quyết số 08/2019/NQ-HĐND ngày 10/12/2019 của HĐND tỉnh");
  p.set_support_kind(sb::SUPPORT_KIND_OCOP);
  p.set_fund_source(sb::FUND_SOURCE_PROVINCIAL);
  p.set_org_unit_code("183");
  p.add_eligible_beneficiary_kinds(sb::BENEFICIARY_KIND_HOUSEHOLD_BUSINESS);
  sb::ProgramBudget* budget = p.add_budgets();
  budget->set_fiscal_year(2024);
  budget->set_budget_dong(50'000'000);
  *p.mutable_validity()->mutable_start_date() = Day(2024, 1, 1);
  *p.mutable_validity()->mutable_end_date() = Day(2024, 12, 31);
  program.set_request_id("e2e-program-2024");
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto created_program,
      Call(*shared_->subsidy_stub, &sb::SubsidyService::Stub::CreateProgram, program));
  sb::CreateBeneficiaryRequest beneficiary;
  sb::Beneficiary& b = *beneficiary.mutable_beneficiary();
  b.set_kind(sb::BENEFICIARY_KIND_HOUSEHOLD_BUSINESS);
  b.set_tax_code("4900999001");
  b.set_display_name("Hộ kinh doanh Lý Văn Tâm");
  b.set_org_unit_code("06247");
  beneficiary.set_request_id("e2e-beneficiary-2024");
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto created_beneficiary,
      Call(*shared_->subsidy_stub, &sb::SubsidyService::Stub::CreateBeneficiary, beneficiary));
  sb::ApplyForGrantRequest apply;
  apply.set_program(created_program.program().name());
  apply.set_beneficiary(created_beneficiary.beneficiary().name());
  apply.set_fiscal_year(2024);
  *apply.mutable_application_date() = Day(2024, 2, 15);
  apply.set_requested_dong(5'000'000);
  apply.set_request_id("e2e-apply-2024");
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto grant, Call(*shared_->subsidy_stub, &sb::SubsidyService::Stub::ApplyForGrant, apply));
  sb::ApproveGrantRequest approve;
  approve.set_name(grant.grant().name());
  approve.set_decision_number("15/QĐ-UBND");
  *approve.mutable_decision_date() = Day(2024, 3, 1);
  approve.set_approved_dong(5'000'000);
  approve.set_request_id("e2e-approve-2024");
  ASSERT_THAT(Call(*shared_->subsidy_stub, &sb::SubsidyService::Stub::ApproveGrant, approve),
              IsOk());
  sb::RecordDisbursementRequest pay;
  pay.set_grant(grant.grant().name());
  pay.set_amount_dong(5'000'000);
  *pay.mutable_entry_date() = Day(2024, 4, 1);
  pay.set_request_id("e2e-pay-2024");
  ASSERT_THAT(Call(*shared_->subsidy_stub, &sb::SubsidyService::Stub::RecordDisbursement, pay),
              IsOk());

  // The live 2023 report: one more news item, the 2024 grant not counted.
  HOPTAC_ASSERT_OK_AND_ASSIGN(rp::RenderedReport live, Assemble(draft));
  EXPECT_THAT(live.markdown(), HasSubstr("hàng ngày được 206 tin, 57 bài"));
  EXPECT_THAT(live.markdown(),
              HasSubstr("Hỗ trợ cho 01 hộ kinh doanh và 01 hợp tác xã là 10 triệu đồng."));
  EXPECT_THAT(live.markdown(), Not(HasSubstr("15 triệu đồng")));

  // The snapshot did not move.
  rp::GetReportSnapshotRequest get;
  get.set_name(snapshot.name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto stored,
                              Call(report(), &rp::ReportService::Stub::GetReportSnapshot, get));
  EXPECT_EQ(stored.snapshot().report().markdown(), snapshot.report().markdown());
  EXPECT_EQ(stored.snapshot().report().docx(), snapshot.report().docx());
  EXPECT_EQ(stored.snapshot().content_sha256(), snapshot.content_sha256());
  EXPECT_THAT(stored.snapshot().report().markdown(), HasSubstr("205 tin, 57 bài"));

  // Exactly the news figure changed.
  rp::DiffSinceSubmissionRequest diff;
  diff.set_snapshot(snapshot.name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto changes,
                              Call(report(), &rp::ReportService::Stub::DiffSinceSubmission, diff));
  ASSERT_EQ(changes.changes_size(), 1) << changes.DebugString();
  EXPECT_EQ(changes.changes(0).statistic(), "outreach.radio.news_items.collective_economy");
  EXPECT_EQ(changes.changes(0).submitted().value(), 205);
  EXPECT_EQ(changes.changes(0).live().value(), 206);

  // A retried submission returns the first snapshot.
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto retried,
                              Call(report(), &rp::ReportService::Stub::SubmitReport, submit));
  EXPECT_EQ(retried.snapshot().name(), snapshot.name());
  EXPECT_EQ(retried.snapshot().content_sha256(), snapshot.content_sha256());
}

// --- Security (issue 7) ----------------------------------------------------

// The report service as the caller `token` names.
std::unique_ptr<rp::ReportService::Stub> ReportAs(const std::string& token) {
  return rp::ReportService::NewStub(
      TestSecurity::Get().Channel(ReportE2eTestAddress(), token));
}

// The Cao Lộc draft of the fixture, moved to `unit` ("183").
rp::ReportDraft FixtureDraftIn(const std::string& unit) {
  auto draft = report::LoadDraftDirectory(kDraftDir);
  EXPECT_THAT(draft, IsOk());
  rp::ReportDraft out = draft.ok() ? *draft : rp::ReportDraft();
  out.set_org_unit(absl::StrCat("orgUnits/", unit));
  return out;
}

absl::StatusOr<rp::CreateReportDraftResponse> CreateDraft(rp::ReportService::Stub& stub,
                                                          const rp::ReportDraft& draft,
                                                          const std::string& request_id) {
  rp::CreateReportDraftRequest request;
  *request.mutable_draft() = draft;
  request.set_request_id(request_id);
  return Call(stub, &rp::ReportService::Stub::CreateReportDraft, request);
}

// Every draft as "name@etag", as the province sees them: what a refused call
// must leave as it was.
std::vector<std::string> DraftStates() {
  std::vector<std::string> out;
  rp::ListReportDraftsRequest list;
  list.set_page_size(200);
  auto stub = ReportAs(AdminToken());
  do {
    auto page = Call(*stub, &rp::ReportService::Stub::ListReportDrafts, list);
    EXPECT_THAT(page, IsOk());
    if (!page.ok()) break;
    for (const rp::ReportDraft& d : page->drafts()) {
      out.push_back(absl::StrCat(d.name(), "@", d.etag()));
    }
    list.set_page_token(page->next_page_token());
  } while (!list.page_token().empty());
  return out;
}

// The draft units an officer's list shows.
std::vector<std::string> ListedUnits(rp::ReportService::Stub& stub) {
  std::vector<std::string> out;
  rp::ListReportDraftsRequest list;
  list.set_page_size(200);
  auto page = Call(stub, &rp::ReportService::Stub::ListReportDrafts, list);
  EXPECT_THAT(page, IsOk());
  if (page.ok()) {
    for (const rp::ReportDraft& d : page->drafts()) out.push_back(d.org_unit());
  }
  return out;
}

TEST_F(ReportE2eTest, AUnitOfficerWritesInItsSubtreeAndIsRefusedElsewhereChangingNothing) {
  auto officer = ReportAs(OfficerToken());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto district,
                              CreateDraft(*officer, FixtureDraftIn(kCaoLoc), "e2e-officer-183"));
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto commune, CreateDraft(*officer, FixtureDraftIn(kYenTrach), "e2e-officer-06247"));
  EXPECT_EQ(commune.draft().org_unit(), "orgUnits/06247");

  const std::vector<std::string> before = DraftStates();
  EXPECT_THAT(CreateDraft(*officer, FixtureDraftIn(kLangSonCity), "e2e-officer-178"),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  // The city's own draft, made by the province: the officer may not touch it.
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto city,
                              CreateDraft(report(), FixtureDraftIn(kLangSonCity), "e2e-admin-178"));
  const std::vector<std::string> with_city = DraftStates();
  EXPECT_EQ(with_city.size(), before.size() + 1);

  rp::GetReportDraftRequest get;
  get.set_name(city.draft().name());
  EXPECT_THAT(Call(*officer, &rp::ReportService::Stub::GetReportDraft, get),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  rp::UpdateReportDraftRequest update;
  *update.mutable_draft() = city.draft();
  update.mutable_draft()->set_place_name("Cao Lộc");
  update.mutable_update_mask()->add_paths("place_name");
  EXPECT_THAT(Call(*officer, &rp::ReportService::Stub::UpdateReportDraft, update),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  // Nor move its own draft into the city.
  *update.mutable_draft() = district.draft();
  update.mutable_draft()->set_org_unit(absl::StrCat("orgUnits/", kLangSonCity));
  update.mutable_update_mask()->set_paths(0, "org_unit");
  EXPECT_THAT(Call(*officer, &rp::ReportService::Stub::UpdateReportDraft, update),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  rp::SubmitReportRequest submit;
  submit.set_name(city.draft().name());
  submit.set_request_id("e2e-officer-submit-178");
  EXPECT_THAT(Call(*officer, &rp::ReportService::Stub::SubmitReport, submit),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  rp::AssembleReportRequest assemble;
  assemble.set_name(city.draft().name());
  EXPECT_THAT(Call(*officer, &rp::ReportService::Stub::AssembleReport, assemble),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  EXPECT_EQ(DraftStates(), with_city);

  // Its list holds its subtree only; another district's list is refused.
  const std::vector<std::string> listed = ListedUnits(*officer);
  EXPECT_THAT(listed, ::testing::Contains("orgUnits/183"));
  EXPECT_THAT(listed, ::testing::Contains("orgUnits/06247"));
  EXPECT_THAT(listed, ::testing::Each(::testing::AnyOf("orgUnits/183", "orgUnits/06247")));
  rp::ListReportDraftsRequest city_list;
  city_list.set_org_unit(absl::StrCat("orgUnits/", kLangSonCity));
  EXPECT_THAT(Call(*officer, &rp::ReportService::Stub::ListReportDrafts, city_list),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));

  // Templates belong to no unit: read by anyone, made by the province only.
  rp::GetTemplateRequest get_template;
  get_template.set_name("templates/bao-cao-ke-hoach-115/versions/1");
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto shipped, Call(*officer, &rp::ReportService::Stub::GetTemplate, get_template));
  rp::CreateTemplateVersionRequest create_template;
  *create_template.mutable_template_() = shipped.template_();
  create_template.set_request_id("e2e-officer-template");
  EXPECT_THAT(Call(*officer, &rp::ReportService::Stub::CreateTemplateVersion, create_template),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto templates, Call(report(), &rp::ReportService::Stub::ListTemplates,
                                                   rp::ListTemplatesRequest()));
  ASSERT_EQ(templates.templates_size(), 1);
  EXPECT_EQ(templates.templates(0).version(), 2);
}

TEST_F(ReportE2eTest, ViewersAndIntegrationClientsReadWithinTheirUnitAndWriteNothing) {
  ASSERT_FALSE(shared_->snapshot.empty()) << "the submit test did not run first";
  HOPTAC_ASSERT_OK_AND_ASSIGN(std::string cao_loc, CaoLocDraft());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto city,
                              CreateDraft(report(), FixtureDraftIn(kLangSonCity), "e2e-admin-178"));
  const std::vector<std::string> before = DraftStates();
  const TestSecurity& security = TestSecurity::Get();

  auto viewer = ReportAs(security.Token(Role::kViewer, kCaoLoc, "viewer.caoloc"));
  rp::GetReportDraftRequest get;
  get.set_name(cao_loc);
  EXPECT_THAT(Call(*viewer, &rp::ReportService::Stub::GetReportDraft, get), IsOk());
  rp::GetReportSnapshotRequest snapshot;
  snapshot.set_name(shared_->snapshot);
  EXPECT_THAT(Call(*viewer, &rp::ReportService::Stub::GetReportSnapshot, snapshot), IsOk());
  get.set_name(city.draft().name());
  EXPECT_THAT(Call(*viewer, &rp::ReportService::Stub::GetReportDraft, get),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  EXPECT_THAT(CreateDraft(*viewer, FixtureDraftIn(kCaoLoc), "e2e-viewer-183"),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  rp::SubmitReportRequest submit;
  submit.set_name(cao_loc);
  submit.set_request_id("e2e-viewer-submit");
  EXPECT_THAT(Call(*viewer, &rp::ReportService::Stub::SubmitReport, submit),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  EXPECT_THAT(ListedUnits(*viewer),
              ::testing::Each(::testing::AnyOf("orgUnits/183", "orgUnits/06247")));

  // Another district's officer reads neither Cao Lộc's snapshot nor its diff.
  auto city_officer = ReportAs(security.Token(Role::kUnitOfficer, kLangSonCity, "officer.city"));
  EXPECT_THAT(Call(*city_officer, &rp::ReportService::Stub::GetReportSnapshot, snapshot),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  rp::DiffSinceSubmissionRequest diff;
  diff.set_snapshot(shared_->snapshot);
  EXPECT_THAT(Call(*city_officer, &rp::ReportService::Stub::DiffSinceSubmission, diff),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));

  // An integration client of the province reads every unit's drafts, writes none.
  auto client = ReportAs(security.Token(Role::kIntegrationClient, kProvince, "system.stats"));
  EXPECT_THAT(ListedUnits(*client), ::testing::Contains("orgUnits/178"));
  EXPECT_THAT(CreateDraft(*client, FixtureDraftIn(kCaoLoc), "e2e-client-183"),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  EXPECT_EQ(DraftStates(), before);
}

TEST_F(ReportE2eTest, AnOfficerAssemblesItsDistrictsReportTheDataServicesAuthorizingItAgain) {
  auto officer = ReportAs(OfficerToken());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto district,
                              CreateDraft(*officer, FixtureDraftIn(kCaoLoc), "e2e-officer-183"));
  rp::AssembleReportRequest assemble;
  assemble.set_name(district.draft().name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto assembled,
                              Call(*officer, &rp::ReportService::Stub::AssembleReport, assemble));
  EXPECT_THAT(assembled.report().markdown(), HasSubstr("hàng ngày được"));
}

TEST_F(ReportE2eTest, AMissingExpiredOrForgedTokenIsUnauthenticatedAndWritesNothing) {
  const TestSecurity& security = TestSecurity::Get();
  const std::vector<std::string> before = DraftStates();
  const std::string tokens[] = {
      "",
      security.Token(Role::kProvinceAdmin, kProvince, kAdminSubject, -absl::Hours(1)),
      security.ForgedToken(Role::kProvinceAdmin, kProvince),
  };
  int attempt = 0;
  for (const std::string& token : tokens) {
    SCOPED_TRACE(attempt);
    auto stub = ReportAs(token);
    EXPECT_THAT(Call(*stub, &rp::ReportService::Stub::ListTemplates, rp::ListTemplatesRequest()),
                StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_));
    EXPECT_THAT(CreateDraft(*stub, FixtureDraftIn(kCaoLoc),
                            absl::StrCat("e2e-unauthenticated-", attempt++)),
                StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_));
  }
  EXPECT_EQ(DraftStates(), before);
}

TEST_F(ReportE2eTest, AMutationIsInTheAuditTrailWhichOnlyTheProvinceReads) {
  auto officer = ReportAs(OfficerToken());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto created,
                              CreateDraft(*officer, FixtureDraftIn(kCaoLoc), "e2e-audited"));
  // A retry returns the draft and appends nothing.
  ASSERT_THAT(CreateDraft(*officer, FixtureDraftIn(kCaoLoc), "e2e-audited"), IsOk());
  EXPECT_THAT(CreateDraft(*officer, FixtureDraftIn(kLangSonCity), "e2e-audited-refused"),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));

  auto audit = cm::AuditService::NewStub(ChannelTo(*shared_->report, AdminToken()));
  cm::ListAuditEventsRequest by_resource;
  by_resource.set_resource(created.draft().name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto events, Call(*audit, &cm::AuditService::Stub::ListAuditEvents, by_resource));
  ASSERT_EQ(events.events_size(), 1) << events.DebugString();
  const cm::AuditEvent& event = events.events(0);
  EXPECT_EQ(event.subject(), kOfficerSubject);
  EXPECT_EQ(event.role(), "unit_officer");
  EXPECT_EQ(event.org_unit(), kCaoLoc);
  EXPECT_EQ(event.method(), "hoptac.report.v1.ReportService/CreateReportDraft");
  EXPECT_EQ(event.resource(), created.draft().name());
  EXPECT_EQ(event.request_id(), "e2e-audited");
  EXPECT_EQ(event.outcome(), "OK");

  // The refused attempt is there too, with its outcome.
  cm::ListAuditEventsRequest by_subject;
  by_subject.set_subject(kOfficerSubject);
  by_subject.set_page_size(200);
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto officers, Call(*audit, &cm::AuditService::Stub::ListAuditEvents, by_subject));
  bool refused_recorded = false;
  for (const cm::AuditEvent& e : officers.events()) {
    if (e.request_id() == "e2e-audited-refused") {
      refused_recorded = true;
      EXPECT_EQ(e.outcome(), "PERMISSION_DENIED");
      EXPECT_EQ(e.method(), "hoptac.report.v1.ReportService/CreateReportDraft");
    }
  }
  EXPECT_TRUE(refused_recorded) << officers.DebugString();

  auto officer_audit = cm::AuditService::NewStub(ChannelTo(*shared_->report, OfficerToken()));
  EXPECT_THAT(Call(*officer_audit, &cm::AuditService::Stub::ListAuditEvents, by_resource),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
}

TEST_F(ReportE2eTest, HostileInputIsStoredVerbatimOrRefusedNamingTheFieldAndChangesNothing) {
  const std::vector<std::string> before = DraftStates();
  // SQL metacharacters are text like any other.
  const std::string injection = "UBND'; DROP TABLE report_drafts; --";
  rp::ReportDraft quoted = FixtureDraftIn(kCaoLoc);
  quoted.set_issuing_body(injection);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto stored, CreateDraft(report(), quoted, "e2e-hostile-sql"));
  rp::GetReportDraftRequest get;
  get.set_name(stored.draft().name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto read, Call(report(), &rp::ReportService::Stub::GetReportDraft, get));
  EXPECT_EQ(read.draft().issuing_body(), injection);
  rp::ListReportDraftsRequest injected_filter;
  injected_filter.set_org_unit("orgUnits/183' OR '1'='1");
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::ListReportDrafts, injected_filter),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("org_unit")));
  const std::vector<std::string> with_quoted = DraftStates();
  EXPECT_EQ(with_quoted.size(), before.size() + 1);

  const std::string megabyte(1 << 20, 'a');
  rp::ReportDraft huge_name = FixtureDraftIn(kCaoLoc);
  huge_name.set_issuing_body(megabyte);
  EXPECT_THAT(CreateDraft(report(), huge_name, "e2e-hostile-1mb-name"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("draft.issuing_body")));
  rp::ReportDraft huge_text = FixtureDraftIn(kCaoLoc);
  ASSERT_GT(huge_text.narratives_size(), 0);
  huge_text.mutable_narratives(0)->set_text(megabyte);
  EXPECT_THAT(CreateDraft(report(), huge_text, "e2e-hostile-1mb-text"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("draft.narratives[0].text")));
  rp::ReportDraft control = FixtureDraftIn(kCaoLoc);
  control.set_place_name("Cao\x01Lộc");
  EXPECT_THAT(CreateDraft(report(), control, "e2e-hostile-control"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("draft.place_name")));
  rp::ReportDraft many = FixtureDraftIn(kCaoLoc);
  for (int i = 0; i < 1000; ++i) many.add_recipients("Lưu: VT.");
  EXPECT_THAT(CreateDraft(report(), many, "e2e-hostile-recipients"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("draft.recipients")));

  // An update is refused the same way and leaves the draft as it was.
  rp::UpdateReportDraftRequest update;
  *update.mutable_draft() = read.draft();
  update.mutable_draft()->clear_recipients();
  update.mutable_draft()->add_recipients(megabyte);
  update.mutable_update_mask()->add_paths("recipients");
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::UpdateReportDraft, update),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("draft.recipients[0]")));

  // A template body of a megabyte; names and numbers out of range.
  rp::GetTemplateRequest get_template;
  get_template.set_name("templates/bao-cao-ke-hoach-115/versions/1");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto shipped,
                              Call(report(), &rp::ReportService::Stub::GetTemplate, get_template));
  rp::CreateTemplateVersionRequest huge_template;
  *huge_template.mutable_template_() = shipped.template_();
  huge_template.mutable_template_()->set_body(megabyte);
  huge_template.set_request_id("e2e-hostile-template");
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::CreateTemplateVersion, huge_template),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("template.body")));
  huge_template.mutable_template_()->set_body(shipped.template_().body());
  huge_template.mutable_template_()->set_document_kind("BC\x07");
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::CreateTemplateVersion, huge_template),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("template.document_kind")));
  get.set_name("reportDrafts/99999999999999999999");
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::GetReportDraft, get),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")));
  get.set_name("reportDrafts/-1");
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::GetReportDraft, get),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")));
  get.set_name(absl::StrCat("reportDrafts/", INT64_MAX));
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::GetReportDraft, get),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  rp::ListReportDraftsRequest negative_page;
  negative_page.set_page_size(-1);
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::ListReportDrafts, negative_page),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));

  EXPECT_EQ(DraftStates(), with_quoted);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto templates, Call(report(), &rp::ReportService::Stub::ListTemplates,
                                                   rp::ListTemplatesRequest()));
  ASSERT_EQ(templates.templates_size(), 1);
  EXPECT_EQ(templates.templates(0).version(), 2);
}

TEST_F(ReportE2eTest, TheRenderToolCallsOverMutualTlsWithItsCallersToken) {
  const std::string dir = TestSecurity::Get().dir();
  const std::string token_file = dir + "/report-e2e-render.token";
  std::ofstream(token_file) << OfficerToken() << "\n";
  const std::string out = dir + "/rendered/cao-loc-2023";
  auto render = [&](std::vector<std::string> extra) -> std::string {
    ProcessOptions options;
    options.binary = kRenderBinary;
    options.args = {absl::StrCat("--report_address=", shared_->report->LoopbackAddress()),
                    absl::StrCat("--draft_dir=", kDraftDir), absl::StrCat("--out=", out),
                    absl::StrCat("--tls_cert_file=", dir, "/client.crt"),
                    absl::StrCat("--tls_key_file=", dir, "/client.key"),
                    absl::StrCat("--tls_ca_file=", dir, "/ca.crt")};
    for (std::string& arg : extra) options.args.push_back(std::move(arg));
    options.drop_env_prefixes = {"HOPTAC_"};
    auto process = ServerProcess::Start(std::move(options));
    if (!process.ok()) return process.status().ToString();
    auto exit = (*process)->WaitForExit(kStartTimeout);
    if (!exit.ok()) return exit.status().ToString();
    if (!exit->Success()) return absl::StrCat(exit->ToString(), "\n", (*process)->Stderr());
    return "";
  };
  EXPECT_THAT(render({}), HasSubstr("--bearer_token_file"));
  ASSERT_EQ(render({absl::StrCat("--bearer_token_file=", token_file)}), "");
  std::ifstream markdown(out + ".md");
  const std::string text((std::istreambuf_iterator<char>(markdown)),
                         std::istreambuf_iterator<char>());
  EXPECT_THAT(text, HasSubstr("hàng ngày được"));
  // The draft it made is the officer's, in the audit trail under its name.
  auto audit = cm::AuditService::NewStub(ChannelTo(*shared_->report, AdminToken()));
  cm::ListAuditEventsRequest by_subject;
  by_subject.set_subject(kOfficerSubject);
  by_subject.set_page_size(200);
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto events, Call(*audit, &cm::AuditService::Stub::ListAuditEvents, by_subject));
  bool rendered_draft = false;
  for (const cm::AuditEvent& e : events.events()) {
    rendered_draft = rendered_draft || absl::StartsWith(e.request_id(), "render/");
  }
  EXPECT_TRUE(rendered_draft) << events.DebugString();
}

// A TCP port that accepts connections and never answers: a hung service.
class SilentPort {
 public:
  SilentPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    listen(fd_, 16);
    socklen_t size = sizeof(address);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
  }
  ~SilentPort() { close(fd_); }
  std::string Address() const { return absl::StrCat("127.0.0.1:", port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST_F(ReportE2eTest, AServiceThatDoesNotAnswerInTimeIsADeadlineNamingIt) {
  // A second report process whose outreach service hangs.
  SilentPort silent;
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto db, TestDatabase::Create());
  ProcessOptions options = ServiceProcessOptions("report", *db);
  options.args.push_back(
      absl::StrCat("--registry_address=", shared_->registry->LoopbackAddress()));
  options.args.push_back(absl::StrCat("--subsidy_address=", shared_->subsidy->LoopbackAddress()));
  options.args.push_back(absl::StrCat("--outreach_address=", silent.Address()));
  options.args.push_back(absl::StrCat("--report_templates_dir=", kTemplatesDir));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto process, StartService(std::move(options)));
  auto stub = rp::ReportService::NewStub(ChannelTo(*process, AdminToken()));
  auto draft = report::LoadDraftDirectory(kDraftDir);
  ASSERT_THAT(draft, IsOk());
  rp::CreateReportDraftRequest create;
  *create.mutable_draft() = *draft;
  create.set_request_id("e2e-silent");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto created,
                              Call(*stub, &rp::ReportService::Stub::CreateReportDraft, create));

  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  rp::AssembleReportRequest assemble;
  assemble.set_name(created.draft().name());
  rp::AssembleReportResponse response;
  const absl::Time start = absl::Now();
  const absl::Status status = FromGrpcStatus(stub->AssembleReport(&context, assemble, &response));
  // The report answers before the caller's deadline, naming the late service.
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kDeadlineExceeded,
                               HasSubstr("outreach service did not answer before the deadline")));
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  stub.reset();
  auto exit = process->Terminate(kStopTimeout);
  EXPECT_TRUE(exit.ok() && exit->Success()) << process->StderrTail();
}

TEST_F(ReportE2eTest, AStoppedDataServiceFailsAssemblyNamingItAndNothingIsWritten) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(std::string draft, CaoLocDraft());
  shared_->subsidy_stub.reset();
  auto stopped = shared_->subsidy->Terminate(kStopTimeout);
  ASSERT_TRUE(stopped.ok()) << stopped.status();

  EXPECT_THAT(Assemble(draft), StatusIs(absl::StatusCode::kUnavailable,
                                        HasSubstr("subsidy service unavailable")));
  rp::SubmitReportRequest submit;
  submit.set_name(draft);
  submit.set_request_id("e2e-submit-without-subsidy");
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::SubmitReport, submit),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("subsidy")));
  // The first submission's retry is still answered, from the stored snapshot.
  rp::SubmitReportRequest retry;
  retry.set_name(draft);
  retry.set_request_id("e2e-submit-1");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto retried,
                              Call(report(), &rp::ReportService::Stub::SubmitReport, retry));
  EXPECT_EQ(retried.snapshot().name(), shared_->snapshot);
  // No snapshot was written after the first one.
  ASSERT_FALSE(shared_->snapshot.empty()) << "the submit test did not run first";
  const std::string first_id = shared_->snapshot.substr(shared_->snapshot.rfind('/') + 1);
  rp::GetReportSnapshotRequest next;
  next.set_name(absl::StrCat(draft, "/snapshots/", std::stoll(first_id) + 1));
  EXPECT_THAT(Call(report(), &rp::ReportService::Stub::GetReportSnapshot, next),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("snapshots")));
}

}  // namespace
}  // namespace hoptac::e2e
