// Caller identity on a gRPC call: every service verifies the bearer token of
// every call itself (no service trusts the network), and forwards it on the
// calls it makes for that caller. Configured once per process from flags:
//   --token_public_key_files  PEM public keys that verify tokens (comma-separated;
//                             several while a signing key is rotated; a file
//                             "<kid>.pem" verifies tokens whose header names <kid>)
//   --token_audience          the audience tokens must name (default "hoptac")
//   --token_issuer            the issuer they must name (optional)
//   --service_token_file      this service's own token, for work done on its own
//                             behalf (scheduled jobs); re-read at each use
#ifndef HOPTAC_SERVICES_COMMON_AUTH_CALL_IDENTITY_H_
#define HOPTAC_SERVICES_COMMON_AUTH_CALL_IDENTITY_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/auth/caller.h"

namespace grpc {
class ClientContext;
class ServerContextBase;
}  // namespace grpc

namespace hoptac {

class TokenVerifier;

// Reads the flags and installs the process's verifier. INVALID_ARGUMENT names
// the setting (a key file missing or not a usable public key).
absl::Status ConfigureCallerAuthentication();

// For tests that run servers in-process: installs `verifier` (not owned).
void SetCallerVerifierForTesting(const TokenVerifier* verifier);

// The token of an "authorization: Bearer <token>" header among `metadata`
// (keys lower-case, as gRPC delivers them). UNAUTHENTICATED when there is
// none, several, or another scheme.
absl::StatusOr<std::string> BearerTokenOf(const std::multimap<std::string, std::string>& metadata);

// The caller an "authorization" header value ("Bearer <token>") names, or
// UNAUTHENTICATED: for entry points that are not gRPC (the gateway's HTTP).
absl::StatusOr<Caller> AuthenticateAuthorization(absl::string_view authorization);

// The verified caller of `context`'s call, or UNAUTHENTICATED.
absl::StatusOr<Caller> AuthenticateCall(const grpc::ServerContextBase& context);

// Adds `caller`'s token to a call made on its behalf.
void ForwardCallerToken(const Caller& caller, grpc::ClientContext& outgoing);

// This service's own token (--service_token_file), for calls made on its own
// behalf; FAILED_PRECONDITION when none is configured.
absl::StatusOr<std::string> OwnServiceToken();

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_AUTH_CALL_IDENTITY_H_
