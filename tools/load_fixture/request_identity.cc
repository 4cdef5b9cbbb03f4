#include "tools/load_fixture/request_identity.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"

namespace hoptac::fixture {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

const FieldDescriptor* StringField(const Message& message, const char* name) {
  const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(name);
  if (field == nullptr || field->is_repeated() || field->type() != FieldDescriptor::TYPE_STRING) {
    return nullptr;
  }
  return field;
}

// The message holding the request_id field: the request or its `change`.
Message* RequestIdHolder(Message& request) {
  if (StringField(request, "request_id") != nullptr) return &request;
  const FieldDescriptor* change = request.GetDescriptor()->FindFieldByName("change");
  if (change == nullptr || change->is_repeated() ||
      change->type() != FieldDescriptor::TYPE_MESSAGE) {
    return nullptr;
  }
  Message* context = request.GetReflection()->MutableMessage(&request, change);
  return StringField(*context, "request_id") != nullptr ? context : nullptr;
}

}  // namespace

std::string FixtureRequestId(absl::string_view fixture_name, const FixtureRecord& record) {
  std::string id = absl::StrCat("fixture/", fixture_name, "/", record.Where());
  for (char& c : id) {
    if (c <= ' ' || c > '~') c = '_';
  }
  return id;
}

absl::Status SetRequestId(Message& request, const std::string& request_id) {
  Message* holder = RequestIdHolder(request);
  if (holder == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(request.GetDescriptor()->full_name(),
                                                   " has no request_id: it cannot be loaded once"));
  }
  const FieldDescriptor* field = StringField(*holder, "request_id");
  const google::protobuf::Reflection* reflection = holder->GetReflection();
  if (!reflection->GetString(*holder, field).empty()) {
    return absl::InvalidArgumentError(
        "request_id: set by the loader from the file and line; leave it out of the fixture");
  }
  reflection->SetString(holder, field, request_id);
  return absl::OkStatus();
}

std::string CreatedResourceName(const Message& response) {
  const google::protobuf::Descriptor* descriptor = response.GetDescriptor();
  const google::protobuf::Reflection* reflection = response.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated() || field->type() != FieldDescriptor::TYPE_MESSAGE) continue;
    const Message& resource = reflection->GetMessage(response, field);
    if (const FieldDescriptor* name = StringField(resource, "name"); name != nullptr) {
      std::string value = resource.GetReflection()->GetString(resource, name);
      if (!value.empty()) return value;
    }
  }
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated() || field->type() != FieldDescriptor::TYPE_STRING) continue;
    std::string value = reflection->GetString(response, field);
    if (!value.empty()) return value;
  }
  return "";
}

}  // namespace hoptac::fixture
