#include "services/common/rpc_log_interceptor.h"

#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "services/common/log.h"

namespace hoptac {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Finds a top-level string field named request_id, if the message has one.
std::string RequestIdOf(const google::protobuf::Message& message) {
  const google::protobuf::FieldDescriptor* field =
      message.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    return "";
  }
  return message.GetReflection()->GetString(message, field);
}

const char* CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {
      "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
      "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
      "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return (index >= 0 && index <= 16) ? kNames[index] : "UNKNOWN";
}

class RpcLogInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit RpcLogInterceptor(grpc::experimental::ServerRpcInfo* info)
      : info_(info), start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      // Only the first request message of a call carries its request_id.
      void* message = methods->GetRecvMessage();
      if (message != nullptr && request_id_.empty()) {
        request_id_ = RequestIdOf(*static_cast<google::protobuf::Message*>(message));
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      const bool ok = status.ok();
      const bool server_fault = status.error_code() == grpc::StatusCode::INTERNAL ||
                                status.error_code() == grpc::StatusCode::UNKNOWN ||
                                status.error_code() == grpc::StatusCode::DATA_LOSS;
      LogLine line(server_fault ? LogLevel::kError : LogLevel::kInfo, "rpc");
      line.Add("method", info_->method())
          .Add("code", CodeName(status.error_code()))
          .Add("duration_ms", absl::ToDoubleMilliseconds(absl::Now() - start_))
          .Add("request_id", request_id_)
          .Add("peer", info_->server_context()->peer());
      if (!ok) line.Add("error", status.error_message());
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  absl::Time start_;
  std::string request_id_;
};

}  // namespace

grpc::experimental::Interceptor* RpcLogInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  // Health and reflection probes would drown the log; they are not logged.
  const std::string method = info->method();
  if (method.rfind("/grpc.health.", 0) == 0 || method.rfind("/grpc.reflection.", 0) == 0) {
    return nullptr;
  }
  return new RpcLogInterceptor(info);
}

}  // namespace hoptac
