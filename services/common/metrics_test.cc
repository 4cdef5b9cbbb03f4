#include "services/common/metrics.h"

#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hoptac {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kGet[] = "/hoptac.registry.v1.RegistryService/GetOrgUnit";
constexpr char kLabels[] =
    R"(grpc_type="unary",grpc_service="hoptac.registry.v1.RegistryService",)"
    R"(grpc_method="GetOrgUnit")";

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST(ServerMetricsTest, CallsRecordedFromManyThreadsAtOnceAreAllCounted) {
  ServerMetrics metrics("hoptac.registry.v1.RegistryService", 8);
  constexpr int kThreads = 8;
  constexpr int kCalls = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&metrics, t] {
      // Half the threads also meet a method nobody recorded before.
      const std::string other = "/hoptac.registry.v1.RegistryService/M" + std::to_string(t % 2);
      for (int i = 0; i < kCalls; ++i) {
        metrics.RecordStart(kGet, "unary");
        metrics.RecordEnd(kGet, "unary",
                          i % 4 == 0 ? grpc::StatusCode::NOT_FOUND : grpc::StatusCode::OK,
                          absl::Milliseconds(2));
        metrics.RecordEnd(other, "unary", grpc::StatusCode::OK, absl::Milliseconds(1));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::string text = metrics.Render();
  const std::string labels = kLabels;
  EXPECT_THAT(text, HasSubstr("grpc_server_started_total{" + labels + "} 16000\n"));
  const std::string handled = "grpc_server_handled_total{" + labels;
  EXPECT_THAT(text, HasSubstr(handled + ",grpc_code=\"OK\"} 12000\n"));
  EXPECT_THAT(text, HasSubstr(handled + ",grpc_code=\"NOT_FOUND\"} 4000\n"));
  EXPECT_THAT(text, HasSubstr("grpc_server_handling_seconds_count{" + labels + "} 16000\n"));
  EXPECT_THAT(text, HasSubstr("grpc_server_handling_seconds_sum{" + labels + "} 32\n"));
  EXPECT_THAT(text, HasSubstr("grpc_method=\"M0\",grpc_code=\"OK\"} 8000\n"));
  EXPECT_THAT(text, HasSubstr("grpc_method=\"M1\",grpc_code=\"OK\"} 8000\n"));
}

TEST(ServerMetricsTest, EveryLineIsACommentOrASampleOfTheTextFormat) {
  ServerMetrics metrics("hoptac.registry.v1.RegistryService", 8);
  metrics.RecordStart(kGet, "unary");
  metrics.RecordEnd(kGet, "unary", grpc::StatusCode::NOT_FOUND, absl::Milliseconds(3));
  metrics.AddGauge("hoptac_test_gauge", "A gauge.", [] { return 2.5; });
  const std::regex comment(R"(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+)");
  const std::regex sample(
      R"([a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*")"
      R"((,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*")*\})? (-?[0-9.e+-]+|\+Inf|NaN))");
  const std::string text = metrics.Render();
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  for (const std::string& line : Lines(text)) {
    EXPECT_TRUE(std::regex_match(line, comment) || std::regex_match(line, sample)) << line;
  }
}

TEST(ServerMetricsTest, CountsCallsByMethodAndCode) {
  ServerMetrics metrics("hoptac.registry.v1.RegistryService", 8);
  for (int i = 0; i < 3; ++i) metrics.RecordStart(kGet, "unary");
  metrics.RecordEnd(kGet, "unary", grpc::StatusCode::OK, absl::Milliseconds(1));
  metrics.RecordEnd(kGet, "unary", grpc::StatusCode::OK, absl::Milliseconds(1));
  metrics.RecordEnd(kGet, "unary", grpc::StatusCode::NOT_FOUND, absl::Milliseconds(1));
  const std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE grpc_server_handled_total counter\n"));
  EXPECT_THAT(text, HasSubstr(std::string("grpc_server_started_total{") + kLabels + "} 3\n"));
  EXPECT_THAT(text, HasSubstr(std::string("grpc_server_handled_total{") + kLabels +
                              ",grpc_code=\"OK\"} 2\n"));
  EXPECT_THAT(text, HasSubstr(std::string("grpc_server_handled_total{") + kLabels +
                              ",grpc_code=\"NOT_FOUND\"} 1\n"));
}

TEST(ServerMetricsTest, LatencyBucketsAreCumulativeAndEndWithInf) {
  ServerMetrics metrics("s", 0);
  metrics.RecordEnd(kGet, "unary", grpc::StatusCode::OK, absl::Microseconds(500));  // le 0.001
  metrics.RecordEnd(kGet, "unary", grpc::StatusCode::OK, absl::Milliseconds(30));   // le 0.05
  metrics.RecordEnd(kGet, "unary", grpc::StatusCode::OK, absl::Seconds(60));        // +Inf only
  const std::string text = metrics.Render();
  const std::string bucket = std::string("grpc_server_handling_seconds_bucket{") + kLabels;
  EXPECT_THAT(text, HasSubstr("# TYPE grpc_server_handling_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr(bucket + ",le=\"0.001\"} 1\n"));
  EXPECT_THAT(text, HasSubstr(bucket + ",le=\"0.025\"} 1\n"));
  EXPECT_THAT(text, HasSubstr(bucket + ",le=\"0.05\"} 2\n"));
  EXPECT_THAT(text, HasSubstr(bucket + ",le=\"10\"} 2\n"));
  EXPECT_THAT(text, HasSubstr(bucket + ",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr(std::string("grpc_server_handling_seconds_count{") + kLabels +
                              "} 3\n"));
  EXPECT_THAT(text, HasSubstr(std::string("grpc_server_handling_seconds_sum{") + kLabels +
                              "} 60.03"));
}

TEST(ServerMetricsTest, PoolReadinessAndBuildInfo) {
  ServerMetrics metrics("hoptac.subsidy.v1.SubsidyService", 12);
  EXPECT_THAT(metrics.Render(), HasSubstr("\nhoptac_ready 0\n"));
  metrics.SetReady(true);
  const std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("\nhoptac_ready 1\n"));
  EXPECT_THAT(text, HasSubstr("\nhoptac_db_pool_size 12\n"));
  EXPECT_THAT(text, HasSubstr("hoptac_build_info{service=\"hoptac.subsidy.v1.SubsidyService\","
                              "version=\""));
  EXPECT_THAT(text, HasSubstr("\nprocess_start_time_seconds "));
}

TEST(ServerMetricsTest, NoPoolGaugeWithoutADatabase) {
  EXPECT_THAT(ServerMetrics("s", 0).Render(), Not(HasSubstr("hoptac_db_pool_size")));
}

TEST(ServerMetricsTest, GaugesAreReadAtEveryScrape) {
  ServerMetrics metrics("s", 0);
  int in_use = 1;
  metrics.AddGauge("hoptac_db_pool_in_use", "Connections lent out.", [&in_use] {
    return static_cast<double>(in_use);
  });
  EXPECT_THAT(metrics.Render(), HasSubstr("\nhoptac_db_pool_in_use 1\n"));
  in_use = 4;
  EXPECT_THAT(metrics.Render(), HasSubstr("\nhoptac_db_pool_in_use 4\n"));
}

TEST(ServerMetricsTest, LabelValuesAreEscaped) {
  EXPECT_EQ(EscapeLabelValue(R"(a"b\c)" "\n"), R"(a\"b\\c\n)");
  ServerMetrics metrics("s", 0);
  metrics.RecordEnd("/odd\"svc/M", "unary", grpc::StatusCode::OK, absl::Milliseconds(1));
  EXPECT_THAT(metrics.Render(), HasSubstr(R"(grpc_service="odd\"svc",grpc_method="M")"));
}

TEST(ServerMetricsTest, StatusCodesHaveTheirCanonicalNames) {
  EXPECT_STREQ(StatusCodeName(grpc::StatusCode::OK), "OK");
  EXPECT_STREQ(StatusCodeName(grpc::StatusCode::FAILED_PRECONDITION), "FAILED_PRECONDITION");
  EXPECT_STREQ(StatusCodeName(grpc::StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
  EXPECT_STREQ(StatusCodeName(static_cast<grpc::StatusCode>(99)), "UNKNOWN");
}

TEST(MetricsEndpointTest, PortZeroMeansNoEndpoint) {
  ServerMetrics metrics("s", 0);
  auto endpoint = MetricsEndpoint::Start(metrics, "127.0.0.1:50051", 0);
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  EXPECT_EQ(*endpoint, nullptr);
}

}  // namespace
}  // namespace hoptac
