#include "services/common/log.h"

#include <cstdio>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace hoptac {
namespace {

absl::Mutex service_mutex;
std::string& ServiceName() ABSL_EXCLUSIVE_LOCKS_REQUIRED(service_mutex) {
  static std::string* name = new std::string("hoptac");
  return *name;
}

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kError: return "error";
  }
  return "info";
}

}  // namespace

void SetLogServiceName(absl::string_view service) {
  absl::MutexLock lock(&service_mutex);
  ServiceName() = std::string(service);
}

void AppendJsonString(absl::string_view value, std::string& out) {
  out.push_back('"');
  for (const char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", static_cast<int>(c));
        } else {
          out.push_back(c);  // UTF-8 passes through byte-exact
        }
    }
  }
  out.push_back('"');
}

LogLine::LogLine(LogLevel level, absl::string_view message) {
  json_ = "{\"time\":";
  AppendJsonString(absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()),
                   json_);
  json_ += ",\"level\":";
  AppendJsonString(LevelName(level), json_);
  json_ += ",\"service\":";
  {
    absl::MutexLock lock(&service_mutex);
    AppendJsonString(ServiceName(), json_);
  }
  json_ += ",\"message\":";
  AppendJsonString(message, json_);
}

LogLine& LogLine::Add(absl::string_view key, absl::string_view value) {
  json_.push_back(',');
  AppendJsonString(key, json_);
  json_.push_back(':');
  AppendJsonString(value, json_);
  return *this;
}

LogLine& LogLine::Add(absl::string_view key, const char* value) {
  return Add(key, absl::string_view(value == nullptr ? "" : value));
}

LogLine& LogLine::Add(absl::string_view key, int64_t value) {
  json_.push_back(',');
  AppendJsonString(key, json_);
  absl::StrAppend(&json_, ":", value);
  return *this;
}

LogLine& LogLine::Add(absl::string_view key, double value) {
  json_.push_back(',');
  AppendJsonString(key, json_);
  absl::StrAppendFormat(&json_, ":%.3f", value);
  return *this;
}

LogLine::~LogLine() {
  json_ += "}\n";
  // One fwrite per line: stdio locks the stream, so lines never interleave.
  std::fwrite(json_.data(), 1, json_.size(), stderr);
}

}  // namespace hoptac
