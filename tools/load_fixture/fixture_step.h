// One kind of fixture file and the API method that loads its lines, e.g.
// "subsidy/programs.jsonl" -> SubsidyService/CreateProgram. The steps of all
// services, in order, are the fixture's dependency order.
#ifndef HOPTAC_TOOLS_LOAD_FIXTURE_FIXTURE_STEP_H_
#define HOPTAC_TOOLS_LOAD_FIXTURE_FIXTURE_STEP_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "google/protobuf/message.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace hoptac::fixture {

struct FixtureStep {
  // Path under the fixture folder, "subsidy/programs.jsonl".
  std::string file;
  // The method, "CreateProgram", for messages.
  std::string method;
  // A new, empty request of the method's type.
  std::function<std::unique_ptr<google::protobuf::Message>()> new_request;
  // Sends `request` (of new_request's type); on OK, `response` holds the answer.
  std::function<grpc::Status(grpc::ClientContext& context, const google::protobuf::Message& request,
                             std::unique_ptr<google::protobuf::Message>& response)>
      call;
};

// The step for `file` served by `rpc` of `stub`, which must outlive the step.
template <typename Stub, typename Request, typename Response>
FixtureStep MakeStep(std::string file, std::string method, Stub& stub,
                     grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*)) {
  FixtureStep step;
  step.file = std::move(file);
  step.method = std::move(method);
  step.new_request = [] { return std::make_unique<Request>(); };
  step.call = [&stub, rpc](grpc::ClientContext& context, const google::protobuf::Message& request,
                           std::unique_ptr<google::protobuf::Message>& response) {
    auto typed = std::make_unique<Response>();
    const grpc::Status status =
        (stub.*rpc)(&context, static_cast<const Request&>(request), typed.get());
    response = std::move(typed);
    return status;
  };
  return step;
}

}  // namespace hoptac::fixture

#endif  // HOPTAC_TOOLS_LOAD_FIXTURE_FIXTURE_STEP_H_
