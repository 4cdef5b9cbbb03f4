#include "tools/load_fixture/fixture_file.h"

#include <filesystem>
#include <fstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace hoptac::fixture {
namespace {

absl::Status LineError(const FixtureRecord& record, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(record.Where(), ": ", message));
}

// Splits the envelope {"key": ..., "request": {...}} of one parsed line.
absl::Status ReadEnvelope(google::protobuf::Struct& line, FixtureRecord& record) {
  for (const auto& [field, value] : line.fields()) {
    if (field == "key") {
      if (value.kind_case() != google::protobuf::Value::kStringValue ||
          value.string_value().empty()) {
        return LineError(record, "\"key\" must be a non-empty string");
      }
      record.key = value.string_value();
    } else if (field == "request") {
      if (value.kind_case() != google::protobuf::Value::kStructValue) {
        return LineError(record, "\"request\" must be a JSON object");
      }
    } else {
      return LineError(record, absl::StrCat("unknown field \"", field,
                                            "\" (a line holds \"key\" and \"request\")"));
    }
  }
  auto request = line.mutable_fields()->find("request");
  if (request == line.mutable_fields()->end()) {
    return LineError(record, "\"request\" is missing");
  }
  record.request = std::move(*request->second.mutable_struct_value());
  return absl::OkStatus();
}

}  // namespace

std::string FixtureRecord::Where() const { return absl::StrCat(file, ":", line); }

absl::StatusOr<std::vector<FixtureRecord>> ReadFixtureFile(const std::string& fixture_dir,
                                                           const std::string& relative_path) {
  const std::filesystem::path path = std::filesystem::path(fixture_dir) / relative_path;
  if (!std::filesystem::exists(path)) {
    return absl::NotFoundError(absl::StrCat(relative_path, ": no such fixture file"));
  }
  std::ifstream in(path);
  if (!in) return absl::UnavailableError(absl::StrCat(relative_path, ": cannot be read"));
  std::vector<FixtureRecord> records;
  std::string text;
  int line_number = 0;
  while (std::getline(in, text)) {
    ++line_number;
    const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    FixtureRecord record;
    record.file = relative_path;
    record.line = line_number;
    google::protobuf::Struct line;
    const auto parsed = google::protobuf::util::JsonStringToMessage(std::string(trimmed), &line);
    if (!parsed.ok()) {
      return LineError(record, absl::StrCat("not a JSON object: ", parsed.message().ToString()));
    }
    if (absl::Status s = ReadEnvelope(line, record); !s.ok()) return s;
    records.push_back(std::move(record));
  }
  if (in.bad()) return absl::UnavailableError(absl::StrCat(relative_path, ": read failed"));
  return records;
}

}  // namespace hoptac::fixture
