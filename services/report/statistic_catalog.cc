#include "services/report/statistic_catalog.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "hoptac/outreach/v1/outreach.pb.h"
#include "hoptac/registry/v1/registry.pb.h"
#include "hoptac/subsidy/v1/subsidy.pb.h"

namespace hoptac::report {
namespace {

namespace rgv1 = ::hoptac::registry::v1;
namespace sbv1 = ::hoptac::subsidy::v1;
namespace orv1 = ::hoptac::outreach::v1;

// Enum numbers → name segments (index = enum number; "" = not used).
const std::vector<std::string> kSupportKinds = {
    "",    "establishment", "credit_interest", "young_graduates", "ocop",
    "market_expansion", "industrial_promotion", "land_access", "training", "other"};
const std::vector<std::string> kSupportKindLabels = {
    "",
    "Hỗ trợ thành lập mới hợp tác xã",
    "Hỗ trợ lãi suất tín dụng",
    "Hỗ trợ trí thức trẻ",
    "Hỗ trợ OCOP",
    "Hỗ trợ mở rộng thị trường",
    "Khuyến công",
    "Hỗ trợ tiếp cận đất đai",
    "Hỗ trợ đào tạo",
    "Hỗ trợ khác"};
const std::vector<std::string> kFundSources = {"", "national", "provincial", "local"};
const std::vector<std::string> kFundLabels = {"", "nguồn quốc gia", "nguồn tỉnh",
                                              "nguồn địa phương"};
const std::vector<std::string> kItemKinds = {"", "news_items", "articles", "columns"};
const std::vector<std::string> kItemLabels = {"", "Số tin", "Số bài", "Số chuyên mục"};
const std::vector<std::string> kChannels = {"",        "radio",       "television",
                                            "web_portal", "social_media", "loudspeaker",
                                            "print",   "banner",      "in_person"};
const std::vector<std::string> kChannelLabels = {
    "", "phát thanh", "truyền hình", "cổng thông tin", "mạng xã hội", "loa truyền thanh",
    "báo in", "pano, băng rôn", "trực tiếp"};
const std::vector<std::string> kTopics = {
    "",           "collective_economy",   "new_rural_development", "tax_policy",
    "land_policy", "digital_transformation", "ocop", "industrial_promotion",
    "trade_promotion", "enterprise_development"};
const std::vector<std::string> kTopicLabels = {
    "", "kinh tế tập thể", "xây dựng nông thôn mới", "chính sách thuế", "chính sách đất đai",
    "chuyển đổi số", "OCOP", "khuyến công", "xúc tiến thương mại", "phát triển doanh nghiệp"};
// Activity kinds 4..11 are events.
const std::vector<std::string> kEventKinds = {
    "", "", "", "", "conference", "training", "dialogue", "award_ceremony", "voter_meeting",
    "trade_fair", "product_display", "promotion"};
const std::vector<std::string> kEventLabels = {
    "", "", "", "", "Hội nghị", "Tập huấn", "Đối thoại", "Lễ khen thưởng", "Tiếp xúc cử tri",
    "Hội chợ", "Trưng bày sản phẩm", "Quảng bá sản phẩm"};
const std::vector<std::string> kParticipants = {
    "", "enterprises", "cooperatives", "household_businesses", "officials", "citizens",
    "delegates", "total", "enterprises_or_cooperatives"};
const std::vector<std::string> kParticipantLabels = {
    "", "doanh nghiệp", "hợp tác xã", "hộ kinh doanh", "cán bộ", "người dân", "đại biểu",
    "tổng số người tham dự", "doanh nghiệp, HTX"};

struct RegistryFigure {
  const char* name;
  const char* label;
  int64_t (*get)(const rgv1::GetRegistryStatisticsResponse&);
};
const RegistryFigure kRegistryFigures[] = {
    {"active_at_start", "HTX đang hoạt động đầu kỳ",
     [](const rgv1::GetRegistryStatisticsResponse& r) { return r.active_at_start().total(); }},
    {"active_at_end", "HTX đang hoạt động cuối kỳ",
     [](const rgv1::GetRegistryStatisticsResponse& r) { return r.active_at_end().total(); }},
    {"established", "HTX thành lập mới trong kỳ",
     [](const rgv1::GetRegistryStatisticsResponse& r) { return r.established().total(); }},
    {"dissolved", "HTX giải thể trong kỳ",
     [](const rgv1::GetRegistryStatisticsResponse& r) { return r.dissolved().total(); }},
    {"dissolution_started_voluntary", "HTX bắt đầu giải thể tự nguyện trong kỳ",
     [](const rgv1::GetRegistryStatisticsResponse& r) {
       return r.dissolution_started_voluntary().total();
     }},
    {"dissolution_started_forced", "HTX bắt đầu giải thể bắt buộc trong kỳ",
     [](const rgv1::GetRegistryStatisticsResponse& r) {
       return r.dissolution_started_forced().total();
     }},
    {"awarded_cooperatives", "HTX được khen thưởng trong kỳ",
     [](const rgv1::GetRegistryStatisticsResponse& r) { return r.awarded_cooperatives(); }},
    {"awards", "Số lượt khen thưởng",
     [](const rgv1::GetRegistryStatisticsResponse& r) { return r.awards(); }},
    {"inspected_cooperatives", "HTX được kiểm tra trong kỳ",
     [](const rgv1::GetRegistryStatisticsResponse& r) { return r.inspected_cooperatives(); }},
    {"suspended_at_end", "HTX tạm ngừng hoạt động cuối kỳ",
     [](const rgv1::GetRegistryStatisticsResponse& r) { return r.suspended_at_end().total(); }},
};

class Builder {
 public:
  v1::Statistic& Add(std::string name, std::string label, const char* service,
                     v1::StatisticUnit unit, int64_t value) {
    v1::Statistic& s = map_[name];
    s.set_name(std::move(name));
    if (!label.empty()) s.set_label(std::move(label));
    s.set_service(service);
    s.set_unit(unit);
    s.set_value(s.value() + value);
    if (unit == v1::STATISTIC_UNIT_COUNT && s.qualifier() == v1::COUNT_QUALIFIER_UNSPECIFIED) {
      s.set_qualifier(v1::COUNT_QUALIFIER_EXACT);
    }
    return s;
  }
  // Adds a qualified count, keeping the weakest qualifier (exact < over < about).
  void AddQualified(const std::string& name, const std::string& label, int64_t value,
                    v1::CountQualifier qualifier) {
    v1::Statistic& s = Add(name, label, "outreach", v1::STATISTIC_UNIT_COUNT, value);
    if (qualifier == v1::COUNT_QUALIFIER_UNSPECIFIED) qualifier = v1::COUNT_QUALIFIER_EXACT;
    if (Weakness(qualifier) > Weakness(s.qualifier())) s.set_qualifier(qualifier);
  }
  void AddItem(const std::string& name, const std::string& label, const std::string& item) {
    v1::Statistic& s = Add(name, label, "outreach", v1::STATISTIC_UNIT_ITEMS, 1);
    s.add_items(item);
  }
  StatisticMap Take() { return std::move(map_); }

 private:
  static int Weakness(v1::CountQualifier q) {
    return q == v1::COUNT_QUALIFIER_ABOUT ? 2 : q == v1::COUNT_QUALIFIER_OVER ? 1 : 0;
  }
  StatisticMap map_;
};

void AddSubsidyFigures(Builder& b, const std::string& prefix, const std::string& label,
                       const sbv1::SubsidyFigures& f) {
  int64_t all = 0, cooperatives = 0, households = 0, enterprises = 0;
  for (const sbv1::BeneficiaryCount& c : f.beneficiaries()) {
    all += c.count();
    if (c.kind() == sbv1::BENEFICIARY_KIND_COOPERATIVE) cooperatives += c.count();
    if (c.kind() == sbv1::BENEFICIARY_KIND_HOUSEHOLD_BUSINESS) households += c.count();
    if (c.kind() == sbv1::BENEFICIARY_KIND_ENTERPRISE) enterprises += c.count();
  }
  constexpr auto kCount = v1::STATISTIC_UNIT_COUNT;
  constexpr auto kDong = v1::STATISTIC_UNIT_DONG;
  b.Add(prefix + ".beneficiaries", label + ": số chủ thể", "subsidy", kCount, all);
  b.Add(prefix + ".cooperatives", label + ": số hợp tác xã", "subsidy", kCount, cooperatives);
  b.Add(prefix + ".household_businesses", label + ": số hộ kinh doanh", "subsidy", kCount,
        households);
  b.Add(prefix + ".enterprises", label + ": số doanh nghiệp", "subsidy", kCount, enterprises);
  b.Add(prefix + ".approved_grants", label + ": số hồ sơ, dự án được duyệt", "subsidy", kCount,
        f.approved_grants());
  b.Add(prefix + ".approved_dong", label + ": kinh phí được duyệt", "subsidy", kDong,
        f.approved_dong());
  b.Add(prefix + ".disbursed_dong", label + ": kinh phí đã chi", "subsidy", kDong,
        f.disbursed_net_dong());
  b.Add(prefix + ".applications", label + ": số hồ sơ đề nghị", "subsidy", kCount,
        f.applications());
}

void AddRegistry(Builder& b, const rgv1::GetRegistryStatisticsResponse& r) {
  for (const RegistryFigure& f : kRegistryFigures) {
    b.Add(absl::StrCat("registry.", f.name), f.label, "registry", v1::STATISTIC_UNIT_COUNT,
          f.get(r));
  }
}

void AddSubsidy(Builder& b, const sbv1::GetSubsidyStatisticsResponse& r) {
  const sbv1::SubsidyFigures none;
  // Every kind and fund source exists, zero unless the service reports it.
  for (size_t k = 1; k < kSupportKinds.size(); ++k) {
    const std::string prefix = absl::StrCat("subsidy.", kSupportKinds[k]);
    AddSubsidyFigures(b, prefix, kSupportKindLabels[k], none);
    for (size_t f = 1; f < kFundSources.size(); ++f) {
      AddSubsidyFigures(b, absl::StrCat(prefix, ".", kFundSources[f]),
                        absl::StrCat(kSupportKindLabels[k], " (", kFundLabels[f], ")"), none);
    }
  }
  for (const sbv1::SupportKindStatistics& s : r.by_support_kind()) {
    const size_t k = static_cast<size_t>(s.support_kind());
    const size_t f = static_cast<size_t>(s.fund_source());
    if (k == 0 || k >= kSupportKinds.size()) continue;
    const std::string prefix = absl::StrCat("subsidy.", kSupportKinds[k]);
    AddSubsidyFigures(b, prefix, kSupportKindLabels[k], s.figures());
    if (f > 0 && f < kFundSources.size()) {
      AddSubsidyFigures(b, absl::StrCat(prefix, ".", kFundSources[f]),
                        absl::StrCat(kSupportKindLabels[k], " (", kFundLabels[f], ")"),
                        s.figures());
    }
  }
}

std::string QuantityName(size_t channel, size_t kind, size_t topic) {
  return absl::StrCat("outreach.", kChannels[channel], ".", kItemKinds[kind], ".", kTopics[topic]);
}

void AddOutreach(Builder& b, const orv1::GetOutreachStatisticsResponse& r) {
  constexpr auto kCount = v1::STATISTIC_UNIT_COUNT;
  for (size_t c = 1; c < kChannels.size(); ++c) {
    for (size_t k = 1; k < kItemKinds.size(); ++k) {
      for (size_t t = 1; t < kTopics.size(); ++t) {
        b.Add(QuantityName(c, k, t),
              absl::StrCat(kItemLabels[k], " ", kChannelLabels[c], " về ", kTopicLabels[t]),
              "outreach", kCount, 0);
      }
    }
  }
  for (const orv1::QuantityCell& q : r.quantities()) {
    const size_t c = q.channel(), k = q.kind(), t = q.topic();
    if (c == 0 || c >= kChannels.size() || k == 0 || k >= kItemKinds.size() || t == 0 ||
        t >= kTopics.size()) {
      continue;
    }
    b.Add(QuantityName(c, k, t), "", "outreach", kCount, q.quantity());
  }
  auto events_name = [](size_t k) { return absl::StrCat("outreach.", kEventKinds[k], ".events"); };
  auto participants_name = [](size_t k, size_t p) {
    return absl::StrCat("outreach.", kEventKinds[k], ".participants.", kParticipants[p]);
  };
  auto participants_label = [](size_t k, size_t p) {
    return absl::StrCat(kEventLabels[k], ": ", kParticipantLabels[p]);
  };
  const std::string trade = "outreach.trade_promotion.events";
  const std::string trade_label = "Hội chợ, trưng bày sản phẩm";
  b.Add(trade, trade_label, "outreach", v1::STATISTIC_UNIT_ITEMS, 0);
  for (size_t k = 4; k < kEventKinds.size(); ++k) {
    b.Add(events_name(k), absl::StrCat(kEventLabels[k], ": số sự kiện"), "outreach",
          v1::STATISTIC_UNIT_ITEMS, 0);
    for (size_t p = 1; p < kParticipants.size(); ++p) {
      b.AddQualified(participants_name(k, p), participants_label(k, p), 0,
                     v1::COUNT_QUALIFIER_EXACT);
    }
  }
  for (const orv1::ListedEvent& e : r.events()) {
    const size_t k = e.kind();
    if (k < 4 || k >= kEventKinds.size()) continue;
    b.AddItem(events_name(k), "", e.title());
    if (e.kind() == orv1::ACTIVITY_KIND_TRADE_FAIR ||
        e.kind() == orv1::ACTIVITY_KIND_PRODUCT_DISPLAY) {
      b.AddItem(trade, trade_label, e.title());
    }
    for (const orv1::ParticipantCount& p : e.participants()) {
      const size_t who = p.kind();
      if (who == 0 || who >= kParticipants.size()) continue;
      b.AddQualified(participants_name(k, who), participants_label(k, who), p.count().value(),
                     static_cast<v1::CountQualifier>(p.count().qualifier()));
    }
  }
}

}  // namespace

StatisticMap BuildStatistics(const ServiceAnswers& answers) {
  Builder b;
  AddRegistry(b, *answers.registry);
  AddSubsidy(b, *answers.subsidy);
  AddOutreach(b, *answers.outreach);
  return b.Take();
}

bool IsKnownStatistic(const std::string& name) {
  static const StatisticMap* const kEmpty = [] {
    static const rgv1::GetRegistryStatisticsResponse registry;
    static const sbv1::GetSubsidyStatisticsResponse subsidy;
    static const orv1::GetOutreachStatisticsResponse outreach;
    return new StatisticMap(BuildStatistics({&registry, &subsidy, &outreach}));
  }();
  return kEmpty->contains(name);
}

}  // namespace hoptac::report
