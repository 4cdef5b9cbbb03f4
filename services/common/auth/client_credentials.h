// Credentials of the command-line clients of hoptac services
// (hoptac-load-fixture, hoptac-run-round, hoptac-generate-units,
// hoptac-report-render): the transport from the kernel's TLS flags
// (--tls_cert_file, --tls_key_file: the client certificate; --tls_ca_file:
// the CA the servers' certificates must chain to; or --insecure), and the
// caller's bearer token from --bearer_token_file (HOPTAC_BEARER_TOKEN_FILE),
// read once and sent as "authorization: Bearer <token>" on every call.
//
//   hoptac::ParseFlagsWithEnvironment(argc, argv, kUsage);
//   if (auto c = hoptac::ConfigureClientCredentials(); !c.ok()) ...  // exit 2
//   auto stub = X::NewStub(hoptac::MakeServiceChannel(address, X::service_full_name()));
//   grpc::ClientContext context;
//   hoptac::AuthorizeClientCall(context);
#ifndef HOPTAC_SERVICES_COMMON_AUTH_CLIENT_CREDENTIALS_H_
#define HOPTAC_SERVICES_COMMON_AUTH_CLIENT_CREDENTIALS_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/auth/transport_security.h"

namespace grpc {
class ChannelCredentials;
class ClientContext;
}  // namespace grpc

namespace hoptac {

struct ClientCredentials {
  // Mutual TLS with the client certificate, or plaintext with --insecure.
  std::shared_ptr<grpc::ChannelCredentials> channel;
  // What the channel credentials were made from (--insecure, the files).
  TransportSettings transport;
  // The caller's token; empty when no --bearer_token_file is given.
  std::string bearer_token;
};

// The token in a token file: its content without surrounding white space.
// INVALID_ARGUMENT naming the setting when the file cannot be read, is empty
// or holds more than one line (a token is a single line of base64url).
absl::StatusOr<std::string> ReadBearerTokenFile(const std::string& path);

// Reads the TLS flags (transport_security.h) and --bearer_token_file.
// INVALID_ARGUMENT names the setting.
absl::StatusOr<ClientCredentials> ReadClientCredentials();

// ReadClientCredentials, then installs them for this process: every later
// MakeServiceChannel uses the channel credentials (--insecure logs its
// warning), and AuthorizeClientCall adds the token. Returns what it installed.
absl::StatusOr<ClientCredentials> ConfigureClientCredentials();

// Sets the token AuthorizeClientCall adds (empty: none), e.g. in tests.
void SetClientBearerToken(std::string token);

// Adds "authorization: Bearer <token>" to `context` when a token is set.
void AuthorizeClientCall(grpc::ClientContext& context);

// "authorization" metadata value for `token`: "Bearer <token>".
std::string BearerAuthorization(absl::string_view token);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_AUTH_CLIENT_CREDENTIALS_H_
