// Calls from one service to another: channels with a retry policy for
// UNAVAILABLE only, and deadlines derived from the incoming call.
#ifndef HOPTAC_SERVICES_COMMON_CLIENT_H_
#define HOPTAC_SERVICES_COMMON_CLIENT_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace grpc {
class Channel;
class ClientContext;
class ServerContextBase;
}  // namespace grpc

namespace hoptac {

// The service config that retries every method of `service_full_name` on
// UNAVAILABLE (up to 4 attempts, exponential backoff from 100 ms). Other codes
// are never retried: the call may have had an effect.
std::string RetryServiceConfig(absl::string_view service_full_name);

// A channel to `target` ("host:port") for `service_full_name`, with the retry
// policy above and keepalive.
std::shared_ptr<grpc::Channel> MakeServiceChannel(const std::string& target,
                                                  absl::string_view service_full_name);

// The deadline for an outgoing call made while serving `incoming`: the
// incoming deadline less `margin` (time to answer our own caller), but never
// later than now + `cap`.
absl::Time OutgoingDeadline(const grpc::ServerContextBase* incoming, absl::Duration cap,
                            absl::Duration margin = absl::Milliseconds(50));

// Sets OutgoingDeadline on `outgoing`.
void PropagateDeadline(const grpc::ServerContextBase* incoming, absl::Duration cap,
                       grpc::ClientContext& outgoing);

// The incoming call's deadline, or absl::InfiniteFuture() when it has none.
absl::Time IncomingDeadline(const grpc::ServerContextBase* incoming);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_CLIENT_H_
