// A generated unit as fixture files in hoptac-load-fixture's format
// (tests/fixtures/cao-loc-2023/README.md): JSON Lines of API requests with
// local keys, plus the report draft (report/draft.textproto and
// report/narratives/<slot>.md) that hoptac-run-round sends to the report
// service.
#ifndef HOPTAC_TOOLS_GENERATE_UNITS_UNIT_FIXTURE_H_
#define HOPTAC_TOOLS_GENERATE_UNITS_UNIT_FIXTURE_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "tools/generate_units/unit_plan.h"

namespace hoptac::generate {

// Path under the unit's folder ("subsidy/grants.jsonl") → file content.
using FixtureFiles = std::map<std::string, std::string>;

// One fixture line: {"key": ..., "request": <request in protobuf's JSON
// mapping>}; no key when `key` is empty.
std::string FixtureLine(const google::protobuf::Message& request, absl::string_view key = "");

// Appends `line` and a newline to files[path], starting the file with
// `header` (a '#' comment) when it is new.
void AppendLine(FixtureFiles& files, const std::string& path, absl::string_view header,
                absl::string_view line);

// Each part of the fixture, from the plan. Different per unit, the same on
// every run.
void AddRegistryFiles(const UnitPlan& plan, FixtureFiles& files);
void AddSubsidyFiles(const UnitPlan& plan, FixtureFiles& files);
void AddOutreachFiles(const UnitPlan& plan, FixtureFiles& files);
void AddReportDraftFiles(const UnitPlan& plan, FixtureFiles& files);

// All of them, plus a README.md saying what the folder holds.
FixtureFiles GenerateUnitFixture(const UnitPlan& plan);

// Writes `files` under `dir` (created; files there that `files` lacks are
// left alone).
absl::Status WriteFixtureFiles(const std::string& dir, const FixtureFiles& files);

}  // namespace hoptac::generate

#endif  // HOPTAC_TOOLS_GENERATE_UNITS_UNIT_FIXTURE_H_
