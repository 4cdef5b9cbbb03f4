// registry/*.jsonl of a generated unit: its cooperatives and their 2023
// events (suspension, dissolutions, inspections, awards, annual reports).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "hoptac/registry/v1/registry.pb.h"
#include "services/common/proto_date.h"
#include "tools/generate_units/seeded_random.h"
#include "tools/generate_units/unit_fixture.h"
#include "tools/generate_units/vietnamese_names.h"

namespace hoptac::generate {
namespace {

namespace rg = ::hoptac::registry::v1;

std::string Dmy(absl::CivilDay day) {
  return absl::StrFormat("%d/%d/%d", day.day(), day.month(), day.year());
}

std::string CooperativeName(const CooperativePlan& c) {
  return absl::StrCat("cooperatives/", c.registration_number);
}

void SetChange(rg::ChangeContext& change, absl::CivilDay day, const std::string& reason,
               const std::string& legal_document) {
  DayToProto(day, change.mutable_effective_date());
  change.set_reason(reason);
  change.set_legal_document(legal_document);
}

void AddCooperatives(const UnitPlan& plan, FixtureFiles& files) {
  for (const CooperativePlan& c : plan.cooperatives) {
    rg::CreateCooperativeRequest request;
    rg::Cooperative& out = *request.mutable_cooperative();
    out.set_registration_number(c.registration_number);
    out.set_display_name(c.display_name);
    out.set_kind(c.group ? rg::COOPERATIVE_KIND_COOPERATIVE_GROUP : rg::COOPERATIVE_KIND_COOPERATIVE);
    out.set_sector(static_cast<rg::Sector>(c.sector));
    out.set_org_unit(absl::StrCat("orgUnits/", c.commune.code));
    out.set_address(c.address);
    DayToProto(c.established, out.mutable_establishment_date());
    out.set_member_count(c.members);
    out.set_employee_count(c.employees);
    out.set_charter_capital_dong(c.charter_capital_dong);
    AppendLine(files, "registry/cooperatives.jsonl",
               absl::StrCat("Cooperatives of ", plan.unit.display_name,
                            " (generated). Each line: hoptac.registry.v1.CreateCooperativeRequest."),
               FixtureLine(request));
  }
}

void AddLifecycle(const UnitPlan& plan, SeededRandom& random, FixtureFiles& files) {
  const std::string unit = InSentence(plan.unit.display_name);
  for (const CooperativePlan& c : plan.cooperatives) {
    switch (c.fate) {
      case CooperativeFate::kActive:
        break;
      case CooperativeFate::kSuspended: {
        const absl::CivilDay day(plan.year, random.Uniform(4, 8), 1);
        rg::SuspendCooperativeRequest request;
        request.set_name(CooperativeName(c));
        SetChange(*request.mutable_change(), day,
                  "Tạm ngừng hoạt động 12 tháng do thiếu đơn hàng, không đủ vốn lưu động",
                  absl::StrCat("Thông báo tạm ngừng hoạt động ngày ", Dmy(day - 10), " của ",
                               c.display_name));
        AppendLine(files, "registry/suspensions.jsonl", "SuspendCooperativeRequest lines.",
                   FixtureLine(request));
        break;
      }
      case CooperativeFate::kForcedDissolution: {
        const absl::CivilDay start(plan.year, random.Uniform(2, 5), random.Uniform(1, 28));
        const int number = static_cast<int>(random.Uniform(300, 900));
        rg::StartCooperativeDissolutionRequest started;
        started.set_name(CooperativeName(c));
        started.set_dissolution_kind(rg::DISSOLUTION_KIND_FORCED);
        SetChange(*started.mutable_change(), start,
                  "Hợp tác xã ngừng hoạt động trên 12 tháng liên tục, không còn thành viên "
                  "tham gia sản xuất kinh doanh",
                  absl::StrCat("Quyết định số ", number, "/QĐ-UBND ngày ", Dmy(start), " của UBND ",
                               unit, " về việc giải thể bắt buộc ", c.display_name));
        AppendLine(files, "registry/dissolutions_started.jsonl",
                   "StartCooperativeDissolutionRequest lines.", FixtureLine(started));
        const absl::CivilDay end = start + random.Uniform(100, 180);
        rg::CompleteCooperativeDissolutionRequest completed;
        completed.set_name(CooperativeName(c));
        SetChange(*completed.mutable_change(), end,
                  "Hoàn thành thủ tục giải thể, thu hồi Giấy chứng nhận đăng ký hợp tác xã",
                  absl::StrCat("Thông báo số ", random.Uniform(40, 160),
                               "/TB-TCKH ngày ", Dmy(end), " của Phòng Tài chính - Kế hoạch ",
                               unit));
        AppendLine(files, "registry/dissolutions_completed.jsonl",
                   "CompleteCooperativeDissolutionRequest lines.", FixtureLine(completed));
        break;
      }
      case CooperativeFate::kVoluntaryDissolution: {
        const absl::CivilDay start(plan.year, random.Uniform(9, 11), random.Uniform(1, 28));
        rg::StartCooperativeDissolutionRequest started;
        started.set_name(CooperativeName(c));
        started.set_dissolution_kind(rg::DISSOLUTION_KIND_VOLUNTARY);
        SetChange(*started.mutable_change(), start,
                  "Đại hội thành viên quyết định giải thể tự nguyện do hoạt động sản xuất kinh "
                  "doanh không hiệu quả",
                  absl::StrCat("Nghị quyết Đại hội thành viên ngày ", Dmy(start), " của ",
                               c.display_name));
        AppendLine(files, "registry/dissolutions_started.jsonl",
                   "StartCooperativeDissolutionRequest lines.", FixtureLine(started));
        break;
      }
    }
  }
}

void AddRecords(const UnitPlan& plan, SeededRandom& random, FixtureFiles& files) {
  const std::string unit = InSentence(plan.unit.display_name);
  const std::vector<std::string> findings = {
      "Hoạt động đúng bản chất; doanh thu năm trước tăng; cần bổ sung điều lệ theo quy định",
      "Hoạt động cầm chừng; chưa lập sổ sách kế toán đầy đủ; đề nghị củng cố bộ máy quản lý",
      "Chưa thực hiện chế độ báo cáo năm trước; đề nghị báo cáo trong quý IV",
      "Hoạt động hiệu quả; đề nghị tham gia chương trình OCOP",
      "Sản xuất kinh doanh thua lỗ; hướng dẫn hợp tác xã xây dựng phương án củng cố"};
  absl::CivilDay inspection_day(plan.year, 8, random.Uniform(7, 14));
  const absl::CivilDay award_day(plan.year, 10, random.Uniform(5, 11));
  const int award_decision = static_cast<int>(random.Uniform(1800, 4200));
  for (const CooperativePlan& c : plan.cooperatives) {
    if (c.inspected) {
      inspection_day += random.Uniform(1, 6);
      rg::RecordInspectionRequest request;
      request.set_parent(CooperativeName(c));
      DayToProto(inspection_day, request.mutable_inspection()->mutable_inspection_date());
      request.mutable_inspection()->set_inspecting_body(
          absl::StrCat("Phòng Tài chính - Kế hoạch ", unit));
      request.mutable_inspection()->set_findings(random.Pick(findings));
      request.mutable_inspection()->set_legal_document(
          absl::StrCat("Biên bản kiểm tra ngày ", Dmy(inspection_day)));
      AppendLine(files, "registry/inspections.jsonl",
                 absl::StrCat("RecordInspectionRequest lines: the ", plan.year, " inspection round."),
                 FixtureLine(request));
    }
  }
  for (const CooperativePlan& c : plan.cooperatives) {
    if (!c.awarded) continue;
    rg::RecordAwardRequest request;
    request.set_parent(CooperativeName(c));
    rg::Award& award = *request.mutable_award();
    DayToProto(award_day, award.mutable_award_date());
    award.set_title("Giấy khen");
    award.set_event(absl::StrCat("Kỷ niệm ", plan.year - 2004, " năm Ngày Doanh nhân Việt Nam (13/10/2004 - 13/10/",
                                 plan.year, ")"));
    award.set_awarding_body(absl::StrCat("Chủ tịch UBND ", unit));
    award.set_legal_document(absl::StrCat("Quyết định số ", award_decision, "/QĐ-UBND ngày ",
                                          Dmy(award_day), " của Chủ tịch UBND ", unit));
    AppendLine(files, "registry/awards.jsonl",
               "RecordAwardRequest lines: Giấy khen for Entrepreneurs' Day (13/10).",
               FixtureLine(request));
  }
  // Last year's annual reports, received this year; some after the due date.
  for (const CooperativePlan& c : plan.cooperatives) {
    if (c.established.year() >= plan.year - 1 ||
        (c.fate != CooperativeFate::kActive && c.fate != CooperativeFate::kVoluntaryDissolution) ||
        !random.Chance(55)) {
      continue;
    }
    rg::RecordAnnualReportRequest request;
    request.set_parent(CooperativeName(c));
    request.mutable_annual_report()->set_year(plan.year - 1);
    const absl::CivilDay due(plan.year, 1, 31);
    DayToProto(due - 25 + random.Uniform(0, 60), request.mutable_annual_report()->mutable_received_date());
    DayToProto(due, request.mutable_annual_report()->mutable_due_date());
    AppendLine(files, "registry/annual_reports.jsonl",
               absl::StrCat("RecordAnnualReportRequest lines: ", plan.year - 1,
                            " annual reports, due 31/01; some late."),
               FixtureLine(request));
  }
}

}  // namespace

void AddRegistryFiles(const UnitPlan& plan, FixtureFiles& files) {
  SeededRandom random(absl::StrCat(plan.unit.code, "/registry-events"));
  AddCooperatives(plan, files);
  AddLifecycle(plan, random, files);
  AddRecords(plan, random, files);
}

}  // namespace hoptac::generate
