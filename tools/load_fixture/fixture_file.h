// Reading a fixture file: JSON Lines, one API request per line, each wrapped
// with an optional local key:
//
//   {"key": "grant/thanh-lap-tan-thanh", "request": {"program": "programs/...", ...}}
//
// The request is kept as a google.protobuf.Struct until its local references
// ("@key") are resolved; only then is it parsed into the method's request
// type. Blank lines and lines starting with '#' (comments) are skipped.
#ifndef HOPTAC_TOOLS_LOAD_FIXTURE_FIXTURE_FILE_H_
#define HOPTAC_TOOLS_LOAD_FIXTURE_FIXTURE_FILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/struct.pb.h"

namespace hoptac::fixture {

// One request line of a fixture file.
struct FixtureRecord {
  std::string file;  // path relative to the fixture folder, "subsidy/programs.jsonl"
  int line = 0;      // 1-based line number
  std::string key;   // local key naming the resource the request creates; may be empty
  google::protobuf::Struct request;  // the request, references not yet resolved

  // "subsidy/programs.jsonl:3", how errors name the record.
  std::string Where() const;
};

// Reads the records of `relative_path` under `fixture_dir`. NOT_FOUND when
// the file does not exist; INVALID_ARGUMENT starting with "<file>:<line>: "
// for a line that is not a JSON object of the form above.
absl::StatusOr<std::vector<FixtureRecord>> ReadFixtureFile(const std::string& fixture_dir,
                                                           const std::string& relative_path);

}  // namespace hoptac::fixture

#endif  // HOPTAC_TOOLS_LOAD_FIXTURE_FIXTURE_FILE_H_
