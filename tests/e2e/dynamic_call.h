// Calls any hoptac method by its full name with a request written as
// protobuf JSON, for table-driven tests (the authorization matrix): the
// request and response types come from the generated descriptors linked in.
#ifndef HOPTAC_TESTS_E2E_DYNAMIC_CALL_H_
#define HOPTAC_TESTS_E2E_DYNAMIC_CALL_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "grpcpp/channel.h"
#include "grpcpp/support/status.h"

namespace hoptac::e2e {

struct CallReply {
  grpc::Status status;
  std::unique_ptr<google::protobuf::Message> message;  // set when status is OK
};

// `method` is "hoptac.subsidy.v1.SubsidyService/ApproveGrant". A request that
// does not parse, or an unknown method, is a failed test precondition:
// reported as status INTERNAL with the reason.
CallReply CallJson(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                   const std::string& json);

// Sends `bytes` as the request of `method`, whatever they hold.
grpc::Status CallBytes(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                       const std::string& bytes);

// The string at `path` ("grant.name") in `message`; "" when absent.
std::string FieldOf(const google::protobuf::Message& message, absl::string_view path);

}  // namespace hoptac::e2e

#endif  // HOPTAC_TESTS_E2E_DYNAMIC_CALL_H_
