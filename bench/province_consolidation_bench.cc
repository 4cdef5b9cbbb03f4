// The gateway's consolidation (services/gateway/consolidation.h, Consolidate)
// of N unit snapshots into the provincial report, in memory: no database, no
// RPC. The template is the real one (data/report-templates/
// bao-cao-ke-hoach-115, v1: 35 bindings of 34 distinct statistics, 4
// narrative slots); each synthetic snapshot carries every statistic of the
// template (counts, dong, qualified participant counts, event lists as items)
// and a passage for every narrative slot, different per unit.
//
//   consolidate/units:U/stats_x:1/items:3   11, 65, 3,321 units (Lạng Sơn's
//                                           district-level units of 2023, its
//                                           communes of 2026, every commune of
//                                           the country after the reform)
//   consolidate/units:65/stats_x:S/items:3  rows: the template's statistics
//                                           repeated S times (34 x S per unit)
//   consolidate/units:65/stats_x:1/items:I  rows: I items per event list
//
// Counters: per_unit (time / U) and per_row (time / (U x statistics)), so
// that linear growth shows as a constant. A program, not a test.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/match.h"
#include "bench/bench_report.h"
#include "benchmark/benchmark.h"
#include "services/gateway/consolidation.h"
#include "services/report/template_files.h"

namespace hoptac::bench {
namespace {

namespace rv1 = ::hoptac::report::v1;

const rv1::ReportTemplate* LoadTemplate() {
  static const rv1::ReportTemplate* const kTemplate = [] {
    auto all = report::LoadTemplateDirectory(HOPTAC_SOURCE_DIR "/data/report-templates");
    if (!all.ok()) {
      std::fprintf(stderr, "%s\n", all.status().ToString().c_str());
      std::abort();
    }
    for (const rv1::ReportTemplate& t : *all) {
      if (t.template_id() == "bao-cao-ke-hoach-115") return new rv1::ReportTemplate(t);
    }
    std::fprintf(stderr, "template bao-cao-ke-hoach-115 not found\n");
    std::abort();
  }();
  return kTemplate;
}

// The template with its bindings repeated `factor` times under new names
// (factor 1: the template itself).
rv1::ReportTemplate Widened(const rv1::ReportTemplate& t, int factor) {
  rv1::ReportTemplate out = t;
  for (int copy = 2; copy <= factor; ++copy) {
    for (const rv1::PlaceholderBinding& b : t.bindings()) {
      rv1::PlaceholderBinding* added = out.add_bindings();
      *added = b;
      added->set_placeholder(absl::StrCat(b.placeholder(), "_", copy));
      added->set_statistic(absl::StrCat(b.statistic(), ".copy", copy));
    }
  }
  return out;
}

struct Input {
  rv1::ReportTemplate report_template;
  std::vector<rv1::ReportSnapshot> snapshots;
  gateway::ConsolidationInput input;
  int statistics = 0;
};

std::unique_ptr<Input> MakeInput(int units, int stats_factor, int items) {
  auto in = std::make_unique<Input>();
  in->report_template = Widened(*LoadTemplate(), stats_factor);
  const std::vector<std::string> names = gateway::TemplateStatisticNames(in->report_template);
  in->statistics = static_cast<int>(names.size());
  in->snapshots.resize(static_cast<size_t>(units));
  for (int u = 0; u < units; ++u) {
    rv1::ReportSnapshot& s = in->snapshots[static_cast<size_t>(u)];
    const std::string code = absl::StrFormat("%05d", 100 + u);
    s.set_name(absl::StrCat("reportDrafts/", u + 1, "/snapshots/1"));
    s.mutable_draft()->set_org_unit(absl::StrCat("orgUnits/", code));
    for (size_t i = 0; i < names.size(); ++i) {
      const std::string& name = names[i];
      rv1::Statistic* st = s.mutable_report()->add_statistics();
      st->set_name(name);
      st->set_service(name.substr(0, name.find('.')));
      st->set_label(absl::StrCat("Chỉ tiêu ", i + 1, " (", name, ")"));
      const int64_t seed = (u + 1) * 7919 + static_cast<int64_t>(i) * 104729;
      if (absl::StrContains(name, ".events")) {
        st->set_unit(rv1::STATISTIC_UNIT_ITEMS);
        for (int k = 0; k < items; ++k) {
          st->add_items(absl::StrCat("Hội chợ, triển lãm số ", k + 1, " tại xã ", code,
                                     " ngày ", 1 + (seed + k) % 28, "/", 1 + k % 12, "/2023"));
        }
        st->set_value(items);
      } else if (absl::StrContains(name, "dong")) {
        st->set_unit(rv1::STATISTIC_UNIT_DONG);
        st->set_value((seed % 5000) * 1'000'000);
      } else {
        st->set_unit(rv1::STATISTIC_UNIT_COUNT);
        st->set_value(seed % 300);
        if (absl::StrContains(name, ".participants.")) {
          st->set_qualifier(seed % 5 == 0 ? rv1::COUNT_QUALIFIER_ABOUT
                                          : rv1::COUNT_QUALIFIER_EXACT);
        }
      }
    }
    for (const rv1::NarrativeSlot& slot : in->report_template.narrative_slots()) {
      rv1::NarrativeText* n = s.mutable_draft()->add_narratives();
      n->set_slot(slot.key());
      n->set_text(absl::StrCat(
          "Trên địa bàn đơn vị ", code, ", công tác phát triển kinh tế tập thể tiếp tục được "
          "quan tâm chỉ đạo; các hợp tác xã từng bước nâng cao hiệu quả hoạt động, liên kết "
          "sản xuất gắn với tiêu thụ sản phẩm. Tuy nhiên, nguồn lực hỗ trợ còn hạn chế, cán "
          "bộ quản lý hợp tác xã phần lớn kiêm nhiệm, trình độ chuyên môn chưa đáp ứng yêu cầu."));
    }
    in->input.included.push_back(
        {{code, absl::StrCat("Đơn vị ", code)}, &in->snapshots[static_cast<size_t>(u)]});
  }
  in->input.report_template = &in->report_template;
  in->input.missing = {{"99998", "Đơn vị chưa nộp"}};
  in->input.unaccepted = {{"99999", "Đơn vị chưa được chấp nhận"}};
  return in;
}

void BM_Consolidate(benchmark::State& state) {
  const int units = static_cast<int>(state.range(0));
  const int factor = static_cast<int>(state.range(1));
  const int items = static_cast<int>(state.range(2));
  static std::map<std::tuple<int, int, int>, std::unique_ptr<Input>>* const inputs =
      new std::map<std::tuple<int, int, int>, std::unique_ptr<Input>>();
  std::unique_ptr<Input>& in = (*inputs)[{units, factor, items}];
  if (in == nullptr) in = MakeInput(units, factor, items);
  size_t bytes = 0;
  for (auto _ : state) {
    auto report = gateway::Consolidate(in->input);
    if (!report.ok()) {
      SkipWithStatus(state, report.status());
      break;
    }
    benchmark::DoNotOptimize(report->statistics_size());
  }
  // The size of the answer, outside the timed loop.
  if (auto report = gateway::Consolidate(in->input); report.ok()) bytes = report->ByteSizeLong();
  const double rows = static_cast<double>(units) * in->statistics;
  state.counters["units"] = units;
  state.counters["rows"] = rows;
  state.counters["out_MB"] = static_cast<double>(bytes) / 1e6;
  state.counters["per_unit"] = benchmark::Counter(
      static_cast<double>(units), benchmark::Counter::kIsIterationInvariantRate |
                                      benchmark::Counter::kInvert);
  state.counters["per_row"] = benchmark::Counter(
      rows, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void Register() {
  auto* b = benchmark::RegisterBenchmark("consolidate", BM_Consolidate);
  b->ArgNames({"units", "stats_x", "items"});
  for (int units : {11, 65, 3321}) b->Args({units, 1, 3});
  for (int factor : {4, 16}) b->Args({65, factor, 3});
  for (int items : {30, 300}) b->Args({65, 1, items});
  b->Apply(Configure);
}

}  // namespace
}  // namespace hoptac::bench

int main(int argc, char** argv) {
  hoptac::bench::Register();
  return hoptac::bench::RunBenchmarks(argc, argv, [] {});
}
