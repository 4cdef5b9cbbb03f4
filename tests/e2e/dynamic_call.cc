#include "tests/e2e/dynamic_call.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"

namespace hoptac::e2e {

namespace {

// One unary call of raw bytes; the response bytes in `response`.
grpc::Status UnaryBytes(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                        const std::string& bytes, std::string* response) {
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  grpc::GenericStub stub(channel);
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  grpc::Status result;
  stub.UnaryCall(&context, absl::StrCat("/", method), {}, &request_buffer, &response_buffer,
                 [&](grpc::Status status) {
                   std::lock_guard<std::mutex> lock(mutex);
                   result = std::move(status);
                   done = true;
                   done_cv.notify_one();
                 });
  {
    std::unique_lock<std::mutex> lock(mutex);
    done_cv.wait(lock, [&] { return done; });
  }
  if (!result.ok() || response == nullptr) return result;
  std::vector<grpc::Slice> slices;
  if (!response_buffer.Dump(&slices).ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "test: unreadable response");
  }
  for (const grpc::Slice& s : slices) {
    response->append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return result;
}

}  // namespace

grpc::Status CallBytes(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                       const std::string& bytes) {
  return UnaryBytes(channel, method, bytes, nullptr);
}

CallReply CallJson(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                   const std::string& json) {
  CallReply reply;
  const google::protobuf::MethodDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          absl::StrReplaceAll(method, {{"/", "."}}));
  if (descriptor == nullptr) {
    reply.status = grpc::Status(grpc::StatusCode::INTERNAL, "test: unknown method " + method);
    return reply;
  }
  google::protobuf::MessageFactory* factory =
      google::protobuf::MessageFactory::generated_factory();
  std::unique_ptr<google::protobuf::Message> request(
      factory->GetPrototype(descriptor->input_type())->New());
  const auto parsed = google::protobuf::util::JsonStringToMessage(json, request.get());
  if (!parsed.ok()) {
    reply.status = grpc::Status(grpc::StatusCode::INTERNAL,
                                absl::StrCat("test: bad request JSON for ", method, ": ",
                                             parsed.ToString(), " in ", json));
    return reply;
  }
  std::string bytes;
  request->SerializeToString(&bytes);
  std::string response_bytes;
  reply.status = UnaryBytes(channel, method, bytes, &response_bytes);
  if (!reply.status.ok()) return reply;
  reply.message.reset(factory->GetPrototype(descriptor->output_type())->New());
  if (!reply.message->ParseFromString(response_bytes)) {
    reply.status = grpc::Status(grpc::StatusCode::INTERNAL, "test: unparsable response");
  }
  return reply;
}

std::string FieldOf(const google::protobuf::Message& message, absl::string_view path) {
  const google::protobuf::Message* current = &message;
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const google::protobuf::FieldDescriptor* field =
        current->GetDescriptor()->FindFieldByName(parts[i]);
    if (field == nullptr || field->is_repeated()) return "";
    const google::protobuf::Reflection* reflection = current->GetReflection();
    if (i + 1 == parts.size()) {
      return field->type() == google::protobuf::FieldDescriptor::TYPE_STRING
                 ? reflection->GetString(*current, field)
                 : "";
    }
    if (field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE) return "";
    current = &reflection->GetMessage(*current, field);
  }
  return "";
}

}  // namespace hoptac::e2e
