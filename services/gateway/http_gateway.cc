#include "services/gateway/http_gateway.h"

#include <httplib.h>
#include <sys/socket.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "services/common/rpc_log_interceptor.h"
#include "services/common/auth/call_identity.h"
#include "services/common/grpc_status.h"
#include "services/common/log.h"
#include "services/gateway/http_status.h"

namespace hoptac::gateway {
namespace {

constexpr absl::Duration kHttpCallTimeout = absl::Seconds(30);
// Larger bodies are refused (413) before they are read whole; gRPC's own
// limit (4 MB) applies to what is relayed.
constexpr size_t kMaxBodyBytes = 8 << 20;

using Stub = v1::GatewayService::StubInterface;
using Answer = HttpGateway::Answer;
using Relay = std::function<Answer(Stub&, const std::string& json, const std::string& authorization)>;

// protobuf 3.21 has its own Status type.
template <typename ProtobufStatus>
absl::Status FromJsonStatus(const ProtobufStatus& status) {
  return absl::InvalidArgumentError(
      absl::StrCat("request body: ", std::string(status.message().data(), status.message().size())));
}

// An error as HTTP: the status, the JSON body and the headers its status needs.
Answer ErrorAnswer(const absl::Status& error, const std::string& retry_after = "1") {
  Answer answer{HttpStatusFor(error.code()), ErrorJson(error), {}};
  if (answer.status == 401) answer.headers.push_back({"WWW-Authenticate", "Bearer"});
  if (answer.status == 429) answer.headers.push_back({"Retry-After", retry_after});
  return answer;
}

std::string RetryAfterOf(const grpc::ClientContext& context) {
  const auto& trailers = context.GetServerTrailingMetadata();
  const auto it = trailers.find("retry-after");
  if (it == trailers.end()) return "1";
  return std::string(it->second.data(), it->second.size());
}

// One method: the JSON decoded, the gRPC call made with the caller's
// authorization, the answer encoded.
template <typename Request, typename Response>
Relay Bind(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*)) {
  return [method](Stub& stub, const std::string& json, const std::string& authorization) {
    Request request;
    google::protobuf::util::JsonParseOptions parse;
    parse.ignore_unknown_fields = false;
    if (!json.empty()) {
      if (const auto parsed = google::protobuf::util::JsonStringToMessage(json, &request, parse);
          !parsed.ok()) {
        return ErrorAnswer(FromJsonStatus(parsed));
      }
    }
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + kHttpCallTimeout));
    context.AddMetadata("authorization", authorization);
    Response response;
    const grpc::Status status = (stub.*method)(&context, request, &response);
    if (!status.ok()) return ErrorAnswer(FromGrpcStatus(status), RetryAfterOf(context));
    std::string out;
    google::protobuf::util::JsonPrintOptions print;
    print.always_print_primitive_fields = true;
    if (const auto printed = google::protobuf::util::MessageToJsonString(response, &out, print);
        !printed.ok()) {
      return Answer{500, ErrorJson(absl::InternalError(printed.ToString())), {}};
    }
    return Answer{200, std::move(out), {}};
  };
}

const std::map<std::string, Relay>& Routes() {
  static const auto* routes = new std::map<std::string, Relay>{
      {"CreateReportingRound", Bind(&Stub::CreateReportingRound)},
      {"GetReportingRound", Bind(&Stub::GetReportingRound)},
      {"ListReportingRounds", Bind(&Stub::ListReportingRounds)},
      {"SubmitToRound", Bind(&Stub::SubmitToRound)},
      {"ReturnSubmission", Bind(&Stub::ReturnSubmission)},
      {"AcceptSubmission", Bind(&Stub::AcceptSubmission)},
      {"ListSubmissions", Bind(&Stub::ListSubmissions)},
      {"GetRoundStatus", Bind(&Stub::GetRoundStatus)},
      {"BuildConsolidatedReport", Bind(&Stub::BuildConsolidatedReport)},
      {"ListCooperatives", Bind(&Stub::ListCooperatives)},
      {"ListGrants", Bind(&Stub::ListGrants)},
      {"ListLedgerEntries", Bind(&Stub::ListLedgerEntries)},
      {"ListActivities", Bind(&Stub::ListActivities)},
  };
  return *routes;
}

std::unique_ptr<httplib::Server> MakeServer(const TransportSettings& transport) {
  if (transport.insecure) return std::make_unique<httplib::Server>();
  // HTTP clients are other IT systems: the bearer token is their identity,
  // no client certificate is asked for.
  return std::make_unique<httplib::SSLServer>(transport.cert_file.c_str(),
                                              transport.key_file.c_str());
}

}  // namespace

class HttpGateway::Server {
 public:
  std::unique_ptr<grpc::Server> relay;  // the gRPC service, in-process
  std::unique_ptr<Stub> stub;
  std::unique_ptr<httplib::Server> http;
  std::thread thread;
};

namespace {

// `service` served without a port, for this process's HTTP side only; its
// calls are logged like those of the main server.
std::unique_ptr<grpc::Server> StartRelay(grpc::Service& service) {
  grpc::ServerBuilder builder;
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<RpcLogInterceptorFactory>());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  builder.RegisterService(&service);
  return builder.BuildAndStart();
}

}  // namespace

Answer HttpGateway::Handle(Stub& stub, RateLimiter* limiter, const std::string& method,
                           const std::string& json, const std::string& authorization,
                           const std::string& remote_address) {
  const auto route = Routes().find(method);
  if (route == Routes().end()) {
    return ErrorAnswer(absl::NotFoundError(
        absl::StrCat("no method ", method, " in hoptac.gateway.v1.GatewayService")));
  }
  if (auto caller = AuthenticateAuthorization(authorization); !caller.ok()) {
    // Without a valid token the caller is its address (the gRPC side limits
    // the others by their token's subject).
    if (limiter != nullptr) {
      if (absl::Status admitted = limiter->Admit(absl::StrCat("http-peer:", remote_address));
          !admitted.ok()) {
        return ErrorAnswer(admitted, absl::StrCat(absl::ToInt64Seconds(limiter->RetryAfter())));
      }
    }
    return ErrorAnswer(absl::UnauthenticatedError(
        absl::StrCat("Authorization: a valid bearer token is required (",
                     caller.status().message(), ")")));
  }
  return route->second(stub, json, authorization);
}

HttpGateway::~HttpGateway() {
  if (server_ == nullptr) return;
  if (server_->http != nullptr) server_->http->stop();
  if (server_->thread.joinable()) server_->thread.join();
  if (server_->relay != nullptr) server_->relay->Shutdown();
}

absl::StatusOr<std::unique_ptr<HttpGateway>> HttpGateway::Start(Options options) {
  std::unique_ptr<HttpGateway> out(new HttpGateway);
  out->server_ = std::make_unique<Server>();
  out->server_->relay = StartRelay(*options.service);
  if (out->server_->relay == nullptr) {
    return absl::InternalError("HTTP/JSON: cannot start the in-process gRPC service");
  }
  out->server_->stub =
      v1::GatewayService::NewStub(out->server_->relay->InProcessChannel(grpc::ChannelArguments()));
  out->server_->http = MakeServer(options.transport);
  httplib::Server& http = *out->server_->http;
  if (!http.is_valid()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "HTTPS (--http_port): cannot use --tls_cert_file ", options.transport.cert_file,
        " with --tls_key_file ", options.transport.key_file));
  }
  http.new_task_queue = [] { return new httplib::ThreadPool(4); };
  http.set_payload_max_length(kMaxBodyBytes);
  // SO_REUSEADDR only: with SO_REUSEPORT (httplib's default) a second process
  // would share the port silently instead of failing to start.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  Stub* stub = out->server_->stub.get();
  RateLimiter* limiter = options.limiter;
  http.Post(R"(/v1/([A-Za-z]+))", [stub, limiter](const httplib::Request& request,
                                                  httplib::Response& response) {
    const Answer answer = Handle(*stub, limiter, request.matches[1].str(), request.body,
                                 request.get_header_value("Authorization"), request.remote_addr);
    response.status = answer.status;
    for (const auto& [name, value] : answer.headers) response.set_header(name, value);
    response.set_content(answer.body, "application/json; charset=utf-8");
  });
  http.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty()) return;
    const absl::Status error =
        response.status == 404 ? absl::NotFoundError("no such path; use POST /v1/{Method}")
                               : absl::InvalidArgumentError("bad request");
    response.set_content(ErrorJson(error), "application/json; charset=utf-8");
  });
  if (!http.bind_to_port(options.host, options.port)) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.host, ":",
                                               options.port, " for HTTP/JSON (--http_port)"));
  }
  out->server_->thread = std::thread([&http] { http.listen_after_bind(); });
  LogLine(LogLevel::kInfo, options.transport.insecure ? "serving HTTP/JSON (plaintext)"
                                                      : "serving HTTP/JSON over TLS")
      .Add("address", absl::StrCat(options.host, ":", options.port))
      .Add("http_port", options.port);
  return out;
}

}  // namespace hoptac::gateway
