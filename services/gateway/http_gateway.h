// The gateway as HTTP/JSON, for systems that cannot speak gRPC:
//   POST /v1/{Method}   e.g. POST /v1/GetRoundStatus
// with the request message as JSON in protobuf's JSON mapping (camelCase
// field names; unknown fields rejected), answered with the response message
// as JSON, or an error as an HTTP status (http_status.h) and a body
// {"code": "...", "message": "..."}. The "Authorization" header is the
// caller's bearer token, as on gRPC. Each request calls the same Gateway
// method as the gRPC handler. Served by cpp-httplib (Debian's build).
#ifndef HOPTAC_SERVICES_GATEWAY_HTTP_GATEWAY_H_
#define HOPTAC_SERVICES_GATEWAY_HTTP_GATEWAY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/gateway/gateway.h"

namespace hoptac::gateway {

class HttpGateway {
 public:
  // Listens on host:port (the gRPC listen host) and serves in a thread of its
  // own. UNAVAILABLE when the port is taken.
  static absl::StatusOr<std::unique_ptr<HttpGateway>> Start(Gateway& gateway,
                                                            const std::string& host, int port);
  // Stops listening and waits for the serving thread.
  ~HttpGateway();

  // The JSON answer and HTTP status of one call, without the HTTP layer
  // (the endpoint's whole logic; unit-testable).
  struct Answer {
    int status = 200;
    std::string body;
  };
  static Answer Call(Gateway& gateway, const std::string& method, const std::string& json,
                     const CallInfo& call);

 private:
  class Server;
  HttpGateway() = default;
  std::unique_ptr<Server> server_;
};

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_HTTP_GATEWAY_H_
