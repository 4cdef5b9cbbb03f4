#include "services/gateway/service_errors.h"

#include "absl/strings/str_cat.h"
#include "services/common/grpc_status.h"

namespace hoptac::gateway {

absl::Status StatusFromService(const grpc::Status& status, absl::string_view service) {
  const absl::Status s = FromGrpcStatus(status);
  switch (s.code()) {
    case absl::StatusCode::kDeadlineExceeded:
      return absl::DeadlineExceededError(absl::StrCat(service, " did not answer in time: ",
                                                      s.message()));
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
      return absl::UnavailableError(absl::StrCat(service, " did not answer: ", s.message()));
    default:
      return absl::Status(s.code(), absl::StrCat(service, ": ", s.message()));
  }
}

}  // namespace hoptac::gateway
