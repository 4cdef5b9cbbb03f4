#include "services/report/template_tags.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace hoptac::report {
namespace {

const std::set<std::string>& DraftNames() {
  static const auto* const kNames = new std::set<std::string>{
      "issuing_body", "area_name", "place_name", "year", "next_year"};
  return *kNames;
}

}  // namespace

std::vector<TemplateTag> ScanTags(absl::string_view body) {
  std::vector<TemplateTag> out;
  size_t at = 0;
  while ((at = body.find("{{", at)) != absl::string_view::npos) {
    const size_t end = body.find("}}", at + 2);
    if (end == absl::string_view::npos) break;
    absl::string_view inner = body.substr(at + 2, end - at - 2);
    at = end + 2;
    if (absl::ConsumePrefix(&inner, "{")) {
      if (at < body.size() && body[at] == '}') ++at;  // {{{raw}}}
    }
    inner = absl::StripAsciiWhitespace(inner);
    if (inner.empty() || inner[0] == '/' || inner[0] == '!' || inner[0] == '=' ||
        inner[0] == '>') {
      continue;
    }
    TemplateTag tag;
    if (inner[0] == '#' || inner[0] == '^') {
      tag.section = true;
      inner = absl::StripAsciiWhitespace(inner.substr(1));
    } else if (inner[0] == '&') {
      inner = absl::StripAsciiWhitespace(inner.substr(1));
    }
    tag.name = std::string(inner);
    out.push_back(std::move(tag));
  }
  return out;
}

std::set<std::string> CitedReferenceKeys(absl::string_view body) {
  std::set<std::string> out;
  for (const TemplateTag& tag : ScanTags(body)) {
    std::vector<std::string> parts = absl::StrSplit(tag.name, '.');
    if (parts.size() >= 2 && parts[0] == "ref") out.insert(parts[1]);
  }
  return out;
}

absl::Status CheckTemplateTags(const v1::ReportTemplate& t) {
  std::set<std::string> placeholders, lists, slots;
  for (const v1::PlaceholderBinding& b : t.bindings()) {
    placeholders.insert(b.placeholder());
    if (b.format() == v1::VALUE_FORMAT_ITEMS) lists.insert(b.placeholder());
  }
  for (const v1::NarrativeSlot& slot : t.narrative_slots()) slots.insert(slot.key());
  const bool has_lists = !lists.empty();
  for (const TemplateTag& tag : ScanTags(t.body())) {
    const std::vector<std::string> parts = absl::StrSplit(tag.name, '.');
    bool known = placeholders.contains(tag.name) || DraftNames().contains(tag.name) ||
                 (has_lists && (tag.name == "item" || tag.name == "last"));
    if (parts.size() == 2 && parts[0] == "narrative") known = slots.contains(parts[1]);
    if (parts.size() == 3 && parts[0] == "ref") {
      known = parts[2] == "citation" || parts[2] == "issuer" || parts[2] == "subject";
    }
    if (!known) {
      return absl::InvalidArgumentError(absl::StrCat(
          "template.body: {{", tag.name,
          "}} is not a bound placeholder, a declared narrative slot, a reference document "
          "field or a draft field"));
    }
  }
  return absl::OkStatus();
}

}  // namespace hoptac::report
