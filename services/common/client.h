// Calls from one service to another: channels with a retry policy for
// UNAVAILABLE only, and deadlines derived from the incoming call.
#ifndef HOPTAC_SERVICES_COMMON_CLIENT_H_
#define HOPTAC_SERVICES_COMMON_CLIENT_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace grpc {
class Channel;
class ChannelCredentials;
class ClientContext;
class ServerContextBase;
}  // namespace grpc

namespace hoptac {

// The service config that retries every method of `service_full_name` on
// UNAVAILABLE (up to 4 attempts, exponential backoff from 100 ms). Other codes
// are never retried: the call may have had an effect.
std::string RetryServiceConfig(absl::string_view service_full_name);

// A channel to `target` ("host:port", or "dns:///name:port" for every address
// of a headless Service) for `service_full_name`: the retry policy above,
// round-robin over the resolved addresses (calls, not connections, are
// balanced) and keepalive; credentials as set by SetServiceChannelCredentials.
std::shared_ptr<grpc::Channel> MakeServiceChannel(const std::string& target,
                                                  absl::string_view service_full_name);

// The credentials every later MakeServiceChannel uses (mutual TLS, set once at
// start from the process's TLS settings); plaintext until then.
void SetServiceChannelCredentials(std::shared_ptr<grpc::ChannelCredentials> credentials);

// The deadline for an outgoing call made while serving `incoming`: the
// incoming deadline less `margin` (time to answer our own caller), but never
// later than now + `cap`.
absl::Time OutgoingDeadline(const grpc::ServerContextBase* incoming, absl::Duration cap,
                            absl::Duration margin = absl::Milliseconds(50));

// The incoming call's "authorization" value (the caller's bearer token), if any.
std::optional<std::string> IncomingAuthorization(const grpc::ServerContextBase* incoming);

// Prepares a call made while serving `incoming`, on behalf of its caller:
// OutgoingDeadline, and the caller's own authorization forwarded (every
// service verifies the original caller's token again).
void PrepareOutgoingCall(const grpc::ServerContextBase* incoming, absl::Duration cap,
                         grpc::ClientContext& outgoing);

// The former name of PrepareOutgoingCall.
inline void PropagateDeadline(const grpc::ServerContextBase* incoming, absl::Duration cap,
                              grpc::ClientContext& outgoing) {
  PrepareOutgoingCall(incoming, cap, outgoing);
}

// The incoming call's deadline, or absl::InfiniteFuture() when it has none.
absl::Time IncomingDeadline(const grpc::ServerContextBase* incoming);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_CLIENT_H_
