#include "services/common/auth/call_identity.h"

#include <atomic>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/server_context.h"
#include "services/common/auth/bearer_token.h"
#include "services/common/config.h"

ABSL_FLAG(std::string, token_public_key_files, "",
          "Comma-separated PEM public keys (RSA or P-256) that verify callers' bearer tokens; "
          "a file named <kid>.pem verifies the tokens whose header names that key id.");
ABSL_FLAG(std::string, token_audience, "hoptac", "The audience (aud) callers' tokens must name.");
ABSL_FLAG(std::string, token_issuer, "",
          "The issuer (iss) callers' tokens must name; empty accepts any issuer.");
ABSL_FLAG(std::string, service_token_file, "",
          "File holding this service's own bearer token, for work on its own behalf.");

namespace hoptac {
namespace {

std::atomic<const TokenVerifier*> process_verifier{nullptr};

absl::Status SettingError(absl::string_view flag, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("setting --", flag, " (",
                                                 EnvironmentNameForFlag(flag), "): ", problem));
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// "keys/2026-a.pem" → "2026-a".
std::string KeyIdOf(absl::string_view path) {
  absl::string_view name = path.substr(path.find_last_of('/') + 1);
  if (absl::EndsWith(name, ".pem")) name.remove_suffix(4);
  return std::string(name);
}

}  // namespace

absl::Status ConfigureCallerAuthentication() {
  const std::string files = absl::GetFlag(FLAGS_token_public_key_files);
  TokenVerifierOptions options;
  options.audience = absl::GetFlag(FLAGS_token_audience);
  options.issuer = absl::GetFlag(FLAGS_token_issuer);
  for (absl::string_view path : absl::StrSplit(files, ',', absl::SkipWhitespace())) {
    auto pem = ReadWholeFile(std::string(absl::StripAsciiWhitespace(path)));
    if (!pem.ok()) return SettingError("token_public_key_files", pem.status().message());
    options.keys.push_back({KeyIdOf(path), *std::move(pem)});
  }
  if (options.keys.empty()) {
    return SettingError("token_public_key_files",
                        "required: every call is authenticated with a signed bearer token");
  }
  if (options.audience.empty()) return SettingError("token_audience", "must not be empty");
  auto verifier = TokenVerifier::Create(std::move(options));
  if (!verifier.ok()) return SettingError("token_public_key_files", verifier.status().message());
  // Lives as long as the process: handlers may verify until the very end.
  process_verifier.store(verifier->release());
  return absl::OkStatus();
}

void SetCallerVerifierForTesting(const TokenVerifier* verifier) {
  process_verifier.store(verifier);
}

absl::StatusOr<std::string> BearerTokenOf(
    const std::multimap<std::string, std::string>& metadata) {
  auto [first, last] = metadata.equal_range("authorization");
  if (first == last) return absl::UnauthenticatedError("bearer token missing");
  if (std::next(first) != last) {
    return absl::UnauthenticatedError("more than one authorization header");
  }
  absl::string_view value = first->second;
  constexpr absl::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(value.substr(0, kScheme.size()), kScheme)) {
    return absl::UnauthenticatedError("authorization is not a bearer token");
  }
  return std::string(absl::StripAsciiWhitespace(value.substr(kScheme.size())));
}

absl::StatusOr<Caller> AuthenticateAuthorization(absl::string_view authorization) {
  const TokenVerifier* verifier = process_verifier.load();
  if (verifier == nullptr) {
    return absl::InternalError("caller authentication is not configured");
  }
  std::multimap<std::string, std::string> metadata;
  if (!authorization.empty()) metadata.emplace("authorization", std::string(authorization));
  auto token = BearerTokenOf(metadata);
  if (!token.ok()) return token.status();
  return verifier->Verify(*token, absl::Now());
}

absl::StatusOr<Caller> AuthenticateCall(const grpc::ServerContextBase& context) {
  const TokenVerifier* verifier = process_verifier.load();
  if (verifier == nullptr) {
    return absl::InternalError("caller authentication is not configured");
  }
  std::multimap<std::string, std::string> metadata;
  auto [first, last] = context.client_metadata().equal_range("authorization");
  for (auto it = first; it != last; ++it) {
    metadata.emplace(std::string(it->first.data(), it->first.size()),
                     std::string(it->second.data(), it->second.size()));
  }
  auto token = BearerTokenOf(metadata);
  if (!token.ok()) return token.status();
  return verifier->Verify(*token, absl::Now());
}

void ForwardCallerToken(const Caller& caller, grpc::ClientContext& outgoing) {
  outgoing.AddMetadata("authorization", absl::StrCat("Bearer ", caller.token));
}

absl::StatusOr<std::string> OwnServiceToken() {
  const std::string path = absl::GetFlag(FLAGS_service_token_file);
  if (path.empty()) {
    return absl::FailedPreconditionError(
        "this service has no identity of its own (--service_token_file)");
  }
  auto token = ReadWholeFile(path);
  if (!token.ok()) return SettingError("service_token_file", token.status().message());
  return std::string(absl::StripAsciiWhitespace(*token));
}

}  // namespace hoptac
