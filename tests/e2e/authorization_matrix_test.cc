// The authorization matrix (issue 7): for every RPC of every service, every
// role × {own unit, child unit, sibling unit, parent unit} × {valid, expired,
// forged, missing token}, the code the real services answer, against the code
// the one access policy (services/common/auth/access_policy.h) says, computed
// from the table in authorization_matrix_rows.cc — no expected code is
// written by hand.
//
// The callers belong to Huyện Cao Lộc (183); its child is Xã Yên Trạch
// (06247), its sibling Thành phố Lạng Sơn (178), its parent the province (20).
// Each unit holds one record of every kind, made by a province administrator
// through the APIs. A call that changes a record's state (approving a grant,
// deleting an activity) gets a fresh record for each permitted call, so that
// every permitted call can succeed: such calls must return OK exactly, except
// the few rows marked "authorized only", whose success also depends on the
// round's state; those must return anything but PERMISSION_DENIED and
// UNAUTHENTICATED.
#include <fstream>
#include <map>
#include <sstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "hoptac/report/v1/report_service.pb.h"
#include "services/common/auth/access_policy.h"
#include "services/common/auth/caller.h"
#include "services/common/status_macros.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "tests/e2e/authorization_matrix_rows.h"
#include "tests/e2e/dynamic_call.h"
#include "tests/support/service_processes.h"
#include "tests/support/test_security.h"

namespace hoptac::e2e {
namespace {

using ::hoptac::testing::ProcessOptions;
using ::hoptac::testing::ServerProcess;
using ::hoptac::testing::ServiceProcessOptions;
using ::hoptac::testing::StartService;
using ::hoptac::testing::TestDatabase;
using ::hoptac::testing::TestSecurity;

constexpr char kCallerUnit[] = "183";
constexpr char kProvince[] = "20";
constexpr char kTemplate[] = "templates/bao-cao-ke-hoach-115/versions/1";
constexpr char kTemplatesDir[] = HOPTAC_SOURCE_DIR "/data/report-templates";

enum class Relation { kOwn, kChild, kSibling, kParent };
constexpr Relation kRelations[] = {Relation::kOwn, Relation::kChild, Relation::kSibling,
                                   Relation::kParent};

const char* UnitOf(Relation relation) {
  switch (relation) {
    case Relation::kOwn:
      return "183";
    case Relation::kChild:
      return "06247";
    case Relation::kSibling:
      return "178";
    case Relation::kParent:
      return "20";
  }
  return "";
}

const char* NameOf(Relation relation) {
  switch (relation) {
    case Relation::kOwn:
      return "own";
    case Relation::kChild:
      return "child";
    case Relation::kSibling:
      return "sibling";
    case Relation::kParent:
      return "parent";
  }
  return "";
}

Reach ReachOf(Relation relation) {
  return relation == Relation::kOwn || relation == Relation::kChild ? Reach::kInside
                                                                   : Reach::kOutside;
}

enum class TokenKind { kValid, kExpired, kForged, kMissing };
constexpr TokenKind kTokenKinds[] = {TokenKind::kValid, TokenKind::kExpired, TokenKind::kForged,
                                     TokenKind::kMissing};

const char* NameOf(TokenKind kind) {
  switch (kind) {
    case TokenKind::kValid:
      return "valid";
    case TokenKind::kExpired:
      return "expired";
    case TokenKind::kForged:
      return "forged";
    case TokenKind::kMissing:
      return "missing";
  }
  return "";
}

constexpr Role kRoles[] = {Role::kUnitOfficer, Role::kProvinceAdmin, Role::kViewer,
                           Role::kIntegrationClient, Role::kService};

// What the policy says a call must end with.
enum class Expected { kOk, kAuthorized, kPermissionDenied, kUnauthenticated };

Expected ExpectedFor(const MatrixRow& row, Role role, Relation relation, TokenKind token) {
  if (token != TokenKind::kValid) return Expected::kUnauthenticated;
  bool permitted = false;
  switch (row.scope) {
    case RowScope::kAnyCaller:
      permitted = true;
      break;
    case RowScope::kRole:
      permitted = Permits(role, row.access, Reach::kInside);
      break;
    case RowScope::kUnit:
      permitted = Permits(role, row.access, ReachOf(relation));
      break;
    case RowScope::kProvince:
      // The province is the callers' parent: outside their unit.
      permitted = Permits(role, row.access, Reach::kOutside);
      break;
  }
  if (!permitted) return Expected::kPermissionDenied;
  return row.exact ? Expected::kOk : Expected::kAuthorized;
}

bool Meets(Expected expected, grpc::StatusCode code) {
  switch (expected) {
    case Expected::kOk:
      return code == grpc::StatusCode::OK;
    case Expected::kAuthorized:
      return code != grpc::StatusCode::PERMISSION_DENIED &&
             code != grpc::StatusCode::UNAUTHENTICATED && code != grpc::StatusCode::INTERNAL &&
             code != grpc::StatusCode::UNAVAILABLE;
    case Expected::kPermissionDenied:
      return code == grpc::StatusCode::PERMISSION_DENIED;
    case Expected::kUnauthenticated:
      return code == grpc::StatusCode::UNAUTHENTICATED;
  }
  return false;
}

const char* NameOf(Expected expected) {
  switch (expected) {
    case Expected::kOk:
      return "OK";
    case Expected::kAuthorized:
      return "authorized (not PERMISSION_DENIED/UNAUTHENTICATED)";
    case Expected::kPermissionDenied:
      return "PERMISSION_DENIED";
    case Expected::kUnauthenticated:
      return "UNAUTHENTICATED";
  }
  return "";
}

// Five services on their own databases, TLS and tokens on.
struct Services {
  std::unique_ptr<TestDatabase> dbs[5];
  std::unique_ptr<ServerProcess> registry, subsidy, outreach, report, gateway;

  std::string AddressOf(const std::string& service) const {
    if (service == "registry") return registry->LoopbackAddress();
    if (service == "subsidy") return subsidy->LoopbackAddress();
    if (service == "outreach") return outreach->LoopbackAddress();
    if (service == "report") return report->LoopbackAddress();
    return gateway->LoopbackAddress();
  }
};

class AuthorizationMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    services_ = new Services;
    Services& s = *services_;
    for (auto& db : s.dbs) {
      auto created = TestDatabase::Create();
      ASSERT_TRUE(created.ok()) << created.status();
      db = *std::move(created);
    }
    auto start = [](ProcessOptions options, std::unique_ptr<ServerProcess>& into) {
      auto started = StartService(std::move(options));
      ASSERT_TRUE(started.ok()) << started.status();
      into = *std::move(started);
    };
    start(ServiceProcessOptions("registry", *s.dbs[0]), s.registry);
    const std::string registry = "--registry_address=" + s.registry->LoopbackAddress();
    ProcessOptions subsidy = ServiceProcessOptions("subsidy", *s.dbs[1]);
    subsidy.args.push_back(registry);
    start(std::move(subsidy), s.subsidy);
    ProcessOptions outreach = ServiceProcessOptions("outreach", *s.dbs[2]);
    outreach.args.push_back(registry);
    start(std::move(outreach), s.outreach);
    ProcessOptions report = ServiceProcessOptions("report", *s.dbs[3]);
    report.args.push_back(registry);
    report.args.push_back("--subsidy_address=" + s.subsidy->LoopbackAddress());
    report.args.push_back("--outreach_address=" + s.outreach->LoopbackAddress());
    report.args.push_back(absl::StrCat("--report_templates_dir=", kTemplatesDir));
    start(std::move(report), s.report);
    ProcessOptions gateway = ServiceProcessOptions("gateway", *s.dbs[4]);
    gateway.args.push_back(registry);
    gateway.args.push_back("--report_address=" + s.report->LoopbackAddress());
    gateway.args.push_back("--subsidy_address=" + s.subsidy->LoopbackAddress());
    gateway.args.push_back("--outreach_address=" + s.outreach->LoopbackAddress());
    gateway.args.push_back("--http_port=0");
    // The matrix makes thousands of calls as a handful of callers.
    gateway.args.push_back("--rate_limit_per_second=100000");
    gateway.args.push_back("--rate_limit_burst=100000");
    start(std::move(gateway), s.gateway);
  }

  static void TearDownTestSuite() {
    delete services_;
    services_ = nullptr;
  }

  static Services* services_;
};

Services* AuthorizationMatrixTest::services_ = nullptr;

// Calls made as one caller, with channels kept per service.
class CallerChannels {
 public:
  CallerChannels(const Services& services, std::string token)
      : services_(services), token_(std::move(token)) {}

  CallReply Call(const std::string& service, const std::string& method,
                 const std::string& json) {
    auto& channel = channels_[service];
    if (channel == nullptr) {
      channel = TestSecurity::Get().Channel(services_.AddressOf(service), token_);
    }
    return CallJson(channel, method, json);
  }

 private:
  const Services& services_;
  std::string token_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
};

// The Cao Lộc 2023 draft of the fixture (tests/fixtures/cao-loc-2023/report),
// narratives included, as protobuf JSON for `unit`.
absl::StatusOr<std::string> DraftJson(const std::string& unit) {
  const std::string dir = absl::StrCat(HOPTAC_SOURCE_DIR, "/tests/fixtures/cao-loc-2023/report");
  auto read = [](const std::string& path) -> absl::StatusOr<std::string> {
    std::ifstream in(path);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  HOPTAC_ASSIGN_OR_RETURN(const std::string text, read(dir + "/draft.textproto"));
  report::v1::ReportDraft draft;
  if (!google::protobuf::TextFormat::ParseFromString(text, &draft)) {
    return absl::InvalidArgumentError("draft.textproto does not parse");
  }
  draft.set_org_unit(absl::StrCat("orgUnits/", unit));
  for (const char* slot : {"situation", "limitations", "causes", "recommendations"}) {
    HOPTAC_ASSIGN_OR_RETURN(const std::string narrative,
                            read(absl::StrCat(dir, "/narratives/", slot, ".md")));
    report::v1::NarrativeText* n = draft.add_narratives();
    n->set_slot(slot);
    n->set_text(narrative);
  }
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(draft, &json).ok()) {
    return absl::InternalError("draft does not convert to JSON");
  }
  return json;
}

std::string Fill(const std::string& text, const std::map<std::string, std::string>& values) {
  std::vector<std::pair<std::string, std::string>> replacements(values.begin(), values.end());
  return absl::StrReplaceAll(text, replacements);
}

// Makes the records the rows name, as a province administrator.
class RecordMaker {
 public:
  explicit RecordMaker(const Services& services)
      : admin_(services,
               TestSecurity::Get().Token(Role::kProvinceAdmin, kProvince, "matrix.admin")) {}

  // A value for {RID}: every mutation gets a request_id of its own.
  std::string NextRequestId() { return absl::StrCat("matrix-", ++counter_); }

  // The fixed records of `unit` (placeholders → values).
  absl::StatusOr<std::map<std::string, std::string>> UnitRecords(const std::string& unit) {
    std::map<std::string, std::string> v = {{"{U}", unit}};
    HOPTAC_ASSIGN_OR_RETURN(auto coop, Cooperative(unit));
    v["{COOP}"] = coop.first;
    v["{ETAG}"] = coop.second;
    HOPTAC_ASSIGN_OR_RETURN(auto program, Program(unit));
    v["{PROGRAM}"] = program.first;
    v["{PROGRAM_ETAG}"] = program.second;
    HOPTAC_ASSIGN_OR_RETURN(auto beneficiary, Beneficiary(v["{COOP}"]));
    v["{BEN}"] = beneficiary.first;
    v["{BEN_ETAG}"] = beneficiary.second;
    HOPTAC_ASSIGN_OR_RETURN(v["{GRANT}"], AppliedGrant(v["{PROGRAM}"], v["{BEN}"]));
    HOPTAC_RETURN_IF_ERROR(Approve(v["{GRANT}"]));
    HOPTAC_ASSIGN_OR_RETURN(v["{ENTRY}"], Entry(v["{GRANT}"]));
    HOPTAC_ASSIGN_OR_RETURN(auto activity, Activity(unit));
    v["{ACT}"] = activity.first;
    v["{ACT_ETAG}"] = activity.second;
    HOPTAC_ASSIGN_OR_RETURN(auto draft, Draft(unit));
    v["{DRAFT}"] = draft.first;
    v["{DRAFT_ETAG}"] = draft.second;
    HOPTAC_ASSIGN_OR_RETURN(v["{SNAP}"], Submit(draft.first, draft.second));
    HOPTAC_ASSIGN_OR_RETURN(v["{DRAFT_JSON}"], DraftJson(unit));
    return v;
  }

  // Overrides `values` with a fresh record of kind `fresh` in values["{U}"].
  absl::Status MakeFresh(FreshRecord fresh, std::map<std::string, std::string>& v) {
    const std::string unit = v["{U}"];
    switch (fresh) {
      case FreshRecord::kNone:
        return absl::OkStatus();
      case FreshRecord::kCooperative:
      case FreshRecord::kSuspendedCooperative:
      case FreshRecord::kDissolvingCooperative: {
        HOPTAC_ASSIGN_OR_RETURN(auto coop, Cooperative(unit));
        v["{COOP}"] = coop.first;
        v["{ETAG}"] = coop.second;
        if (fresh == FreshRecord::kSuspendedCooperative) {
          return Mutate("registry", "hoptac.registry.v1.RegistryService/SuspendCooperative",
                        absl::StrCat(R"({"name": "cooperatives/)", coop.first,
                                     R"(", "change": {"effectiveDate": {"year": 2023, "month": 7, "day": 1}, "reason": "Tạm ngừng hoạt động", "legalDocument": "Thông báo số 1/TB", "requestId": ")",
                                     NextRequestId(), R"("}})"))
              .status();
        }
        if (fresh == FreshRecord::kDissolvingCooperative) {
          return Mutate("registry",
                        "hoptac.registry.v1.RegistryService/StartCooperativeDissolution",
                        absl::StrCat(R"({"name": "cooperatives/)", coop.first,
                                     R"(", "dissolutionKind": "DISSOLUTION_KIND_VOLUNTARY", "change": {"effectiveDate": {"year": 2023, "month": 8, "day": 1}, "reason": "Giải thể tự nguyện", "legalDocument": "Nghị quyết đại hội thành viên", "requestId": ")",
                                     NextRequestId(), R"("}})"))
              .status();
        }
        return absl::OkStatus();
      }
      case FreshRecord::kProgram: {
        HOPTAC_ASSIGN_OR_RETURN(auto program, Program(unit));
        v["{PROGRAM}"] = program.first;
        v["{PROGRAM_ETAG}"] = program.second;
        return absl::OkStatus();
      }
      case FreshRecord::kBeneficiary: {
        HOPTAC_ASSIGN_OR_RETURN(auto coop, Cooperative(unit));
        HOPTAC_ASSIGN_OR_RETURN(auto beneficiary, Beneficiary(coop.first));
        v["{BEN}"] = beneficiary.first;
        v["{BEN_ETAG}"] = beneficiary.second;
        return absl::OkStatus();
      }
      case FreshRecord::kAppliedGrant: {
        HOPTAC_ASSIGN_OR_RETURN(v["{GRANT}"], AppliedGrant(v["{PROGRAM}"], v["{BEN}"]));
        return absl::OkStatus();
      }
      case FreshRecord::kLedgerEntry: {
        HOPTAC_ASSIGN_OR_RETURN(v["{ENTRY}"], Entry(v["{GRANT}"]));
        return absl::OkStatus();
      }
      case FreshRecord::kActivity: {
        HOPTAC_ASSIGN_OR_RETURN(auto activity, Activity(unit));
        v["{ACT}"] = activity.first;
        v["{ACT_ETAG}"] = activity.second;
        return absl::OkStatus();
      }
      case FreshRecord::kDraft: {
        HOPTAC_ASSIGN_OR_RETURN(auto draft, Draft(unit));
        v["{DRAFT}"] = draft.first;
        v["{DRAFT_ETAG}"] = draft.second;
        return absl::OkStatus();
      }
    }
    return absl::OkStatus();
  }

  // A reporting round of the province, and Cao Lộc's snapshot submitted to it.
  absl::StatusOr<std::string> RoundWithSubmission(const std::string& snapshot) {
    HOPTAC_ASSIGN_OR_RETURN(
        auto round,
        Mutate("gateway", "hoptac.gateway.v1.GatewayService/CreateReportingRound",
               absl::StrCat(
                   R"({"reportingRound": {"orgUnit": "orgUnits/20", "period": {"startDate": {"year": 2023, "month": 1, "day": 1}, "endDate": {"year": 2023, "month": 12, "day": 31}}, "template": ")",
                   kTemplate,
                   R"(", "requestLetter": "Công văn số 1/SKHĐT", "title": "Đợt báo cáo kiểm thử", "deadline": "2030-01-01T00:00:00Z"}, "requestId": ")",
                   NextRequestId(), R"("})")));
    const std::string name = FieldOf(*round.message, "reporting_round.name");
    HOPTAC_RETURN_IF_ERROR(
        Mutate("gateway", "hoptac.gateway.v1.GatewayService/SubmitToRound",
               absl::StrCat(R"({"reportingRound": ")", name,
                            R"(", "orgUnit": "orgUnits/183", "snapshot": ")", snapshot,
                            R"(", "requestId": ")", NextRequestId(), R"("})"))
            .status());
    return name;
  }

 private:
  absl::StatusOr<CallReply> Mutate(const std::string& service, const std::string& method,
                                   const std::string& json) {
    CallReply reply = admin_.Call(service, method, json);
    if (!reply.status.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(reply.status.error_code()),
                          absl::StrCat(method, ": ", reply.status.error_message(),
                                       " (request ", json, ")"));
    }
    return reply;
  }

  // Registration number and etag of a new active cooperative in `unit`.
  absl::StatusOr<std::pair<std::string, std::string>> Cooperative(const std::string& unit) {
    const std::string number = absl::StrCat(4900500000 + ++cooperatives_);
    HOPTAC_ASSIGN_OR_RETURN(
        auto reply,
        Mutate("registry", "hoptac.registry.v1.RegistryService/CreateCooperative",
               absl::StrCat(R"({"cooperative": {"registrationNumber": ")", number,
                            R"(", "displayName": "Hợp tác xã Kiểm thử )", number,
                            R"(", "kind": "COOPERATIVE_KIND_COOPERATIVE", "sector": "SECTOR_AGRICULTURE", "orgUnit": "orgUnits/)",
                            unit,
                            R"(", "address": "Thôn Bản Vàng", "establishmentDate": {"year": 2018, "month": 6, "day": 12}, "memberCount": 7, "employeeCount": 3, "charterCapitalDong": "100000000"}, "requestId": ")",
                            NextRequestId(), R"("})")));
    return std::make_pair(number, FieldOf(*reply.message, "cooperative.etag"));
  }

  // Name and etag of a new program run by `unit`.
  absl::StatusOr<std::pair<std::string, std::string>> Program(const std::string& unit) {
    HOPTAC_ASSIGN_OR_RETURN(
        auto reply,
        Mutate("subsidy", "hoptac.subsidy.v1.SubsidyService/CreateProgram",
               absl::StrCat(R"({"program": {"code": "MATRAN-)", unit, "-", ++programs_,
                            R"(", "title": "Hỗ trợ thành lập mới hợp tác xã", "legalBasis": ["Nghị quyết số 08/2019/NQ-HĐND ngày 10/12/2019 của HĐND tỉnh Lạng Sơn"], "supportKind": "SUPPORT_KIND_ESTABLISHMENT", "fundSource": "FUND_SOURCE_PROVINCIAL", "orgUnitCode": ")",
                            unit,
                            R"(", "eligibleBeneficiaryKinds": ["BENEFICIARY_KIND_COOPERATIVE"], "budgets": [{"fiscalYear": 2023, "budgetDong": "1000000000000"}], "validity": {"startDate": {"year": 2023, "month": 1, "day": 1}, "endDate": {"year": 2023, "month": 12, "day": 31}}}, "requestId": ")",
                            NextRequestId(), R"("})")));
    return std::make_pair(FieldOf(*reply.message, "program.name"),
                          FieldOf(*reply.message, "program.etag"));
  }

  // Name and etag of a new beneficiary for a registered cooperative.
  absl::StatusOr<std::pair<std::string, std::string>> Beneficiary(
      const std::string& registration_number) {
    HOPTAC_ASSIGN_OR_RETURN(
        auto reply,
        Mutate("subsidy", "hoptac.subsidy.v1.SubsidyService/CreateBeneficiary",
               absl::StrCat(
                   R"({"beneficiary": {"kind": "BENEFICIARY_KIND_COOPERATIVE", "registrationNumber": ")",
                   registration_number, R"("}, "requestId": ")", NextRequestId(), R"("})")));
    return std::make_pair(FieldOf(*reply.message, "beneficiary.name"),
                          FieldOf(*reply.message, "beneficiary.etag"));
  }

  absl::StatusOr<std::string> AppliedGrant(const std::string& program,
                                           const std::string& beneficiary) {
    HOPTAC_ASSIGN_OR_RETURN(
        auto reply,
        Mutate("subsidy", "hoptac.subsidy.v1.SubsidyService/ApplyForGrant",
               absl::StrCat(R"({"program": ")", program, R"(", "beneficiary": ")", beneficiary,
                            R"(", "fiscalYear": 2023, "applicationDate": {"year": 2023, "month": 2, "day": 10}, "requestedDong": "1000000000", "requestId": ")",
                            NextRequestId(), R"("})")));
    return FieldOf(*reply.message, "grant.name");
  }

  absl::Status Approve(const std::string& grant) {
    return Mutate("subsidy", "hoptac.subsidy.v1.SubsidyService/ApproveGrant",
                  absl::StrCat(R"({"name": ")", grant,
                               R"(", "decisionNumber": "1856/QĐ-UBND", "decisionDate": {"year": 2023, "month": 6, "day": 15}, "approvedDong": "1000000000", "requestId": ")",
                               NextRequestId(), R"("})"))
        .status();
  }

  absl::StatusOr<std::string> Entry(const std::string& grant) {
    HOPTAC_ASSIGN_OR_RETURN(
        auto reply,
        Mutate("subsidy", "hoptac.subsidy.v1.SubsidyService/RecordDisbursement",
               absl::StrCat(R"({"grant": ")", grant,
                            R"(", "amountDong": "1000000", "entryDate": {"year": 2023, "month": 7, "day": 1}, "note": "Ủy nhiệm chi", "requestId": ")",
                            NextRequestId(), R"("})")));
    return FieldOf(*reply.message, "entry.name");
  }

  absl::StatusOr<std::pair<std::string, std::string>> Activity(const std::string& unit) {
    HOPTAC_ASSIGN_OR_RETURN(
        auto reply,
        Mutate("outreach", "hoptac.outreach.v1.OutreachService/CreateActivity",
               absl::StrCat(
                   R"({"activity": {"kind": "ACTIVITY_KIND_NEWS_ITEM", "channel": "CHANNEL_RADIO", "topics": ["TOPIC_COLLECTIVE_ECONOMY"], "title": "Tin phát thanh về kinh tế tập thể", "orgUnitCode": ")",
                   unit,
                   R"(", "startDate": {"year": 2023, "month": 1, "day": 1}, "endDate": {"year": 2023, "month": 3, "day": 31}, "quantity": "2"}, "requestId": ")",
                   NextRequestId(), R"("})")));
    return std::make_pair(FieldOf(*reply.message, "activity.name"),
                          FieldOf(*reply.message, "activity.etag"));
  }

  absl::StatusOr<std::pair<std::string, std::string>> Draft(const std::string& unit) {
    HOPTAC_ASSIGN_OR_RETURN(const std::string draft, DraftJson(unit));
    HOPTAC_ASSIGN_OR_RETURN(
        auto reply,
        Mutate("report", "hoptac.report.v1.ReportService/CreateReportDraft",
               absl::StrCat(R"({"draft": )", draft, R"(, "requestId": ")", NextRequestId(),
                            R"("})")));
    return std::make_pair(FieldOf(*reply.message, "draft.name"),
                          FieldOf(*reply.message, "draft.etag"));
  }

  absl::StatusOr<std::string> Submit(const std::string& draft, const std::string& etag) {
    HOPTAC_ASSIGN_OR_RETURN(
        auto reply, Mutate("report", "hoptac.report.v1.ReportService/SubmitReport",
                           absl::StrCat(R"({"name": ")", draft, R"(", "etag": ")", etag,
                                        R"(", "requestId": ")", NextRequestId(), R"("})")));
    return FieldOf(*reply.message, "snapshot.name");
  }

  CallerChannels admin_;
  int counter_ = 0;
  int cooperatives_ = 0;
  int programs_ = 0;
};

std::string TokenFor(TokenKind kind, Role role) {
  const TestSecurity& security = TestSecurity::Get();
  switch (kind) {
    case TokenKind::kValid:
      return security.Token(role, kCallerUnit, "matrix.caller");
    case TokenKind::kExpired:
      return security.Token(role, kCallerUnit, "matrix.caller", -absl::Minutes(10));
    case TokenKind::kForged:
      return security.ForgedToken(role, kCallerUnit);
    case TokenKind::kMissing:
      return "";
  }
  return "";
}

TEST_F(AuthorizationMatrixTest, EveryRpcEveryRoleEveryUnitEveryTokenAsThePolicySays) {
  const Services& s = *services_;
  RecordMaker maker(s);
  std::map<Relation, std::map<std::string, std::string>> records;
  for (Relation relation : kRelations) {
    auto made = maker.UnitRecords(UnitOf(relation));
    ASSERT_TRUE(made.ok()) << "records of " << UnitOf(relation) << ": " << made.status();
    records[relation] = *std::move(made);
  }
  auto round = maker.RoundWithSubmission(records[Relation::kOwn]["{SNAP}"]);
  ASSERT_TRUE(round.ok()) << round.status();
  for (auto& [relation, values] : records) values["{ROUND}"] = *round;

  std::map<std::pair<int, int>, std::unique_ptr<CallerChannels>> callers;  // (role, token kind)
  auto caller_for = [&](Role role, TokenKind kind) -> CallerChannels& {
    auto& caller = callers[{static_cast<int>(role), static_cast<int>(kind)}];
    if (caller == nullptr) caller = std::make_unique<CallerChannels>(s, TokenFor(kind, role));
    return *caller;
  };

  std::vector<std::string> mismatches;
  std::map<std::string, int> methods_per_service;
  int calls = 0;
  for (const MatrixRow& row : MatrixRows()) {
    ++methods_per_service[row.service];
    for (Role role : kRoles) {
      for (Relation relation : kRelations) {
        for (TokenKind token : kTokenKinds) {
          const Expected expected = ExpectedFor(row, role, relation, token);
          std::map<std::string, std::string> values = records[relation];
          values["{RID}"] = maker.NextRequestId();
          values["{NEWREG}"] = absl::StrCat(4900900000 + calls);
          values["{NEWCODE}"] = absl::StrCat("MOI-", calls);
          if (expected == Expected::kOk || expected == Expected::kAuthorized) {
            const absl::Status fresh = maker.MakeFresh(row.fresh, values);
            ASSERT_TRUE(fresh.ok()) << row.method << ": " << fresh;
          }
          const CallReply reply =
              caller_for(role, token).Call(row.service, row.method, Fill(row.request, values));
          ++calls;
          if (!Meets(expected, reply.status.error_code())) {
            mismatches.push_back(absl::StrCat(
                row.method, " as ", RoleName(role), " of orgUnits/", kCallerUnit, " on the ",
                NameOf(relation), " unit (", UnitOf(relation), "), ", NameOf(token),
                " token: expected ", NameOf(expected), ", got code ",
                static_cast<int>(reply.status.error_code()), " \"",
                reply.status.error_message(), "\""));
          }
        }
      }
    }
  }
  std::cout << "authorization matrix: " << calls << " calls over " << MatrixRows().size()
            << " methods (";
  for (const auto& [service, count] : methods_per_service) std::cout << service << " " << count << "; ";
  std::cout << ")\n";
  EXPECT_TRUE(mismatches.empty()) << mismatches.size() << " calls differ from the policy:\n"
                                  << absl::StrJoin(mismatches.begin(),
                                                   mismatches.begin() +
                                                       std::min<size_t>(mismatches.size(), 60),
                                                   "\n");
}

// Abuse limits every server shares (kernel): a message above
// --max_message_bytes (4 MiB) is refused before any handler runs, and a
// request that does not parse (invalid UTF-8 in a text field) is the caller's
// error, not the server's.
TEST_F(AuthorizationMatrixTest, OversizedAndMalformedRequestsAreRefusedByEveryServer) {
  const std::string admin =
      TestSecurity::Get().Token(Role::kProvinceAdmin, kProvince, "matrix.admin");
  const std::string huge(5 * 1024 * 1024, 'a');
  for (const char* service : {"registry", "subsidy", "outreach", "report", "gateway"}) {
    CallerChannels caller(*services_, admin);
    const CallReply oversized =
        caller.Call(service, "hoptac.common.v1.AuditService/ListAuditEvents",
                    absl::StrCat(R"({"subject": ")", huge, R"("})"));
    EXPECT_EQ(oversized.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
        << service << ": " << oversized.status.error_message();
  }
  // Field 3 (subject) holding two bytes that are not UTF-8.
  const std::string malformed = {'\x1a', '\x02', '\xff', '\xfe'};
  for (const char* service : {"registry", "subsidy", "outreach", "report", "gateway"}) {
    auto channel = TestSecurity::Get().Channel(services_->AddressOf(service), admin);
    const grpc::Status status =
        CallBytes(channel, "hoptac.common.v1.AuditService/ListAuditEvents", malformed);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << service << ": " << status.error_message();
  }
}

// Every method every service serves is in the table: a new RPC without a row
// fails here, so that the matrix cannot silently fall behind the APIs.
TEST_F(AuthorizationMatrixTest, TheTableCoversEveryMethodOfEveryService) {
  std::vector<std::string> missing = MethodsMissingFromTable();
  EXPECT_TRUE(missing.empty()) << "methods without a matrix row: " << absl::StrJoin(missing, ", ");
}

}  // namespace
}  // namespace hoptac::e2e
