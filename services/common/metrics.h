// Prometheus metrics of a server, in the text exposition format (version
// 0.0.4), served over HTTP on a port of their own (--metrics_port):
//   grpc_server_started_total / grpc_server_handled_total   RPCs by method (and code)
//   grpc_server_handling_seconds                             latency histogram by method
//   hoptac_db_pool_size                                      database connections allowed
//   hoptac_ready                                             1 while the named health is SERVING
//   hoptac_build_info                                        1, labelled with versions
//   process_start_time_seconds
// The gRPC names and labels are those of go-grpc-prometheus, so that existing
// dashboards and alerts work unchanged. Health and reflection calls are not
// counted (kubelet probes would dominate). Thread-safe.
#ifndef HOPTAC_SERVICES_COMMON_METRICS_H_
#define HOPTAC_SERVICES_COMMON_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/support/server_interceptor.h"
#include "grpcpp/support/status.h"

namespace hoptac {

// Upper bounds (seconds) of the latency histogram buckets; +Inf is implied.
inline constexpr std::array<double, 13> kLatencyBuckets = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

class ServerMetrics {
 public:
  // `service_name` is the full gRPC name of the served service (a label of
  // hoptac_build_info); `db_pool_size` the configured pool size (0: none).
  ServerMetrics(std::string service_name, int db_pool_size);

  // One RPC started (counted apart from its end, so that in-flight work shows).
  void RecordStart(absl::string_view full_method, absl::string_view type);
  // One RPC ended with `code` after `duration`. `full_method` is
  // "/package.Service/Method"; `type` is unary, client_stream, server_stream
  // or bidi_stream.
  void RecordEnd(absl::string_view full_method, absl::string_view type,
                 grpc::StatusCode code, absl::Duration duration);

  // The named health status: SERVING (true) or not.
  void SetReady(bool ready);
  bool ready() const;

  // A gauge read at every scrape; `name` must be a valid metric name.
  void AddGauge(std::string name, std::string help, std::function<double()> read);

  // The full exposition, "# HELP"/"# TYPE" lines included.
  std::string Render() const;

  // An interceptor factory that records every call (health and reflection
  // excepted) into this object, which must outlive the server.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
  NewInterceptorFactory();

 private:
  // The counters of one (method, type): found under a reader lock, then
  // updated without one, so that concurrent calls do not queue on the
  // metrics (every RPC records twice).
  static constexpr int kStatusCodes = 17;  // OK (0) to UNAUTHENTICATED (16)
  struct MethodStats {
    std::string service, method, type;  // labels
    std::atomic<uint64_t> started{0};
    std::array<std::atomic<uint64_t>, kStatusCodes> handled{};  // by grpc::StatusCode
    std::array<std::atomic<uint64_t>, kLatencyBuckets.size()> buckets{};  // not cumulative
    std::atomic<uint64_t> count{0};
    std::atomic<int64_t> sum_nanos{0};
  };
  MethodStats& StatsFor(absl::string_view full_method, absl::string_view type);
  static std::string MethodLabels(const MethodStats& stats);

  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };

  const std::string service_name_;
  const int db_pool_size_;
  const absl::Time process_start_;
  mutable absl::Mutex mutex_;
  // By full method name; a method has one type, so the vector holds one entry.
  absl::flat_hash_map<std::string, std::vector<std::unique_ptr<MethodStats>>> methods_
      ABSL_GUARDED_BY(mutex_);
  std::vector<Gauge> gauges_ ABSL_GUARDED_BY(mutex_);
  bool ready_ ABSL_GUARDED_BY(mutex_) = false;
};

// Escapes a label value for the text format (backslash, double quote, newline).
std::string EscapeLabelValue(absl::string_view value);

// The canonical name of a status code (OK, NOT_FOUND, ...).
const char* StatusCodeName(grpc::StatusCode code);

// Serves over HTTP/1.1 until destroyed: GET /metrics; GET /healthz (200 while
// the process runs); GET /readyz (200 while the named health is SERVING, else
// 503) for probes that cannot speak gRPC over TLS.
class MetricsEndpoint {
 public:
  ~MetricsEndpoint();
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  // Listens on the host of `listen_address` ("host:port" of the gRPC server)
  // and `port`; nullptr when `port` is 0 (metrics off). UNAVAILABLE when the
  // port cannot be bound. `metrics` must outlive the endpoint.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(const ServerMetrics& metrics,
                                                                absl::string_view listen_address,
                                                                int port);

  int port() const { return port_; }

 private:
  class Http;  // keeps httplib.h out of this header
  MetricsEndpoint() = default;
  std::unique_ptr<Http> http_;
  int port_ = 0;
};

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_METRICS_H_
