// What makes a fixture load idempotent: every request carries a request_id
// derived from where it stands in the fixture, so that a second run sends the
// same ids and the services return the first results instead of applying
// anything twice. And what a loaded record is called afterwards.
#ifndef HOPTAC_TOOLS_LOAD_FIXTURE_REQUEST_IDENTITY_H_
#define HOPTAC_TOOLS_LOAD_FIXTURE_REQUEST_IDENTITY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "tools/load_fixture/fixture_file.h"

namespace hoptac::fixture {

// "fixture/<fixture_name>/<file>:<line>", e.g.
// "fixture/cao-loc-2023/subsidy/approvals.jsonl:4". Characters outside
// printable ASCII (the API accepts no others) are replaced by '_'.
std::string FixtureRequestId(absl::string_view fixture_name, const FixtureRecord& record);

// Sets `request_id` on the request: its own field, or that of its `change`
// (hoptac.registry.v1.ChangeContext) for lifecycle calls. INVALID_ARGUMENT
// when the request has neither, or when the fixture line set one itself
// (request ids belong to the loader).
absl::Status SetRequestId(google::protobuf::Message& request, const std::string& request_id);

// The resource name a response carries: the `name` of its first message
// field that has one ("beneficiaries/7" in CreateBeneficiaryResponse), else
// its first non-empty string field ("disbursementBatches/3"). Empty if none.
std::string CreatedResourceName(const google::protobuf::Message& response);

}  // namespace hoptac::fixture

#endif  // HOPTAC_TOOLS_LOAD_FIXTURE_REQUEST_IDENTITY_H_
