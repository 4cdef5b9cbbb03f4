#include "services/common/auth/transport_security.h"

#include <fstream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"
#include "services/common/config.h"
#include "services/common/log.h"

ABSL_FLAG(bool, insecure, false,
          "Serve and call in plaintext, without TLS. For a developer's own machine only: "
          "logs a warning at start.");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain this process presents (server and client side).");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file.");
ABSL_FLAG(std::string, tls_ca_file, "",
          "PEM certificate(s) of the deployment's CA: peers must be signed by it.");
ABSL_FLAG(std::string, tls_client_auth, "require",
          "require: clients must present a certificate signed by --tls_ca_file (mutual TLS, "
          "between services); none: any TLS client (a public entry point, callers "
          "authenticate with their bearer token).");
ABSL_FLAG(absl::Duration, tls_reload_interval, absl::Minutes(1),
          "How often the certificate files are re-read, so that rotated ones take effect.");

namespace hoptac {
namespace {

absl::Status SettingError(absl::string_view flag, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("setting --", flag, " (",
                                                 EnvironmentNameForFlag(flag), "): ", problem));
}

absl::Status CheckReadable(absl::string_view flag, const std::string& path) {
  if (path.empty()) {
    return SettingError(flag, "required unless --insecure is given (TLS is on by default)");
  }
  std::ifstream in(path);
  if (!in) return SettingError(flag, absl::StrCat("cannot read ", path));
  return absl::OkStatus();
}

std::shared_ptr<grpc::experimental::CertificateProviderInterface> ProviderFor(
    const TransportSettings& settings) {
  const auto seconds = static_cast<unsigned int>(
      std::max<int64_t>(1, absl::ToInt64Seconds(settings.reload_interval)));
  return std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      settings.key_file, settings.cert_file, settings.ca_file, seconds);
}

}  // namespace

absl::StatusOr<TransportSettings> ReadTransportSettings() {
  TransportSettings settings;
  settings.insecure = absl::GetFlag(FLAGS_insecure);
  settings.cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  settings.key_file = absl::GetFlag(FLAGS_tls_key_file);
  settings.ca_file = absl::GetFlag(FLAGS_tls_ca_file);
  settings.reload_interval = absl::GetFlag(FLAGS_tls_reload_interval);
  const std::string client_auth = absl::GetFlag(FLAGS_tls_client_auth);
  if (client_auth == "require") {
    settings.require_client_certificate = true;
  } else if (client_auth == "none") {
    settings.require_client_certificate = false;
  } else {
    return SettingError("tls_client_auth",
                        absl::StrCat("\"", client_auth, "\" is not one of require, none"));
  }
  if (settings.reload_interval <= absl::ZeroDuration()) {
    return SettingError("tls_reload_interval", "must be positive");
  }
  if (settings.insecure) return settings;
  for (const auto& [flag, path] : {std::pair<absl::string_view, const std::string&>{
                                       "tls_cert_file", settings.cert_file},
                                   {"tls_key_file", settings.key_file},
                                   {"tls_ca_file", settings.ca_file}}) {
    if (absl::Status readable = CheckReadable(flag, path); !readable.ok()) return readable;
  }
  return settings;
}

void WarnIfInsecure(const TransportSettings& settings) {
  if (!settings.insecure) return;
  LogLine(LogLevel::kWarning, "insecure: TLS is off (--insecure); never use this in production")
      .Add("flag", "--insecure");
}

std::shared_ptr<grpc::ServerCredentials> ServerCredentialsFor(const TransportSettings& settings) {
  if (settings.insecure) return grpc::InsecureServerCredentials();
  grpc::experimental::TlsServerCredentialsOptions options(ProviderFor(settings));
  options.watch_root_certs();
  options.watch_identity_key_cert_pairs();
  options.set_cert_request_type(
      settings.require_client_certificate
          ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
          : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  return grpc::experimental::TlsServerCredentials(options);
}

std::shared_ptr<grpc::ChannelCredentials> ChannelCredentialsFor(const TransportSettings& settings) {
  if (settings.insecure) return grpc::InsecureChannelCredentials();
  grpc::experimental::TlsChannelCredentialsOptions options;
  options.set_certificate_provider(ProviderFor(settings));
  options.watch_root_certs();
  options.watch_identity_key_cert_pairs();
  options.set_verify_server_certs(true);
  return grpc::experimental::TlsCredentials(options);
}

}  // namespace hoptac
