#include "services/common/server.h"

#include <pthread.h>
#include <signal.h>

#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpc/support/log.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/server_builder.h"
#include "services/common/log.h"
#include "services/common/malformed_request_interceptor.h"
#include "services/common/metrics.h"
#include "services/common/rpc_log_interceptor.h"

namespace hoptac {
namespace {

sigset_t TerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

int WaitForTerminationSignal() {
  const sigset_t signals = TerminationSignals();
  int received = 0;
  while (sigwait(&signals, &received) != 0) {
  }
  return received;
}

// gRPC's own diagnostics become JSON lines like every other log line.
void LogFromGrpc(gpr_log_func_args* args) {
  const LogLevel level = args->severity == GPR_LOG_SEVERITY_ERROR   ? LogLevel::kError
                         : args->severity == GPR_LOG_SEVERITY_INFO ? LogLevel::kInfo
                                                                   : LogLevel::kDebug;
  LogLine(level, args->message == nullptr ? "" : args->message)
      .Add("source", "grpc")
      .Add("file", absl::StrCat(args->file == nullptr ? "" : args->file, ":", args->line));
}

int Milliseconds(absl::Duration d) {
  return static_cast<int>(std::min<int64_t>(absl::ToInt64Milliseconds(d), INT32_MAX));
}

}  // namespace

void BlockTerminationSignals() {
  const sigset_t signals = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

ServiceServer::ServiceServer(ServerSettings settings, TransportSettings transport,
                             std::string service_name)
    : settings_(std::move(settings)),
      transport_(std::move(transport)),
      service_name_(std::move(service_name)) {
  gpr_set_log_function(&LogFromGrpc);
}

void ServiceServer::AddService(grpc::Service* service) { services_.push_back(service); }

void ServiceServer::SetReadinessProbe(std::function<absl::Status()> probe) {
  probe_ = std::move(probe);
}

void ServiceServer::AddMetricGauge(std::string name, std::string help,
                                   std::function<double()> read) {
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

absl::Status ServiceServer::Run() {
  const absl::Time start = absl::Now();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  ServerMetrics metrics(service_name_, settings_.db_pool_size);
  for (const Gauge& gauge : gauges_) metrics.AddGauge(gauge.name, gauge.help, gauge.read);
  auto metrics_endpoint =
      MetricsEndpoint::Start(metrics, settings_.listen_address, settings_.metrics_port);
  if (!metrics_endpoint.ok()) return metrics_endpoint.status();

  grpc::ServerBuilder builder;
  int bound_port = 0;
  WarnIfInsecure(transport_);
  builder.AddListeningPort(settings_.listen_address, ServerCredentialsFor(transport_),
                           &bound_port);
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(settings_.max_message_bytes);
  builder.SetMaxSendMessageSize(settings_.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, Milliseconds(settings_.keepalive_time));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                             Milliseconds(settings_.max_connection_age));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                             Milliseconds(settings_.shutdown_grace));
  grpc::ResourceQuota quota(service_name_);
  if (settings_.max_concurrent_rpcs > 0) {
    quota.SetMaxThreads(static_cast<int>(settings_.max_concurrent_rpcs));
    builder.SetResourceQuota(quota);
  }
  // Sync server threads: one that finishes a call goes back to waiting for the
  // next unless grpc_max_pollers already wait; then it ends, and a later call
  // pays for a new thread (and its MySQL client thread set-up).
  builder.SetSyncServerOption(grpc::ServerBuilder::MIN_POLLERS, settings_.grpc_min_pollers);
  builder.SetSyncServerOption(grpc::ServerBuilder::MAX_POLLERS, settings_.grpc_max_pollers);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  // First, so that the log and the metrics see the corrected status.
  interceptors.push_back(std::make_unique<MalformedRequestInterceptorFactory>());
  interceptors.push_back(std::make_unique<RpcLogInterceptorFactory>());
  interceptors.push_back(metrics.NewInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  for (grpc::Service* service : services_) builder.RegisterService(service);

  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", settings_.listen_address, " (address in use or not local?)"));
  }
  // The probes' port: plaintext, nothing but the health service (its own
  // instance, kept in step with the main one below).
  std::unique_ptr<grpc::Server> health_server;
  if (settings_.health_port > 0) {
    const std::string host =
        settings_.listen_address.substr(0, settings_.listen_address.rfind(':'));
    grpc::ServerBuilder health_builder;
    int health_bound = 0;
    health_builder.AddListeningPort(absl::StrCat(host, ":", settings_.health_port),
                                    grpc::InsecureServerCredentials(), &health_bound);
    health_builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    health_builder.SetMaxReceiveMessageSize(4096);
    health_server = health_builder.BuildAndStart();
    if (health_server == nullptr || health_bound == 0) {
      server->Shutdown();
      return absl::UnavailableError(
          absl::StrCat("cannot listen on health port ", settings_.health_port));
    }
  }
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  grpc::HealthCheckServiceInterface* probe_health =
      health_server == nullptr ? nullptr : health_server->GetHealthCheckService();
  auto check = [&] {
    const absl::Status ready = probe_ ? probe_() : absl::OkStatus();
    health->SetServingStatus(service_name_, ready.ok());
    if (probe_health != nullptr) probe_health->SetServingStatus(service_name_, ready.ok());
    metrics.SetReady(ready.ok());
    return ready;
  };
  const absl::Status first = check();
  const std::string host =
      settings_.listen_address.substr(0, settings_.listen_address.rfind(':'));
  LogLine(LogLevel::kInfo, "listening")
      .Add("address", absl::StrCat(host, ":", bound_port))
      .Add("port", bound_port)
      .Add("tls", transport_.insecure ? "off" : "on")
      .Add("health_port", settings_.health_port)
      .Add("ready", first.ok() ? "true" : std::string(first.message()))
      .Add("startup_ms", absl::ToDoubleMilliseconds(absl::Now() - start));

  absl::Notification stopping;
  std::thread prober([&] {
    bool was_ready = first.ok();
    while (!stopping.WaitForNotificationWithTimeout(settings_.health_check_interval)) {
      const absl::Status ready = check();
      if (ready.ok() != was_ready) {
        LogLine(ready.ok() ? LogLevel::kInfo : LogLevel::kWarning, "readiness changed")
            .Add("ready", ready.ok() ? "true" : std::string(ready.message()));
        was_ready = ready.ok();
      }
    }
  });

  const int signal = WaitForTerminationSignal();
  LogLine(LogLevel::kInfo, "shutting down")
      .Add("signal", signal == SIGTERM ? "SIGTERM" : "SIGINT")
      .Add("delay_ms", Milliseconds(settings_.shutdown_delay))
      .Add("grace_ms", Milliseconds(settings_.shutdown_grace));
  stopping.Notify();
  prober.join();
  // NOT_SERVING everywhere first, so that load balancers stop sending calls;
  // keep serving through the delay while they notice; then stop accepting and
  // let in-flight calls finish within the grace period.
  health->Shutdown();
  if (probe_health != nullptr) probe_health->Shutdown();
  metrics.SetReady(false);
  absl::SleepFor(settings_.shutdown_delay);
  server->Shutdown(std::chrono::system_clock::now() +
                   absl::ToChronoMilliseconds(settings_.shutdown_grace));
  server->Wait();
  if (health_server != nullptr) {
    health_server->Shutdown(std::chrono::system_clock::now());
    health_server->Wait();
  }
  LogLine(LogLevel::kInfo, "stopped");
  return absl::OkStatus();
}

}  // namespace hoptac
