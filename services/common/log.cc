#include "services/common/log.h"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace hoptac {
namespace {

// Set once in main() before threads start, read by every line without a lock;
// a replaced name is leaked on purpose (a line may still be reading it).
std::atomic<const std::string*> service_name{new std::string("hoptac")};

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kError: return "error";
  }
  return "info";
}

// Appends `count` decimal digits of `value` (zero-padded).
void AppendDigits(int64_t value, int count, std::string& out) {
  char digits[20];
  for (int i = count - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, static_cast<size_t>(count));
}

// "2026-11-29T13:22:45.361Z" (UTC, milliseconds). Every line of a busy server
// needs it: the part up to the seconds is formatted once per second and thread.
void AppendTimestamp(absl::Time now, std::string& out) {
  thread_local int64_t cached_second = -1;
  thread_local char cached[64];  // "YYYY-MM-DDTHH:MM:SS"
  const int64_t millis = absl::ToUnixMillis(now);
  const int64_t second = millis >= 0 ? millis / 1000 : (millis - 999) / 1000;
  if (second != cached_second) {
    const time_t t = static_cast<time_t>(second);
    struct tm utc;
    gmtime_r(&t, &utc);
    std::snprintf(cached, sizeof cached, "%04d-%02d-%02dT%02d:%02d:%02d", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
    cached_second = second;
  }
  out += cached;
  out.push_back('.');
  AppendDigits(millis - second * 1000, 3, out);
  out.push_back('Z');
}

}  // namespace

void SetLogServiceName(absl::string_view service) {
  service_name.store(new std::string(service), std::memory_order_release);
}

void AppendJsonString(absl::string_view value, std::string& out) {
  out.push_back('"');
  // Runs of bytes that need no escape are copied whole; UTF-8 passes through
  // byte-exact.
  size_t run = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(value.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out.push_back("0123456789abcdef"[c >> 4]);
        out.push_back("0123456789abcdef"[c & 0xf]);
    }
  }
  out.append(value.data() + run, value.size() - run);
  out.push_back('"');
}

LogLine::LogLine(LogLevel level, absl::string_view message) {
  json_.reserve(256);
  json_ = "{\"time\":\"";
  AppendTimestamp(absl::Now(), json_);
  json_ += "\",\"level\":";
  AppendJsonString(LevelName(level), json_);
  json_ += ",\"service\":";
  AppendJsonString(*service_name.load(std::memory_order_acquire), json_);
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
  json_.push_back(':');
  // Three decimals, as "%.3f" would print them.
  if (!std::isfinite(value)) {
    json_ += "null";  // JSON has no NaN or infinity
    return *this;
  }
  if (std::fabs(value) >= 1e15) {
    absl::StrAppend(&json_, value);
    return *this;
  }
  int64_t thousandths = std::llround(value * 1000);
  if (thousandths < 0) {
    json_.push_back('-');
    thousandths = -thousandths;
  }
  absl::StrAppend(&json_, thousandths / 1000, ".");
  AppendDigits(thousandths % 1000, 3, json_);
  return *this;
}

LogLine::~LogLine() {
  json_ += "}\n";
  // One fwrite per line: stdio locks the stream, so lines never interleave.
  std::fwrite(json_.data(), 1, json_.size(), stderr);
}

}  // namespace hoptac
