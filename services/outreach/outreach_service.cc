#include "services/outreach/outreach_service.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/call_context.h"
#include "services/common/grpc_status.h"
#include "services/common/page_token.h"
#include "services/common/proto_date.h"
#include "services/common/request_log.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"

namespace hoptac::outreach {
namespace {

constexpr char kCollection[] = "activities";
constexpr size_t kMaxReasonBytes = 2000;
constexpr int kMaxImportRows = 10'000;

absl::Status Prefixed(const absl::Status& status, absl::string_view prefix) {
  if (status.ok() || status.code() != absl::StatusCode::kInvalidArgument) return status;
  return absl::InvalidArgumentError(absl::StrCat(prefix, status.message()));
}

absl::StatusOr<int64_t> ParseId(const std::string& name, absl::string_view field) {
  HOPTAC_ASSIGN_OR_RETURN(std::string id, ParseResourceName(name, kCollection, field));
  int64_t value = 0;
  if (!absl::SimpleAtoi(id, &value) || value <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": not an activity name"));
  }
  return value;
}

absl::StatusOr<std::optional<int64_t>> ParseEtag(const std::string& etag, absl::string_view field) {
  if (etag.empty()) return std::nullopt;
  int64_t revision = 0;
  if (!absl::SimpleAtoi(etag, &revision) || revision <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": not an etag of this service"));
  }
  return revision;
}

// Proto -> fields; `prefix` is the request path ("activity.").
absl::StatusOr<ActivityFields> Decode(const v1::Activity& a, const std::string& prefix) {
  ActivityFields f;
  f.kind = a.kind();
  f.channel = a.channel();
  for (int topic : a.topics()) f.topics.push_back(topic);
  f.title = a.title();
  f.org_unit_code = a.org_unit_code();
  HOPTAC_ASSIGN_OR_RETURN(f.start_date, DayFromProto(a.start_date(), prefix + "start_date"));
  HOPTAC_ASSIGN_OR_RETURN(auto end, OptionalDayFromProto(a.end_date(), prefix + "end_date"));
  f.end_date = end.value_or(f.start_date);
  f.location = a.location();
  f.co_organizers.assign(a.co_organizers().begin(), a.co_organizers().end());
  f.document_references.assign(a.document_references().begin(), a.document_references().end());
  f.quantity = a.quantity() == 0 ? 1 : a.quantity();  // unset: one item
  for (int i = 0; i < a.participants_size(); ++i) {
    const v1::ParticipantCount& p = a.participants(i);
    CountQualifier q = CountQualifier::kExact;
    switch (p.count().qualifier()) {
      case v1::COUNT_QUALIFIER_UNSPECIFIED:
      case v1::COUNT_QUALIFIER_EXACT:
        break;
      case v1::COUNT_QUALIFIER_ABOUT:
        q = CountQualifier::kAbout;
        break;
      case v1::COUNT_QUALIFIER_OVER:
        q = CountQualifier::kOver;
        break;
      default:
        return absl::InvalidArgumentError(
            absl::StrCat(prefix, "participants[", i, "].count.qualifier: unknown"));
    }
    f.participants.push_back({p.kind(), {p.count().value(), q}});
  }
  f.cooperative_registration_numbers.assign(a.cooperative_registration_numbers().begin(),
                                            a.cooperative_registration_numbers().end());
  return f;
}

absl::StatusOr<ActivityFields> DecodeAndValidate(const v1::Activity& a,
                                                 const std::string& prefix) {
  HOPTAC_ASSIGN_OR_RETURN(ActivityFields f, Decode(a, prefix));
  HOPTAC_RETURN_IF_ERROR(Prefixed(ValidateActivityFields(f), prefix));
  return f;
}

v1::CountQualifier QualifierToProto(CountQualifier q) {
  switch (q) {
    case CountQualifier::kAbout:
      return v1::COUNT_QUALIFIER_ABOUT;
    case CountQualifier::kOver:
      return v1::COUNT_QUALIFIER_OVER;
    case CountQualifier::kExact:
      break;
  }
  return v1::COUNT_QUALIFIER_EXACT;
}

void EncodeParticipants(const std::vector<ParticipantCount>& in,
                        google::protobuf::RepeatedPtrField<v1::ParticipantCount>* out) {
  for (const ParticipantCount& p : in) {
    v1::ParticipantCount* c = out->Add();
    c->set_kind(static_cast<v1::ParticipantKind>(p.kind));
    c->mutable_count()->set_value(p.count.value);
    c->mutable_count()->set_qualifier(QualifierToProto(p.count.qualifier));
  }
}

void Encode(const ActivityRecord& r, v1::Activity* a) {
  const ActivityFields& f = r.fields;
  a->set_name(ResourceName(kCollection, absl::StrCat(r.id)));
  a->set_kind(static_cast<v1::ActivityKind>(f.kind));
  a->set_channel(static_cast<v1::Channel>(f.channel));
  for (int topic : f.topics) a->add_topics(static_cast<v1::Topic>(topic));
  a->set_title(f.title);
  a->set_org_unit_code(f.org_unit_code);
  DayToProto(f.start_date, a->mutable_start_date());
  DayToProto(f.end_date, a->mutable_end_date());
  a->set_location(f.location);
  for (const auto& s : f.co_organizers) a->add_co_organizers(s);
  for (const auto& s : f.document_references) a->add_document_references(s);
  a->set_quantity(f.quantity);
  EncodeParticipants(f.participants, a->mutable_participants());
  for (const auto& s : f.cooperative_registration_numbers) {
    a->add_cooperative_registration_numbers(s);
  }
  a->set_etag(absl::StrCat(r.revision));
  a->set_deleted(r.deleted);
}

void EncodeStatistics(const OutreachStatistics& stats,
                      v1::GetOutreachStatisticsResponse* response) {
  for (const QuantityRow& q : stats.quantities) {
    v1::QuantityCell* cell = response->add_quantities();
    cell->set_kind(static_cast<v1::ActivityKind>(q.kind));
    cell->set_channel(static_cast<v1::Channel>(q.channel));
    cell->set_topic(static_cast<v1::Topic>(q.topic));
    cell->set_quantity(q.quantity);
    cell->set_activity_count(q.activity_count);
  }
  for (const auto& [kind, count] : stats.participants) {
    v1::ParticipantTotal* total = response->add_participants();
    total->set_kind(static_cast<v1::ParticipantKind>(kind));
    total->mutable_count()->set_value(count.value);
    total->mutable_count()->set_qualifier(QualifierToProto(count.qualifier));
  }
  for (const ActivityRecord& r : stats.events) {
    v1::ListedEvent* e = response->add_events();
    e->set_activity(ResourceName(kCollection, absl::StrCat(r.id)));
    e->set_kind(static_cast<v1::ActivityKind>(r.fields.kind));
    e->set_title(r.fields.title);
    DayToProto(r.fields.start_date, e->mutable_start_date());
    DayToProto(r.fields.end_date, e->mutable_end_date());
    e->set_location(r.fields.location);
    for (const auto& s : r.fields.cooperative_registration_numbers) {
      e->add_cooperative_registration_numbers(s);
    }
    EncodeParticipants(r.fields.participants, e->mutable_participants());
  }
}

std::string RowPrefix(int row) { return absl::StrCat("activities[", row, "]."); }

// Copies the masked fields of `from` onto `to`. INVALID_ARGUMENT naming
// update_mask for an unknown or output-only path.
absl::Status MergeMasked(const v1::Activity& from, const google::protobuf::FieldMask& mask,
                         v1::Activity& to) {
  if (mask.paths().empty()) return absl::InvalidArgumentError("update_mask: required");
  for (const std::string& path : mask.paths()) {
    const auto* field = v1::Activity::descriptor()->FindFieldByName(path);
    if (field == nullptr || path == "name" || path == "etag" || path == "deleted") {
      return absl::InvalidArgumentError(
          absl::StrCat("update_mask: \"", path, "\" is not an updatable field"));
    }
    const auto* reflection = v1::Activity::GetReflection();
    reflection->ClearField(&to, field);
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(from, field); ++i) {
        if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
          reflection->AddMessage(&to, field)->CopyFrom(
              reflection->GetRepeatedMessage(from, field, i));
        } else if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_ENUM) {
          reflection->AddEnumValue(&to, field, reflection->GetRepeatedEnumValue(from, field, i));
        } else {
          reflection->AddString(&to, field, reflection->GetRepeatedString(from, field, i));
        }
      }
    } else if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (reflection->HasField(from, field)) {
        reflection->MutableMessage(&to, field)->CopyFrom(reflection->GetMessage(from, field));
      }
    } else if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_ENUM) {
      reflection->SetEnumValue(&to, field, reflection->GetEnumValue(from, field));
    } else if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_INT64) {
      reflection->SetInt64(&to, field, reflection->GetInt64(from, field));
    } else {
      reflection->SetString(&to, field, reflection->GetString(from, field));
    }
  }
  return absl::OkStatus();
}

// A unit filter of a list or a statistic: empty, or an official code.
absl::Status ValidateUnitFilter(const std::string& code) {
  if (code.empty()) return absl::OkStatus();
  const bool digits = std::all_of(code.begin(), code.end(),
                                  [](char c) { return c >= '0' && c <= '9'; });
  if (code.size() < 2 || code.size() > 5 || !digits) {
    return absl::InvalidArgumentError("org_unit_code: 2 to 5 digits");
  }
  return absl::OkStatus();
}

// What the store records with a change: the actor for the activity's
// history, the retry key, and the audit event it completes with the resource.
MutationContext MutationOf(const CallContext& call, const std::string& request_id,
                           std::string fingerprint) {
  MutationContext mutation;
  mutation.actor = call.actor;
  mutation.request_id = request_id;
  mutation.fingerprint = std::move(fingerprint);
  mutation.audit = AccessGate::EventFor(call, "", request_id);
  return mutation;
}

}  // namespace

absl::Status OutreachService::CheckReferences(const grpc::ServerContext& context,
                                              const ActivityFields& f,
                                              const std::string& prefix) const {
  auto unit = registry_.GetOrgUnitOn(&context, f.org_unit_code, f.start_date);
  if (unit.status().code() == absl::StatusCode::kNotFound) {
    return absl::InvalidArgumentError(absl::StrCat(prefix, "org_unit_code: no unit ",
                                                   f.org_unit_code, " on ",
                                                   FormatDay(f.start_date)));
  }
  HOPTAC_RETURN_IF_ERROR(unit.status());
  for (size_t i = 0; i < f.cooperative_registration_numbers.size(); ++i) {
    const std::string& number = f.cooperative_registration_numbers[i];
    auto coop = registry_.GetCooperativeOn(&context, number, f.start_date);
    if (coop.status().code() == absl::StatusCode::kNotFound) {
      return absl::InvalidArgumentError(absl::StrCat(
          prefix, "cooperative_registration_numbers[", i, "]: no cooperative ", number, " on ",
          FormatDay(f.start_date)));
    }
    HOPTAC_RETURN_IF_ERROR(coop.status());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> OutreachService::SubtreeCodes(
    const grpc::ServerContext& context, const std::string& code, absl::CivilDay day,
    absl::string_view field) const {
  // A district the 2025 reform dissolved: its subtree on its last day.
  auto codes = SubtreeCodesOrLastKnown(registry_, &context, code, day);
  if (codes.status().code() == absl::StatusCode::kNotFound) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": no unit ", code));
  }
  return codes;
}

grpc::Status OutreachService::CreateActivity(grpc::ServerContext* context,
                                             const v1::CreateActivityRequest* request,
                                             v1::CreateActivityResponse* response) {
  return gate_.ServeMutation(
      *context, "CreateActivity", request->request_id(),
      [&](const CallContext& call) -> absl::Status {
        HOPTAC_RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        HOPTAC_ASSIGN_OR_RETURN(ActivityFields f,
                                DecodeAndValidate(request->activity(), "activity."));
        HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kWrite, f.org_unit_code));
        HOPTAC_RETURN_IF_ERROR(CheckReferences(*context, f, "activity."));
        HOPTAC_ASSIGN_OR_RETURN(
            ActivityRecord r,
            store_.CreateActivity(
                f, MutationOf(call, request->request_id(), RequestFingerprint(*request)),
                call.deadline));
        Encode(r, response->mutable_activity());
        return absl::OkStatus();
      });
}

grpc::Status OutreachService::GetActivity(grpc::ServerContext* context,
                                          const v1::GetActivityRequest* request,
                                          v1::GetActivityResponse* response) {
  return gate_.ServeRead(*context, "GetActivity", [&](const CallContext& call) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseId(request->name(), "name"));
    // Deleted ones too, so that whether it was deleted is told only to
    // callers who may read it.
    HOPTAC_ASSIGN_OR_RETURN(ActivityRecord r,
                            store_.GetActivity(id, /*show_deleted=*/true, call.deadline));
    HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kRead, r.fields.org_unit_code));
    if (r.deleted && !request->show_deleted()) {
      return absl::NotFoundError(absl::StrCat(request->name(), " is deleted"));
    }
    Encode(r, response->mutable_activity());
    return absl::OkStatus();
  });
}

grpc::Status OutreachService::ListActivities(grpc::ServerContext* context,
                                             const v1::ListActivitiesRequest* request,
                                             v1::ListActivitiesResponse* response) {
  return gate_.ServeRead(*context, "ListActivities", [&](const CallContext& call) -> absl::Status {
    ActivityFilter filter;
    HOPTAC_ASSIGN_OR_RETURN(filter.page_size, EffectivePageSize(request->page_size(), 50, 500));
    absl::CivilDay as_of = TodayInVietnam();
    if (request->has_period()) {
      HOPTAC_ASSIGN_OR_RETURN(filter.period, PeriodFromProto(request->period(), "period"));
      as_of = filter.period->end;
    }
    filter.kind = request->kind();
    filter.channel = request->channel();
    filter.topic = request->topic();
    v1::ListActivitiesRequest filters = *request;
    filters.clear_page_size();
    filters.clear_page_token();
    const std::string filter_key = filters.SerializeAsString();
    if (!request->page_token().empty()) {
      HOPTAC_ASSIGN_OR_RETURN(auto position, DecodePageToken(request->page_token(), filter_key));
      if (position.size() != 1 || !absl::SimpleAtoi(position[0], &filter.after_id)) {
        return absl::InvalidArgumentError("page_token: not a token of this list");
      }
    }
    HOPTAC_RETURN_IF_ERROR(ValidateUnitFilter(request->org_unit_code()));
    // A unit officer or viewer lists its own subtree when it names no unit.
    HOPTAC_ASSIGN_OR_RETURN(std::string unit,
                            gate_.ReadableUnit(*context, call, request->org_unit_code()));
    if (!unit.empty()) {
      HOPTAC_ASSIGN_OR_RETURN(filter.org_unit_codes,
                              SubtreeCodes(*context, unit, as_of, "org_unit_code"));
    }
    HOPTAC_ASSIGN_OR_RETURN(ActivityPage page, store_.ListActivities(filter, call.deadline));
    for (const ActivityRecord& r : page.activities) Encode(r, response->add_activities());
    if (page.next_after_id != 0) {
      response->set_next_page_token(
          EncodePageToken({absl::StrCat(page.next_after_id)}, filter_key));
    }
    return absl::OkStatus();
  });
}

grpc::Status OutreachService::UpdateActivity(grpc::ServerContext* context,
                                             const v1::UpdateActivityRequest* request,
                                             v1::UpdateActivityResponse* response) {
  return gate_.ServeMutation(
      *context, "UpdateActivity", "", [&](const CallContext& call) -> absl::Status {
        HOPTAC_ASSIGN_OR_RETURN(int64_t id,
                                ParseId(request->activity().name(), "activity.name"));
        HOPTAC_ASSIGN_OR_RETURN(auto expected, ParseEtag(request->etag(), "etag"));
        HOPTAC_ASSIGN_OR_RETURN(ActivityRecord current,
                                store_.GetActivity(id, /*show_deleted=*/true, call.deadline));
        HOPTAC_RETURN_IF_ERROR(
            gate_.Check(*context, call, Access::kWrite, current.fields.org_unit_code));
        if (current.deleted) {
          return absl::NotFoundError(absl::StrCat(request->activity().name(), " is deleted"));
        }
        if (expected && *expected != current.revision) {
          return absl::AbortedError("etag: the activity changed since it was read");
        }
        v1::Activity merged;
        Encode(current, &merged);
        HOPTAC_RETURN_IF_ERROR(MergeMasked(request->activity(), request->update_mask(), merged));
        HOPTAC_ASSIGN_OR_RETURN(ActivityFields f, DecodeAndValidate(merged, "activity."));
        if (f.org_unit_code != current.fields.org_unit_code) {
          HOPTAC_RETURN_IF_ERROR(gate_.Check(*context, call, Access::kWrite, f.org_unit_code));
        }
        HOPTAC_RETURN_IF_ERROR(CheckReferences(*context, f, "activity."));
        // The store re-checks the revision read here under the row lock, so
        // the unit authorized above is the one changed.
        HOPTAC_ASSIGN_OR_RETURN(
            ActivityRecord r, store_.UpdateActivity(id, f, current.revision,
                                                    MutationOf(call, "", ""), call.deadline));
        Encode(r, response->mutable_activity());
        return absl::OkStatus();
      });
}

grpc::Status OutreachService::DeleteActivity(grpc::ServerContext* context,
                                             const v1::DeleteActivityRequest* request,
                                             v1::DeleteActivityResponse* response) {
  return gate_.ServeMutation(
      *context, "DeleteActivity", "", [&](const CallContext& call) -> absl::Status {
        HOPTAC_ASSIGN_OR_RETURN(int64_t id, ParseId(request->name(), "name"));
        HOPTAC_ASSIGN_OR_RETURN(auto expected, ParseEtag(request->etag(), "etag"));
        HOPTAC_ASSIGN_OR_RETURN(std::string reason, NormalizeText(request->reason(), "reason"));
        if (reason.size() > kMaxReasonBytes) {
          return absl::InvalidArgumentError(
              absl::StrCat("reason: at most ", kMaxReasonBytes, " bytes"));
        }
        HOPTAC_ASSIGN_OR_RETURN(ActivityRecord current,
                                store_.GetActivity(id, /*show_deleted=*/true, call.deadline));
        HOPTAC_RETURN_IF_ERROR(
            gate_.Check(*context, call, Access::kWrite, current.fields.org_unit_code));
        if (expected && *expected != current.revision) {
          return absl::AbortedError("etag: the activity changed since it was read");
        }
        // The revision read here: a concurrent move to another unit is ABORTED.
        HOPTAC_ASSIGN_OR_RETURN(
            ActivityRecord r, store_.DeleteActivity(id, current.revision, reason,
                                                    MutationOf(call, "", ""), call.deadline));
        Encode(r, response->mutable_activity());
        return absl::OkStatus();
      });
}

grpc::Status OutreachService::ImportActivities(grpc::ServerContext* context,
                                               const v1::ImportActivitiesRequest* request,
                                               v1::ImportActivitiesResponse* response) {
  return gate_.ServeMutation(
      *context, "ImportActivities", request->request_id(),
      [&](const CallContext& call) -> absl::Status {
        HOPTAC_RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        if (request->activities().empty()) return absl::InvalidArgumentError("activities: empty");
        if (request->activities_size() > kMaxImportRows) {
          return absl::InvalidArgumentError(
              absl::StrCat("activities: at most ", kMaxImportRows, " rows per import"));
        }
        auto report = [&](int row, const absl::Status& error) {
          v1::ImportRowError* e = response->add_errors();
          e->set_row(row);
          const std::string message(error.message());
          e->set_field(message.substr(0, message.find(':')));
          e->set_message(message);
        };
        // 1. The shape of every row (errors are reported per row).
        std::vector<std::pair<int, ActivityFields>> rows;
        for (int i = 0; i < request->activities_size(); ++i) {
          auto row = DecodeAndValidate(request->activities(i), RowPrefix(i));
          if (!row.ok()) {
            if (row.status().code() != absl::StatusCode::kInvalidArgument) return row.status();
            report(i, row.status());
            continue;
          }
          rows.emplace_back(i, *std::move(row));
        }
        // 2. Every row's unit, before the registry is asked anything: all or none.
        for (const auto& [i, row] : rows) {
          absl::Status allowed = gate_.Check(*context, call, Access::kWrite, row.org_unit_code);
          if (allowed.code() == absl::StatusCode::kPermissionDenied) {
            return absl::PermissionDeniedError(
                absl::StrCat("activities[", i, "]: ", allowed.message()));
          }
          HOPTAC_RETURN_IF_ERROR(allowed);
        }
        // 3. Units and cooperatives in the registry.
        std::vector<ActivityFields> checked_rows;
        for (auto& [i, row] : rows) {
          absl::Status checked = CheckReferences(*context, row, RowPrefix(i));
          if (checked.code() == absl::StatusCode::kInvalidArgument) {
            report(i, checked);
            continue;
          }
          HOPTAC_RETURN_IF_ERROR(checked);  // registry unavailable: nothing written
          checked_rows.push_back(std::move(row));
        }
        if (response->errors_size() > 0) {  // none recorded, rows in request order
          std::sort(response->mutable_errors()->begin(), response->mutable_errors()->end(),
                    [](const v1::ImportRowError& a, const v1::ImportRowError& b) {
                      return a.row() < b.row();
                    });
          return absl::OkStatus();
        }
        HOPTAC_ASSIGN_OR_RETURN(
            auto records,
            store_.ImportActivities(
                checked_rows, MutationOf(call, request->request_id(), RequestFingerprint(*request)),
                call.deadline));
        for (const ActivityRecord& r : records) Encode(r, response->add_activities());
        return absl::OkStatus();
      });
}

grpc::Status OutreachService::GetOutreachStatistics(
    grpc::ServerContext* context, const v1::GetOutreachStatisticsRequest* request,
    v1::GetOutreachStatisticsResponse* response) {
  return gate_.ServeRead(
      *context, "GetOutreachStatistics", [&](const CallContext& call) -> absl::Status {
        if (request->org_unit_code().empty()) {
          return absl::InvalidArgumentError("org_unit_code: required");
        }
        HOPTAC_RETURN_IF_ERROR(ValidateUnitFilter(request->org_unit_code()));
        HOPTAC_ASSIGN_OR_RETURN(Period period, PeriodFromProto(request->period(), "period"));
        HOPTAC_ASSIGN_OR_RETURN(std::string unit,
                                gate_.ReadableUnit(*context, call, request->org_unit_code()));
        HOPTAC_ASSIGN_OR_RETURN(std::vector<std::string> codes,
                                SubtreeCodes(*context, unit, period.end, "org_unit_code"));
        HOPTAC_ASSIGN_OR_RETURN(OutreachStatistics stats,
                                store_.GetStatistics(codes, period, call.deadline));
        EncodeStatistics(stats, response);
        return absl::OkStatus();
      });
}

}  // namespace hoptac::outreach
