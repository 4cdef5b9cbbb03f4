#include "tools/load_fixture/local_names.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace hoptac::fixture {
namespace {

void CollectReferences(const google::protobuf::Value& value, std::vector<std::string>& keys) {
  switch (value.kind_case()) {
    case google::protobuf::Value::kStringValue:
      if (absl::StartsWith(value.string_value(), "@")) {
        keys.push_back(value.string_value().substr(1));
      }
      return;
    case google::protobuf::Value::kStructValue:
      for (const auto& [field, inner] : value.struct_value().fields()) {
        CollectReferences(inner, keys);
      }
      return;
    case google::protobuf::Value::kListValue:
      for (const google::protobuf::Value& item : value.list_value().values()) {
        CollectReferences(item, keys);
      }
      return;
    default:
      return;
  }
}

}  // namespace

std::vector<std::string> ReferencedKeys(const google::protobuf::Struct& request) {
  std::vector<std::string> keys;
  for (const auto& [field, value] : request.fields()) CollectReferences(value, keys);
  return keys;
}

absl::Status ValidateKey(absl::string_view key) {
  if (key.empty() || key.front() == '@') {
    return absl::InvalidArgumentError("key: must be non-empty and not start with '@'");
  }
  for (const char c : key) {
    if (c <= ' ' || c > '~') {
      return absl::InvalidArgumentError(
          absl::StrCat("key \"", key, "\": only printable ASCII without spaces"));
    }
  }
  return absl::OkStatus();
}

absl::Status LocalNames::Add(absl::string_view key, absl::string_view resource_name) {
  if (absl::Status s = ValidateKey(key); !s.ok()) return s;
  if (!names_.emplace(key, resource_name).second) {
    return absl::AlreadyExistsError(absl::StrCat("key \"", key, "\" is used twice"));
  }
  return absl::OkStatus();
}

absl::Status LocalNames::Resolve(google::protobuf::Struct& request) const {
  for (auto& [field, value] : *request.mutable_fields()) {
    if (absl::Status s = ResolveValue(value); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status LocalNames::ResolveValue(google::protobuf::Value& value) const {
  switch (value.kind_case()) {
    case google::protobuf::Value::kStringValue: {
      const std::string& text = value.string_value();
      if (!absl::StartsWith(text, "@")) return absl::OkStatus();
      const auto found = names_.find(text.substr(1));
      if (found == names_.end()) {
        return absl::NotFoundError(absl::StrCat(
            "reference \"", text, "\": no record with that key was loaded before this line"));
      }
      value.set_string_value(found->second);
      return absl::OkStatus();
    }
    case google::protobuf::Value::kStructValue:
      return Resolve(*value.mutable_struct_value());
    case google::protobuf::Value::kListValue:
      for (google::protobuf::Value& item : *value.mutable_list_value()->mutable_values()) {
        if (absl::Status s = ResolveValue(item); !s.ok()) return s;
      }
      return absl::OkStatus();
    default:
      return absl::OkStatus();
  }
}

}  // namespace hoptac::fixture
