#include "services/gateway/http_gateway.h"

#include <httplib.h>
#include <sys/socket.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/log.h"
#include "services/gateway/http_status.h"

namespace hoptac::gateway {
namespace {

constexpr absl::Duration kHttpCallTimeout = absl::Seconds(30);

using Handler = std::function<HttpGateway::Answer(Gateway&, const std::string&, const CallInfo&)>;

// protobuf 3.21 has its own Status type.
template <typename ProtobufStatus>
absl::Status FromJsonStatus(const ProtobufStatus& status) {
  return absl::InvalidArgumentError(
      absl::StrCat("request body: ", std::string(status.message().data(), status.message().size())));
}

template <typename Request, typename Response>
Handler Bind(absl::StatusOr<Response> (Gateway::*method)(const Request&, const CallInfo&)) {
  return [method](Gateway& gateway, const std::string& json, const CallInfo& call) {
    Request request;
    google::protobuf::util::JsonParseOptions parse;
    parse.ignore_unknown_fields = false;
    if (!json.empty()) {
      if (const auto parsed = google::protobuf::util::JsonStringToMessage(json, &request, parse);
          !parsed.ok()) {
        const absl::Status error = FromJsonStatus(parsed);
        return HttpGateway::Answer{HttpStatusFor(error.code()), ErrorJson(error)};
      }
    }
    absl::StatusOr<Response> response = (gateway.*method)(request, call);
    if (!response.ok()) {
      return HttpGateway::Answer{HttpStatusFor(response.status().code()),
                                 ErrorJson(response.status())};
    }
    std::string out;
    google::protobuf::util::JsonPrintOptions print;
    print.always_print_primitive_fields = true;
    if (const auto printed = google::protobuf::util::MessageToJsonString(*response, &out, print);
        !printed.ok()) {
      const absl::Status error = absl::InternalError(printed.ToString());
      return HttpGateway::Answer{500, ErrorJson(error)};
    }
    return HttpGateway::Answer{200, std::move(out)};
  };
}

const std::map<std::string, Handler>& Routes() {
  static const auto* routes = new std::map<std::string, Handler>{
      {"CreateReportingRound", Bind(&Gateway::CreateReportingRound)},
      {"GetReportingRound", Bind(&Gateway::GetReportingRound)},
      {"ListReportingRounds", Bind(&Gateway::ListReportingRounds)},
      {"SubmitToRound", Bind(&Gateway::SubmitToRound)},
      {"ReturnSubmission", Bind(&Gateway::ReturnSubmission)},
      {"AcceptSubmission", Bind(&Gateway::AcceptSubmission)},
      {"ListSubmissions", Bind(&Gateway::ListSubmissions)},
      {"GetRoundStatus", Bind(&Gateway::GetRoundStatus)},
      {"BuildConsolidatedReport", Bind(&Gateway::BuildConsolidatedReport)},
      {"ListCooperatives", Bind(&Gateway::ListCooperatives)},
      {"ListGrants", Bind(&Gateway::ListGrants)},
      {"ListLedgerEntries", Bind(&Gateway::ListLedgerEntries)},
      {"ListActivities", Bind(&Gateway::ListActivities)},
  };
  return *routes;
}

}  // namespace

class HttpGateway::Server {
 public:
  httplib::Server http;
  std::thread thread;
};

HttpGateway::Answer HttpGateway::Call(Gateway& gateway, const std::string& method,
                                      const std::string& json, const CallInfo& call) {
  const auto it = Routes().find(method);
  if (it == Routes().end()) {
    const absl::Status error =
        absl::NotFoundError(absl::StrCat("no method ", method, " in hoptac.gateway.v1.GatewayService"));
    return Answer{HttpStatusFor(error.code()), ErrorJson(error)};
  }
  return it->second(gateway, json, call);
}

HttpGateway::~HttpGateway() {
  if (server_ == nullptr) return;
  server_->http.stop();
  if (server_->thread.joinable()) server_->thread.join();
}

absl::StatusOr<std::unique_ptr<HttpGateway>> HttpGateway::Start(Gateway& gateway,
                                                                const std::string& host,
                                                                int port) {
  std::unique_ptr<HttpGateway> out(new HttpGateway);
  out->server_ = std::make_unique<Server>();
  httplib::Server& http = out->server_->http;
  http.new_task_queue = [] { return new httplib::ThreadPool(4); };
  // SO_REUSEADDR only: with SO_REUSEPORT (httplib's default) a second process
  // would share the port silently instead of failing to start.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  http.Post(R"(/v1/([A-Za-z]+))", [&gateway](const httplib::Request& request,
                                             httplib::Response& response) {
    CallInfo call;
    call.actor = absl::StrCat("http:", request.remote_addr);
    call.deadline = absl::Now() + kHttpCallTimeout;
    call.authorization = request.get_header_value("Authorization");
    const Answer answer = Call(gateway, request.matches[1].str(), request.body, call);
    response.status = answer.status;
    response.set_content(answer.body, "application/json; charset=utf-8");
  });
  http.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty()) return;
    const absl::Status error =
        response.status == 404 ? absl::NotFoundError("no such path; use POST /v1/{Method}")
                               : absl::InvalidArgumentError("bad request");
    response.set_content(ErrorJson(error), "application/json; charset=utf-8");
  });
  if (!http.bind_to_port(host, port)) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", host, ":", port, " for HTTP/JSON (--http_port)"));
  }
  out->server_->thread = std::thread([&http] { http.listen_after_bind(); });
  LogLine(LogLevel::kInfo, "serving HTTP/JSON")
      .Add("address", absl::StrCat(host, ":", port))
      .Add("http_port", port);
  return out;
}

}  // namespace hoptac::gateway
