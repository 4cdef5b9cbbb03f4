// TLS on every hop (issue 7). Servers present their certificate; between
// services TLS is mutual: a server accepts only clients whose certificate the
// deployment's CA signed, and a client accepts only servers the same CA
// signed. Certificate files are re-read while the process runs, so that a
// rotated certificate (cert-manager renews them in place) is used without a
// restart. Plaintext only with --insecure, which logs a warning.
#ifndef HOPTAC_SERVICES_COMMON_AUTH_TRANSPORT_SECURITY_H_
#define HOPTAC_SERVICES_COMMON_AUTH_TRANSPORT_SECURITY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace grpc {
class ChannelCredentials;
class ServerCredentials;
}  // namespace grpc

namespace hoptac {

struct TransportSettings {
  bool insecure = false;        // --insecure: plaintext, for a developer who asks for it
  std::string cert_file;        // --tls_cert_file: this process's certificate chain (PEM)
  std::string key_file;         // --tls_key_file: its private key (PEM)
  std::string ca_file;          // --tls_ca_file: the deployment's CA certificate(s) (PEM)
  bool require_client_certificate = true;  // --tls_client_auth=require|none
  absl::Duration reload_interval = absl::Minutes(1);  // --tls_reload_interval
};

// From the flags (and their HOPTAC_* variables). INVALID_ARGUMENT names the
// setting: without --insecure, the three files must be given and readable.
absl::StatusOr<TransportSettings> ReadTransportSettings();

// Logs the plaintext warning once when `settings.insecure`.
void WarnIfInsecure(const TransportSettings& settings);

std::shared_ptr<grpc::ServerCredentials> ServerCredentialsFor(const TransportSettings& settings);

// For calls to other hoptac services: presents this process's certificate
// and verifies the server's against the CA (and its name against the target).
std::shared_ptr<grpc::ChannelCredentials> ChannelCredentialsFor(const TransportSettings& settings);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_AUTH_TRANSPORT_SECURITY_H_
