#include "services/common/client.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/channel_arguments.h"

namespace hoptac {

std::string RetryServiceConfig(absl::string_view service_full_name) {
  return absl::StrCat(
      R"({"methodConfig":[{"name":[{"service":")", service_full_name,
      R"("}],"retryPolicy":{"maxAttempts":4,"initialBackoff":"0.1s",)"
      R"("maxBackoff":"1s","backoffMultiplier":2,)"
      R"("retryableStatusCodes":["UNAVAILABLE"]}}],)"
      R"("loadBalancingConfig":[{"round_robin":{}}]})");
}

namespace {

absl::Mutex credentials_mutex;
std::shared_ptr<grpc::ChannelCredentials>& ChannelCredentialsSlot() {
  static auto* credentials = new std::shared_ptr<grpc::ChannelCredentials>();
  return *credentials;
}

std::shared_ptr<grpc::ChannelCredentials> CurrentChannelCredentials() {
  absl::MutexLock lock(&credentials_mutex);
  std::shared_ptr<grpc::ChannelCredentials>& slot = ChannelCredentialsSlot();
  if (slot == nullptr) slot = grpc::InsecureChannelCredentials();
  return slot;
}

}  // namespace

void SetServiceChannelCredentials(std::shared_ptr<grpc::ChannelCredentials> credentials) {
  absl::MutexLock lock(&credentials_mutex);
  ChannelCredentialsSlot() = std::move(credentials);
}

std::shared_ptr<grpc::Channel> MakeServiceChannel(const std::string& target,
                                                  absl::string_view service_full_name) {
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(RetryServiceConfig(service_full_name));
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 60000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20000);
  return grpc::CreateCustomChannel(target, CurrentChannelCredentials(), args);
}

absl::Time IncomingDeadline(const grpc::ServerContextBase* incoming) {
  if (incoming == nullptr) return absl::InfiniteFuture();
  const auto deadline = incoming->deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return absl::InfiniteFuture();
  return absl::FromChrono(deadline);
}

absl::Time OutgoingDeadline(const grpc::ServerContextBase* incoming, absl::Duration cap,
                            absl::Duration margin) {
  const absl::Time capped = absl::Now() + cap;
  const absl::Time inherited = IncomingDeadline(incoming);
  if (inherited == absl::InfiniteFuture()) return capped;
  return std::min(capped, inherited - margin);
}

std::optional<std::string> IncomingAuthorization(const grpc::ServerContextBase* incoming) {
  if (incoming == nullptr) return std::nullopt;
  const auto& metadata = incoming->client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return std::nullopt;
  return std::string(it->second.data(), it->second.size());
}

void PrepareOutgoingCall(const grpc::ServerContextBase* incoming, absl::Duration cap,
                         grpc::ClientContext& outgoing) {
  outgoing.set_deadline(absl::ToChronoTime(OutgoingDeadline(incoming, cap)));
  if (auto authorization = IncomingAuthorization(incoming); authorization.has_value()) {
    outgoing.AddMetadata("authorization", *authorization);
  }
}

}  // namespace hoptac
