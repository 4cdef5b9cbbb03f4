// Loads a fixture folder through the services' APIs: every line of every
// known file, in the steps' order, each call with its own deadline and a
// request_id derived from the file and line. The whole fixture is checked
// before the first call; the load stops at the first refused call.
#ifndef HOPTAC_TOOLS_LOAD_FIXTURE_FIXTURE_LOADER_H_
#define HOPTAC_TOOLS_LOAD_FIXTURE_FIXTURE_LOADER_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tools/load_fixture/fixture_step.h"

namespace hoptac::fixture {

struct LoadOptions {
  // The fixture folders, loaded in this order as one fixture: a later folder
  // may refer to keys of an earlier one. This is how changes are layered on a
  // fixture already loaded (base, then changes): the base's lines are sent
  // again with their ids, the services answer with the records they made the
  // first time, and the changes' references resolve to them.
  std::vector<std::string> fixture_dirs;
  // With one folder: names the fixture in request ids instead of the folder's
  // last path component ("cao-loc-2023"), so that a modified copy of a loaded
  // fixture keeps its ids. Must be empty with several folders.
  std::string fixture_name;
  // Deadline of each call.
  absl::Duration call_timeout = absl::Seconds(20);
  // Sent as "authorization: Bearer <token>" when not empty.
  std::string bearer_token;
  // Only read and check the fixture; call nothing.
  bool check_only = false;
};

// How many records one file held.
struct LoadedFile {
  std::string fixture;  // the fixture's name, "cao-loc-2023"
  std::string file;     // "subsidy/programs.jsonl"
  int records = 0;
};

// Loads the fixture (or, with check_only, only checks it).
//
// Before any call, every file is read and every line checked: valid JSON of
// the form {"key", "request"}, a request of the method's type (unknown fields
// refused), no request_id of its own, keys unique, each "@key" defined on an
// earlier line. A step whose file is absent is skipped; a *.jsonl file under a
// step's folder that no step names is an error (a misspelt file would
// otherwise be silently ignored).
//
// Errors name the file and line and keep the status code of the call:
// "subsidy/approvals.jsonl:4: ApproveGrant: FAILED_PRECONDITION: ..."; with
// several folders, prefixed by the fixture's name ("changes: subsidy/...").
// One progress line per file goes to `progress`.
absl::StatusOr<std::vector<LoadedFile>> LoadFixture(const LoadOptions& options,
                                                    const std::vector<FixtureStep>& steps,
                                                    std::ostream& progress);

}  // namespace hoptac::fixture

#endif  // HOPTAC_TOOLS_LOAD_FIXTURE_FIXTURE_LOADER_H_
