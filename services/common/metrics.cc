#include "services/common/metrics.h"

#include <httplib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "services/common/log.h"

#ifndef HOPTAC_VERSION
#define HOPTAC_VERSION "dev"
#endif

namespace hoptac {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

// "/pkg.Service/Method" -> ("pkg.Service", "Method").
std::pair<std::string, std::string> SplitMethod(absl::string_view full_method) {
  if (!full_method.empty() && full_method.front() == '/') full_method.remove_prefix(1);
  const size_t slash = full_method.find('/');
  if (slash == absl::string_view::npos) return {std::string(full_method), ""};
  return {std::string(full_method.substr(0, slash)), std::string(full_method.substr(slash + 1))};
}

// Prometheus floats: integers without a fraction, +Inf spelled out.
std::string FormatValue(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);  // shortest round trip
  return std::string(buffer, result.ptr);
}

void AppendHeader(std::string& out, absl::string_view name, absl::string_view type,
                  absl::string_view help) {
  absl::StrAppend(&out, "# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n");
}

const char* TypeName(ServerRpcInfo::Type type) {
  switch (type) {
    case ServerRpcInfo::Type::UNARY:
      return "unary";
    case ServerRpcInfo::Type::CLIENT_STREAMING:
      return "client_stream";
    case ServerRpcInfo::Type::SERVER_STREAMING:
      return "server_stream";
    case ServerRpcInfo::Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return "unary";
}

// Records one call: its start when created, its end at PRE_SEND_STATUS, or
// CANCELLED when the call is torn down without a status (client went away).
class MetricsInterceptor : public grpc::experimental::Interceptor {
 public:
  MetricsInterceptor(ServerMetrics& metrics, ServerRpcInfo* info)
      : metrics_(metrics), method_(info->method()), type_(TypeName(info->type())),
        start_(absl::Now()) {
    metrics_.RecordStart(method_, type_);
  }

  ~MetricsInterceptor() override {
    if (!ended_) {
      metrics_.RecordEnd(method_, type_, grpc::StatusCode::CANCELLED, absl::Now() - start_);
    }
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
        !ended_) {
      ended_ = true;
      metrics_.RecordEnd(method_, type_, methods->GetSendStatus().error_code(),
                         absl::Now() - start_);
    }
    methods->Proceed();
  }

 private:
  ServerMetrics& metrics_;
  const std::string method_;
  const char* const type_;
  const absl::Time start_;
  bool ended_ = false;
};

class MetricsInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit MetricsInterceptorFactory(ServerMetrics& metrics) : metrics_(metrics) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(ServerRpcInfo* info) override {
    const absl::string_view method = info->method();
    if (absl::StartsWith(method, "/grpc.health.") ||
        absl::StartsWith(method, "/grpc.reflection.")) {
      return nullptr;
    }
    return new MetricsInterceptor(metrics_, info);
  }

 private:
  ServerMetrics& metrics_;
};

}  // namespace

std::string EscapeLabelValue(absl::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const char* StatusCodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {
      "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
      "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
      "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return (index >= 0 && index <= 16) ? kNames[index] : "UNKNOWN";
}

ServerMetrics::ServerMetrics(std::string service_name, int db_pool_size)
    : service_name_(std::move(service_name)),
      db_pool_size_(db_pool_size),
      process_start_(absl::Now()) {}

ServerMetrics::MethodStats& ServerMetrics::StatsFor(absl::string_view full_method,
                                                   absl::string_view type) {
  {
    absl::ReaderMutexLock lock(&mutex_);
    auto it = methods_.find(full_method);
    if (it != methods_.end()) {
      for (const auto& stats : it->second) {
        if (stats->type == type) return *stats;
      }
    }
  }
  absl::MutexLock lock(&mutex_);
  auto& of_method = methods_[full_method];
  for (const auto& stats : of_method) {
    if (stats->type == type) return *stats;
  }
  auto stats = std::make_unique<MethodStats>();
  std::tie(stats->service, stats->method) = SplitMethod(full_method);
  stats->type = std::string(type);
  of_method.push_back(std::move(stats));
  return *of_method.back();
}

void ServerMetrics::RecordStart(absl::string_view full_method, absl::string_view type) {
  StatsFor(full_method, type).started.fetch_add(1, std::memory_order_relaxed);
}

void ServerMetrics::RecordEnd(absl::string_view full_method, absl::string_view type,
                              grpc::StatusCode code, absl::Duration duration) {
  MethodStats& stats = StatsFor(full_method, type);
  const int index = static_cast<int>(code);
  const int known = index >= 0 && index < kStatusCodes ? index : 2;  // else UNKNOWN
  stats.handled[known].fetch_add(1, std::memory_order_relaxed);
  const double seconds = absl::ToDoubleSeconds(duration);
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) {
      stats.buckets[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  stats.sum_nanos.fetch_add(absl::ToInt64Nanoseconds(duration), std::memory_order_relaxed);
  stats.count.fetch_add(1, std::memory_order_relaxed);
}

void ServerMetrics::SetReady(bool ready) {
  absl::MutexLock lock(&mutex_);
  ready_ = ready;
}

bool ServerMetrics::ready() const {
  absl::MutexLock lock(&mutex_);
  return ready_;
}

void ServerMetrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
  absl::MutexLock lock(&mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string ServerMetrics::MethodLabels(const MethodStats& stats) {
  return absl::StrCat("grpc_type=\"", EscapeLabelValue(stats.type), "\",grpc_service=\"",
                      EscapeLabelValue(stats.service), "\",grpc_method=\"",
                      EscapeLabelValue(stats.method), "\"");
}

std::string ServerMetrics::Render() const {
  std::string out;
  absl::MutexLock lock(&mutex_);

  // Sorted by (service, method, type), and codes by name, as before: the
  // exposition is stable from scrape to scrape.
  std::vector<const MethodStats*> sorted;
  for (const auto& [name, of_method] : methods_) {
    for (const auto& stats : of_method) sorted.push_back(stats.get());
  }
  std::sort(sorted.begin(), sorted.end(), [](const MethodStats* a, const MethodStats* b) {
    return std::tie(a->service, a->method, a->type) < std::tie(b->service, b->method, b->type);
  });
  std::vector<int> codes_by_name(kStatusCodes);
  for (int i = 0; i < kStatusCodes; ++i) codes_by_name[i] = i;
  std::sort(codes_by_name.begin(), codes_by_name.end(), [](int a, int b) {
    return std::string_view(StatusCodeName(static_cast<grpc::StatusCode>(a))) <
           std::string_view(StatusCodeName(static_cast<grpc::StatusCode>(b)));
  });

  AppendHeader(out, "grpc_server_started_total", "counter",
               "RPCs started on the server.");
  for (const MethodStats* stats : sorted) {
    const uint64_t started = stats->started.load(std::memory_order_relaxed);
    if (started == 0) continue;
    absl::StrAppend(&out, "grpc_server_started_total{", MethodLabels(*stats), "} ", started,
                    "\n");
  }

  AppendHeader(out, "grpc_server_handled_total", "counter",
               "RPCs completed on the server, by status code.");
  for (const MethodStats* stats : sorted) {
    for (int code : codes_by_name) {
      const uint64_t handled = stats->handled[code].load(std::memory_order_relaxed);
      if (handled == 0) continue;
      absl::StrAppend(&out, "grpc_server_handled_total{", MethodLabels(*stats), ",grpc_code=\"",
                      StatusCodeName(static_cast<grpc::StatusCode>(code)), "\"} ", handled, "\n");
    }
  }

  AppendHeader(out, "grpc_server_handling_seconds", "histogram",
               "Time from the start of an RPC to its status, in seconds.");
  for (const MethodStats* stats : sorted) {
    const uint64_t count = stats->count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    const std::string labels = MethodLabels(*stats);
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += stats->buckets[i].load(std::memory_order_relaxed);
      absl::StrAppend(&out, "grpc_server_handling_seconds_bucket{", labels, ",le=\"",
                      FormatValue(kLatencyBuckets[i]), "\"} ", cumulative, "\n");
    }
    // A call recorded while this runs may show in the buckets and not yet in
    // the count: +Inf never says less than the buckets.
    absl::StrAppend(&out, "grpc_server_handling_seconds_bucket{", labels, ",le=\"+Inf\"} ",
                    std::max(count, cumulative), "\n");
    absl::StrAppend(&out, "grpc_server_handling_seconds_sum{", labels, "} ",
                    FormatValue(static_cast<double>(stats->sum_nanos.load(
                                    std::memory_order_relaxed)) / 1e9),
                    "\n");
    absl::StrAppend(&out, "grpc_server_handling_seconds_count{", labels, "} ",
                    std::max(count, cumulative), "\n");
  }

  if (db_pool_size_ > 0) {
    AppendHeader(out, "hoptac_db_pool_size", "gauge",
                 "Database connections the pool may open (--db_pool_size).");
    absl::StrAppend(&out, "hoptac_db_pool_size ", db_pool_size_, "\n");
  }
  for (const Gauge& gauge : gauges_) {
    AppendHeader(out, gauge.name, "gauge", gauge.help);
    absl::StrAppend(&out, gauge.name, " ", FormatValue(gauge.read()), "\n");
  }

  AppendHeader(out, "hoptac_ready", "gauge",
               "1 while the service's named health status is SERVING (its database answers).");
  absl::StrAppend(&out, "hoptac_ready ", ready_ ? 1 : 0, "\n");

  AppendHeader(out, "hoptac_build_info", "gauge", "Always 1; the labels name the build.");
  absl::StrAppend(&out, "hoptac_build_info{service=\"", EscapeLabelValue(service_name_),
                  "\",version=\"", EscapeLabelValue(HOPTAC_VERSION), "\",grpc_version=\"",
                  EscapeLabelValue(grpc::Version()), "\"} 1\n");

  AppendHeader(out, "process_start_time_seconds", "gauge",
               "Start time of the process since the Unix epoch, in seconds.");
  absl::StrAppend(&out, "process_start_time_seconds ",
                  FormatValue(absl::ToDoubleSeconds(process_start_ - absl::UnixEpoch())), "\n");
  return out;
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
ServerMetrics::NewInterceptorFactory() {
  return std::make_unique<MetricsInterceptorFactory>(*this);
}

class MetricsEndpoint::Http {
 public:
  httplib::Server server;
  std::thread thread;
};

MetricsEndpoint::~MetricsEndpoint() {
  if (http_ == nullptr) return;
  http_->server.stop();
  if (http_->thread.joinable()) http_->thread.join();
}

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(
    const ServerMetrics& metrics, absl::string_view listen_address, int port) {
  if (port == 0) return nullptr;
  std::string host(listen_address.substr(0, listen_address.rfind(':')));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::unique_ptr<MetricsEndpoint> endpoint(new MetricsEndpoint);
  endpoint->http_ = std::make_unique<Http>();
  httplib::Server& server = endpoint->http_->server;
  // A scrape every few seconds needs no more than two threads (the default is 8+).
  server.new_task_queue = [] { return new httplib::ThreadPool(2); };
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, with which a second
  // process would share the port silently instead of failing to start.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server.Get("/metrics", [&metrics](const httplib::Request&, httplib::Response& response) {
    response.set_content(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok\n", "text/plain");
  });
  server.Get("/readyz", [&metrics](const httplib::Request&, httplib::Response& response) {
    const bool ready = metrics.ready();
    response.status = ready ? 200 : 503;
    response.set_content(ready ? "ready\n" : "not ready\n", "text/plain");
  });
  if (!server.bind_to_port(host, port)) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", host, ":", port,
                                               " for metrics (--metrics_port)"));
  }
  endpoint->port_ = port;
  endpoint->http_->thread = std::thread([&server] { server.listen_after_bind(); });
  LogLine(LogLevel::kInfo, "serving metrics")
      .Add("address", absl::StrCat(host, ":", port))
      .Add("path", "/metrics");
  return endpoint;
}

}  // namespace hoptac
