// The loader against fake steps: which requests it sends, with which
// request ids and resolved references, and what stops it before any call.
#include "tools/load_fixture/fixture_loader.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hoptac/registry/v1/registry.pb.h"
#include "hoptac/subsidy/v1/subsidy.pb.h"

namespace hoptac::fixture {
namespace {

namespace rg = ::hoptac::registry::v1;
namespace sb = ::hoptac::subsidy::v1;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A step whose "service" is `handler`.
template <typename Request, typename Response>
FixtureStep FakeStep(std::string file, std::string method,
                     std::function<grpc::Status(const Request&, Response&)> handler) {
  FixtureStep step;
  step.file = std::move(file);
  step.method = std::move(method);
  step.new_request = [] { return std::make_unique<Request>(); };
  step.call = [handler](grpc::ClientContext&, const google::protobuf::Message& request,
                        std::unique_ptr<google::protobuf::Message>& response) {
    auto typed = std::make_unique<Response>();
    const grpc::Status status = handler(static_cast<const Request&>(request), *typed);
    response = std::move(typed);
    return status;
  };
  return step;
}

class FixtureLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            absl::StrCat("hoptac-fixture-loader-test-", getpid());
    std::filesystem::remove_all(root_);
    dir_ = root_ / "demo-fixture";
    std::filesystem::create_directories(dir_);
    steps_ = {
        FakeStep<rg::StartCooperativeDissolutionRequest, rg::StartCooperativeDissolutionResponse>(
            "registry/dissolutions_started.jsonl", "StartCooperativeDissolution",
            [this](const auto& request, auto& response) {
              dissolutions_.push_back(request);
              response.mutable_cooperative()->set_name(request.name());
              return grpc::Status::OK;
            }),
        FakeStep<sb::CreateBeneficiaryRequest, sb::CreateBeneficiaryResponse>(
            "subsidy/beneficiaries.jsonl", "CreateBeneficiary",
            [this](const auto& request, auto& response) {
              beneficiaries_.push_back(request);
              response.mutable_beneficiary()->set_name(
                  absl::StrCat("beneficiaries/", 40 + beneficiaries_.size()));
              return grpc::Status::OK;
            }),
        FakeStep<sb::ApplyForGrantRequest, sb::ApplyForGrantResponse>(
            "subsidy/applications.jsonl", "ApplyForGrant",
            [this](const auto& request, auto& response) {
              applications_.push_back(request);
              if (request.requested_dong() > 1'000'000'000) {
                return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "over budget");
              }
              response.mutable_grant()->set_name(
                  absl::StrCat("grants/", 70 + applications_.size()));
              return grpc::Status::OK;
            }),
    };
  }

  void TearDown() override { std::filesystem::remove_all(root_); }

  void Write(const std::string& file, const std::vector<std::string>& lines) {
    std::filesystem::create_directories((dir_ / file).parent_path());
    std::ofstream out(dir_ / file);
    for (const std::string& line : lines) out << line << "\n";
  }

  absl::StatusOr<std::vector<LoadedFile>> Load(LoadOptions options = {}) {
    if (options.fixture_dirs.empty()) options.fixture_dirs = {dir_.string()};
    std::ostringstream progress;
    return LoadFixture(options, steps_, progress);
  }

  int Calls() const {
    return static_cast<int>(dissolutions_.size() + beneficiaries_.size() + applications_.size());
  }

  std::filesystem::path root_;
  std::filesystem::path dir_;
  std::vector<FixtureStep> steps_;
  std::vector<rg::StartCooperativeDissolutionRequest> dissolutions_;
  std::vector<sb::CreateBeneficiaryRequest> beneficiaries_;
  std::vector<sb::ApplyForGrantRequest> applications_;
};

constexpr char kHousehold[] =
    R"({"key": "ben/hoa", "request": {"beneficiary": {)"
    R"("kind": "BENEFICIARY_KIND_HOUSEHOLD_BUSINESS", "taxCode": "8023456782", )"
    R"("displayName": "Hộ kinh doanh Lương Thị Hoa", "orgUnitCode": "06199"}}})";
constexpr char kApplication[] =
    R"({"key": "grant/ocop-hoa", "request": {"program": "programs/CL-OCOP-2023", )"
    R"("beneficiary": "@ben/hoa", "fiscalYear": 2023, "requestedDong": "5000000"}})";

TEST_F(FixtureLoaderTest, RequestIdsComeFromFixtureFileAndLine) {
  Write("subsidy/beneficiaries.jsonl",
        {"# comment", kHousehold, "",
         R"({"request": {"beneficiary": {"kind": 5, "taxCode": "1"}}})"});
  ASSERT_TRUE(Load().ok());
  ASSERT_EQ(beneficiaries_.size(), 2u);
  EXPECT_EQ(beneficiaries_[0].request_id(), "fixture/demo-fixture/subsidy/beneficiaries.jsonl:2");
  EXPECT_EQ(beneficiaries_[1].request_id(), "fixture/demo-fixture/subsidy/beneficiaries.jsonl:4");
  EXPECT_EQ(beneficiaries_[0].beneficiary().display_name(), "Hộ kinh doanh Lương Thị Hoa");
}

TEST_F(FixtureLoaderTest, FixtureNameCanBeGivenForACopyOfAFixture) {
  Write("subsidy/beneficiaries.jsonl", {kHousehold});
  LoadOptions options;
  options.fixture_name = "cao-loc-2023";
  ASSERT_TRUE(Load(options).ok());
  ASSERT_EQ(beneficiaries_.size(), 1u);
  EXPECT_EQ(beneficiaries_[0].request_id(), "fixture/cao-loc-2023/subsidy/beneficiaries.jsonl:1");
}

TEST_F(FixtureLoaderTest, ReferencesBecomeTheNamesTheServiceGave) {
  Write("subsidy/beneficiaries.jsonl", {kHousehold});
  Write("subsidy/applications.jsonl", {kApplication});
  auto loaded = Load();
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_EQ(applications_.size(), 1u);
  EXPECT_EQ(applications_[0].beneficiary(), "beneficiaries/41");
  EXPECT_EQ(applications_[0].requested_dong(), 5'000'000);
  ASSERT_EQ(loaded->size(), 2u);
  EXPECT_EQ((*loaded)[0].file, "subsidy/beneficiaries.jsonl");  // steps' order, not the files'
}

TEST_F(FixtureLoaderTest, LifecycleRequestIdGoesIntoTheChangeContext) {
  Write("registry/dissolutions_started.jsonl",
        {R"({"request": {"name": "cooperatives/4900102877", )"
         R"("dissolutionKind": "DISSOLUTION_KIND_VOLUNTARY", "change": {"reason": "Lỗ"}}})"});
  ASSERT_TRUE(Load().ok());
  ASSERT_EQ(dissolutions_.size(), 1u);
  EXPECT_EQ(dissolutions_[0].change().request_id(),
            "fixture/demo-fixture/registry/dissolutions_started.jsonl:1");
  EXPECT_EQ(dissolutions_[0].change().reason(), "Lỗ");
}

TEST_F(FixtureLoaderTest, MalformedLineStopsTheLoadBeforeAnyCall) {
  Write("subsidy/beneficiaries.jsonl", {kHousehold});
  Write("subsidy/applications.jsonl", {"", R"({"request": {"program": )"});
  auto loaded = Load();
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(loaded.status().message(), HasSubstr("subsidy/applications.jsonl:2: "));
  EXPECT_EQ(Calls(), 0);
}

TEST_F(FixtureLoaderTest, UnknownFieldIsRefusedBeforeAnyCall) {
  Write("subsidy/beneficiaries.jsonl",
        {kHousehold, R"({"request": {"beneficiary": {"kind": 4, "taxNumber": "1"}}})"});
  auto loaded = Load();
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(loaded.status().message(),
              HasSubstr("subsidy/beneficiaries.jsonl:2: CreateBeneficiary: INVALID_ARGUMENT"));
  EXPECT_EQ(Calls(), 0);
}

TEST_F(FixtureLoaderTest, LineWithoutRequestOrWithStrayFieldsIsRefused) {
  Write("subsidy/beneficiaries.jsonl", {R"({"key": "ben/x"})"});
  EXPECT_THAT(Load().status().message(),
              HasSubstr("beneficiaries.jsonl:1: \"request\" is missing"));
  Write("subsidy/beneficiaries.jsonl", {R"({"request": {}, "note": "x"})"});
  EXPECT_THAT(Load().status().message(), HasSubstr("unknown field \"note\""));
  EXPECT_EQ(Calls(), 0);
}

TEST_F(FixtureLoaderTest, ReferenceToALaterOrMissingKeyIsRefusedBeforeAnyCall) {
  Write("subsidy/beneficiaries.jsonl", {kHousehold});
  Write("subsidy/applications.jsonl",
        {R"({"request": {"beneficiary": "@ben/lan", "requestedDong": "1"}})"});
  auto loaded = Load();
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(loaded.status().message(),
              HasSubstr("subsidy/applications.jsonl:1: ApplyForGrant: NOT_FOUND: "
                        "reference \"@ben/lan\""));
  EXPECT_EQ(Calls(), 0);
}

TEST_F(FixtureLoaderTest, KeyUsedTwiceIsRefusedBeforeAnyCall) {
  Write("subsidy/beneficiaries.jsonl", {kHousehold, kHousehold});
  auto loaded = Load();
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(loaded.status().message(), HasSubstr("subsidy/beneficiaries.jsonl:2:"));
  EXPECT_EQ(Calls(), 0);
}

TEST_F(FixtureLoaderTest, FixtureMayNotChooseItsOwnRequestIds) {
  Write("subsidy/beneficiaries.jsonl",
        {R"({"request": {"beneficiary": {"kind": 4}, "requestId": "mine"}})"});
  auto loaded = Load();
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(loaded.status().message(), HasSubstr("request_id"));
  EXPECT_EQ(Calls(), 0);
}

TEST_F(FixtureLoaderTest, RefusedCallStopsTheLoadNamingFileLineAndStatus) {
  Write("subsidy/beneficiaries.jsonl", {kHousehold});
  Write("subsidy/applications.jsonl",
        {R"({"request": {"beneficiary": "@ben/hoa", "requestedDong": "2000000000"}})",
         R"({"request": {"beneficiary": "@ben/hoa", "requestedDong": "1"}})"});
  auto loaded = Load();
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(loaded.status().message(),
            "subsidy/applications.jsonl:1: ApplyForGrant: FAILED_PRECONDITION: over budget");
  EXPECT_EQ(applications_.size(), 1u);  // the second line was not sent
}

TEST_F(FixtureLoaderTest, MisspeltFileIsAnErrorNotSilence) {
  Write("subsidy/beneficiaries.jsonl", {kHousehold});
  Write("subsidy/beneficiary.jsonl", {kHousehold});
  auto loaded = Load();
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(loaded.status().message(), HasSubstr("subsidy/beneficiary.jsonl: not a fixture"));
  EXPECT_EQ(Calls(), 0);
}

TEST_F(FixtureLoaderTest, FolderWithoutFixtureFilesIsAnError) {
  EXPECT_EQ(Load().status().code(), absl::StatusCode::kNotFound);
  LoadOptions options;
  options.fixture_dirs = {(root_ / "missing").string()};
  std::ostringstream progress;
  EXPECT_EQ(LoadFixture(options, steps_, progress).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(FixtureLoaderTest, LaterFolderRefersToKeysOfAnEarlierOne) {
  Write("subsidy/beneficiaries.jsonl", {kHousehold});
  const std::filesystem::path changes = root_ / "changes";
  std::filesystem::create_directories(changes / "subsidy");
  std::ofstream(changes / "subsidy/applications.jsonl") << kApplication << "\n";
  LoadOptions options;
  options.fixture_dirs = {dir_.string(), changes.string() + "/"};
  auto loaded = Load(options);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_EQ(applications_.size(), 1u);
  EXPECT_EQ(applications_[0].beneficiary(), "beneficiaries/41");
  EXPECT_EQ(applications_[0].request_id(), "fixture/changes/subsidy/applications.jsonl:1");
  EXPECT_EQ(beneficiaries_[0].request_id(), "fixture/demo-fixture/subsidy/beneficiaries.jsonl:1");
  ASSERT_EQ(loaded->size(), 2u);
  EXPECT_EQ((*loaded)[1].fixture, "changes");
}

TEST_F(FixtureLoaderTest, ErrorsInALaterFolderNameIt) {
  Write("subsidy/beneficiaries.jsonl", {kHousehold});
  const std::filesystem::path changes = root_ / "changes";
  std::filesystem::create_directories(changes / "subsidy");
  std::ofstream(changes / "subsidy/applications.jsonl") << "{"
                                                        << "\n";
  LoadOptions options;
  options.fixture_dirs = {dir_.string(), changes.string()};
  EXPECT_THAT(Load(options).status().message(),
              HasSubstr("changes: subsidy/applications.jsonl:1: "));
  EXPECT_EQ(Calls(), 0);
}

TEST_F(FixtureLoaderTest, TwoFoldersOfOneNameWouldShareRequestIds) {
  Write("subsidy/beneficiaries.jsonl", {kHousehold});
  LoadOptions options;
  options.fixture_dirs = {dir_.string(), dir_.string()};
  EXPECT_EQ(Load(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.fixture_dirs = {dir_.string()};
  options.fixture_name = "x";
  EXPECT_TRUE(Load(options).ok());
  options.fixture_dirs = {dir_.string(), (root_ / "other").string()};
  EXPECT_EQ(Load(options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(FixtureLoaderTest, CheckOnlyCallsNothing) {
  Write("subsidy/beneficiaries.jsonl", {kHousehold});
  Write("subsidy/applications.jsonl", {kApplication});
  LoadOptions options;
  options.check_only = true;
  auto loaded = Load(options);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->size(), 2u);
  EXPECT_THAT(beneficiaries_, IsEmpty());
  EXPECT_THAT(applications_, IsEmpty());
}

}  // namespace
}  // namespace hoptac::fixture
