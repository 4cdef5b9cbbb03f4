// The one way every hoptac service starts, serves and stops:
//   - listens on the configured address, port reuse off (a second instance on
//     the same port fails instead of silently sharing it);
//   - the standard health service: "" is SERVING while the process serves; the
//     service's own name follows the readiness probe (database reachability);
//   - server reflection; keepalive and max-connection-age arguments;
//   - sync server threads kept between calls (--grpc_max_pollers), so that a
//     call under load does not start a thread;
//   - an RPC log line per call;
//   - on SIGTERM/SIGINT: every health status NOT_SERVING first, then drain
//     in-flight calls until the grace period ends, then cancel the rest.
#ifndef HOPTAC_SERVICES_COMMON_SERVER_H_
#define HOPTAC_SERVICES_COMMON_SERVER_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/common/auth/transport_security.h"
#include "services/common/config.h"

namespace grpc {
class Service;
}

namespace hoptac {

// Blocks SIGTERM and SIGINT in the calling thread and every thread it starts
// later. Call first thing in main(), so that the signals reach only the thread
// that waits for them.
void BlockTerminationSignals();

class ServiceServer {
 public:
  // `service_name` is the full gRPC name, e.g. "hoptac.registry.v1.RegistryService".
  ServiceServer(ServerSettings settings, TransportSettings transport, std::string service_name);

  // Services to serve; not owned, must outlive Run().
  void AddService(grpc::Service* service);

  // Called every settings.health_check_interval; OK means ready. The named
  // health status is SERVING only while it returns OK.
  void SetReadinessProbe(std::function<absl::Status()> probe);

  // A gauge the metrics endpoint serves, read at each scrape.
  void AddMetricGauge(std::string name, std::string help, std::function<double()> read);

  // Starts, serves until SIGTERM/SIGINT, then shuts down gracefully. Returns
  // an error if the server cannot start (e.g. the port is taken).
  absl::Status Run();

 private:
  ServerSettings settings_;
  TransportSettings transport_;
  std::string service_name_;
  std::vector<grpc::Service*> services_;
  std::function<absl::Status()> probe_;
  struct Gauge {
    std::string name;
    std::string help;
    std::function<double()> read;
  };
  std::vector<Gauge> gauges_;
};

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_SERVER_H_
