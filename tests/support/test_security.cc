#include "tests/support/test_security.h"

#include <stdlib.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "services/common/auth/bearer_token.h"

#ifndef HOPTAC_SOURCE_DIR
#error "HOPTAC_SOURCE_DIR must be defined"
#endif

namespace hoptac::testing {
namespace {

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "TestSecurity: cannot read " << path << "\n";
    std::abort();
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void RunOrDie(const std::string& command) {
  if (std::system(command.c_str()) != 0) {
    std::cerr << "TestSecurity: failed: " << command << "\n";
    std::abort();
  }
}

std::string* made_dir = nullptr;

void RemoveMadeDir() {
  if (made_dir != nullptr) std::system(absl::StrCat("rm -rf '", *made_dir, "'").c_str());
}

}  // namespace

const TestSecurity& TestSecurity::Get() {
  static const TestSecurity* security = [] {
    char pattern[] = "/tmp/hoptac-test-pki-XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
      std::cerr << "TestSecurity: mkdtemp failed\n";
      std::abort();
    }
    const std::string dir = pattern;
    const std::string script = HOPTAC_SOURCE_DIR "/scripts/lib/dev-pki.sh";
    RunOrDie(absl::StrCat("bash '", script, "' '", dir, "'"));
    RunOrDie(absl::StrCat("bash '", script, "' '", dir, "/intruder' client"));
    made_dir = new std::string(dir);
    std::atexit(RemoveMadeDir);
    return new TestSecurity(dir);
  }();
  return *security;
}

TestSecurity::TestSecurity(std::string dir)
    : dir_(std::move(dir)),
      signing_key_(ReadFileOrDie(dir_ + "/token-signing.key")),
      forging_key_(ReadFileOrDie(dir_ + "/intruder/token-signing.key")) {}

std::vector<std::string> TestSecurity::ServiceFlags(absl::string_view service) const {
  return {
      absl::StrCat("--tls_cert_file=", dir_, "/", service, ".crt"),
      absl::StrCat("--tls_key_file=", dir_, "/", service, ".key"),
      absl::StrCat("--tls_ca_file=", dir_, "/ca.crt"),
      absl::StrCat("--token_public_key_files=", dir_, "/token-signing.pub"),
      absl::StrCat("--token_issuer=", kTestTokenIssuer),
  };
}

namespace {

std::string SignOrDie(const std::string& key, Role role, absl::string_view org_unit,
                      absl::string_view subject, absl::Duration ttl) {
  TokenClaims claims;
  claims.subject = std::string(subject);
  claims.org_unit = std::string(org_unit);
  claims.role = role;
  claims.issuer = kTestTokenIssuer;
  claims.issued_at = absl::Now() - absl::Minutes(1);
  claims.expires = absl::Now() + ttl;
  auto token = SignToken(claims, key);
  if (!token.ok()) {
    std::cerr << "TestSecurity: " << token.status() << "\n";
    std::abort();
  }
  return *token;
}

}  // namespace

std::string TestSecurity::Token(Role role, absl::string_view org_unit, absl::string_view subject,
                                absl::Duration ttl) const {
  return SignOrDie(signing_key_, role, org_unit, subject, ttl);
}

std::string TestSecurity::ForgedToken(Role role, absl::string_view org_unit) const {
  return SignOrDie(forging_key_, role, org_unit, "intruder", absl::Hours(1));
}

std::shared_ptr<grpc::ChannelCredentials> TestSecurity::ClientCredentials() const {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadFileOrDie(dir_ + "/ca.crt");
  options.pem_cert_chain = ReadFileOrDie(dir_ + "/client.crt");
  options.pem_private_key = ReadFileOrDie(dir_ + "/client.key");
  return grpc::SslCredentials(options);
}

std::shared_ptr<grpc::Channel> TestSecurity::Channel(const std::string& address,
                                                     const std::string& token) const {
  std::shared_ptr<grpc::ChannelCredentials> credentials = ClientCredentials();
  if (!token.empty()) {
    credentials = grpc::CompositeChannelCredentials(credentials,
                                                    grpc::AccessTokenCredentials(token));
  }
  return grpc::CreateChannel(address, credentials);
}

}  // namespace hoptac::testing
