// A request that does not parse (a string field that is not valid UTF-8, a
// truncated message) is the caller's mistake: gRPC reports it as INTERNAL
// with no message, which this interceptor turns into INVALID_ARGUMENT naming
// the request, so that clients and dashboards see a client error.
#ifndef HOPTAC_SERVICES_COMMON_MALFORMED_REQUEST_INTERCEPTOR_H_
#define HOPTAC_SERVICES_COMMON_MALFORMED_REQUEST_INTERCEPTOR_H_

#include "grpcpp/support/server_interceptor.h"

namespace hoptac {

class MalformedRequestInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_MALFORMED_REQUEST_INTERCEPTOR_H_
