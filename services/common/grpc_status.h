// absl::Status <-> grpc::Status. Canonical codes share numbers, so the mapping
// is one-to-one; the message travels unchanged.
#ifndef HOPTAC_SERVICES_COMMON_GRPC_STATUS_H_
#define HOPTAC_SERVICES_COMMON_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace hoptac {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_GRPC_STATUS_H_
