// Logs every RPC a server handles: method, status code, duration, request_id
// (read from the request's `request_id` field when it has one), peer.
#ifndef HOPTAC_SERVICES_COMMON_RPC_LOG_INTERCEPTOR_H_
#define HOPTAC_SERVICES_COMMON_RPC_LOG_INTERCEPTOR_H_

#include "grpcpp/support/server_interceptor.h"

namespace hoptac {

class RpcLogInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_RPC_LOG_INTERCEPTOR_H_
