// End-to-end tests of hoptac-registry: the real binary, started as a process on
// a fresh MariaDB database with Lạng Sơn's administrative units, called over
// gRPC like a client would. One server is shared by the RegistryE2eTest suite
// (SetUpTestSuite) to keep the run short; the tests that stop a server or
// misconfigure one start their own. Every server serves mutual TLS and
// verifies bearer tokens (issue 7), as in a deployment.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hoptac/common/v1/audit.grpc.pb.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "services/common/auth/caller.h"
#include "services/common/grpc_status.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "src/proto/grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "tests/support/server_process.h"
#include "tests/support/service_processes.h"
#include "tests/support/test_security.h"

namespace hoptac::e2e {
namespace {

namespace v1 = ::hoptac::registry::v1;
namespace health = ::grpc::health::v1;
namespace reflection = ::grpc::reflection::v1alpha;
using ::hoptac::common::v1::Date;
using ::hoptac::testing::ExitStatus;
using ::hoptac::testing::IsOk;
using ::hoptac::testing::LogLinesWithMessage;
using ::hoptac::testing::ProcessOptions;
using ::hoptac::testing::ServerProcess;
using ::hoptac::testing::ServiceBinary;
using ::hoptac::testing::ServiceProcessOptions;
using ::hoptac::testing::StartService;
using ::hoptac::testing::StatusIs;
using ::hoptac::testing::TestDatabase;
using ::hoptac::testing::TestSecurity;
using ::testing::AllOf;
using ::testing::AnyOf;
using ::testing::Contains;
using ::testing::Each;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Property;
using ::testing::SizeIs;

constexpr char kServiceName[] = "hoptac.registry.v1.RegistryService";
constexpr absl::Duration kStartTimeout = absl::Seconds(60);
constexpr absl::Duration kStopTimeout = absl::Seconds(30);
constexpr absl::Duration kCallTimeout = absl::Seconds(10);

constexpr char kCongSon[] = "Hợp tác xã Nông nghiệp Công Sơn";

// ---------------------------------------------------------------------------
// Starting the registry.

// The registry's configuration for `database`, on `listen`, with Lạng Sơn
// (province 20) loaded, mutual TLS and token verification (the test PKI).
// Inherited HOPTAC_* variables are dropped so that the developer's shell
// cannot change what is tested.
ProcessOptions RegistryOptions(const TestDatabase& database, const std::string& listen) {
  ProcessOptions options = ServiceProcessOptions("registry", database);
  // Later flags win: these replace the shared defaults.
  options.args.push_back(absl::StrCat("--listen=", listen));
  options.args.push_back("--shutdown_grace=10s");
  options.args.push_back("--health_check_interval=5s");
  options.args.push_back("--db_pool_size=8");
  return options;
}

// Starts a registry and waits for its "listening" line.
absl::StatusOr<std::unique_ptr<ServerProcess>> StartRegistry(
    const TestDatabase& database, const std::string& listen,
    const std::vector<std::string>& extra_args = {}) {
  ProcessOptions options = RegistryOptions(database, listen);
  options.args.insert(options.args.end(), extra_args.begin(), extra_args.end());
  return StartService(std::move(options), kStartTimeout);
}

// A process that is expected to exit by itself (bad configuration, port taken).
absl::StatusOr<std::unique_ptr<ServerProcess>> RunToExit(ProcessOptions options) {
  auto process = ServerProcess::Start(std::move(options));
  if (!process.ok()) return process.status();
  if (auto exit = (*process)->WaitForExit(kStartTimeout); !exit.ok()) return exit.status();
  return process;
}

// A province administrator of Lạng Sơn: may do everything.
std::string AdminToken() {
  return TestSecurity::Get().Token(Role::kProvinceAdmin, "20", "admin.langson");
}

// Mutual TLS, every call as `token` (none when empty).
std::shared_ptr<grpc::Channel> ConnectAs(const ServerProcess& process, const std::string& token) {
  return TestSecurity::Get().Channel(process.LoopbackAddress(), token);
}

std::shared_ptr<grpc::Channel> ConnectTo(const ServerProcess& process) {
  return ConnectAs(process, AdminToken());
}

void SetCallDeadline(grpc::ClientContext& context) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + kCallTimeout));
}

double Milliseconds(absl::Duration d) { return absl::ToDoubleMilliseconds(d); }

// ---------------------------------------------------------------------------
// Calling it.

template <typename Request, typename Response>
using StubMethod = grpc::Status (v1::RegistryService::Stub::*)(grpc::ClientContext*,
                                                               const Request&, Response*);

// One unary call with the default deadline; the gRPC status as absl::Status.
template <typename Request, typename Response>
absl::StatusOr<Response> Call(v1::RegistryService::Stub& stub,
                              StubMethod<Request, Response> method, const Request& request) {
  grpc::ClientContext context;
  SetCallDeadline(context);
  Response response;
  const grpc::Status status = (stub.*method)(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

Date Day(int year, int month, int day) {
  Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

absl::StatusOr<health::HealthCheckResponse> CheckHealth(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& service) {
  auto stub = health::Health::NewStub(channel);
  grpc::ClientContext context;
  SetCallDeadline(context);
  health::HealthCheckRequest request;
  request.set_service(service);
  health::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

v1::GetOrgUnitRequest OrgUnitRequest(const std::string& code, const Date& as_of) {
  v1::GetOrgUnitRequest request;
  request.set_name(absl::StrCat("orgUnits/", code));
  *request.mutable_as_of_date() = as_of;
  return request;
}

v1::ListOrgUnitsRequest ChildrenRequest(const std::string& parent_code, const Date& as_of,
                                        int page_size) {
  v1::ListOrgUnitsRequest request;
  request.set_parent(absl::StrCat("orgUnits/", parent_code));
  *request.mutable_as_of_date() = as_of;
  request.set_page_size(page_size);
  return request;
}

// Every page of a ListOrgUnits query; fails on an error or a runaway token.
absl::StatusOr<std::vector<v1::ListOrgUnitsResponse>> ListAllPages(
    v1::RegistryService::Stub& stub, v1::ListOrgUnitsRequest request) {
  std::vector<v1::ListOrgUnitsResponse> pages;
  do {
    auto page = Call(stub, &v1::RegistryService::Stub::ListOrgUnits, request);
    if (!page.ok()) return page.status();
    pages.push_back(*page);
    request.set_page_token(page->next_page_token());
    if (pages.size() > 1000) return absl::InternalError("next_page_token never ends");
  } while (!request.page_token().empty());
  return pages;
}

// How many cooperatives ListCooperatives returns, over all pages.
absl::StatusOr<int> CountCooperatives(v1::RegistryService::Stub& stub) {
  v1::ListCooperativesRequest request;
  request.set_page_size(500);
  int count = 0;
  do {
    auto page = Call(stub, &v1::RegistryService::Stub::ListCooperatives, request);
    if (!page.ok()) return page.status();
    count += page->cooperatives_size();
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty());
  return count;
}

// An agricultural cooperative in Xã Yên Trạch (06247, Huyện Cao Lộc until 2025).
v1::CreateCooperativeRequest CreateRequest(const std::string& number, const std::string& name,
                                           const Date& established,
                                           const std::string& request_id) {
  v1::CreateCooperativeRequest request;
  v1::Cooperative& c = *request.mutable_cooperative();
  c.set_registration_number(number);
  c.set_display_name(name);
  c.set_kind(v1::COOPERATIVE_KIND_COOPERATIVE);
  c.set_sector(v1::SECTOR_AGRICULTURE);
  c.set_org_unit("orgUnits/06247");
  *c.mutable_establishment_date() = established;
  c.set_member_count(12);
  c.set_charter_capital_dong(500000000);
  request.set_request_id(request_id);
  return request;
}

v1::ChangeContext Change(const Date& effective, const std::string& request_id) {
  v1::ChangeContext change;
  *change.mutable_effective_date() = effective;
  change.set_reason("Đại hội thành viên quyết định giải thể");
  change.set_legal_document("Quyết định số 12/QĐ-UBND ngày 05/3/2023 của UBND huyện Cao Lộc");
  change.set_request_id(request_id);
  return change;
}

v1::GetRegistryStatisticsRequest StatisticsRequest(const std::string& code, int year) {
  v1::GetRegistryStatisticsRequest request;
  request.set_org_unit(absl::StrCat("orgUnits/", code));
  *request.mutable_period()->mutable_start_date() = Day(year, 1, 1);
  *request.mutable_period()->mutable_end_date() = Day(year, 12, 31);
  return request;
}

// ---------------------------------------------------------------------------
// The shared server.

class RegistryE2eTest : public ::testing::Test {
 protected:
  struct Shared {
    std::unique_ptr<TestDatabase> database;
    std::unique_ptr<ServerProcess> registry;
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<v1::RegistryService::Stub> stub;
    absl::Duration cold_start;
  };

  static void SetUpTestSuite() {
    shared_ = new Shared;
    HOPTAC_ASSERT_OK_AND_ASSIGN(shared_->database, TestDatabase::Create());
    HOPTAC_ASSERT_OK_AND_ASSIGN(shared_->registry,
                                StartRegistry(*shared_->database, "127.0.0.1:0"));
    shared_->cold_start = *shared_->registry->startup_duration();
    shared_->channel = ConnectTo(*shared_->registry);
    shared_->stub = v1::RegistryService::NewStub(shared_->channel);
  }

  static void TearDownTestSuite() {
    // Close the connection first: an idle sync client only reads the server's
    // GOAWAY when gRPC's backup poller runs (every 5 s), and the server waits
    // for that before it stops.
    shared_->stub.reset();
    shared_->channel.reset();
    if (shared_->registry != nullptr) {
      auto exit = shared_->registry->Terminate(kStopTimeout);
      EXPECT_THAT(exit, IsOk());
      if (exit.ok()) {
        EXPECT_TRUE(exit->Success()) << exit->ToString();
      }
    }
    delete shared_;
    shared_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(shared_->stub, nullptr) << "the shared registry did not start (see above)";
  }

  static v1::RegistryService::Stub& stub() { return *shared_->stub; }

 public:
  static std::string SharedAddress() { return shared_->registry->LoopbackAddress(); }

 protected:
  static const std::shared_ptr<grpc::Channel>& channel() { return shared_->channel; }

  static Shared* shared_;
};

RegistryE2eTest::Shared* RegistryE2eTest::shared_ = nullptr;

// The shared registry's address, for tests that call it as someone else.
std::string shared_registry_address() { return RegistryE2eTest::SharedAddress(); }

// --- Health and reflection --------------------------------------------------

TEST_F(RegistryE2eTest, HealthServesTheProcessAndTheRegistry) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto overall, CheckHealth(channel(), ""));
  EXPECT_EQ(overall.status(), health::HealthCheckResponse::SERVING);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto named, CheckHealth(channel(), kServiceName));
  EXPECT_EQ(named.status(), health::HealthCheckResponse::SERVING);
  // Health needs TLS but no token.
  auto without_token = ConnectAs(*shared_->registry, "");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto anonymous, CheckHealth(without_token, kServiceName));
  EXPECT_EQ(anonymous.status(), health::HealthCheckResponse::SERVING);
}

// Polls the named health status until it is `want` or `timeout` passes.
bool WaitForHealth(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                   health::HealthCheckResponse::ServingStatus want, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    auto response = CheckHealth(channel, service);
    if (response.ok() && response->status() == want) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return false;
}

TEST_F(RegistryE2eTest, NamedHealthFollowsTheDatabaseWhileTheProcessStaysServing) {
  // A registry of its own, logging in as a user this test can take away.
  const TestDatabase& db = *shared_->database;
  const std::string user = absl::StrCat("probe_", getpid());
  ASSERT_THAT(db.ExecuteAsAdmin(absl::StrCat("CREATE USER '", user, "'@'%' IDENTIFIED BY 'pw'")),
              IsOk());
  const std::string grant =
      absl::StrCat("GRANT ALL ON ", db.dsn().database, ".* TO '", user, "'@'%'");
  ASSERT_THAT(db.ExecuteAsAdmin(grant), IsOk());
  ProcessOptions options = RegistryOptions(db, "127.0.0.1:0");
  for (std::string& arg : options.args) {
    if (absl::StartsWith(arg, "--mysql_dsn=")) {
      arg = absl::StrCat("--mysql_dsn=mysql://", user, "@", db.dsn().host, ":", db.dsn().port,
                         "/", db.dsn().database);
    }
  }
  options.args.push_back("--health_check_interval=200ms");
  options.env = {{"HOPTAC_MYSQL_PASSWORD", "pw"}};
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto registry, ServerProcess::Start(std::move(options)));
  ASSERT_THAT(registry->WaitUntilListening(kStartTimeout), IsOk());
  auto channel = ConnectTo(*registry);
  ASSERT_TRUE(WaitForHealth(channel, kServiceName, health::HealthCheckResponse::SERVING,
                            absl::Seconds(5)));

  // The database refuses the registry: its named status turns NOT_SERVING,
  // while "" (the process) stays SERVING, so Kubernetes takes it out of the
  // Service without restarting it.
  ASSERT_THAT(db.ExecuteAsAdmin(absl::StrCat("DROP USER '", user, "'@'%'")), IsOk());
  ASSERT_THAT(db.ExecuteAsAdmin(absl::StrCat("KILL CONNECTION USER '", user, "'")), IsOk());
  EXPECT_TRUE(WaitForHealth(channel, kServiceName, health::HealthCheckResponse::NOT_SERVING,
                            absl::Seconds(10)));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto overall, CheckHealth(channel, ""));
  EXPECT_EQ(overall.status(), health::HealthCheckResponse::SERVING);

  // The database comes back: so does the registry, without a restart.
  ASSERT_THAT(db.ExecuteAsAdmin(absl::StrCat("CREATE USER '", user, "'@'%' IDENTIFIED BY 'pw'")),
              IsOk());
  ASSERT_THAT(db.ExecuteAsAdmin(grant), IsOk());
  EXPECT_TRUE(WaitForHealth(channel, kServiceName, health::HealthCheckResponse::SERVING,
                            absl::Seconds(10)));
  channel.reset();
  EXPECT_THAT(registry->Terminate(kStopTimeout), IsOk());
  (void)db.ExecuteAsAdmin(absl::StrCat("DROP USER IF EXISTS '", user, "'@'%'"));
}

// A loopback port nothing listens on (bound to port 0, then released).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

TEST_F(RegistryE2eTest, TheHealthPortServesPlaintextWhileTheMainPortRefusesIt) {
  const int health_port = FreePort();
  ASSERT_NE(health_port, 0);
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto registry, StartRegistry(*shared_->database, "127.0.0.1:0",
                                   {absl::StrCat("--health_port=", health_port)}));
  // The probes' port: plaintext, as kubelet's gRPC probe speaks it.
  auto probe = grpc::CreateChannel(absl::StrCat("127.0.0.1:", health_port),
                                   grpc::InsecureChannelCredentials());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto overall, CheckHealth(probe, ""));
  EXPECT_EQ(overall.status(), health::HealthCheckResponse::SERVING);
  EXPECT_TRUE(WaitForHealth(probe, kServiceName, health::HealthCheckResponse::SERVING,
                            absl::Seconds(10)));
  // The main port speaks TLS only: a plaintext client gets no answer.
  auto plaintext = grpc::CreateChannel(registry->LoopbackAddress(),
                                       grpc::InsecureChannelCredentials());
  EXPECT_THAT(CheckHealth(plaintext, ""), StatusIs(absl::StatusCode::kUnavailable, ::testing::_));
  auto plaintext_stub = v1::RegistryService::NewStub(plaintext);
  EXPECT_THAT(Call(*plaintext_stub, &v1::RegistryService::Stub::GetOrgUnit,
                   OrgUnitRequest("183", Day(2023, 12, 31))),
              StatusIs(absl::StatusCode::kUnavailable, ::testing::_));
  probe.reset();
  plaintext_stub.reset();
  plaintext.reset();
  EXPECT_THAT(registry->Terminate(kStopTimeout), IsOk());
}

TEST_F(RegistryE2eTest, HealthOfAnUnknownServiceIsNotFound) {
  EXPECT_THAT(CheckHealth(channel(), "hoptac.nothing.v1.NothingService"),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

// One request/response exchange on an open reflection stream.
absl::StatusOr<reflection::ServerReflectionResponse> Reflect(
    grpc::ClientReaderWriter<reflection::ServerReflectionRequest,
                             reflection::ServerReflectionResponse>& stream,
    const reflection::ServerReflectionRequest& request) {
  if (!stream.Write(request)) return absl::UnavailableError("reflection stream closed on write");
  reflection::ServerReflectionResponse response;
  if (!stream.Read(&response)) return absl::UnavailableError("reflection stream closed on read");
  if (response.has_error_response()) {
    return absl::Status(static_cast<absl::StatusCode>(response.error_response().error_code()),
                        response.error_response().error_message());
  }
  return response;
}

// The registry's FileDescriptorProto among the files reflection returned.
std::optional<google::protobuf::FileDescriptorProto> FindFile(
    const reflection::FileDescriptorResponse& files, const std::string& name) {
  for (const std::string& bytes : files.file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto file;
    if (file.ParseFromString(bytes) && file.name() == name) return file;
  }
  return std::nullopt;
}

TEST_F(RegistryE2eTest, ReflectionListsTheRegistryAndServesItsDescriptor) {
  auto reflection_stub = reflection::ServerReflection::NewStub(channel());
  grpc::ClientContext context;
  SetCallDeadline(context);
  auto stream = reflection_stub->ServerReflectionInfo(&context);

  reflection::ServerReflectionRequest list;
  list.set_list_services("");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto listed, Reflect(*stream, list));
  EXPECT_THAT(listed.list_services_response().service(),
              Contains(Property(&reflection::ServiceResponse::name, kServiceName)));

  reflection::ServerReflectionRequest by_symbol;
  by_symbol.set_file_containing_symbol(kServiceName);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto files, Reflect(*stream, by_symbol));
  const google::protobuf::FileDescriptor* compiled = v1::GetOrgUnitRequest::descriptor()->file();
  std::optional<google::protobuf::FileDescriptorProto> served =
      FindFile(files.file_descriptor_response(), compiled->name());
  ASSERT_TRUE(served.has_value()) << compiled->name() << " missing from "
                                  << files.ShortDebugString();
  // The served descriptor is the one this test was compiled against.
  google::protobuf::FileDescriptorProto expected;
  compiled->CopyTo(&expected);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*served, expected));
  ASSERT_EQ(served->service_size(), 1);
  EXPECT_EQ(served->service(0).method_size(), compiled->service(0)->method_count());

  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

// --- Administrative units ---------------------------------------------------

TEST_F(RegistryE2eTest, CaoLocIsADistrictOfLangSonIn2023) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto response,
      Call(stub(), &v1::RegistryService::Stub::GetOrgUnit, OrgUnitRequest("183", Day(2023, 12, 31))));
  const v1::OrgUnit& unit = response.org_unit();
  EXPECT_EQ(unit.name(), "orgUnits/183");
  EXPECT_EQ(unit.code(), "183");
  EXPECT_EQ(unit.display_name(), "Huyện Cao Lộc");
  EXPECT_EQ(unit.level(), v1::ORG_UNIT_LEVEL_DISTRICT);
  EXPECT_EQ(unit.kind(), v1::ORG_UNIT_KIND_RURAL_DISTRICT);
  EXPECT_EQ(unit.parent(), "orgUnits/20");
}

TEST_F(RegistryE2eTest, CaoLocDoesNotExistIn2026) {
  EXPECT_THAT(Call(stub(), &v1::RegistryService::Stub::GetOrgUnit,
                   OrgUnitRequest("183", Day(2026, 1, 1))),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST_F(RegistryE2eTest, Code05977NamesVinhTraiBeforeTheReformAndDongKinhAfter) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto before,
                              Call(stub(), &v1::RegistryService::Stub::GetOrgUnit,
                                   OrgUnitRequest("05977", Day(2023, 6, 30))));
  EXPECT_EQ(before.org_unit().display_name(), "Phường Vĩnh Trại");
  EXPECT_EQ(before.org_unit().parent(), "orgUnits/178");

  HOPTAC_ASSERT_OK_AND_ASSIGN(auto after,
                              Call(stub(), &v1::RegistryService::Stub::GetOrgUnit,
                                   OrgUnitRequest("05977", Day(2026, 1, 1))));
  EXPECT_EQ(after.org_unit().display_name(), "Phường Đông Kinh");
  EXPECT_EQ(after.org_unit().level(), v1::ORG_UNIT_LEVEL_COMMUNE);
  // No district level since 1 July 2025: a commune hangs off the province.
  EXPECT_EQ(after.org_unit().parent(), "orgUnits/20");
  // The source spells it "Xã Yên Trạch " with a trailing space.
  EXPECT_THAT(after.org_unit().predecessors(),
              Contains(AllOf(Property(&v1::OrgUnitLineage::org_unit, "orgUnits/06247"),
                             Property(&v1::OrgUnitLineage::display_name, "Xã Yên Trạch"),
                             Property(&v1::OrgUnitLineage::whole, true))));
}

TEST_F(RegistryE2eTest, CaoLocHas22CommunesIn2023) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto response,
                              Call(stub(), &v1::RegistryService::Stub::ListOrgUnits,
                                   ChildrenRequest("183", Day(2023, 6, 30), 100)));
  EXPECT_THAT(response.org_units(), SizeIs(22));
  EXPECT_THAT(response.org_units(),
              Each(AllOf(Property(&v1::OrgUnit::parent, "orgUnits/183"),
                         Property(&v1::OrgUnit::level, v1::ORG_UNIT_LEVEL_COMMUNE))));
  EXPECT_THAT(response.org_units(),
              Contains(Property(&v1::OrgUnit::display_name, "Xã Yên Trạch")));
  EXPECT_THAT(response.next_page_token(), IsEmpty());
}

TEST_F(RegistryE2eTest, LangSonHas65CommuneLevelUnitsIn2026) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto response,
                              Call(stub(), &v1::RegistryService::Stub::ListOrgUnits,
                                   ChildrenRequest("20", Day(2026, 1, 1), 100)));
  EXPECT_THAT(response.org_units(), SizeIs(65));
  EXPECT_THAT(response.org_units(),
              Each(Property(&v1::OrgUnit::level, v1::ORG_UNIT_LEVEL_COMMUNE)));
  EXPECT_THAT(response.next_page_token(), IsEmpty());
}

TEST_F(RegistryE2eTest, PagesOfTenReturnEachOfThe65UnitsOnce) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto pages,
                              ListAllPages(stub(), ChildrenRequest("20", Day(2026, 1, 1), 10)));
  EXPECT_THAT(pages, SizeIs(7));
  std::vector<std::string> codes;
  for (const auto& page : pages) {
    EXPECT_LE(page.org_units_size(), 10);
    for (const v1::OrgUnit& unit : page.org_units()) codes.push_back(unit.code());
  }
  EXPECT_THAT(codes, SizeIs(65));
  EXPECT_THAT(std::set<std::string>(codes.begin(), codes.end()), SizeIs(65)) << "duplicates";
}

// --- Cooperatives -----------------------------------------------------------

TEST_F(RegistryE2eTest, CreateGetAndRetryACooperative) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(const int count_before, CountCooperatives(stub()));
  const auto request = CreateRequest("4900123456", kCongSon, Day(2020, 3, 15), "e2e-create-1");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto created,
                              Call(stub(), &v1::RegistryService::Stub::CreateCooperative, request));
  EXPECT_EQ(created.cooperative().name(), "cooperatives/4900123456");
  EXPECT_EQ(created.cooperative().status(), v1::COOPERATIVE_STATUS_ACTIVE);
  EXPECT_THAT(created.cooperative().etag(), Not(IsEmpty()));
  EXPECT_TRUE(created.cooperative().has_create_time());

  v1::GetCooperativeRequest get;
  get.set_name("cooperatives/4900123456");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto got,
                              Call(stub(), &v1::RegistryService::Stub::GetCooperative, get));
  const v1::Cooperative& c = got.cooperative();
  EXPECT_EQ(c.display_name(), std::string(kCongSon)) << "the UTF-8 bytes must survive";
  EXPECT_EQ(c.registration_number(), "4900123456");
  EXPECT_EQ(c.kind(), v1::COOPERATIVE_KIND_COOPERATIVE);
  EXPECT_EQ(c.sector(), v1::SECTOR_AGRICULTURE);
  EXPECT_EQ(c.org_unit(), "orgUnits/06247");
  EXPECT_EQ(c.establishment_date().ShortDebugString(), Day(2020, 3, 15).ShortDebugString());
  EXPECT_EQ(c.member_count(), 12);
  EXPECT_EQ(c.charter_capital_dong(), 500000000);

  HOPTAC_ASSERT_OK_AND_ASSIGN(auto retried,
                              Call(stub(), &v1::RegistryService::Stub::CreateCooperative, request));
  EXPECT_EQ(retried.cooperative().name(), "cooperatives/4900123456");
  EXPECT_EQ(retried.cooperative().create_time().ShortDebugString(),
            created.cooperative().create_time().ShortDebugString());
  EXPECT_EQ(retried.cooperative().etag(), created.cooperative().etag());

  auto changed = request;
  changed.mutable_cooperative()->set_display_name("Hợp tác xã Dịch vụ Công Sơn");
  EXPECT_THAT(Call(stub(), &v1::RegistryService::Stub::CreateCooperative, changed),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(const int count_after, CountCooperatives(stub()));
  EXPECT_EQ(count_after, count_before + 1);
}

TEST_F(RegistryE2eTest, AnInvalidRegistrationNumberIsRejectedAndNothingIsWritten) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(const int count_before, CountCooperatives(stub()));
  const auto request =
      CreateRequest("49001234X", "Hợp tác xã Sai Số", Day(2020, 3, 15), "e2e-create-bad-number");
  EXPECT_THAT(Call(stub(), &v1::RegistryService::Stub::CreateCooperative, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("registration_number")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(const int count_after, CountCooperatives(stub()));
  EXPECT_EQ(count_after, count_before) << "the rejected create wrote something";
}

TEST_F(RegistryE2eTest, DissolutionIsFinalAndCountedIn2023) {
  const std::string name = "cooperatives/4900123457";
  ASSERT_THAT(Call(stub(), &v1::RegistryService::Stub::CreateCooperative,
                   CreateRequest("4900123457", "Hợp tác xã Chè Yên Trạch", Day(2019, 6, 1),
                                 "e2e-create-dissolved")),
              IsOk());

  v1::StartCooperativeDissolutionRequest start;
  start.set_name(name);
  *start.mutable_change() = Change(Day(2023, 5, 10), "e2e-dissolution-start");
  start.set_dissolution_kind(v1::DISSOLUTION_KIND_VOLUNTARY);
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto started, Call(stub(), &v1::RegistryService::Stub::StartCooperativeDissolution, start));
  EXPECT_EQ(started.cooperative().status(), v1::COOPERATIVE_STATUS_DISSOLVING);

  v1::CompleteCooperativeDissolutionRequest complete;
  complete.set_name(name);
  *complete.mutable_change() = Change(Day(2023, 11, 20), "e2e-dissolution-complete");
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto dissolved,
      Call(stub(), &v1::RegistryService::Stub::CompleteCooperativeDissolution, complete));
  EXPECT_EQ(dissolved.cooperative().status(), v1::COOPERATIVE_STATUS_DISSOLVED);
  EXPECT_EQ(dissolved.cooperative().status_effective_date().ShortDebugString(),
            Day(2023, 11, 20).ShortDebugString());

  v1::ResumeCooperativeRequest resume;
  resume.set_name(name);
  *resume.mutable_change() = Change(Day(2023, 12, 1), "e2e-resume-dissolved");
  EXPECT_THAT(Call(stub(), &v1::RegistryService::Stub::ResumeCooperative, resume),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("DISSOLVED"), HasSubstr("SUSPENDED"))));

  HOPTAC_ASSERT_OK_AND_ASSIGN(auto in_2023,
                              Call(stub(), &v1::RegistryService::Stub::GetRegistryStatistics,
                                   StatisticsRequest("183", 2023)));
  EXPECT_EQ(in_2023.dissolved().total(), 1) << in_2023.ShortDebugString();
  EXPECT_EQ(in_2023.dissolution_started_voluntary().total(), 1) << in_2023.ShortDebugString();
  EXPECT_EQ(in_2023.dissolution_started_forced().total(), 0) << in_2023.ShortDebugString();

  HOPTAC_ASSERT_OK_AND_ASSIGN(auto in_2022,
                              Call(stub(), &v1::RegistryService::Stub::GetRegistryStatistics,
                                   StatisticsRequest("183", 2022)));
  EXPECT_EQ(in_2022.dissolved().total(), 0) << in_2022.ShortDebugString();
  EXPECT_GE(in_2022.active_at_end().total(), 1) << in_2022.ShortDebugString();
}

TEST_F(RegistryE2eTest, UpdateNeedsTheCurrentEtagAndIsRecordedAsAnEvent) {
  const std::string name = "cooperatives/4900123458";
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto created, Call(stub(), &v1::RegistryService::Stub::CreateCooperative,
                         CreateRequest("4900123458", "Hợp tác xã Hồi Đình", Day(2021, 4, 2),
                                       "e2e-create-updated")));
  const std::string first_etag = created.cooperative().etag();

  // Only the masked field is applied: the other fields are left empty here.
  v1::UpdateCooperativeRequest update;
  update.mutable_cooperative()->set_name(name);
  update.mutable_cooperative()->set_member_count(30);
  update.mutable_update_mask()->add_paths("member_count");
  update.set_etag(first_etag);
  update.set_reason("Kết nạp thêm thành viên");
  update.set_request_id("e2e-update-members");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto updated,
                              Call(stub(), &v1::RegistryService::Stub::UpdateCooperative, update));
  EXPECT_EQ(updated.cooperative().member_count(), 30);
  EXPECT_EQ(updated.cooperative().display_name(), "Hợp tác xã Hồi Đình");
  EXPECT_NE(updated.cooperative().etag(), first_etag);

  // first_etag is stale now.
  update.mutable_cooperative()->set_member_count(40);
  update.set_request_id("e2e-update-stale");
  EXPECT_THAT(Call(stub(), &v1::RegistryService::Stub::UpdateCooperative, update),
              StatusIs(absl::StatusCode::kAborted, ::testing::_));

  v1::ListCooperativeEventsRequest events_request;
  events_request.set_parent(name);
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto events, Call(stub(), &v1::RegistryService::Stub::ListCooperativeEvents, events_request));
  ASSERT_THAT(events.events(), SizeIs(2)) << events.ShortDebugString();
  EXPECT_EQ(events.events(0).event_type(), v1::COOPERATIVE_EVENT_TYPE_CREATED);
  const v1::CooperativeEvent& changed = events.events(1);
  EXPECT_EQ(changed.event_type(), v1::COOPERATIVE_EVENT_TYPE_UPDATED);
  EXPECT_EQ(changed.request_id(), "e2e-update-members");
  EXPECT_THAT(changed.changes(),
              Contains(AllOf(Property(&v1::FieldChange::field, "member_count"),
                             Property(&v1::FieldChange::old_value, "12"),
                             Property(&v1::FieldChange::new_value, "30"))));
}

// --- Security (issue 7): who may do what, the audit trail, hostile input ----

// An officer of Huyện Cao Lộc (183, a district until the 2025 reform).
std::string CaoLocOfficerToken() {
  return TestSecurity::Get().Token(Role::kUnitOfficer, "183", "officer.caoloc");
}

std::unique_ptr<v1::RegistryService::Stub> StubAs(const std::string& token) {
  return v1::RegistryService::NewStub(
      TestSecurity::Get().Channel(shared_registry_address(), token));
}

v1::CreateCooperativeRequest CreateRequestIn(const std::string& unit, const std::string& number,
                                             const std::string& name,
                                             const std::string& request_id) {
  v1::CreateCooperativeRequest request =
      CreateRequest(number, name, Day(2021, 8, 1), request_id);
  request.mutable_cooperative()->set_org_unit(absl::StrCat("orgUnits/", unit));
  return request;
}

absl::StatusOr<v1::Cooperative> GetAsAdmin(const std::string& number) {
  v1::GetCooperativeRequest get;
  get.set_name(absl::StrCat("cooperatives/", number));
  auto got = Call(*StubAs(AdminToken()), &v1::RegistryService::Stub::GetCooperative, get);
  if (!got.ok()) return got.status();
  return got->cooperative();
}

// The audit events of `resource`, read as `token`.
absl::StatusOr<common::v1::ListAuditEventsResponse> AuditEventsOf(const std::string& resource,
                                                                  const std::string& token) {
  auto stub = common::v1::AuditService::NewStub(
      TestSecurity::Get().Channel(shared_registry_address(), token));
  grpc::ClientContext context;
  SetCallDeadline(context);
  common::v1::ListAuditEventsRequest request;
  request.set_resource(resource);
  common::v1::ListAuditEventsResponse response;
  const grpc::Status status = stub->ListAuditEvents(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

TEST_F(RegistryE2eTest, AUnitOfficerWritesInItsDistrictAndItsCommunesOnly) {
  auto officer = StubAs(CaoLocOfficerToken());
  // Cao Lộc itself, and Xã Yên Trạch (06247), a commune of it.
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto in_district,
      Call(*officer, &v1::RegistryService::Stub::CreateCooperative,
           CreateRequestIn("183", "4900200001", "Hợp tác xã Cao Lộc Xanh", "e2e-authz-183")));
  EXPECT_EQ(in_district.cooperative().org_unit(), "orgUnits/183");
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto in_commune,
      Call(*officer, &v1::RegistryService::Stub::CreateCooperative,
           CreateRequestIn("06247", "4900200002", "Hợp tác xã Yên Trạch Mới", "e2e-authz-06247")));

  // TP Lạng Sơn (178) is another district: refused, and nothing is written.
  EXPECT_THAT(Call(*officer, &v1::RegistryService::Stub::CreateCooperative,
                   CreateRequestIn("178", "4900200003", "Hợp tác xã Thành Phố", "e2e-authz-178")),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  EXPECT_THAT(GetAsAdmin("4900200003"), StatusIs(absl::StatusCode::kNotFound, ::testing::_));

  // A cooperative of 178 (made by the province) can be neither read nor changed.
  auto admin = StubAs(AdminToken());
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto elsewhere,
      Call(*admin, &v1::RegistryService::Stub::CreateCooperative,
           CreateRequestIn("178", "4900200004", "Hợp tác xã Phố Cổ", "e2e-authz-admin-178")));
  v1::GetCooperativeRequest get;
  get.set_name("cooperatives/4900200004");
  EXPECT_THAT(Call(*officer, &v1::RegistryService::Stub::GetCooperative, get),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  v1::SuspendCooperativeRequest suspend;
  suspend.set_name("cooperatives/4900200004");
  *suspend.mutable_change() = Change(Day(2024, 1, 10), "e2e-authz-suspend-178");
  EXPECT_THAT(Call(*officer, &v1::RegistryService::Stub::SuspendCooperative, suspend),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  // Nor moved there from Cao Lộc.
  v1::UpdateCooperativeRequest move;
  move.mutable_cooperative()->set_name("cooperatives/4900200002");
  move.mutable_cooperative()->set_org_unit("orgUnits/178");
  move.mutable_update_mask()->add_paths("org_unit");
  move.set_etag(in_commune.cooperative().etag());
  move.set_reason("Chuyển địa bàn");
  move.set_request_id("e2e-authz-move-178");
  EXPECT_THAT(Call(*officer, &v1::RegistryService::Stub::UpdateCooperative, move),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  HOPTAC_ASSERT_OK_AND_ASSIGN(v1::Cooperative unmoved, GetAsAdmin("4900200002"));
  EXPECT_EQ(unmoved.org_unit(), "orgUnits/06247");
  EXPECT_EQ(unmoved.etag(), in_commune.cooperative().etag());
  HOPTAC_ASSERT_OK_AND_ASSIGN(v1::Cooperative untouched, GetAsAdmin("4900200004"));
  EXPECT_EQ(untouched.status(), v1::COOPERATIVE_STATUS_ACTIVE);
  EXPECT_EQ(untouched.etag(), elsewhere.cooperative().etag());

  // Its list holds Cao Lộc's cooperatives and nothing of 178, unasked.
  v1::ListCooperativesRequest list;
  list.set_page_size(500);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto listed,
                              Call(*officer, &v1::RegistryService::Stub::ListCooperatives, list));
  EXPECT_THAT(listed.cooperatives(),
              Contains(Property(&v1::Cooperative::name, "cooperatives/4900200001")));
  EXPECT_THAT(listed.cooperatives(),
              Contains(Property(&v1::Cooperative::name, "cooperatives/4900200002")));
  EXPECT_THAT(listed.cooperatives(),
              Each(Property(&v1::Cooperative::name, Not("cooperatives/4900200004"))));
  list.set_org_unit("orgUnits/178");
  EXPECT_THAT(Call(*officer, &v1::RegistryService::Stub::ListCooperatives, list),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  EXPECT_THAT(Call(*officer, &v1::RegistryService::Stub::GetRegistryStatistics,
                   StatisticsRequest("178", 2023)),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  // The tree is reference data: any authenticated caller reads it.
  EXPECT_THAT(Call(*officer, &v1::RegistryService::Stub::GetOrgUnit,
                   OrgUnitRequest("178", Day(2023, 12, 31))),
              IsOk());
}

TEST_F(RegistryE2eTest, AMissingExpiredOrForgedTokenIsUnauthenticated) {
  const TestSecurity& security = TestSecurity::Get();
  const std::vector<std::pair<std::string, std::string>> tokens = {
      {"missing", ""},
      {"expired", security.Token(Role::kProvinceAdmin, "20", "admin.langson", -absl::Minutes(10))},
      {"forged", security.ForgedToken(Role::kProvinceAdmin, "20")},
  };
  for (const auto& [what, token] : tokens) {
    SCOPED_TRACE(what);
    auto stub = StubAs(token);
    EXPECT_THAT(Call(*stub, &v1::RegistryService::Stub::GetOrgUnit,
                     OrgUnitRequest("183", Day(2023, 12, 31))),
                StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_));
    EXPECT_THAT(Call(*stub, &v1::RegistryService::Stub::CreateCooperative,
                     CreateRequestIn("183", "4900200010", "Hợp tác xã Vô Danh",
                                     absl::StrCat("e2e-unauthenticated-", what))),
                StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_));
  }
  EXPECT_THAT(GetAsAdmin("4900200010"), StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST_F(RegistryE2eTest, AMutationIsOnTheAuditTrailWhichOnlyTheProvinceReads) {
  auto officer = StubAs(CaoLocOfficerToken());
  ASSERT_THAT(Call(*officer, &v1::RegistryService::Stub::CreateCooperative,
                   CreateRequestIn("06247", "4900200020", "Hợp tác xã Kiểm Toán",
                                   "e2e-audit-create")),
              IsOk());
  // A retry returns the original result and appends nothing.
  ASSERT_THAT(Call(*officer, &v1::RegistryService::Stub::CreateCooperative,
                   CreateRequestIn("06247", "4900200020", "Hợp tác xã Kiểm Toán",
                                   "e2e-audit-create")),
              IsOk());

  HOPTAC_ASSERT_OK_AND_ASSIGN(auto audit,
                              AuditEventsOf("cooperatives/4900200020", AdminToken()));
  ASSERT_THAT(audit.events(), SizeIs(1)) << audit.ShortDebugString();
  const common::v1::AuditEvent& event = audit.events(0);
  EXPECT_EQ(event.subject(), "officer.caoloc");
  EXPECT_EQ(event.role(), "unit_officer");
  EXPECT_EQ(event.org_unit(), "183");
  EXPECT_EQ(event.method(), "hoptac.registry.v1.RegistryService/CreateCooperative");
  EXPECT_EQ(event.resource(), "cooperatives/4900200020");
  EXPECT_EQ(event.request_id(), "e2e-audit-create");
  EXPECT_EQ(event.outcome(), "OK");

  // A record on it names the record.
  v1::RecordAwardRequest award;
  award.set_parent("cooperatives/4900200020");
  award.set_request_id("e2e-audit-award");
  *award.mutable_award()->mutable_award_date() = Day(2023, 9, 2);
  award.mutable_award()->set_title("Bằng khen của UBND tỉnh");
  award.mutable_award()->set_awarding_body("UBND tỉnh Lạng Sơn");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto awarded,
                              Call(*officer, &v1::RegistryService::Stub::RecordAward, award));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto award_audit,
                              AuditEventsOf(awarded.award().name(), AdminToken()));
  ASSERT_THAT(award_audit.events(), SizeIs(1)) << award_audit.ShortDebugString();
  EXPECT_EQ(award_audit.events(0).request_id(), "e2e-audit-award");

  // The audit trail is the province's.
  EXPECT_THAT(AuditEventsOf("cooperatives/4900200020", CaoLocOfficerToken()),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
}

TEST_F(RegistryE2eTest, HostileInputIsStoredVerbatimOrRefusedNamingTheField) {
  auto admin = StubAs(AdminToken());
  HOPTAC_ASSERT_OK_AND_ASSIGN(const int count_before, CountCooperatives(*admin));

  // SQL metacharacters are text like any other.
  const std::string injection = "Hợp tác xã '; DROP TABLE cooperatives; --";
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto stored, Call(*admin, &v1::RegistryService::Stub::CreateCooperative,
                        CreateRequestIn("06247", "4900200030", injection, "e2e-hostile-sql")));
  EXPECT_EQ(stored.cooperative().display_name(), injection);
  HOPTAC_ASSERT_OK_AND_ASSIGN(v1::Cooperative read_back, GetAsAdmin("4900200030"));
  EXPECT_EQ(read_back.display_name(), injection);

  struct Hostile {
    std::string what;
    std::string field;
    std::function<void(v1::Cooperative&)> spoil;
  };
  const std::vector<Hostile> hostile = {
      {"1 MB name", "display_name",
       [](v1::Cooperative& c) { c.set_display_name(std::string(1 << 20, 'a')); }},
      {"control character", "display_name",
       [](v1::Cooperative& c) { c.set_display_name("Hợp tác xã \x01 Ẩn"); }},
      {"control character in the address", "address",
       [](v1::Cooperative& c) { c.set_address("Thôn Nà Pàn\x07"); }},
      {"negative capital", "charter_capital_dong",
       [](v1::Cooperative& c) { c.set_charter_capital_dong(-1); }},
      {"INT64_MAX capital", "charter_capital_dong",
       [](v1::Cooperative& c) {
         c.set_charter_capital_dong(std::numeric_limits<int64_t>::max());
       }},
      {"negative members", "member_count", [](v1::Cooperative& c) { c.set_member_count(-5); }},
  };
  int n = 0;
  for (const Hostile& h : hostile) {
    SCOPED_TRACE(h.what);
    v1::CreateCooperativeRequest request =
        CreateRequestIn("06247", absl::StrCat("49002001", 10 + n), "Hợp tác xã Thử",
                        absl::StrCat("e2e-hostile-", n));
    ++n;
    h.spoil(*request.mutable_cooperative());
    EXPECT_THAT(Call(*admin, &v1::RegistryService::Stub::CreateCooperative, request),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(h.field)));
  }
  // A hostile update changes nothing either.
  v1::UpdateCooperativeRequest update;
  update.mutable_cooperative()->set_name("cooperatives/4900200030");
  update.mutable_cooperative()->set_address(std::string(1 << 20, 'x'));
  update.mutable_update_mask()->add_paths("address");
  update.set_etag(read_back.etag());
  update.set_reason("Cập nhật địa chỉ");
  update.set_request_id("e2e-hostile-update");
  EXPECT_THAT(Call(*admin, &v1::RegistryService::Stub::UpdateCooperative, update),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("address")));
  update.set_reason(std::string(1 << 20, 'r'));
  update.mutable_cooperative()->set_address("Thôn Pò Mò");
  update.set_request_id("e2e-hostile-reason");
  EXPECT_THAT(Call(*admin, &v1::RegistryService::Stub::UpdateCooperative, update),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));

  HOPTAC_ASSERT_OK_AND_ASSIGN(const int count_after, CountCooperatives(*admin));
  EXPECT_EQ(count_after, count_before + 1) << "only the verbatim name was written";
  HOPTAC_ASSERT_OK_AND_ASSIGN(v1::Cooperative after, GetAsAdmin("4900200030"));
  EXPECT_EQ(after.etag(), read_back.etag());
  EXPECT_EQ(after.address(), read_back.address());
}

// --- Deadlines, ports, start-up ---------------------------------------------

// Lạng Sơn's whole tree in 2023 (a few hundred units): a call that takes the
// server a few milliseconds.
v1::ListOrgUnitsRequest WholeProvinceRequest() {
  v1::ListOrgUnitsRequest request = ChildrenRequest("20", Day(2023, 12, 31), 1000);
  request.set_include_subtree(true);
  return request;
}

grpc::Status CallWithDeadline(v1::RegistryService::Stub& stub, absl::Duration timeout) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  v1::ListOrgUnitsResponse response;
  return stub.ListOrgUnits(&context, WholeProvinceRequest(), &response);
}

TEST_F(RegistryE2eTest, ShortDeadlinesEndInDeadlineExceededAndTheServerCarriesOn) {
  // gRPC rounds a deadline up to the next millisecond, so 1 µs leaves a call
  // at most 1 ms: too short for this one.
  const grpc::Status tiny = CallWithDeadline(stub(), absl::Microseconds(1));
  EXPECT_EQ(tiny.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << tiny.error_message();
  // Deadlines that expire somewhere inside the server (handler, pool,
  // database) must still end as DEADLINE_EXCEEDED, never INTERNAL or UNKNOWN.
  for (const int micros : {100, 300, 1000, 2000, 3000, 5000, 10000, 20000}) {
    const grpc::Status status = CallWithDeadline(stub(), absl::Microseconds(micros));
    EXPECT_THAT(status.error_code(), AnyOf(grpc::StatusCode::OK,
                                           grpc::StatusCode::DEADLINE_EXCEEDED))
        << micros << " µs: " << status.error_message();
  }
  // And the server is still there.
  EXPECT_TRUE(CallWithDeadline(stub(), kCallTimeout).ok());
  EXPECT_TRUE(shared_->registry->Running());
}

TEST_F(RegistryE2eTest, ASecondRegistryOnATakenPortFails) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto second,
      RunToExit(RegistryOptions(*shared_->database, shared_->registry->LoopbackAddress())));
  HOPTAC_ASSERT_OK_AND_ASSIGN(ExitStatus exit, second->WaitForExit(absl::ZeroDuration()));
  EXPECT_NE(exit.code, 0) << exit.ToString() << "\n" << second->StderrTail();
  // It failed because of the address, not for some other reason.
  EXPECT_THAT(second->Stderr(), HasSubstr(shared_->registry->LoopbackAddress()));
  EXPECT_THAT(LogLinesWithMessage(second->StderrLines(), "listening"), IsEmpty());
  // The first one still answers (with SO_REUSEPORT it would share the port).
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto named, CheckHealth(channel(), kServiceName));
  EXPECT_EQ(named.status(), health::HealthCheckResponse::SERVING);
}

TEST_F(RegistryE2eTest, StartUpTime) {
  // The shared registry started on an empty database: migrations and loading
  // Lạng Sơn. A second one on the same database finds both done.
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto warm, StartRegistry(*shared_->database, "127.0.0.1:0"));
  const absl::Duration warm_start = *warm->startup_duration();
  HOPTAC_ASSERT_OK_AND_ASSIGN(ExitStatus exit, warm->Terminate(kStopTimeout));
  EXPECT_TRUE(exit.Success()) << exit.ToString();

  RecordProperty("registry_cold_start_ms", absl::StrCat(Milliseconds(shared_->cold_start)));
  RecordProperty("registry_warm_start_ms", absl::StrCat(Milliseconds(warm_start)));
  std::printf("registry start-up (spawn -> \"listening\"): empty database %.0f ms, "
              "migrated database with Lạng Sơn loaded %.0f ms\n",
              Milliseconds(shared_->cold_start), Milliseconds(warm_start));
}

// --- Graceful shutdown --------------------------------------------------------

struct CallRecord {
  absl::Time start;
  absl::Time end;
  grpc::StatusCode code;
  std::string message;
};

// Calls ListOrgUnits (the whole of Lạng Sơn) in a loop until `stop` or the
// first failure.
void CallUntilStopped(v1::RegistryService::Stub& stub, const std::atomic<bool>& stop,
                      absl::Mutex& mu, std::vector<CallRecord>& records) {
  const v1::ListOrgUnitsRequest request = WholeProvinceRequest();
  while (!stop.load()) {
    grpc::ClientContext context;
    SetCallDeadline(context);
    v1::ListOrgUnitsResponse response;
    const absl::Time start = absl::Now();
    const grpc::Status status = stub.ListOrgUnits(&context, request, &response);
    {
      absl::MutexLock lock(&mu);
      records.push_back({start, absl::Now(), status.error_code(), status.error_message()});
    }
    if (!status.ok()) return;
  }
}

int CountOk(absl::Mutex& mu, const std::vector<CallRecord>& records) {
  absl::MutexLock lock(&mu);
  int ok = 0;
  for (const CallRecord& r : records) ok += r.code == grpc::StatusCode::OK;
  return ok;
}

TEST_F(RegistryE2eTest, SigtermDrainsCallsInFlightAndExitsZero) {
  // With a shutdown delay the server keeps accepting calls for a while after
  // SIGTERM (health already NOT_SERVING), as it must behind a Kubernetes
  // Service whose endpoints update asynchronously.
  constexpr absl::Duration kDelay = absl::Seconds(1);
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto registry, StartRegistry(*shared_->database, "127.0.0.1:0", {"--shutdown_delay=1s"}));
  auto stub = v1::RegistryService::NewStub(ConnectTo(*registry));

  std::atomic<bool> stop{false};
  absl::Mutex mu;
  std::vector<CallRecord> records;
  std::vector<std::thread> callers;
  for (int i = 0; i < 4; ++i) {
    callers.emplace_back([&] { CallUntilStopped(*stub, stop, mu, records); });
  }
  // Let the callers get going, so that calls are in flight at the signal.
  const absl::Time warm_up_deadline = absl::Now() + absl::Seconds(20);
  while (CountOk(mu, records) < 20 && absl::Now() < warm_up_deadline) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  const absl::Time signalled = absl::Now();
  auto exit = registry->Terminate(kStopTimeout);
  stop.store(true);
  for (std::thread& t : callers) t.join();

  ASSERT_THAT(exit, IsOk());
  EXPECT_TRUE(exit->Success()) << exit->ToString() << "\n" << registry->StderrTail();
  int drained = 0;
  int served_in_delay = 0;
  for (const CallRecord& r : records) {
    const std::string where = absl::StrCat(
        "a call ended with code ", r.code, ": ", r.message, " (started ",
        absl::FormatDuration(r.start - signalled), ", ended ",
        absl::FormatDuration(r.end - signalled), " after SIGTERM)");
    if (r.start < signalled + kDelay / 2) {
      // In flight at the signal, or sent well within the delay: served.
      EXPECT_EQ(r.code, grpc::StatusCode::OK) << where;
    } else {
      // Once the server stops accepting, a call racing the GOAWAY is refused
      // (UNAVAILABLE) or, in gRPC 1.51, cancelled by the server (CANCELLED).
      EXPECT_TRUE(r.code == grpc::StatusCode::OK || r.code == grpc::StatusCode::UNAVAILABLE ||
                  r.code == grpc::StatusCode::CANCELLED)
          << where;
    }
    drained += r.code == grpc::StatusCode::OK && r.start < signalled && r.end > signalled;
    served_in_delay += r.code == grpc::StatusCode::OK && r.start > signalled;
  }
  EXPECT_GE(drained, 1) << "no call was in flight at SIGTERM; the test proved nothing";
  EXPECT_GE(served_in_delay, 1) << "no call was served during the shutdown delay";
  RecordProperty("calls_drained_at_sigterm", drained);

  const std::vector<std::string> lines = registry->StderrLines();
  const auto position = [&](const std::string& message) {
    const std::vector<std::string> found = LogLinesWithMessage(lines, message);
    if (found.empty()) return lines.end();
    return std::find(lines.begin(), lines.end(), found.front());
  };
  ASSERT_NE(position("shutting down"), lines.end()) << registry->StderrTail();
  ASSERT_NE(position("stopped"), lines.end()) << registry->StderrTail();
  EXPECT_LT(position("shutting down"), position("stopped"));
}

// ---------------------------------------------------------------------------
// The Kubernetes upgrade path: a Job applies the migrations once
// (--migrations=only); replicas only check them (--migrations=verify).

TEST(RegistryMigrationModesE2eTest, ReplicasWaitForTheMigrationJobThenServe) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto database, TestDatabase::Create());
  ProcessOptions early = RegistryOptions(*database, "127.0.0.1:0");
  early.args.push_back("--migrations=verify");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto refused, RunToExit(std::move(early)));
  HOPTAC_ASSERT_OK_AND_ASSIGN(ExitStatus refused_exit, refused->WaitForExit(absl::ZeroDuration()));
  EXPECT_EQ(refused_exit.code, 1) << refused_exit.ToString();
  EXPECT_THAT(refused->Stderr(), HasSubstr("lacks migration 1"));
  EXPECT_THAT(LogLinesWithMessage(refused->StderrLines(), "listening"), IsEmpty());

  ProcessOptions job = RegistryOptions(*database, "127.0.0.1:0");
  job.args.push_back("--migrations=only");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto migrated, RunToExit(std::move(job)));
  HOPTAC_ASSERT_OK_AND_ASSIGN(ExitStatus job_exit, migrated->WaitForExit(absl::ZeroDuration()));
  EXPECT_TRUE(job_exit.Success()) << job_exit.ToString() << "\n" << migrated->StderrTail();
  EXPECT_THAT(LogLinesWithMessage(migrated->StderrLines(), "listening"), IsEmpty());
  EXPECT_THAT(LogLinesWithMessage(migrated->StderrLines(), "administrative units ready"),
              Not(IsEmpty()));

  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto replica, StartRegistry(*database, "127.0.0.1:0", {"--migrations=verify"}));
  EXPECT_THAT(LogLinesWithMessage(replica->StderrLines(), "schema verified"), Not(IsEmpty()));
  auto stub = v1::RegistryService::NewStub(ConnectTo(*replica));
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto response,
      Call(*stub, &v1::RegistryService::Stub::GetOrgUnit, OrgUnitRequest("183", Day(2023, 12, 31))));
  EXPECT_EQ(response.org_unit().display_name(), "Huyện Cao Lộc");
  HOPTAC_ASSERT_OK_AND_ASSIGN(ExitStatus exit, replica->Terminate(kStopTimeout));
  EXPECT_TRUE(exit.Success()) << exit.ToString();
}

TEST(RegistryMigrationModesE2eTest, AnUnknownModeIsABadSetting) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto database, TestDatabase::Create());
  ProcessOptions options = RegistryOptions(*database, "127.0.0.1:0");
  options.env.push_back({"HOPTAC_MIGRATIONS", "sometimes"});
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto process, RunToExit(std::move(options)));
  HOPTAC_ASSERT_OK_AND_ASSIGN(ExitStatus exit, process->WaitForExit(absl::ZeroDuration()));
  EXPECT_EQ(exit.code, 2) << exit.ToString();
  EXPECT_THAT(process->Stderr(), AllOf(HasSubstr("--migrations"), HasSubstr("HOPTAC_MIGRATIONS"),
                                       HasSubstr("sometimes")));
}

// ---------------------------------------------------------------------------
// Configuration errors: the process must refuse to start, naming the setting.

ProcessOptions ConfiguredRegistry(std::vector<std::string> args,
                                  std::vector<std::pair<std::string, std::string>> env) {
  ProcessOptions options;
  options.binary = ServiceBinary("registry");
  options.args = std::move(args);
  // Valid TLS and token settings: what is tested is the setting in `args`/`env`.
  for (std::string& flag : TestSecurity::Get().ServiceFlags("registry")) {
    options.args.push_back(std::move(flag));
  }
  options.env = std::move(env);
  options.drop_env_prefixes = {"HOPTAC_"};
  return options;
}

TEST(RegistryConfigE2eTest, APoolOfZeroConnectionsExitsWithCode2) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto process, RunToExit(ConfiguredRegistry({"--listen=127.0.0.1:0", "--db_pool_size=0",
                                                  "--mysql_dsn=mysql://hoptac@127.0.0.1:1/x"},
                                                 {})));
  HOPTAC_ASSERT_OK_AND_ASSIGN(ExitStatus exit, process->WaitForExit(absl::ZeroDuration()));
  EXPECT_EQ(exit.code, 2) << exit.ToString();
  EXPECT_THAT(process->Stderr(), AllOf(HasSubstr("db_pool_size"), HasSubstr("HOPTAC_DB_POOL_SIZE")));
}

TEST(RegistryConfigE2eTest, ANonsenseDsnFromTheEnvironmentIsRefused) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto process, RunToExit(ConfiguredRegistry({"--listen=127.0.0.1:0"},
                                                 {{"HOPTAC_MYSQL_DSN", "nonsense"}})));
  HOPTAC_ASSERT_OK_AND_ASSIGN(ExitStatus exit, process->WaitForExit(absl::ZeroDuration()));
  EXPECT_NE(exit.code, 0) << exit.ToString();
  EXPECT_EQ(exit.signal, 0) << exit.ToString();
  // A server that ignored the variable would also name mysql_dsn, saying it
  // is required: the value from the environment must be what is refused.
  EXPECT_THAT(process->Stderr(), AllOf(HasSubstr("mysql_dsn"), Not(HasSubstr("required"))));
  EXPECT_THAT(LogLinesWithMessage(process->StderrLines(), "listening"), IsEmpty());
}

}  // namespace
}  // namespace hoptac::e2e
