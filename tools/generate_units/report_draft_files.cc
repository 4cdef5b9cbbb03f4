// report/ of a generated unit: the draft of its report on Plan 115/KH-UBND
// (report/draft.textproto, a hoptac.report.v1.ReportDraft in text format)
// and the texts of the template's narrative slots (report/narratives/*.md),
// as in tests/fixtures/cao-loc-2023/report/.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/text_format.h"
#include "hoptac/report/v1/report_service.pb.h"
#include "services/common/proto_date.h"
#include "tools/generate_units/seeded_random.h"
#include "tools/generate_units/unit_fixture.h"
#include "tools/generate_units/vietnamese_names.h"

namespace hoptac::generate {
namespace {

namespace rp = ::hoptac::report::v1;

constexpr char kTemplate[] = "templates/bao-cao-ke-hoach-115/versions/1";
constexpr char kProgramme71[] =
    "Chương trình hành động số 71-CTr/TU ngày 09/3/2023 của Ban Chấp hành Đảng bộ tỉnh";

void AddReference(rp::ReportDraft& draft, const std::string& key, const std::string& type,
                  const std::string& number, absl::CivilDay day, const std::string& issuer,
                  const std::string& subject) {
  rp::ReferenceDocument& r = *draft.add_reference_documents();
  r.set_key(key);
  r.set_document_type(type);
  r.set_number(number);
  DayToProto(day, r.mutable_issue_date());
  r.set_issuer(issuer);
  r.set_subject(subject);
}

rp::ReportDraft Draft(const UnitPlan& plan, SeededRandom& random) {
  const std::string unit = InSentence(plan.unit.display_name);
  const std::string party = absl::StrCat(ShortName(plan.unit.display_name));
  const bool city = plan.unit.display_name.rfind("Thành phố", 0) == 0;
  rp::ReportDraft d;
  d.set_org_unit(absl::StrCat("orgUnits/", plan.unit.code));
  DayToProto(absl::CivilDay(plan.year, 1, 1), d.mutable_period()->mutable_start_date());
  DayToProto(absl::CivilDay(plan.year, 12, 31), d.mutable_period()->mutable_end_date());
  d.set_template_(kTemplate);
  d.set_issuing_body(UpperVietnamese(absl::StrCat("UBND ", unit)));
  d.set_area_name(unit);
  d.set_place_name(ShortName(plan.unit.display_name));
  d.mutable_planned_date()->set_year(plan.year);
  d.mutable_planned_date()->set_month(12);

  AddReference(d, "request_letter", "Công văn", "3235/SKHĐT-ĐKKD", absl::CivilDay(2023, 12, 4),
               "Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn",
               "của Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn về việc báo cáo kết quả thực hiện Kế "
               "hoạch số 115/KH-UBND ngày 15/5/2023 của UBND tỉnh thực hiện Chương trình hành "
               "động số 71-CTr/TU ngày 09/3/2023 của Ban chấp hành Đảng bộ tỉnh năm 2023 và xây "
               "dựng kế hoạch năm 2024");
  const absl::CivilDay party_day(plan.year, random.Uniform(3, 4), random.Uniform(1, 28));
  AddReference(d, "party_plan", "Kế hoạch",
               absl::StrCat(random.Uniform(120, 190), city ? "-KH/TU" : "-KH/HU"), party_day,
               absl::StrCat(city ? "Thành ủy " : "Huyện ủy ", party),
               absl::StrCat("về việc tổ chức thực hiện ", kProgramme71,
                            " thực hiện Nghị quyết số 20-NQ/TW ngày 16/6/2022 của Ban Chấp hành "
                            "Trung ương Đảng khóa XIII về tiếp tục đổi mới, phát triển và nâng "
                            "cao hiệu quả kinh tế tập thể trong giai đoạn mới"));
  const absl::CivilDay plan_day(plan.year, random.Uniform(5, 6), random.Uniform(1, 28));
  const std::string district_plan = absl::StrCat(random.Uniform(150, 260), "/KH-UBND");
  AddReference(d, "district_plan", "Kế hoạch", district_plan, plan_day,
               absl::StrCat("UBND ", unit),
               absl::StrCat("của UBND ", unit, " về thực hiện ", kProgramme71,
                            " về tiếp tục đổi mới, phát triển và nâng cao hiệu quả kinh tế tập "
                            "thể trong giai đoạn mới"));
  const absl::CivilDay implementation_day = plan_day + random.Uniform(20, 50);
  AddReference(d, "implementation_plan", "Kế hoạch", absl::StrCat(random.Uniform(261, 330), "/KH-UBND"),
               implementation_day, absl::StrCat("UBND ", unit),
               absl::StrCat("về việc triển khai thực hiện Kế hoạch số ", district_plan,
                            " của UBND ", unit));
  const absl::CivilDay group_day(plan.year - 1, random.Uniform(8, 11), random.Uniform(1, 28));
  AddReference(d, "land_working_group", "Quyết định",
               absl::StrCat(random.Uniform(2000, 3500), "/QĐ-UBND"), group_day,
               absl::StrCat("UBND ", unit),
               absl::StrCat("của UBND ", unit,
                            " về việc thành lập Tổ công tác hỗ trợ tiếp cận mặt bằng sản xuất "
                            "kinh doanh trên địa bàn ", unit));
  const absl::CivilDay guidance_day(plan.year, random.Uniform(7, 9), random.Uniform(1, 28));
  AddReference(d, "land_guidance", "Công văn",
               absl::StrCat(random.Uniform(1200, 2400), "/UBND-TNMT"), guidance_day,
               absl::StrCat("UBND ", unit),
               "về việc hướng dẫn thực hiện trình tự, thủ tục, hồ sơ hỗ trợ tiếp cận mặt bằng "
               "sản xuất, kinh doanh theo Nghị quyết số 16/2022/NQ-HĐND của HĐND tỉnh Lạng Sơn");

  for (const char* recipient :
       {"Sở Kế hoạch và Đầu tư;", "Liên minh HTX tỉnh;"}) {
    d.add_recipients(recipient);
  }
  d.add_recipients(city ? "CT, PCT UBND thành phố;" : "CT, PCT UBND huyện;");
  d.add_recipients(city ? "Các phòng chuyên môn thành phố;" : "Các Phòng chuyên môn huyện;");
  d.add_recipients(city ? "UBND các phường, xã;" : "UBND các xã, thị trấn;");
  d.add_recipients("Lưu: VT.");
  d.mutable_signature()->set_authority("KT. CHỦ TỊCH");
  d.mutable_signature()->set_signer_title("PHÓ CHỦ TỊCH");
  d.mutable_signature()->set_signer_name(PersonName(random, random.Chance(30)));
  return d;
}

// The narrative texts: facts of the plan in sentences officials would write,
// and two or three of the usual limitations, causes and recommendations.
void AddNarratives(const UnitPlan& plan, SeededRandom& random, FixtureFiles& files) {
  const std::string unit = InSentence(plan.unit.display_name);
  std::vector<std::string> communes;
  for (const Commune& c : plan.unit.communes) communes.push_back(c.display_name);
  const size_t active = plan.Active().size();
  const size_t founded = plan.EstablishedInYear().size();
  files["report/narratives/situation.md"] = absl::StrCat(
      plan.unit.display_name, " có ", plan.unit.communes.size(),
      " đơn vị hành chính cấp xã. Đến ngày 31/12/", plan.year, ", trên địa bàn ", unit, " có ",
      active, " hợp tác xã, tổ hợp tác đang hoạt động, trong đó ", founded,
      " hợp tác xã thành lập mới trong năm; các hợp tác xã chủ yếu hoạt động trong lĩnh vực nông, "
      "lâm nghiệp, tiểu thủ công nghiệp và dịch vụ. Kinh tế tập thể tiếp tục được các cấp ủy, "
      "chính quyền quan tâm, từng bước khẳng định vai trò trong phát triển kinh tế - xã hội của "
      "địa phương.\n");
  auto pick = [&](std::vector<std::string> options, size_t count) {
    random.Shuffle(options);
    options.resize(std::min(count, options.size()));
    return absl::StrCat("- ", absl::StrJoin(options, "\n\n- "), "\n");
  };
  files["report/narratives/limitations.md"] = pick(
      {"Công tác quản lý nhà nước về kinh tế tập thể còn hạn chế về nhân sự, chưa kiểm tra, "
       "hướng dẫn các tổ chức kinh tế tập thể được thường xuyên.",
       "Quy mô của các hợp tác xã còn nhỏ, vốn ít, khả năng cạnh tranh thấp; công tác quản trị, "
       "khả năng tiếp cận thị trường còn hạn chế.",
       "Một số hợp tác xã chưa thực hiện nghiêm chế độ báo cáo, chưa chủ động báo cáo những khó "
       "khăn, vướng mắc với cơ quan chuyên môn và chính quyền địa phương.",
       "Liên kết giữa hợp tác xã với doanh nghiệp trong sản xuất, tiêu thụ sản phẩm còn lỏng "
       "lẻo, chưa bền vững."},
      static_cast<size_t>(random.Uniform(2, 3)));
  files["report/narratives/causes.md"] = pick(
      {"Cán bộ quản lý kinh tế tập thể cấp huyện, cấp xã chủ yếu kiêm nhiệm, thường xuyên thay "
       "đổi.",
       "Trình độ quản lý của đội ngũ cán bộ hợp tác xã còn hạn chế; nhiều hợp tác xã thiếu vốn, "
       "khó tiếp cận nguồn vốn tín dụng.",
       "Nhận thức của một bộ phận người dân về bản chất, vai trò của kinh tế tập thể chưa đầy đủ.",
       "Điều kiện địa hình phức tạp, cơ sở hạ tầng phục vụ sản xuất còn thiếu."},
      static_cast<size_t>(random.Uniform(2, 3)));
  files["report/narratives/recommendations.md"] = absl::StrCat(
      "Đề nghị Sở Kế hoạch và Đầu tư, Liên minh HTX tỉnh tiếp tục tổ chức các lớp tập huấn, "
      "bồi dưỡng cho cán bộ quản lý nhà nước và cán bộ quản lý hợp tác xã trên địa bàn ", unit,
      "; tiếp tục bố trí kinh phí thực hiện các chính sách hỗ trợ theo Nghị quyết số "
      "08/2019/NQ-HĐND, tạo điều kiện cho các hợp tác xã tham gia các hội chợ thương mại trong và "
      "ngoài tỉnh.\n");
}

}  // namespace

void AddReportDraftFiles(const UnitPlan& plan, FixtureFiles& files) {
  SeededRandom random(absl::StrCat(plan.unit.code, "/report"));
  const rp::ReportDraft draft = Draft(plan, random);
  google::protobuf::TextFormat::Printer printer;
  printer.SetUseUtf8StringEscaping(true);  // Vietnamese as written, not octal escapes
  std::string text;
  printer.PrintToString(draft, &text);
  files["report/draft.textproto"] = absl::StrCat(
      "# The ", plan.year, " report draft of ", plan.unit.display_name,
      " (generated by hoptac-generate-units): issuer, cited documents, recipients, signature.\n"
      "# The narrative texts are in narratives/. hoptac-run-round sends it through "
      "CreateReportDraft.\n",
      text);
  AddNarratives(plan, random, files);
}

}  // namespace hoptac::generate
