// Local keys of a fixture mapped to the names the services gave the records.
// A beneficiary or a grant is named by the server ("beneficiaries/7"), so a
// fixture line that needs it refers to the record's stable local key instead:
// any string value "@<key>" in a request is replaced by the name the record
// with that key received when it was loaded.
#ifndef HOPTAC_TOOLS_LOAD_FIXTURE_LOCAL_NAMES_H_
#define HOPTAC_TOOLS_LOAD_FIXTURE_LOCAL_NAMES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/struct.pb.h"

namespace hoptac::fixture {

// The keys `request` refers to ("@key" strings at any depth).
std::vector<std::string> ReferencedKeys(const google::protobuf::Struct& request);

// INVALID_ARGUMENT unless `key` is usable: printable ASCII without spaces,
// not starting with '@'.
absl::Status ValidateKey(absl::string_view key);

class LocalNames {
 public:
  // Records that `key` names `resource_name`. INVALID_ARGUMENT when the key
  // is not printable ASCII without spaces; ALREADY_EXISTS when it is taken.
  absl::Status Add(absl::string_view key, absl::string_view resource_name);

  // Replaces every "@<key>" string in `request`, at any depth. NOT_FOUND
  // naming the key when no record loaded so far has it.
  absl::Status Resolve(google::protobuf::Struct& request) const;

  size_t size() const { return names_.size(); }

 private:
  absl::Status ResolveValue(google::protobuf::Value& value) const;

  absl::flat_hash_map<std::string, std::string> names_;
};

}  // namespace hoptac::fixture

#endif  // HOPTAC_TOOLS_LOAD_FIXTURE_LOCAL_NAMES_H_
