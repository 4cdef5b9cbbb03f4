#include "services/report/snapshot_rules.h"

#include <openssl/evp.h>

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include <algorithm>

namespace hoptac::report {

std::string ContentSha256(const v1::RenderedReport& report) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  for (const std::string* part : {&report.markdown(), &report.annex_markdown(), &report.docx()}) {
    const std::string length = absl::StrCat(part->size(), ":");
    EVP_DigestUpdate(ctx, length.data(), length.size());
    EVP_DigestUpdate(ctx, part->data(), part->size());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx, digest, &size);
  EVP_MD_CTX_free(ctx);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), size));
}

std::vector<v1::FigureChange> DiffStatistics(const std::vector<v1::Statistic>& submitted,
                                             const StatisticMap& live) {
  std::vector<v1::FigureChange> out;
  for (const v1::Statistic& before : submitted) {
    auto it = live.find(before.name());
    if (it != live.end()) {
      const v1::Statistic& now = it->second;
      const bool same = now.value() == before.value() && now.qualifier() == before.qualifier() &&
                        now.items_size() == before.items_size() &&
                        std::equal(now.items().begin(), now.items().end(), before.items().begin());
      if (same) continue;
    }
    v1::FigureChange& change = out.emplace_back();
    change.set_statistic(before.name());
    change.set_label(before.label());
    *change.mutable_submitted() = before;
    if (it != live.end()) *change.mutable_live() = it->second;
  }
  return out;
}

}  // namespace hoptac::report
