// The gateway as HTTP/JSON, for systems that cannot speak gRPC:
//   POST /v1/{Method}   e.g. POST /v1/GetRoundStatus
// with the request message as JSON in protobuf's JSON mapping (camelCase
// field names; unknown fields rejected), answered with the response message
// as JSON, or an error as an HTTP status (http_status.h) and a body
// {"code": "...", "message": "..."}.
//
// The "Authorization: Bearer <token>" header is verified here (401 with
// "WWW-Authenticate: Bearer" otherwise; a caller without a valid token is
// rate-limited by its address), then the request is relayed as a gRPC call to
// the gateway's gRPC service (served in-process to the HTTP side) with the
// same header, so that it takes the one path every call takes: rate limit by
// subject, access gate, audit.
// RESOURCE_EXHAUSTED is 429 with "Retry-After". Served by cpp-httplib
// (Debian's build, with OpenSSL): HTTPS with the process's certificate, plain
// HTTP only with --insecure.
#ifndef HOPTAC_SERVICES_GATEWAY_HTTP_GATEWAY_H_
#define HOPTAC_SERVICES_GATEWAY_HTTP_GATEWAY_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "hoptac/gateway/v1/gateway_service.grpc.pb.h"
#include "services/common/auth/transport_security.h"
#include "services/gateway/rate_limiter.h"

namespace grpc {
class Service;
}

namespace hoptac::gateway {

class HttpGateway {
 public:
  struct Options {
    std::string host;  // the gRPC listen host
    int port = 0;
    // The gateway's gRPC service (an instance of its own), which every
    // request is relayed to in-process; not owned.
    grpc::Service* service = nullptr;
    // TLS: the process's certificate and key; plain HTTP when insecure.
    TransportSettings transport;
    RateLimiter* limiter = nullptr;  // for callers without a valid token; may be null
  };

  // Listens on host:port and serves in a thread of its own. UNAVAILABLE when
  // the port is taken; INVALID_ARGUMENT when the certificate cannot be used.
  static absl::StatusOr<std::unique_ptr<HttpGateway>> Start(Options options);
  // Stops listening and waits for the serving thread.
  ~HttpGateway();

  // The answer to one request, without the HTTP layer (the endpoint's whole
  // logic; unit-testable with an in-process channel).
  struct Answer {
    int status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
  };
  static Answer Handle(v1::GatewayService::StubInterface& stub, RateLimiter* limiter,
                       const std::string& method, const std::string& json,
                       const std::string& authorization, const std::string& remote_address);

 private:
  class Server;
  HttpGateway() = default;
  std::unique_ptr<Server> server_;
};

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_HTTP_GATEWAY_H_
