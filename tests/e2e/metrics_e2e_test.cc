// End-to-end test of the kernel's metrics endpoint: a real hoptac-registry
// started with --metrics_port, one call, then a Prometheus-style scrape of
// GET /metrics over plain HTTP/1.1 (what Prometheus does in the cluster).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "tests/support/server_process.h"

namespace hoptac::e2e {
namespace {

namespace rv1 = ::hoptac::registry::v1;
using ::hoptac::testing::PickFreeLoopbackPort;
using ::hoptac::testing::ProcessOptions;
using ::hoptac::testing::ServerProcess;
using ::hoptac::testing::TestDatabase;
using ::testing::HasSubstr;

constexpr char kRegistryBinary[] = HOPTAC_BINARY_DIR "/services/registry/hoptac-registry";
constexpr absl::Duration kStartTimeout = absl::Seconds(60);
constexpr absl::Duration kStopTimeout = absl::Seconds(30);

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

ProcessOptions RegistryOptions(const TestDatabase& database, int metrics_port) {
  ProcessOptions options;
  options.binary = kRegistryBinary;
  options.args = {"--listen=127.0.0.1:0",
                  absl::StrCat("--mysql_dsn=", database.DsnWithoutPassword()),
                  "--shutdown_grace=2s", "--health_check_interval=200ms"};
  options.env = {{"HOPTAC_MYSQL_PASSWORD", database.dsn().password},
                 {"HOPTAC_METRICS_PORT", absl::StrCat(metrics_port)}};
  options.drop_env_prefixes = {"HOPTAC_"};
  return options;
}

TEST(MetricsE2eTest, AScrapeAfterACallShowsTheCallByMethodAndCode) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto database, TestDatabase::Create());
  HOPTAC_ASSERT_OK_AND_ASSIGN(int metrics_port, PickFreeLoopbackPort());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto server,
                              ServerProcess::Start(RegistryOptions(*database, metrics_port)));
  HOPTAC_ASSERT_OK_AND_ASSIGN(int port, server->WaitUntilListening(kStartTimeout));

  // No administrative units are loaded: the call ends NOT_FOUND.
  auto stub = rv1::RegistryService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  rv1::GetOrgUnitRequest request;
  request.set_name("orgUnits/99");
  rv1::GetOrgUnitResponse unit;
  ASSERT_EQ(stub->GetOrgUnit(&context, request, &unit).error_code(), grpc::StatusCode::NOT_FOUND);

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

TEST(MetricsE2eTest, ATakenMetricsPortStopsTheStart) {
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

  HOPTAC_ASSERT_OK_AND_ASSIGN(auto server, ServerProcess::Start(RegistryOptions(*database, taken)));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto exit, server->WaitForExit(kStartTimeout));
  close(fd);
  EXPECT_FALSE(exit.Success());
  EXPECT_THAT(server->Stderr(), HasSubstr("--metrics_port"));
}

TEST(MetricsE2eTest, AnOutOfRangeMetricsPortIsABadSetting) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto database, TestDatabase::Create());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto server, ServerProcess::Start(RegistryOptions(*database, 70000)));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto exit, server->WaitForExit(kStartTimeout));
  EXPECT_EQ(exit.code, 2) << exit.ToString();
  EXPECT_THAT(server->Stderr(), HasSubstr("HOPTAC_METRICS_PORT"));
}

}  // namespace
}  // namespace hoptac::e2e
