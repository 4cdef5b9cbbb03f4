// Idempotent mutations (AIP-155). Every service keeps a table of this shape in
// its own database:
//   CREATE TABLE request_log (request_id VARCHAR(128) PRIMARY KEY,
//     method VARCHAR(128), fingerprint CHAR(16), resource_id BIGINT,
//     result_id BIGINT, created_at TIMESTAMP(6))
// Inside the mutation's transaction, Claim() first inserts the request_id; a
// concurrent retry blocks on that row until the first commits, then sees it.
#ifndef HOPTAC_SERVICES_COMMON_REQUEST_LOG_H_
#define HOPTAC_SERVICES_COMMON_REQUEST_LOG_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/database.h"

namespace google::protobuf {
class Message;
}

namespace hoptac {

// The first result of a request_id: the resource it touched and the row it made.
struct PriorResult {
  int64_t resource_id = 0;
  int64_t result_id = 0;
};

// A fingerprint of a request message (deterministic serialisation with the
// request_id field cleared), to tell a retry from a different request that
// reuses the id.
std::string RequestFingerprint(const google::protobuf::Message& request);

// INVALID_ARGUMENT naming request_id when it is longer than 128 bytes or holds
// characters other than printable ASCII.
absl::Status ValidateRequestId(absl::string_view request_id);

// Claims `request_id` for `method`. Returns nullopt when the caller is first
// (go on, then call Complete), the prior result when this same request was
// already applied, and ALREADY_EXISTS naming request_id when the id was used
// for a different request. An empty request_id always returns nullopt.
absl::StatusOr<std::optional<PriorResult>> ClaimRequest(SqlSession& session,
                                                        absl::string_view request_id,
                                                        absl::string_view method,
                                                        absl::string_view fingerprint);

// Records the result of a claimed request (no-op for an empty request_id).
void CompleteRequest(SqlSession& session, absl::string_view request_id,
                     const PriorResult& result);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_REQUEST_LOG_H_
