#include "tests/e2e/authorization_matrix_rows.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "hoptac/common/v1/audit.pb.h"
#include "hoptac/gateway/v1/gateway_service.pb.h"
#include "hoptac/outreach/v1/outreach.pb.h"
#include "hoptac/registry/v1/registry.pb.h"
#include "hoptac/report/v1/report_service.pb.h"
#include "hoptac/subsidy/v1/subsidy.pb.h"

namespace hoptac::e2e {
namespace {

constexpr Access kRead = Access::kRead;
constexpr Access kWrite = Access::kWrite;
constexpr Access kAdminister = Access::kAdminister;
constexpr RowScope kUnit = RowScope::kUnit;
constexpr RowScope kAnyCaller = RowScope::kAnyCaller;
constexpr RowScope kRole = RowScope::kRole;
constexpr RowScope kProvince = RowScope::kProvince;
constexpr bool kExact = true;
constexpr bool kAuthorizedOnly = false;

constexpr char kAudit[] = "hoptac.common.v1.AuditService/ListAuditEvents";

std::vector<MatrixRow> BuildRows() {
  return {
      // --- registry: the administrative map is reference data ---
      {"registry", "hoptac.registry.v1.RegistryService/GetOrgUnit", kAnyCaller, kRead,
       FreshRecord::kNone, kExact,
       R"({"name": "orgUnits/{U}", "asOfDate": {"year": 2023, "month": 12, "day": 31}})"},
      {"registry", "hoptac.registry.v1.RegistryService/ListOrgUnits", kAnyCaller, kRead,
       FreshRecord::kNone, kExact,
       R"({"parent": "orgUnits/{U}", "asOfDate": {"year": 2023, "month": 12, "day": 31}})"},
      {"registry", "hoptac.registry.v1.RegistryService/ResolveOrgUnitSubtree", kAnyCaller, kRead,
       FreshRecord::kNone, kExact,
       R"({"orgUnit": "orgUnits/{U}", "asOfDate": {"year": 2023, "month": 12, "day": 31}})"},
      // --- registry: cooperatives belong to the unit they are registered in ---
      {"registry", "hoptac.registry.v1.RegistryService/CreateCooperative", kUnit, kWrite,
       FreshRecord::kNone, kExact,
       R"({"cooperative": {"registrationNumber": "{NEWREG}", "displayName": "Hợp tác xã Mới {NEWREG}", "kind": "COOPERATIVE_KIND_COOPERATIVE", "sector": "SECTOR_AGRICULTURE", "orgUnit": "orgUnits/{U}", "address": "Thôn Pắc Mòng", "establishmentDate": {"year": 2023, "month": 3, "day": 1}, "memberCount": 7, "employeeCount": 2, "charterCapitalDong": "50000000"}, "requestId": "{RID}"})"},
      {"registry", "hoptac.registry.v1.RegistryService/GetCooperative", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"name": "cooperatives/{COOP}"})"},
      {"registry", "hoptac.registry.v1.RegistryService/ListCooperatives", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"orgUnit": "orgUnits/{U}"})"},
      {"registry", "hoptac.registry.v1.RegistryService/UpdateCooperative", kUnit, kWrite,
       FreshRecord::kCooperative, kExact,
       R"({"cooperative": {"name": "cooperatives/{COOP}", "memberCount": 9}, "updateMask": "memberCount", "etag": "{ETAG}", "reason": "Kết nạp thêm thành viên", "requestId": "{RID}"})"},
      {"registry", "hoptac.registry.v1.RegistryService/SuspendCooperative", kUnit, kWrite,
       FreshRecord::kCooperative, kExact,
       R"({"name": "cooperatives/{COOP}", "change": {"effectiveDate": {"year": 2023, "month": 7, "day": 1}, "reason": "Tạm ngừng hoạt động", "legalDocument": "Thông báo số 2/TB", "requestId": "{RID}"}})"},
      {"registry", "hoptac.registry.v1.RegistryService/ResumeCooperative", kUnit, kWrite,
       FreshRecord::kSuspendedCooperative, kExact,
       R"({"name": "cooperatives/{COOP}", "change": {"effectiveDate": {"year": 2023, "month": 9, "day": 1}, "reason": "Hoạt động trở lại", "legalDocument": "Thông báo số 3/TB", "requestId": "{RID}"}})"},
      {"registry", "hoptac.registry.v1.RegistryService/StartCooperativeDissolution", kUnit,
       kWrite, FreshRecord::kCooperative, kExact,
       R"({"name": "cooperatives/{COOP}", "dissolutionKind": "DISSOLUTION_KIND_VOLUNTARY", "change": {"effectiveDate": {"year": 2023, "month": 8, "day": 1}, "reason": "Giải thể tự nguyện", "legalDocument": "Nghị quyết đại hội thành viên", "requestId": "{RID}"}})"},
      {"registry", "hoptac.registry.v1.RegistryService/CompleteCooperativeDissolution", kUnit,
       kWrite, FreshRecord::kDissolvingCooperative, kExact,
       R"({"name": "cooperatives/{COOP}", "change": {"effectiveDate": {"year": 2023, "month": 11, "day": 1}, "reason": "Hoàn tất giải thể", "legalDocument": "Thông báo giải thể", "requestId": "{RID}"}})"},
      {"registry", "hoptac.registry.v1.RegistryService/RecordInspection", kUnit, kWrite,
       FreshRecord::kNone, kExact,
       R"({"parent": "cooperatives/{COOP}", "inspection": {"inspectionDate": {"year": 2023, "month": 8, "day": 15}, "inspectingBody": "Phòng Tài chính - Kế hoạch", "findings": "Hoạt động ổn định", "legalDocument": "Biên bản kiểm tra"}, "requestId": "{RID}"})"},
      {"registry", "hoptac.registry.v1.RegistryService/RecordAward", kUnit, kWrite,
       FreshRecord::kNone, kExact,
       R"({"parent": "cooperatives/{COOP}", "award": {"awardDate": {"year": 2023, "month": 10, "day": 10}, "title": "Giấy khen", "event": "Ngày Doanh nhân Việt Nam", "awardingBody": "Chủ tịch UBND huyện", "legalDocument": "Quyết định số 3285/QĐ-UBND"}, "requestId": "{RID}"})"},
      {"registry", "hoptac.registry.v1.RegistryService/RecordClassification", kUnit, kWrite,
       FreshRecord::kCooperative, kExact,
       R"({"parent": "cooperatives/{COOP}", "classification": {"year": 2023, "grade": "CLASSIFICATION_GRADE_GOOD", "decisionDate": {"year": 2023, "month": 12, "day": 20}, "legalDocument": "Quyết định xếp loại"}, "requestId": "{RID}"})"},
      {"registry", "hoptac.registry.v1.RegistryService/RecordAnnualReport", kUnit, kWrite,
       FreshRecord::kCooperative, kExact,
       R"({"parent": "cooperatives/{COOP}", "annualReport": {"year": 2022, "receivedDate": {"year": 2023, "month": 1, "day": 16}, "dueDate": {"year": 2023, "month": 1, "day": 31}}, "requestId": "{RID}"})"},
      {"registry", "hoptac.registry.v1.RegistryService/ListCooperativeEvents", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"parent": "cooperatives/{COOP}"})"},
      {"registry", "hoptac.registry.v1.RegistryService/GetRegistryStatistics", kUnit, kRead,
       FreshRecord::kNone, kExact,
       R"({"orgUnit": "orgUnits/{U}", "period": {"startDate": {"year": 2023, "month": 1, "day": 1}, "endDate": {"year": 2023, "month": 12, "day": 31}}})"},

      // --- subsidy: programs belong to the unit that runs them; grants and
      // ledger entries to their program's unit; beneficiaries to their unit ---
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/CreateProgram", kUnit, kWrite,
       FreshRecord::kNone, kExact,
       R"({"program": {"code": "{NEWCODE}", "title": "Hỗ trợ lãi suất tín dụng", "legalBasis": ["Nghị quyết số 15/2021/NQ-HĐND ngày 17/7/2021 của HĐND tỉnh Lạng Sơn"], "supportKind": "SUPPORT_KIND_CREDIT_INTEREST", "fundSource": "FUND_SOURCE_PROVINCIAL", "orgUnitCode": "{U}", "eligibleBeneficiaryKinds": ["BENEFICIARY_KIND_COOPERATIVE"], "budgets": [{"fiscalYear": 2023, "budgetDong": "500000000"}], "validity": {"startDate": {"year": 2023, "month": 1, "day": 1}, "endDate": {"year": 2023, "month": 12, "day": 31}}}, "requestId": "{RID}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/GetProgram", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"name": "{PROGRAM}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/ListPrograms", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"orgUnitCode": "{U}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/UpdateProgram", kUnit, kWrite,
       FreshRecord::kProgram, kExact,
       R"({"program": {"name": "{PROGRAM}", "title": "Hỗ trợ thành lập mới hợp tác xã, sửa đổi", "etag": "{PROGRAM_ETAG}"}, "updateMask": "title", "requestId": "{RID}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/CreateBeneficiary", kUnit, kWrite,
       FreshRecord::kCooperative, kExact,
       R"({"beneficiary": {"kind": "BENEFICIARY_KIND_COOPERATIVE", "registrationNumber": "{COOP}"}, "requestId": "{RID}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/GetBeneficiary", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"name": "{BEN}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/ListBeneficiaries", kAnyCaller, kRead,
       FreshRecord::kNone, kExact, R"({})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/UpdateBeneficiary", kUnit, kWrite,
       FreshRecord::kBeneficiary, kAuthorizedOnly,
       R"({"beneficiary": {"name": "{BEN}", "displayName": "Hợp tác xã đổi tên", "etag": "{BEN_ETAG}"}, "updateMask": "displayName", "requestId": "{RID}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/ApplyForGrant", kUnit, kWrite,
       FreshRecord::kNone, kExact,
       R"({"program": "{PROGRAM}", "beneficiary": "{BEN}", "fiscalYear": 2023, "applicationDate": {"year": 2023, "month": 3, "day": 1}, "requestedDong": "5000000", "requestId": "{RID}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/GetGrant", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"name": "{GRANT}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/ListGrants", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"program": "{PROGRAM}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/ApproveGrant", kUnit, kWrite,
       FreshRecord::kAppliedGrant, kExact,
       R"({"name": "{GRANT}", "decisionNumber": "1900/QĐ-UBND", "decisionDate": {"year": 2023, "month": 6, "day": 20}, "approvedDong": "1000000", "requestId": "{RID}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/RejectGrant", kUnit, kWrite,
       FreshRecord::kAppliedGrant, kExact,
       R"({"name": "{GRANT}", "reason": "Không đủ điều kiện hỗ trợ", "requestId": "{RID}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/CancelGrant", kUnit, kWrite,
       FreshRecord::kAppliedGrant, kExact,
       R"({"name": "{GRANT}", "reason": "Rút hồ sơ", "requestId": "{RID}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/RecordDisbursement", kUnit, kWrite,
       FreshRecord::kNone, kExact,
       R"({"grant": "{GRANT}", "amountDong": "1000", "entryDate": {"year": 2023, "month": 7, "day": 2}, "note": "Ủy nhiệm chi", "requestId": "{RID}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/ReverseDisbursement", kUnit, kWrite,
       FreshRecord::kLedgerEntry, kExact,
       R"({"entry": "{ENTRY}", "entryDate": {"year": 2023, "month": 7, "day": 3}, "reason": "Chi nhầm", "requestId": "{RID}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/RecordDisbursementBatch", kUnit, kWrite,
       FreshRecord::kNone, kExact,
       R"({"disbursements": [{"grant": "{GRANT}", "amountDong": "1000", "note": "Đợt 1"}], "entryDate": {"year": 2023, "month": 7, "day": 4}, "controlCount": 1, "controlSumDong": "1000", "requestId": "{RID}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/ListLedgerEntries", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"grant": "{GRANT}"})"},
      {"subsidy", "hoptac.subsidy.v1.SubsidyService/GetSubsidyStatistics", kUnit, kRead,
       FreshRecord::kNone, kExact,
       R"({"orgUnitCode": "{U}", "period": {"startDate": {"year": 2023, "month": 1, "day": 1}, "endDate": {"year": 2023, "month": 12, "day": 31}}})"},

      // --- outreach: activities belong to their unit ---
      {"outreach", "hoptac.outreach.v1.OutreachService/CreateActivity", kUnit, kWrite,
       FreshRecord::kNone, kExact,
       R"({"activity": {"kind": "ACTIVITY_KIND_NEWS_ITEM", "channel": "CHANNEL_RADIO", "topics": ["TOPIC_COLLECTIVE_ECONOMY"], "title": "Tin phát thanh quý II", "orgUnitCode": "{U}", "startDate": {"year": 2023, "month": 4, "day": 1}, "endDate": {"year": 2023, "month": 6, "day": 30}, "quantity": "3"}, "requestId": "{RID}"})"},
      {"outreach", "hoptac.outreach.v1.OutreachService/GetActivity", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"name": "{ACT}"})"},
      {"outreach", "hoptac.outreach.v1.OutreachService/ListActivities", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"orgUnitCode": "{U}"})"},
      {"outreach", "hoptac.outreach.v1.OutreachService/UpdateActivity", kUnit, kWrite,
       FreshRecord::kActivity, kExact,
       R"({"activity": {"name": "{ACT}", "title": "Tin phát thanh về hợp tác xã"}, "updateMask": "title", "etag": "{ACT_ETAG}"})"},
      {"outreach", "hoptac.outreach.v1.OutreachService/DeleteActivity", kUnit, kWrite,
       FreshRecord::kActivity, kExact,
       R"({"name": "{ACT}", "etag": "{ACT_ETAG}", "reason": "Nhập trùng"})"},
      {"outreach", "hoptac.outreach.v1.OutreachService/ImportActivities", kUnit, kWrite,
       FreshRecord::kNone, kExact,
       R"({"activities": [{"kind": "ACTIVITY_KIND_NEWS_ITEM", "channel": "CHANNEL_RADIO", "topics": ["TOPIC_COLLECTIVE_ECONOMY"], "title": "Tin phát thanh quý III", "orgUnitCode": "{U}", "startDate": {"year": 2023, "month": 7, "day": 1}, "endDate": {"year": 2023, "month": 9, "day": 30}, "quantity": "1"}], "requestId": "{RID}"})"},
      {"outreach", "hoptac.outreach.v1.OutreachService/GetOutreachStatistics", kUnit, kRead,
       FreshRecord::kNone, kExact,
       R"({"orgUnitCode": "{U}", "period": {"startDate": {"year": 2023, "month": 1, "day": 1}, "endDate": {"year": 2023, "month": 12, "day": 31}}})"},

      // --- report: templates belong to no unit; drafts and snapshots to theirs ---
      {"report", "hoptac.report.v1.ReportService/CreateTemplateVersion", kRole, kAdminister,
       FreshRecord::kNone, kAuthorizedOnly,
       R"({"template": {"templateId": "mau-kiem-thu", "documentKind": "BÁO CÁO", "title": "Báo cáo kiểm thử", "subject": "Kiểm thử", "body": "Nội dung"}, "requestId": "{RID}"})"},
      {"report", "hoptac.report.v1.ReportService/GetTemplate", kAnyCaller, kRead,
       FreshRecord::kNone, kExact,
       R"({"name": "templates/bao-cao-ke-hoach-115/versions/1"})"},
      {"report", "hoptac.report.v1.ReportService/ListTemplates", kAnyCaller, kRead,
       FreshRecord::kNone, kExact, R"({})"},
      {"report", "hoptac.report.v1.ReportService/CreateReportDraft", kUnit, kWrite,
       FreshRecord::kNone, kExact, R"({"draft": {DRAFT_JSON}, "requestId": "{RID}"})"},
      {"report", "hoptac.report.v1.ReportService/GetReportDraft", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"name": "{DRAFT}"})"},
      {"report", "hoptac.report.v1.ReportService/ListReportDrafts", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"orgUnit": "orgUnits/{U}"})"},
      {"report", "hoptac.report.v1.ReportService/UpdateReportDraft", kUnit, kWrite,
       FreshRecord::kDraft, kExact,
       R"({"draft": {"name": "{DRAFT}", "placeName": "Lạng Sơn", "etag": "{DRAFT_ETAG}"}, "updateMask": "placeName"})"},
      {"report", "hoptac.report.v1.ReportService/AssembleReport", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"name": "{DRAFT}"})"},
      {"report", "hoptac.report.v1.ReportService/SubmitReport", kUnit, kWrite,
       FreshRecord::kDraft, kExact,
       R"({"name": "{DRAFT}", "etag": "{DRAFT_ETAG}", "requestId": "{RID}"})"},
      {"report", "hoptac.report.v1.ReportService/GetReportSnapshot", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"name": "{SNAP}"})"},
      {"report", "hoptac.report.v1.ReportService/DiffSinceSubmission", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"snapshot": "{SNAP}"})"},

      // --- gateway: rounds are the province's; submissions the unit's ---
      {"gateway", "hoptac.gateway.v1.GatewayService/CreateReportingRound", kProvince,
       kAdminister, FreshRecord::kNone, kAuthorizedOnly,
       R"({"reportingRound": {"orgUnit": "orgUnits/20", "period": {"startDate": {"year": 2023, "month": 1, "day": 1}, "endDate": {"year": 2023, "month": 12, "day": 31}}, "template": "templates/bao-cao-ke-hoach-115/versions/1", "requestLetter": "Công văn {RID}", "title": "Đợt {RID}", "deadline": "2030-01-01T00:00:00Z"}, "requestId": "{RID}"})"},
      {"gateway", "hoptac.gateway.v1.GatewayService/GetReportingRound", kAnyCaller, kRead,
       FreshRecord::kNone, kExact, R"({"name": "{ROUND}"})"},
      {"gateway", "hoptac.gateway.v1.GatewayService/ListReportingRounds", kAnyCaller, kRead,
       FreshRecord::kNone, kExact, R"({})"},
      {"gateway", "hoptac.gateway.v1.GatewayService/SubmitToRound", kUnit, kWrite,
       FreshRecord::kNone, kAuthorizedOnly,
       R"({"reportingRound": "{ROUND}", "orgUnit": "orgUnits/{U}", "snapshot": "{SNAP}", "requestId": "{RID}"})"},
      {"gateway", "hoptac.gateway.v1.GatewayService/ReturnSubmission", kProvince, kAdminister,
       FreshRecord::kNone, kAuthorizedOnly,
       R"({"reportingRound": "{ROUND}", "orgUnit": "orgUnits/183", "reason": "Đề nghị bổ sung số liệu", "requestId": "{RID}"})"},
      {"gateway", "hoptac.gateway.v1.GatewayService/AcceptSubmission", kProvince, kAdminister,
       FreshRecord::kNone, kAuthorizedOnly,
       R"({"reportingRound": "{ROUND}", "orgUnit": "orgUnits/183", "requestId": "{RID}"})"},
      {"gateway", "hoptac.gateway.v1.GatewayService/ListSubmissions", kUnit, kRead,
       FreshRecord::kNone, kExact,
       R"({"reportingRound": "{ROUND}", "orgUnit": "orgUnits/{U}"})"},
      {"gateway", "hoptac.gateway.v1.GatewayService/GetRoundStatus", kProvince, kRead,
       FreshRecord::kNone, kExact, R"({"reportingRound": "{ROUND}"})"},
      {"gateway", "hoptac.gateway.v1.GatewayService/BuildConsolidatedReport", kProvince, kRead,
       FreshRecord::kNone, kAuthorizedOnly, R"({"reportingRound": "{ROUND}"})"},
      {"gateway", "hoptac.gateway.v1.GatewayService/ListCooperatives", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"query": {"orgUnit": "orgUnits/{U}"}})"},
      {"gateway", "hoptac.gateway.v1.GatewayService/ListGrants", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"query": {"program": "{PROGRAM}"}})"},
      {"gateway", "hoptac.gateway.v1.GatewayService/ListLedgerEntries", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"query": {"grant": "{GRANT}"}})"},
      {"gateway", "hoptac.gateway.v1.GatewayService/ListActivities", kUnit, kRead,
       FreshRecord::kNone, kExact, R"({"query": {"orgUnitCode": "{U}"}})"},

      // --- every service's audit trail: province administrators only ---
      {"registry", kAudit, kRole, kAdminister, FreshRecord::kNone, kExact, R"({})"},
      {"subsidy", kAudit, kRole, kAdminister, FreshRecord::kNone, kExact, R"({})"},
      {"outreach", kAudit, kRole, kAdminister, FreshRecord::kNone, kExact, R"({})"},
      {"report", kAudit, kRole, kAdminister, FreshRecord::kNone, kExact, R"({})"},
      {"gateway", kAudit, kRole, kAdminister, FreshRecord::kNone, kExact, R"({})"},
  };
}

}  // namespace

const std::vector<MatrixRow>& MatrixRows() {
  static const std::vector<MatrixRow>* rows = new std::vector<MatrixRow>(BuildRows());
  return *rows;
}

std::vector<std::string> MethodsMissingFromTable() {
  std::set<std::string> in_table;
  for (const MatrixRow& row : MatrixRows()) {
    in_table.insert(absl::StrCat(row.service, " ", row.method));
  }
  const std::pair<const char*, const google::protobuf::ServiceDescriptor*> services[] = {
      {"registry", registry::v1::GetOrgUnitRequest::descriptor()->file()->service(0)},
      {"subsidy", subsidy::v1::GetProgramRequest::descriptor()->file()->service(0)},
      {"outreach", outreach::v1::GetActivityRequest::descriptor()->file()->service(0)},
      {"report", report::v1::GetTemplateRequest::descriptor()->file()->service(0)},
      {"gateway", gateway::v1::GetReportingRoundRequest::descriptor()->file()->service(0)},
  };
  const google::protobuf::ServiceDescriptor* audit =
      common::v1::ListAuditEventsRequest::descriptor()->file()->service(0);
  std::vector<std::string> missing;
  for (const auto& [name, service] : services) {
    for (const google::protobuf::ServiceDescriptor* served : {service, audit}) {
      for (int i = 0; i < served->method_count(); ++i) {
        const std::string method =
            absl::StrCat(served->full_name(), "/", served->method(i)->name());
        if (!in_table.contains(absl::StrCat(name, " ", method))) {
          missing.push_back(absl::StrCat(name, ": ", method));
        }
      }
    }
  }
  return missing;
}

}  // namespace hoptac::e2e
