// Structured logs: one JSON object per line on stderr. Secrets never go in.
#ifndef HOPTAC_SERVICES_COMMON_LOG_H_
#define HOPTAC_SERVICES_COMMON_LOG_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace hoptac {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// The "service" field of every line; set once in main().
void SetLogServiceName(absl::string_view service);

// Builds one log line and writes it, whole, when destroyed:
//   LogLine(LogLevel::kInfo, "listening").Add("address", address);
class LogLine {
 public:
  LogLine(LogLevel level, absl::string_view message);
  ~LogLine();
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;

  LogLine& Add(absl::string_view key, absl::string_view value);
  LogLine& Add(absl::string_view key, const char* value);
  LogLine& Add(absl::string_view key, int64_t value);
  LogLine& Add(absl::string_view key, int value) { return Add(key, int64_t{value}); }
  LogLine& Add(absl::string_view key, double value);

 private:
  std::string json_;
};

// Appends `value` to `out` as a JSON string literal (quotes included).
void AppendJsonString(absl::string_view value, std::string& out);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_LOG_H_
