#include "services/common/auth/client_credentials.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/client_context.h"
#include "grpcpp/security/credentials.h"
#include "services/common/client.h"
#include "services/common/config.h"

ABSL_FLAG(std::string, bearer_token_file, "",
          "File holding the caller's bearer token (e.g. printed by hoptac-token), sent as "
          "\"authorization: Bearer <token>\" on every call; empty: none (the services then "
          "answer UNAUTHENTICATED).");

namespace hoptac {
namespace {

constexpr absl::string_view kTokenFlag = "bearer_token_file";

absl::Status TokenFileError(absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(
      "setting --", kTokenFlag, " (", EnvironmentNameForFlag(kTokenFlag), "): ", problem));
}

absl::Mutex token_mutex;
std::string& TokenSlot() ABSL_EXCLUSIVE_LOCKS_REQUIRED(token_mutex) {
  static auto* token = new std::string();
  return *token;
}

}  // namespace

std::string BearerAuthorization(absl::string_view token) { return absl::StrCat("Bearer ", token); }

absl::StatusOr<std::string> ReadBearerTokenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return TokenFileError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  std::string token(absl::StripAsciiWhitespace(text.str()));
  // Never the content in a message: it is a credential.
  if (token.empty()) return TokenFileError(absl::StrCat(path, " is empty"));
  for (const char c : token) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c)) ||
        !absl::ascii_isprint(static_cast<unsigned char>(c))) {
      return TokenFileError(
          absl::StrCat(path, " must hold one token: a single line without spaces"));
    }
  }
  return token;
}

absl::StatusOr<ClientCredentials> ReadClientCredentials() {
  auto transport = ReadTransportSettings();
  if (!transport.ok()) return transport.status();
  ClientCredentials credentials;
  credentials.transport = *transport;
  credentials.channel = ChannelCredentialsFor(*transport);
  if (const std::string path = absl::GetFlag(FLAGS_bearer_token_file); !path.empty()) {
    auto token = ReadBearerTokenFile(path);
    if (!token.ok()) return token.status();
    credentials.bearer_token = *std::move(token);
  }
  return credentials;
}

absl::StatusOr<ClientCredentials> ConfigureClientCredentials() {
  auto credentials = ReadClientCredentials();
  if (!credentials.ok()) return credentials.status();
  WarnIfInsecure(credentials->transport);
  SetServiceChannelCredentials(credentials->channel);
  SetClientBearerToken(credentials->bearer_token);
  return credentials;
}

void SetClientBearerToken(std::string token) {
  absl::MutexLock lock(&token_mutex);
  TokenSlot() = std::move(token);
}

void AuthorizeClientCall(grpc::ClientContext& context) {
  std::string token;
  {
    absl::MutexLock lock(&token_mutex);
    token = TokenSlot();
  }
  if (!token.empty()) context.AddMetadata("authorization", BearerAuthorization(token));
}

}  // namespace hoptac
