// GetCooperative through a real gRPC server in this process (loopback TCP,
// insecure credentials, a synchronous client stub), against the cost floor of
// the same server: the standard health Check RPC, which touches no database.
// Naming convention in bench_report.h:
//
//   grpc/baseline_health_check   grpc.health.v1.Health/Check("")
//   grpc/get_cooperative         hoptac.registry.v1.RegistryService/GetCooperative
//
// The server is built with grpc::ServerBuilder and RegistryService alone, not
// with the kernel's ServiceServer: that one logs a line per call, which would
// measure stderr. The data set holds 1,000 cooperatives (a point read does not
// depend on the count; registry_store_bench shows it).
//
// Client and server share this process, hence the CPU scripts/bench.sh pins it
// to, while MariaDB runs on another: the client-server hop is the cheap
// same-CPU kind and the server-database hop the costly cross-CPU kind. The
// ratio is therefore "gRPC floor + one store read" over "gRPC floor", not a
// model of a remote client.
#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/bench_dataset.h"
#include "bench/bench_report.h"
#include "bench/statement_counter.h"
#include "benchmark/benchmark.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "services/common/auth/bearer_token.h"
#include "services/common/auth/call_identity.h"
#include "services/common/auth/testing/test_keys.h"
#include "services/registry/registry_service.h"

namespace hoptac::bench {
namespace {

constexpr int kCooperatives = 1'000;
// A client deadline on every call, as real callers set one.
constexpr absl::Duration kCallTimeout = absl::Seconds(5);

struct Fixture {
  std::unique_ptr<RegistryDataset> data;
  std::unique_ptr<registry::RegistryService> service;
  std::unique_ptr<grpc::Server> server;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_stub;
  std::unique_ptr<registry::v1::RegistryService::Stub> registry_stub;
  // Every call is authenticated, as in production: a province administrator.
  std::unique_ptr<TokenVerifier> verifier;
  std::string authorization;
};

TokenClaims AdminClaims() {
  TokenClaims claims;
  claims.subject = std::string("bench.admin");
  claims.org_unit = std::string("20");
  claims.role = Role::kProvinceAdmin;
  claims.issued_at = absl::Now();
  claims.expires = absl::Now() + absl::Hours(12);
  return claims;
}

// A throw-away signing key; the service verifies with its public half.
absl::Status SetUpCallerIdentity(Fixture& f) {
  const testing::TestKeyPair key = testing::GenerateTestKeyPair("EC");
  TokenVerifierOptions options;
  options.keys.push_back({"", key.public_pem});
  auto verifier = TokenVerifier::Create(std::move(options));
  if (!verifier.ok()) return verifier.status();
  f.verifier = *std::move(verifier);
  SetCallerVerifierForTesting(f.verifier.get());
  auto token = SignToken(AdminClaims(), key.private_pem, "");
  if (!token.ok()) return token.status();
  f.authorization = absl::StrCat("Bearer ", *token);
  return absl::OkStatus();
}

std::unique_ptr<Fixture>& FixtureSlot() {
  static auto* const slot = new std::unique_ptr<Fixture>();
  return *slot;
}

absl::StatusOr<std::unique_ptr<Fixture>> StartFixture() {
  auto f = std::make_unique<Fixture>();
  auto data = RegistryDataset::Create(kCooperatives);
  if (!data.ok()) return data.status();
  f->data = *std::move(data);
  if (absl::Status identity = SetUpCallerIdentity(*f); !identity.ok()) return identity;
  f->service = std::make_unique<registry::RegistryService>(
      f->data->store(), &f->data->database(), [] { return kBenchToday; });
  grpc::EnableDefaultHealthCheckService(true);  // must precede the builder
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(f->service.get());
  f->server = builder.BuildAndStart();
  if (f->server == nullptr || port == 0) {
    return absl::UnavailableError("the gRPC server did not start on 127.0.0.1");
  }
  f->channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                   grpc::InsecureChannelCredentials());
  // Connect before measuring, so that no iteration pays for the handshake.
  if (!f->channel->WaitForConnected(absl::ToChronoTime(absl::Now() + absl::Seconds(10)))) {
    return absl::UnavailableError(absl::StrCat("could not connect to 127.0.0.1:", port));
  }
  f->health_stub = grpc::health::v1::Health::NewStub(f->channel);
  f->registry_stub = registry::v1::RegistryService::NewStub(f->channel);
  return f;
}

Fixture* FixtureOf(benchmark::State& state) {
  std::unique_ptr<Fixture>& slot = FixtureSlot();
  if (slot == nullptr) {
    auto started = StartFixture();
    if (!started.ok()) {
      SkipWithStatus(state, started.status());
      return nullptr;
    }
    slot = *std::move(started);
  }
  return slot.get();
}

void StopFixture() {
  std::unique_ptr<Fixture>& slot = FixtureSlot();
  if (slot == nullptr) return;
  slot->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  slot.reset();  // stubs, channel, server, then the service, then the database
}

absl::Status FromGrpc(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

void BM_HealthCheck(benchmark::State& state) {
  Fixture* f = FixtureOf(state);
  if (f == nullptr) return;
  const grpc::health::v1::HealthCheckRequest request;  // service "": the server itself
  StatementCounter counter(f->data->database());
  for (auto _ : state) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + kCallTimeout));
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status status = f->health_stub->Check(&context, request, &response);
    if (!status.ok()) {
      SkipWithStatus(state, FromGrpc(status));
      break;
    }
    if (response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
      SkipWithStatus(state, absl::UnavailableError("health: not SERVING"));
      break;
    }
  }
  counter.Finish(state);
}

void BM_GetCooperative(benchmark::State& state) {
  Fixture* f = FixtureOf(state);
  if (f == nullptr) return;
  const auto& cooperatives = f->data->cooperatives();
  StatementCounter counter(f->data->database());
  size_t i = 0;
  for (auto _ : state) {
    // A prime stride: scattered rows, as in registry_store_bench.
    const SyntheticCooperative& c = cooperatives[(i++ * 7919) % cooperatives.size()];
    registry::v1::GetCooperativeRequest request;
    request.set_name(absl::StrCat("cooperatives/", c.fields.registration_number));
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + kCallTimeout));
    context.AddMetadata("authorization", f->authorization);
    registry::v1::GetCooperativeResponse response;
    const grpc::Status status = f->registry_stub->GetCooperative(&context, request, &response);
    if (!status.ok()) {
      SkipWithStatus(state, FromGrpc(status));
      break;
    }
    benchmark::DoNotOptimize(response.cooperative().etag());
  }
  counter.Finish(state);
}

void Register() {
  benchmark::RegisterBenchmark("grpc/baseline_health_check", BM_HealthCheck)->Apply(Configure);
  benchmark::RegisterBenchmark("grpc/get_cooperative", BM_GetCooperative)->Apply(Configure);
}

}  // namespace
}  // namespace hoptac::bench

int main(int argc, char** argv) {
  hoptac::bench::Register();
  return hoptac::bench::RunBenchmarks(argc, argv, [] { hoptac::bench::StopFixture(); });
}
