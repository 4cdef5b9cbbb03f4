// gRPC status codes as HTTP status codes for the HTTP/JSON endpoint, after
// Google's mapping (google.rpc.Code): INVALID_ARGUMENT, FAILED_PRECONDITION,
// OUT_OF_RANGE -> 400; UNAUTHENTICATED -> 401; PERMISSION_DENIED -> 403;
// NOT_FOUND -> 404; ALREADY_EXISTS, ABORTED -> 409; RESOURCE_EXHAUSTED -> 429;
// CANCELLED -> 499; UNIMPLEMENTED -> 501; UNAVAILABLE -> 503;
// DEADLINE_EXCEEDED -> 504; the rest -> 500.
#ifndef HOPTAC_SERVICES_GATEWAY_HTTP_STATUS_H_
#define HOPTAC_SERVICES_GATEWAY_HTTP_STATUS_H_

#include <string>

#include "absl/status/status.h"

namespace hoptac::gateway {

int HttpStatusFor(absl::StatusCode code);

// The error body: {"code":"NOT_FOUND","message":"..."} (valid JSON, the
// message escaped).
std::string ErrorJson(const absl::Status& status);

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_HTTP_STATUS_H_
