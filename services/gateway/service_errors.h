// A failed call to another service as the gateway reports it: a failure to
// get an answer (unreachable, overloaded, internal) is UNAVAILABLE naming the
// service, a deadline is DEADLINE_EXCEEDED naming it; a real answer
// (NOT_FOUND, INVALID_ARGUMENT, ...) keeps its code, prefixed with the service.
#ifndef HOPTAC_SERVICES_GATEWAY_SERVICE_ERRORS_H_
#define HOPTAC_SERVICES_GATEWAY_SERVICE_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace hoptac::gateway {

absl::Status StatusFromService(const grpc::Status& status, absl::string_view service);

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_SERVICE_ERRORS_H_
