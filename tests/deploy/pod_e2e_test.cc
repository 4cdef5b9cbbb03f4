// End-to-end test of what the Kubernetes manifests (deploy/k8s) rely on, with
// a real hoptac-registry configured as its pod is: mutual TLS and token keys
// (the ConfigMap hoptac-security), the metrics port Prometheus scrapes over
// plain HTTP/1.1, the plaintext health-only port the kubelet's native gRPC
// probes use (they cannot speak TLS), a server that refuses to start without
// its certificate or token keys, and a migration Job that needs neither.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "services/common/auth/caller.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "tests/support/server_process.h"
#include "tests/support/service_processes.h"
#include "tests/support/test_security.h"

namespace hoptac::e2e {
namespace {

namespace rv1 = ::hoptac::registry::v1;
namespace health = ::grpc::health::v1;
using ::hoptac::testing::PickFreeLoopbackPort;
using ::hoptac::testing::ProcessOptions;
using ::hoptac::testing::ServerProcess;
using ::hoptac::testing::ServiceBinary;
using ::hoptac::testing::ServiceProcessOptions;
using ::hoptac::testing::StartService;
using ::hoptac::testing::TestDatabase;
using ::hoptac::testing::TestSecurity;
using ::testing::HasSubstr;

constexpr absl::Duration kStartTimeout = absl::Seconds(60);
constexpr absl::Duration kStopTimeout = absl::Seconds(30);
constexpr char kRegistryApi[] = "hoptac.registry.v1.RegistryService";

// GET `path` from 127.0.0.1:`port`; the whole response (status line, headers, body).
absl::StatusOr<std::string> HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("cannot connect to 127.0.0.1:", port));
  }
  const std::string request =
      absl::StrCat("GET ", path, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    close(fd);
    return absl::UnavailableError("send failed");
  }
  std::string response;
  char buffer[4096];
  ssize_t n;
  while ((n = recv(fd, buffer, sizeof(buffer), 0)) > 0) response.append(buffer, n);
  close(fd);
  return response;
}

void SetCallDeadline(grpc::ClientContext& context) {
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
}

// What a kubelet gRPC probe does: grpc.health.v1.Health/Check in plaintext.
grpc::Status PlaintextHealthCheck(int port, const std::string& service,
                                  health::HealthCheckResponse* response) {
  auto stub = health::Health::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                                          grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  SetCallDeadline(context);
  health::HealthCheckRequest request;
  request.set_service(service);
  return stub->Check(&context, request, response);
}

// The registry as its Deployment runs it: TLS and token keys (from
// TestSecurity), metrics and health ports from the environment, as the
// ConfigMaps set them.
ProcessOptions PodOptions(const TestDatabase& database, int metrics_port, int health_port) {
  ProcessOptions options = ServiceProcessOptions("registry", database);
  options.args.push_back("--health_check_interval=200ms");
  options.env.push_back({"HOPTAC_METRICS_PORT", absl::StrCat(metrics_port)});
  options.env.push_back({"HOPTAC_HEALTH_PORT", absl::StrCat(health_port)});
  return options;
}

// The registry with only what a migration Job gets: the database, no
// certificate, no token keys.
ProcessOptions DatabaseOnlyOptions(const TestDatabase& database) {
  ProcessOptions options;
  options.binary = ServiceBinary("registry");
  options.args = {"--listen=127.0.0.1:0",
                  absl::StrCat("--mysql_dsn=", database.DsnWithoutPassword()),
                  "--shutdown_grace=2s"};
  options.env = {{"HOPTAC_MYSQL_PASSWORD", database.dsn().password}};
  options.drop_env_prefixes = {"HOPTAC_"};
  return options;
}

// `options` without the flags whose name starts with `prefix` (e.g. "--tls_").
ProcessOptions Without(ProcessOptions options, absl::string_view prefix) {
  std::vector<std::string> kept;
  for (std::string& arg : options.args) {
    if (!absl::StartsWith(arg, prefix)) kept.push_back(std::move(arg));
  }
  options.args = std::move(kept);
  return options;
}

TEST(PodE2eTest, AScrapeAfterACallShowsTheCallByMethodAndCode) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto database, TestDatabase::Create());
  HOPTAC_ASSERT_OK_AND_ASSIGN(int metrics_port, PickFreeLoopbackPort());
  HOPTAC_ASSERT_OK_AND_ASSIGN(int health_port, PickFreeLoopbackPort());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto server,
                              StartService(PodOptions(*database, metrics_port, health_port)));

  // Province 99 does not exist: the call ends NOT_FOUND.
  const TestSecurity& security = TestSecurity::Get();
  auto stub = rv1::RegistryService::NewStub(security.Channel(
      server->LoopbackAddress(), security.Token(Role::kProvinceAdmin, "20", "admin.langson")));
  grpc::ClientContext context;
  SetCallDeadline(context);
  rv1::GetOrgUnitRequest request;
  request.set_name("orgUnits/99");
  rv1::GetOrgUnitResponse unit;
  ASSERT_EQ(stub->GetOrgUnit(&context, request, &unit).error_code(), grpc::StatusCode::NOT_FOUND)
      << server->StderrTail();

  HOPTAC_ASSERT_OK_AND_ASSIGN(std::string scrape, HttpGet(metrics_port, "/metrics"));
  EXPECT_THAT(scrape, HasSubstr("HTTP/1.1 200"));
  EXPECT_THAT(scrape, HasSubstr("text/plain; version=0.0.4"));
  EXPECT_THAT(scrape, HasSubstr(
      "grpc_server_handled_total{grpc_type=\"unary\",grpc_service=\"hoptac.registry.v1."
      "RegistryService\",grpc_method=\"GetOrgUnit\",grpc_code=\"NOT_FOUND\"} 1\n"));
  EXPECT_THAT(scrape, HasSubstr(
      "grpc_server_handling_seconds_count{grpc_type=\"unary\",grpc_service=\"hoptac.registry."
      "v1.RegistryService\",grpc_method=\"GetOrgUnit\"} 1\n"));
  EXPECT_THAT(scrape, HasSubstr("\nhoptac_ready 1\n"));
  EXPECT_THAT(scrape, HasSubstr("\nhoptac_db_pool_size 8\n"));
  // Between calls no connection is lent out; the readiness probe and the call
  // left at least one open in the pool.
  EXPECT_THAT(scrape, HasSubstr("\nhoptac_db_pool_in_use_connections 0\n"));
  EXPECT_THAT(scrape, ::testing::ContainsRegex("\nhoptac_db_pool_idle_connections [1-8]\n"));
  EXPECT_THAT(scrape,
              HasSubstr("hoptac_build_info{service=\"hoptac.registry.v1.RegistryService\""));
  // Health checks are not counted.
  EXPECT_FALSE(absl::StrContains(scrape, "grpc.health")) << scrape;

  HOPTAC_ASSERT_OK_AND_ASSIGN(std::string ready, HttpGet(metrics_port, "/readyz"));
  EXPECT_THAT(ready, HasSubstr("HTTP/1.1 200"));
  HOPTAC_ASSERT_OK_AND_ASSIGN(std::string live, HttpGet(metrics_port, "/healthz"));
  EXPECT_THAT(live, HasSubstr("HTTP/1.1 200"));

  HOPTAC_ASSERT_OK_AND_ASSIGN(auto exit, server->Terminate(kStopTimeout));
  EXPECT_TRUE(exit.Success()) << exit.ToString() << server->StderrTail();
}

// The probes of every Deployment: liveness "" and readiness the service's own
// name, in plaintext on HOPTAC_HEALTH_PORT; the gRPC port speaks TLS only.
TEST(PodE2eTest, TheKubeletProbesGetAnswersInPlaintextOnTheHealthPortOnly) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto database, TestDatabase::Create());
  HOPTAC_ASSERT_OK_AND_ASSIGN(int metrics_port, PickFreeLoopbackPort());
  HOPTAC_ASSERT_OK_AND_ASSIGN(int health_port, PickFreeLoopbackPort());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto server,
                              StartService(PodOptions(*database, metrics_port, health_port)));

  health::HealthCheckResponse liveness;
  ASSERT_TRUE(PlaintextHealthCheck(health_port, "", &liveness).ok()) << server->StderrTail();
  EXPECT_EQ(liveness.status(), health::HealthCheckResponse::SERVING);
  health::HealthCheckResponse readiness;
  ASSERT_TRUE(PlaintextHealthCheck(health_port, kRegistryApi, &readiness).ok());
  EXPECT_EQ(readiness.status(), health::HealthCheckResponse::SERVING);

  // The same probe on the gRPC port: no plaintext there.
  health::HealthCheckResponse on_tls_port;
  EXPECT_FALSE(PlaintextHealthCheck(server->port(), "", &on_tls_port).ok());

  // The health port serves nothing else: no RPC reaches the service through it.
  auto stub = rv1::RegistryService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", health_port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  SetCallDeadline(context);
  rv1::GetOrgUnitRequest request;
  request.set_name("orgUnits/20");
  rv1::GetOrgUnitResponse unit;
  EXPECT_EQ(stub->GetOrgUnit(&context, request, &unit).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);

  HOPTAC_ASSERT_OK_AND_ASSIGN(auto exit, server->Terminate(kStopTimeout));
  EXPECT_TRUE(exit.Success()) << exit.ToString() << server->StderrTail();
}

// A pod whose certificate Secret is missing must not serve in plaintext: the
// server stops at start with a bad-setting exit code naming the variable.
TEST(PodE2eTest, AServerWithoutItsCertificateDoesNotStart) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto database, TestDatabase::Create());
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto server, ServerProcess::Start(Without(ServiceProcessOptions("registry", *database),
                                                "--tls_")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto exit, server->WaitForExit(kStartTimeout));
  EXPECT_EQ(exit.code, 2) << exit.ToString() << server->StderrTail();
  EXPECT_THAT(server->Stderr(), HasSubstr("HOPTAC_TLS_CERT_FILE"));
}

TEST(PodE2eTest, AServerWithoutTokenKeysDoesNotStart) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto database, TestDatabase::Create());
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto server, ServerProcess::Start(Without(ServiceProcessOptions("registry", *database),
                                                "--token_public_key_files")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto exit, server->WaitForExit(kStartTimeout));
  EXPECT_EQ(exit.code, 2) << exit.ToString() << server->StderrTail();
  EXPECT_THAT(server->Stderr(), HasSubstr("HOPTAC_TOKEN_PUBLIC_KEY_FILES"));
}

// The migration Job (--migrations=only) mounts neither the certificate nor
// the token keys: it migrates and exits 0 with the database alone.
TEST(PodE2eTest, TheMigrationJobNeedsNeitherCertificateNorTokenKeys) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto database, TestDatabase::Create());
  ProcessOptions options = DatabaseOnlyOptions(*database);
  options.env.push_back({"HOPTAC_MIGRATIONS", "only"});
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto job, ServerProcess::Start(std::move(options)));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto exit, job->WaitForExit(kStartTimeout));
  EXPECT_TRUE(exit.Success()) << exit.ToString() << job->StderrTail();
}

TEST(PodE2eTest, ATakenMetricsPortStopsTheStart) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto database, TestDatabase::Create());
  // Occupy a port by listening on it.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  const int taken = ntohs(address.sin_port);
  HOPTAC_ASSERT_OK_AND_ASSIGN(int health_port, PickFreeLoopbackPort());

  HOPTAC_ASSERT_OK_AND_ASSIGN(auto server,
                              ServerProcess::Start(PodOptions(*database, taken, health_port)));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto exit, server->WaitForExit(kStartTimeout));
  close(fd);
  EXPECT_FALSE(exit.Success());
  EXPECT_THAT(server->Stderr(), HasSubstr("--metrics_port"));
}

TEST(PodE2eTest, AnOutOfRangeMetricsPortIsABadSetting) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto database, TestDatabase::Create());
  HOPTAC_ASSERT_OK_AND_ASSIGN(int health_port, PickFreeLoopbackPort());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto server,
                              ServerProcess::Start(PodOptions(*database, 70000, health_port)));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto exit, server->WaitForExit(kStartTimeout));
  EXPECT_EQ(exit.code, 2) << exit.ToString();
  EXPECT_THAT(server->Stderr(), HasSubstr("HOPTAC_METRICS_PORT"));
}

}  // namespace
}  // namespace hoptac::e2e
