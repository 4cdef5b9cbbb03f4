// One unary call from a test, with a deadline, its gRPC status as an
// absl::Status:  HOPTAC_ASSERT_OK_AND_ASSIGN(auto r, Call(*stub, &Stub::GetX, request));
#ifndef HOPTAC_TESTS_SUPPORT_UNARY_CALL_H_
#define HOPTAC_TESTS_SUPPORT_UNARY_CALL_H_

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "services/common/grpc_status.h"

namespace hoptac::testing {

template <typename Stub, typename Request, typename Response>
using StubMethod = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&, Response*);

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> Call(Stub& stub, StubMethod<Stub, Request, Response> method,
                              const Request& request, absl::Duration timeout = absl::Seconds(30)) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  Response response;
  const grpc::Status status = (stub.*method)(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

}  // namespace hoptac::testing

#endif  // HOPTAC_TESTS_SUPPORT_UNARY_CALL_H_
