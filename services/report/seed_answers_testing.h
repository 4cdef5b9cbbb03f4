// Test data: the three services' answers as they are for Cao Lộc 2023 (the
// figures of shared/seed/README.md), for tests of the rendering that do not
// start the services. The end-to-end golden test gets them from the real
// services instead.
#ifndef HOPTAC_SERVICES_REPORT_SEED_ANSWERS_TESTING_H_
#define HOPTAC_SERVICES_REPORT_SEED_ANSWERS_TESTING_H_

#include <string>

#include "hoptac/outreach/v1/outreach.pb.h"
#include "hoptac/registry/v1/registry.pb.h"
#include "hoptac/subsidy/v1/subsidy.pb.h"
#include "services/report/statistic_catalog.h"

namespace hoptac::report::testing {

struct SeedAnswers {
  registry::v1::GetRegistryStatisticsResponse registry;
  subsidy::v1::GetSubsidyStatisticsResponse subsidy;
  outreach::v1::GetOutreachStatisticsResponse outreach;

  StatisticMap Statistics() const { return BuildStatistics({&registry, &subsidy, &outreach}); }
};

inline void AddKind(subsidy::v1::GetSubsidyStatisticsResponse& r, subsidy::v1::SupportKind kind,
                    subsidy::v1::FundSource fund, int cooperatives, int households,
                    int enterprises, int64_t approved_grants, int64_t approved,
                    int64_t disbursed, int64_t applications) {
  auto* s = r.add_by_support_kind();
  s->set_support_kind(kind);
  s->set_fund_source(fund);
  auto* f = s->mutable_figures();
  auto add = [&](subsidy::v1::BeneficiaryKind k, int n) {
    if (n == 0) return;
    auto* b = f->add_beneficiaries();
    b->set_kind(k);
    b->set_count(n);
  };
  add(subsidy::v1::BENEFICIARY_KIND_COOPERATIVE, cooperatives);
  add(subsidy::v1::BENEFICIARY_KIND_HOUSEHOLD_BUSINESS, households);
  add(subsidy::v1::BENEFICIARY_KIND_ENTERPRISE, enterprises);
  f->set_approved_grants(approved_grants);
  f->set_approved_dong(approved);
  f->set_disbursed_net_dong(disbursed);
  f->set_applications(applications);
}

inline void AddQuantity(outreach::v1::GetOutreachStatisticsResponse& r,
                        outreach::v1::ActivityKind kind, outreach::v1::Channel channel,
                        outreach::v1::Topic topic, int64_t quantity) {
  auto* q = r.add_quantities();
  q->set_kind(kind);
  q->set_channel(channel);
  q->set_topic(topic);
  q->set_quantity(quantity);
  q->set_activity_count(1);
}

inline outreach::v1::ListedEvent* AddEvent(outreach::v1::GetOutreachStatisticsResponse& r,
                                           outreach::v1::ActivityKind kind,
                                           const std::string& title) {
  auto* e = r.add_events();
  e->set_kind(kind);
  e->set_title(title);
  return e;
}

inline void AddParticipants(outreach::v1::ListedEvent* e, outreach::v1::ParticipantKind kind,
                            int64_t value, outreach::v1::CountQualifier qualifier) {
  auto* p = e->add_participants();
  p->set_kind(kind);
  p->mutable_count()->set_value(value);
  p->mutable_count()->set_qualifier(qualifier);
}

inline SeedAnswers CaoLoc2023() {
  namespace sb = subsidy::v1;
  namespace orv = outreach::v1;
  SeedAnswers a;
  a.registry.set_awarded_cooperatives(10);
  a.registry.set_awards(10);
  a.registry.mutable_dissolved()->set_total(1);
  a.registry.mutable_dissolution_started_voluntary()->set_total(1);
  AddKind(a.subsidy, sb::SUPPORT_KIND_ESTABLISHMENT, sb::FUND_SOURCE_PROVINCIAL, 6, 0, 0, 6,
          120'000'000, 120'000'000, 6);
  AddKind(a.subsidy, sb::SUPPORT_KIND_CREDIT_INTEREST, sb::FUND_SOURCE_PROVINCIAL, 5, 3, 0, 8,
          169'000'000, 169'000'000, 8);
  AddKind(a.subsidy, sb::SUPPORT_KIND_YOUNG_GRADUATES, sb::FUND_SOURCE_NATIONAL, 4, 0, 0, 4,
          292'500'000, 292'500'000, 4);
  AddKind(a.subsidy, sb::SUPPORT_KIND_OCOP, sb::FUND_SOURCE_PROVINCIAL, 1, 1, 0, 2, 10'000'000,
          10'000'000, 2);
  AddKind(a.subsidy, sb::SUPPORT_KIND_MARKET_EXPANSION, sb::FUND_SOURCE_PROVINCIAL, 0, 0, 3, 3,
          105'000'000, 105'000'000, 3);
  AddKind(a.subsidy, sb::SUPPORT_KIND_INDUSTRIAL_PROMOTION, sb::FUND_SOURCE_NATIONAL, 0, 0, 1, 1,
          300'000'000, 0, 1);
  AddKind(a.subsidy, sb::SUPPORT_KIND_INDUSTRIAL_PROMOTION, sb::FUND_SOURCE_LOCAL, 1, 1, 0, 2,
          380'000'000, 0, 2);
  a.subsidy.add_programs_without_applications("programs/CL-2023-DAT-DAI");
  AddQuantity(a.outreach, orv::ACTIVITY_KIND_NEWS_ITEM, orv::CHANNEL_RADIO,
              orv::TOPIC_COLLECTIVE_ECONOMY, 205);
  AddQuantity(a.outreach, orv::ACTIVITY_KIND_ARTICLE, orv::CHANNEL_RADIO,
              orv::TOPIC_COLLECTIVE_ECONOMY, 57);
  AddQuantity(a.outreach, orv::ACTIVITY_KIND_COLUMN, orv::CHANNEL_RADIO,
              orv::TOPIC_NEW_RURAL_DEVELOPMENT, 37);
  AddQuantity(a.outreach, orv::ACTIVITY_KIND_NEWS_ITEM, orv::CHANNEL_TELEVISION,
              orv::TOPIC_COLLECTIVE_ECONOMY, 54);
  AddQuantity(a.outreach, orv::ACTIVITY_KIND_ARTICLE, orv::CHANNEL_TELEVISION,
              orv::TOPIC_COLLECTIVE_ECONOMY, 8);
  AddEvent(a.outreach, orv::ACTIVITY_KIND_TRADE_FAIR, "Hội chợ Xuân Xứ Lạng tại Thành phố Lạng Sơn");
  auto* training = AddEvent(a.outreach, orv::ACTIVITY_KIND_TRAINING,
                            "Hội nghị tuyên truyền, tập huấn Luật Doanh nghiệp");
  AddParticipants(training, orv::PARTICIPANT_KIND_TOTAL, 120, orv::COUNT_QUALIFIER_ABOUT);
  AddParticipants(training, orv::PARTICIPANT_KIND_ENTERPRISE, 30, orv::COUNT_QUALIFIER_EXACT);
  AddParticipants(training, orv::PARTICIPANT_KIND_COOPERATIVE, 20, orv::COUNT_QUALIFIER_EXACT);
  AddParticipants(training, orv::PARTICIPANT_KIND_HOUSEHOLD_BUSINESS, 20,
                  orv::COUNT_QUALIFIER_EXACT);
  auto* conference = AddEvent(a.outreach, orv::ACTIVITY_KIND_CONFERENCE,
                              "Hội nghị tuyên truyền hoạt động khuyến công");
  AddParticipants(conference, orv::PARTICIPANT_KIND_DELEGATE, 100, orv::COUNT_QUALIFIER_OVER);
  auto* dialogue = AddEvent(a.outreach, orv::ACTIVITY_KIND_VOTER_MEETING,
                            "Tiếp xúc cử tri chuyên đề với doanh nghiệp, HTX");
  AddParticipants(dialogue, orv::PARTICIPANT_KIND_ENTERPRISE_OR_COOPERATIVE, 40,
                  orv::COUNT_QUALIFIER_OVER);
  AddEvent(a.outreach, orv::ACTIVITY_KIND_PROMOTION,
           "Hỗ trợ HTX Nông nghiệp Công Sơn thực hiện quảng bá sản phẩm Rượu của HTX tại Trung "
           "tâm VH, TT & Truyền thông huyện Cao Lộc");
  return a;
}

}  // namespace hoptac::report::testing

#endif  // HOPTAC_SERVICES_REPORT_SEED_ANSWERS_TESTING_H_
