// subsidy/*.jsonl of a generated unit: its 2023 support programmes (NQ
// 08/2019 and 15/2021 of the province, young graduates, OCOP, market
// expansion, land access, khuyến công for 2024), beneficiaries, applications,
// decisions and payments. Payments never exceed what was approved, halves
// add up to the whole, and a batch's control sum is the sum of its lines.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "hoptac/subsidy/v1/subsidy.pb.h"
#include "services/common/proto_date.h"
#include "tools/generate_units/seeded_random.h"
#include "tools/generate_units/unit_fixture.h"
#include "tools/generate_units/vietnamese_names.h"

namespace hoptac::generate {
namespace {

namespace sb = ::hoptac::subsidy::v1;

constexpr int64_t kMillion = 1'000'000;

const char kNq08[] =
    "Nghị quyết số 08/2019/NQ-HĐND ngày 10/12/2019 của HĐND tỉnh Lạng Sơn về chính sách đặc "
    "thù khuyến khích đầu tư, phát triển hợp tác, liên kết sản xuất và tiêu thụ sản phẩm nông "
    "nghiệp, nông thôn trên địa bàn tỉnh Lạng Sơn giai đoạn 2020-2025";
const char kNq15[] = "Nghị quyết số 15/2021/NQ-HĐND ngày 17/7/2021 của HĐND tỉnh Lạng Sơn";
const char kQd1318[] =
    "Quyết định số 1318/QĐ-TTg ngày 22/7/2021 của Thủ tướng Chính phủ phê duyệt Kế hoạch phát "
    "triển kinh tế tập thể, hợp tác xã giai đoạn 2021-2025";
const char kNd45[] = "Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công";

std::string Dmy(absl::CivilDay day) {
  return absl::StrFormat("%d/%d/%d", day.day(), day.month(), day.year());
}

// Writes the unit's lines; keeps the counters that make keys unique.
class SubsidyWriter {
 public:
  SubsidyWriter(const UnitPlan& plan, FixtureFiles& files)
      : plan_(plan), files_(files), random_(absl::StrCat(plan.unit.code, "/subsidy")) {}

  void Write();

 private:
  struct Beneficiary {
    std::string key;  // "ben/4918012345"
    sb::BeneficiaryKind kind;
  };

  std::string ProgramCode(absl::string_view suffix) const {
    return absl::StrCat(plan_.unit.code, "-", suffix);
  }
  void AddProgram(const std::string& code, const std::string& title, std::vector<std::string> basis,
                  sb::SupportKind kind, sb::FundSource fund,
                  const std::vector<sb::BeneficiaryKind>& eligible, int fiscal_year,
                  int64_t budget, int64_t cap, absl::CivilDay from, absl::CivilDay to);
  std::vector<Beneficiary> AddBeneficiaries();
  // An application; returns its grant key.
  std::string Apply(const std::string& program, const Beneficiary& who, int fiscal_year,
                    absl::CivilDay day, int64_t amount, const std::string& project = "");
  void Approve(const std::string& grant, const std::string& decision, absl::CivilDay day,
               int64_t amount);
  void Pay(const std::string& grant, int64_t amount, absl::CivilDay day, const std::string& note);

  // A cooperative becomes a beneficiary (chủ thể) when it first applies.
  void EnsureCooperativeBeneficiary(const Beneficiary& who);

  const UnitPlan& plan_;
  FixtureFiles& files_;
  SeededRandom random_;
  int grants_ = 0;
  std::vector<std::string> cooperative_beneficiaries_;  // keys written
};

void SubsidyWriter::AddProgram(const std::string& code, const std::string& title,
                               std::vector<std::string> basis, sb::SupportKind kind,
                               sb::FundSource fund,
                               const std::vector<sb::BeneficiaryKind>& eligible, int fiscal_year,
                               int64_t budget, int64_t cap, absl::CivilDay from,
                               absl::CivilDay to) {
  sb::CreateProgramRequest request;
  sb::Program& p = *request.mutable_program();
  p.set_code(code);
  p.set_title(title);
  for (std::string& b : basis) p.add_legal_basis(std::move(b));
  p.set_support_kind(kind);
  p.set_fund_source(fund);
  p.set_org_unit_code(plan_.unit.code);
  for (sb::BeneficiaryKind k : eligible) p.add_eligible_beneficiary_kinds(k);
  sb::ProgramBudget& b = *p.add_budgets();
  b.set_fiscal_year(fiscal_year);
  b.set_budget_dong(budget);
  p.set_cap_per_beneficiary_dong(cap);
  DayToProto(from, p.mutable_validity()->mutable_start_date());
  DayToProto(to, p.mutable_validity()->mutable_end_date());
  AppendLine(files_, "subsidy/programs.jsonl",
             absl::StrCat("Support programmes run by ", plan_.unit.display_name,
                          ". Each line: hoptac.subsidy.v1.CreateProgramRequest."),
             FixtureLine(request));
}

constexpr char kBeneficiariesHeader[] =
    "Beneficiaries (chủ thể). Each line: hoptac.subsidy.v1.CreateBeneficiaryRequest.";

void SubsidyWriter::EnsureCooperativeBeneficiary(const Beneficiary& who) {
  if (who.kind != sb::BENEFICIARY_KIND_COOPERATIVE ||
      std::find(cooperative_beneficiaries_.begin(), cooperative_beneficiaries_.end(), who.key) !=
          cooperative_beneficiaries_.end()) {
    return;
  }
  cooperative_beneficiaries_.push_back(who.key);
  sb::CreateBeneficiaryRequest request;
  request.mutable_beneficiary()->set_kind(sb::BENEFICIARY_KIND_COOPERATIVE);
  // Name and unit come from the registry; the key is "ben/<registration number>".
  request.mutable_beneficiary()->set_registration_number(who.key.substr(4));
  AppendLine(files_, "subsidy/beneficiaries.jsonl", kBeneficiariesHeader,
             FixtureLine(request, who.key));
}

std::string SubsidyWriter::Apply(const std::string& program, const Beneficiary& who,
                                 int fiscal_year, absl::CivilDay day, int64_t amount,
                                 const std::string& project) {
  EnsureCooperativeBeneficiary(who);
  const std::string key = absl::StrCat("grant/", ++grants_);
  sb::ApplyForGrantRequest request;
  request.set_program(absl::StrCat("programs/", program));
  request.set_beneficiary(absl::StrCat("@", who.key));
  request.set_fiscal_year(fiscal_year);
  DayToProto(day, request.mutable_application_date());
  request.set_requested_dong(amount);
  request.set_project_title(project);
  AppendLine(files_, "subsidy/applications.jsonl",
             "hoptac.subsidy.v1.ApplyForGrantRequest lines; the key names the grant.",
             FixtureLine(request, key));
  return key;
}

void SubsidyWriter::Approve(const std::string& grant, const std::string& decision,
                            absl::CivilDay day, int64_t amount) {
  sb::ApproveGrantRequest request;
  request.set_name(absl::StrCat("@", grant));
  request.set_decision_number(decision);
  DayToProto(day, request.mutable_decision_date());
  request.set_approved_dong(amount);
  AppendLine(files_, "subsidy/approvals.jsonl",
             "hoptac.subsidy.v1.ApproveGrantRequest lines: the decisions (quyết định).",
             FixtureLine(request));
}

void SubsidyWriter::Pay(const std::string& grant, int64_t amount, absl::CivilDay day,
                        const std::string& note) {
  sb::RecordDisbursementRequest request;
  request.set_grant(absl::StrCat("@", grant));
  request.set_amount_dong(amount);
  DayToProto(day, request.mutable_entry_date());
  request.set_note(note);
  AppendLine(files_, "subsidy/disbursements.jsonl",
             "hoptac.subsidy.v1.RecordDisbursementRequest lines: payments (giải ngân).",
             FixtureLine(request));
}

std::vector<SubsidyWriter::Beneficiary> SubsidyWriter::AddBeneficiaries() {
  std::vector<Beneficiary> all;
  const char* header = kBeneficiariesHeader;
  for (const CooperativePlan* c : plan_.Active()) {
    if (!c->group) {
      all.push_back({absl::StrCat("ben/", c->registration_number), sb::BENEFICIARY_KIND_COOPERATIVE});
    }
  }
  const std::vector<std::string> trades = {"Nông sản", "Thương mại", "Chế biến gỗ", "Xây dựng",
                                           "Thực phẩm", "Xuất nhập khẩu", "Dược liệu"};
  const int households = static_cast<int>(random_.Uniform(2, 3));
  const int enterprises = static_cast<int>(random_.Uniform(2, 3));
  for (int i = 0; i < households + enterprises; ++i) {
    const bool household = i < households;
    const Commune& commune = random_.Pick(plan_.unit.communes);
    sb::CreateBeneficiaryRequest request;
    sb::Beneficiary& b = *request.mutable_beneficiary();
    if (household) {
      b.set_kind(sb::BENEFICIARY_KIND_HOUSEHOLD_BUSINESS);
      b.set_display_name(absl::StrCat("Hộ kinh doanh ", PersonName(random_, random_.Chance(50))));
      b.set_tax_code(absl::StrFormat("80%s%05d", plan_.unit.code, random_.Uniform(10000, 99999)));
    } else {
      b.set_kind(sb::BENEFICIARY_KIND_ENTERPRISE);
      const std::string& trade = random_.Pick(trades);
      b.set_display_name(absl::StrCat(random_.Chance(70) ? "Công ty TNHH " : "Công ty Cổ phần ",
                                      trade, " ", ShortName(commune.display_name)));
      b.set_tax_code(absl::StrFormat("492%s%04d", plan_.unit.code, random_.Uniform(1000, 9999)));
    }
    b.set_org_unit_code(commune.code);
    all.push_back({absl::StrCat(household ? "ben/hkd-" : "ben/dn-", i + 1), b.kind()});
    AppendLine(files_, "subsidy/beneficiaries.jsonl", header, FixtureLine(request, all.back().key));
  }
  return all;
}

void SubsidyWriter::Write() {
  const int year = plan_.year;
  const absl::CivilDay jan1(year, 1, 1), dec31(year, 12, 31);
  const std::string unit = InSentence(plan_.unit.display_name);
  using K = sb::BeneficiaryKind;
  const K coop = sb::BENEFICIARY_KIND_COOPERATIVE, hkd = sb::BENEFICIARY_KIND_HOUSEHOLD_BUSINESS,
          dn = sb::BENEFICIARY_KIND_ENTERPRISE;
  const std::string establishment = ProgramCode(absl::StrCat("NQ08-THANH-LAP-", year));
  const std::string credit = ProgramCode(absl::StrCat("NQ08-LAI-SUAT-", year));
  const std::string young = ProgramCode(absl::StrCat("TRI-THUC-TRE-", year));
  const std::string ocop = ProgramCode(absl::StrCat("OCOP-", year));
  const std::string market = ProgramCode(absl::StrCat("MO-RONG-THI-TRUONG-", year));
  const std::string land = ProgramCode("TIEP-CAN-MAT-BANG");
  const std::string kc_national = ProgramCode(absl::StrCat("KHUYEN-CONG-QG-", year + 1));
  const std::string kc_local = ProgramCode(absl::StrCat("KHUYEN-CONG-DP-", year + 1));
  AddProgram(establishment, absl::StrCat("Hỗ trợ thành lập mới hợp tác xã năm ", year), {kNq08},
             sb::SUPPORT_KIND_ESTABLISHMENT, sb::FUND_SOURCE_PROVINCIAL, {coop}, year,
             200 * kMillion, 30 * kMillion, jan1, dec31);
  AddProgram(credit, absl::StrCat("Hỗ trợ lãi suất tín dụng năm ", year), {kNq08, kNq15},
             sb::SUPPORT_KIND_CREDIT_INTEREST, sb::FUND_SOURCE_PROVINCIAL, {coop, hkd, dn}, year,
             300 * kMillion, 50 * kMillion, jan1, dec31);
  AddProgram(young,
             absl::StrCat("Hỗ trợ đưa trí thức trẻ tốt nghiệp đại học, cao đẳng về làm việc có "
                          "thời hạn tại hợp tác xã năm ", year),
             {kQd1318, kNq08}, sb::SUPPORT_KIND_YOUNG_GRADUATES, sb::FUND_SOURCE_NATIONAL, {coop},
             year, 400 * kMillion, 100 * kMillion, jan1, dec31);
  AddProgram(ocop, absl::StrCat("Hỗ trợ chủ thể có sản phẩm OCOP năm ", year), {kNq08},
             sb::SUPPORT_KIND_OCOP, sb::FUND_SOURCE_PROVINCIAL, {coop, hkd}, year, 60 * kMillion,
             10 * kMillion, jan1, dec31);
  AddProgram(market, absl::StrCat("Hỗ trợ mở rộng thị trường năm ", year), {kNq08},
             sb::SUPPORT_KIND_MARKET_EXPANSION, sb::FUND_SOURCE_PROVINCIAL, {coop, hkd, dn}, year,
             200 * kMillion, 50 * kMillion, jan1, dec31);
  AddProgram(land, "Hỗ trợ tiếp cận mặt bằng sản xuất, kinh doanh",
             {absl::StrCat("Nghị quyết số 16/2022/NQ-HĐND ngày 07/7/2022 của HĐND tỉnh Lạng Sơn")},
             sb::SUPPORT_KIND_LAND_ACCESS, sb::FUND_SOURCE_LOCAL, {coop, dn}, year,
             100 * kMillion, 0, absl::CivilDay(year, 7, 1), dec31);
  AddProgram(kc_national, absl::StrCat("Khuyến công quốc gia năm ", year + 1), {kNd45},
             sb::SUPPORT_KIND_INDUSTRIAL_PROMOTION, sb::FUND_SOURCE_NATIONAL, {coop, hkd, dn},
             year + 1, 500 * kMillion, 0, absl::CivilDay(year, 3, 1), absl::CivilDay(year, 10, 31));
  AddProgram(kc_local, absl::StrCat("Khuyến công địa phương năm ", year + 1), {kNd45},
             sb::SUPPORT_KIND_INDUSTRIAL_PROMOTION, sb::FUND_SOURCE_LOCAL, {coop, hkd, dn},
             year + 1, 600 * kMillion, 0, absl::CivilDay(year, 3, 1), absl::CivilDay(year, 10, 31));

  const std::vector<Beneficiary> all = AddBeneficiaries();
  // Cooperatives founded this year get only the establishment support: the
  // other programmes decided before some of them existed.
  std::vector<std::string> founded_keys;
  for (const CooperativePlan* c : plan_.EstablishedInYear()) {
    founded_keys.push_back(absl::StrCat("ben/", c->registration_number));
  }
  std::vector<Beneficiary> coops, households, enterprises;
  for (const Beneficiary& b : all) {
    if (b.kind == coop) {
      if (std::find(founded_keys.begin(), founded_keys.end(), b.key) == founded_keys.end()) {
        coops.push_back(b);
      }
    } else {
      (b.kind == hkd ? households : enterprises).push_back(b);
    }
  }
  random_.Shuffle(coops);
  size_t next_coop = 0;
  // Each cooperative is drawn once at most, so no cap per beneficiary is hit.
  auto coop_left = [&] { return next_coop < coops.size(); };
  auto some_coop = [&]() -> const Beneficiary& { return coops[next_coop++]; };

  // Establishment (NQ 08/2019): every cooperative founded this year, one batch.
  std::vector<std::pair<std::string, int64_t>> founded;
  absl::CivilDay latest_application = jan1;
  const int64_t per_cooperative = random_.Uniform(4, 6) * 5 * kMillion;
  for (const CooperativePlan* c : plan_.EstablishedInYear()) {
    if (c->group) continue;
    const absl::CivilDay day = c->established + random_.Uniform(10, 40);
    latest_application = std::max(latest_application, day);
    founded.push_back({Apply(establishment, {absl::StrCat("ben/", c->registration_number), coop},
                             year, day, per_cooperative),
                       per_cooperative});
  }
  if (!founded.empty()) {
    const absl::CivilDay decided = latest_application + random_.Uniform(10, 30);
    const std::string number = absl::StrCat(random_.Uniform(1500, 4500), "/QĐ-UBND");
    sb::RecordDisbursementBatchRequest batch;
    for (const auto& [grant, amount] : founded) {
      Approve(grant, number, decided, amount);
      sb::BatchDisbursement& d = *batch.add_disbursements();
      d.set_grant(absl::StrCat("@", grant));
      d.set_amount_dong(amount);
      d.set_note(absl::StrCat("Hỗ trợ thành lập mới theo Quyết định số ", number, " ngày ",
                              Dmy(decided)));
    }
    DayToProto(decided + random_.Uniform(7, 14), batch.mutable_entry_date());
    batch.set_control_count(static_cast<int32_t>(founded.size()));
    batch.set_control_sum_dong(per_cooperative * static_cast<int64_t>(founded.size()));
    AppendLine(files_, "subsidy/disbursement_batches.jsonl",
               "hoptac.subsidy.v1.RecordDisbursementBatchRequest lines: establishment support.",
               FixtureLine(batch));
  }

  // Credit interest: cooperatives and household businesses; the mid-year
  // decision is paid in two halves, the late one at once.
  std::vector<Beneficiary> borrowers;
  for (int i = random_.Uniform(2, 4); i > 0 && coop_left(); --i) borrowers.push_back(some_coop());
  for (size_t i = 0; i < households.size() && i < 2; ++i) borrowers.push_back(households[i]);
  const std::string mid_decision = absl::StrCat(random_.Uniform(1500, 2500), "/QĐ-UBND");
  const std::string late_decision = absl::StrCat(random_.Uniform(3800, 4600), "/QĐ-UBND");
  for (size_t i = 0; i < borrowers.size(); ++i) {
    const int64_t amount = random_.Uniform(40, 175) * 200'000;
    const std::string grant =
        Apply(credit, borrowers[i], year, absl::CivilDay(year, 4, 3 + static_cast<int>(i)), amount);
    if (i % 2 == 0) {
      Approve(grant, mid_decision, absl::CivilDay(year, 6, 28), amount);
      Pay(grant, amount / 2, absl::CivilDay(year, 7, 12),
          absl::StrCat("Ủy nhiệm chi đợt 1, Quyết định số ", mid_decision));
      Pay(grant, amount - amount / 2, absl::CivilDay(year, 12, 14),
          absl::StrCat("Ủy nhiệm chi đợt 2, Quyết định số ", mid_decision));
    } else {
      Approve(grant, late_decision, absl::CivilDay(year, 11, 30), amount);
      Pay(grant, amount, absl::CivilDay(year, 12, 14),
          absl::StrCat("Ủy nhiệm chi, Quyết định số ", late_decision));
    }
  }

  // Young graduates at cooperatives (national budget): paid in two halves.
  const std::string young_decision = absl::StrCat(random_.Uniform(600, 1200), "/QĐ-UBND");
  for (int i = random_.Uniform(1, 3); i > 0 && coop_left(); --i) {
    const int64_t amount = random_.Uniform(150, 210) * 400'000;
    const std::string grant = Apply(young, some_coop(), year, absl::CivilDay(year, 2, 10 + i), amount);
    Approve(grant, young_decision, absl::CivilDay(year, 3, 20), amount);
    Pay(grant, amount / 2, absl::CivilDay(year, 7, 10),
        absl::StrCat("Chi trả 6 tháng đầu năm, Quyết định số ", young_decision));
    Pay(grant, amount - amount / 2, absl::CivilDay(year, 12, 12),
        absl::StrCat("Chi trả 6 tháng cuối năm, Quyết định số ", young_decision));
  }

  // OCOP: a household business and maybe a cooperative.
  std::vector<Beneficiary> ocop_holders = {households.front()};
  if (random_.Chance(60) && coop_left()) ocop_holders.push_back(some_coop());
  const std::string ocop_decision = absl::StrCat(random_.Uniform(2600, 3200), "/QĐ-UBND");
  for (size_t i = 0; i < ocop_holders.size(); ++i) {
    const int64_t amount = random_.Chance(50) ? 5 * kMillion : 10 * kMillion;
    const std::string grant =
        Apply(ocop, ocop_holders[i], year, absl::CivilDay(year, 8, 7 + static_cast<int>(i)), amount);
    Approve(grant, ocop_decision, absl::CivilDay(year, 9, 15), amount);
    Pay(grant, amount, absl::CivilDay(year, 10, 5),
        absl::StrCat("Hỗ trợ sản phẩm OCOP, Quyết định số ", ocop_decision));
  }

  // Market expansion: enterprises and maybe a cooperative; one refused now and then.
  std::vector<Beneficiary> traders = {enterprises.front()};
  if (random_.Chance(50) && coop_left()) traders.push_back(some_coop());
  const std::string market_decision = absl::StrCat(random_.Uniform(2000, 2600), "/QĐ-UBND");
  for (size_t i = 0; i < traders.size(); ++i) {
    const int64_t amount = random_.Uniform(15, 50) * kMillion;
    const std::string grant =
        Apply(market, traders[i], year, absl::CivilDay(year, 5, 8 + static_cast<int>(i)), amount);
    Approve(grant, market_decision, absl::CivilDay(year, 7, 14), amount);
    Pay(grant, amount, absl::CivilDay(year, 8, 10),
        absl::StrCat("Hỗ trợ mở rộng thị trường, Quyết định số ", market_decision));
  }
  if (enterprises.size() > 1 && random_.Chance(40)) {
    const std::string grant = Apply(market, enterprises.back(), year, absl::CivilDay(year, 5, 20),
                                    random_.Uniform(20, 45) * kMillion);
    sb::RejectGrantRequest request;
    request.set_name(absl::StrCat("@", grant));
    request.set_reason("Hồ sơ không đủ điều kiện: sản phẩm chưa có hợp đồng tiêu thụ theo quy định");
    AppendLine(files_, "subsidy/rejections.jsonl", "hoptac.subsidy.v1.RejectGrantRequest lines.",
               FixtureLine(request));
  }

  // Land access: now and then one application, not yet decided.
  if (random_.Chance(30)) {
    Apply(land, enterprises.back(), year, absl::CivilDay(year, 10, 16), 60 * kMillion,
          absl::StrCat("Thuê mặt bằng xây dựng nhà xưởng tại ", unit));
  }

  // Khuyến công for next year, approved in December, nothing paid yet.
  const std::vector<std::string> projects = {
      "Ứng dụng máy móc thiết bị tiên tiến trong chế biến nông sản",
      "Đầu tư dây chuyền chưng cất tinh dầu hồi",
      "Ứng dụng máy móc thiết bị trong sản xuất ván ghép thanh từ gỗ rừng trồng",
      "Đầu tư dây chuyền sấy, đóng gói chè",
      "Ứng dụng máy móc thiết bị trong sản xuất thạch đen"};
  if (random_.Chance(60)) {
    const int64_t amount = random_.Uniform(2, 4) * 100 * kMillion;
    const std::string grant = Apply(kc_national, enterprises.front(), year + 1,
                                    absl::CivilDay(year, 5, 22), amount, random_.Pick(projects));
    Approve(grant, absl::StrCat(random_.Uniform(3000, 4000), "/QĐ-BCT"), absl::CivilDay(year, 12, 8),
            amount);
  }
  const std::string kc_decision = absl::StrCat(random_.Uniform(2000, 2500), "/QĐ-UBND");
  for (int i = random_.Uniform(1, 2); i > 0 && coop_left(); --i) {
    const int64_t amount = random_.Uniform(10, 25) * 10 * kMillion;
    const std::string grant = Apply(kc_local, some_coop(), year + 1, absl::CivilDay(year, 6, 5 + i),
                                    amount, random_.Pick(projects));
    Approve(grant, kc_decision, absl::CivilDay(year, 12, 12), amount);
  }
}

}  // namespace

void AddSubsidyFiles(const UnitPlan& plan, FixtureFiles& files) {
  SubsidyWriter(plan, files).Write();
}

}  // namespace hoptac::generate
