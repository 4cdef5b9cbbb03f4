// RegistryService: records on a cooperative, its history and the statistics.
// A record changes its cooperative: write access in its current unit.
#include "services/registry/registry_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/call_context.h"
#include "services/common/grpc_status.h"
#include "services/common/page_token.h"
#include "services/common/proto_date.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"
#include "services/registry/cooperative_lifecycle.h"
#include "services/registry/cooperative_update.h"
#include "services/registry/cooperative_validation.h"
#include "services/registry/registry_mapping.h"
#include "services/registry/registry_service_support.h"

namespace hoptac::registry {

grpc::Status RegistryService::RecordInspection(grpc::ServerContext* context,
                                               const v1::RecordInspectionRequest* request,
                                               v1::RecordInspectionResponse* response) {
  return gate_.ServeMutation(
      *context, "RecordInspection", request->request_id(),
      [&](const CallContext& call) -> absl::Status {
        HOPTAC_ASSIGN_OR_RETURN(RecordTarget target, RecordTargetOf(call, *request));
        const std::string& number = target.registration_number;
        MutationContext& mutation = target.mutation;
        const v1::Inspection& in = request->inspection();
        Inspection inspection;
        HOPTAC_ASSIGN_OR_RETURN(
            inspection.inspection_date,
            RecordDate(in.inspection_date(), "inspection.inspection_date", today_()));
        inspection.inspecting_body = in.inspecting_body();
        inspection.findings = in.findings();
        inspection.legal_document = in.legal_document();
        HOPTAC_RETURN_IF_ERROR(
            NormalizeField(inspection.inspecting_body, "inspection.inspecting_body", 255, true));
        HOPTAC_RETURN_IF_ERROR(
            NormalizeField(inspection.findings, "inspection.findings", 5000, false, true));
        HOPTAC_RETURN_IF_ERROR(
            NormalizeField(inspection.legal_document, "inspection.legal_document", 500, false));
        HOPTAC_RETURN_IF_ERROR(AuthorizeChange(gate_, store_, *context, call, number, mutation));
        HOPTAC_ASSIGN_OR_RETURN(
            Inspection recorded,
            store_.RecordInspection(number, inspection, mutation, call.deadline));
        InspectionToProto(number, recorded, response->mutable_inspection());
        return absl::OkStatus();
      });
}

grpc::Status RegistryService::RecordAward(grpc::ServerContext* context,
                                          const v1::RecordAwardRequest* request,
                                          v1::RecordAwardResponse* response) {
  return gate_.ServeMutation(
      *context, "RecordAward", request->request_id(), [&](const CallContext& call) -> absl::Status {
        HOPTAC_ASSIGN_OR_RETURN(RecordTarget target, RecordTargetOf(call, *request));
        const std::string& number = target.registration_number;
        MutationContext& mutation = target.mutation;
        const v1::Award& in = request->award();
        Award award;
        HOPTAC_ASSIGN_OR_RETURN(award.award_date,
                                RecordDate(in.award_date(), "award.award_date", today_()));
        award.title = in.title();
        award.event = in.event();
        award.awarding_body = in.awarding_body();
        award.legal_document = in.legal_document();
        HOPTAC_RETURN_IF_ERROR(NormalizeField(award.title, "award.title", 255, true));
        HOPTAC_RETURN_IF_ERROR(NormalizeField(award.event, "award.event", 500, false));
        HOPTAC_RETURN_IF_ERROR(
            NormalizeField(award.awarding_body, "award.awarding_body", 255, true));
        HOPTAC_RETURN_IF_ERROR(
            NormalizeField(award.legal_document, "award.legal_document", 500, false));
        HOPTAC_RETURN_IF_ERROR(AuthorizeChange(gate_, store_, *context, call, number, mutation));
        HOPTAC_ASSIGN_OR_RETURN(Award recorded,
                                store_.RecordAward(number, award, mutation, call.deadline));
        AwardToProto(number, recorded, response->mutable_award());
        return absl::OkStatus();
      });
}

grpc::Status RegistryService::RecordClassification(grpc::ServerContext* context,
                                                   const v1::RecordClassificationRequest* request,
                                                   v1::RecordClassificationResponse* response) {
  return gate_.ServeMutation(
      *context, "RecordClassification", request->request_id(),
      [&](const CallContext& call) -> absl::Status {
        HOPTAC_ASSIGN_OR_RETURN(RecordTarget target, RecordTargetOf(call, *request));
        const std::string& number = target.registration_number;
        MutationContext& mutation = target.mutation;
        const v1::Classification& in = request->classification();
        Classification classification;
        classification.year = in.year();
        HOPTAC_RETURN_IF_ERROR(CheckYear(classification.year, "classification.year", today_()));
        HOPTAC_ASSIGN_OR_RETURN(classification.grade,
                                GradeFromProto(in.grade(), "classification.grade"));
        HOPTAC_ASSIGN_OR_RETURN(
            classification.decision_date,
            RecordDate(in.decision_date(), "classification.decision_date", today_()));
        if (classification.decision_date.year() < classification.year) {
          return absl::InvalidArgumentError(
              "classification.decision_date: a year is classified after it begins");
        }
        classification.legal_document = in.legal_document();
        HOPTAC_RETURN_IF_ERROR(NormalizeField(classification.legal_document,
                                              "classification.legal_document", 500, false));
        HOPTAC_RETURN_IF_ERROR(AuthorizeChange(gate_, store_, *context, call, number, mutation));
        HOPTAC_ASSIGN_OR_RETURN(
            Classification recorded,
            store_.RecordClassification(number, classification, mutation, call.deadline));
        ClassificationToProto(number, recorded, response->mutable_classification());
        return absl::OkStatus();
      });
}

grpc::Status RegistryService::RecordAnnualReport(grpc::ServerContext* context,
                                                 const v1::RecordAnnualReportRequest* request,
                                                 v1::RecordAnnualReportResponse* response) {
  return gate_.ServeMutation(
      *context, "RecordAnnualReport", request->request_id(),
      [&](const CallContext& call) -> absl::Status {
        HOPTAC_ASSIGN_OR_RETURN(RecordTarget target, RecordTargetOf(call, *request));
        const std::string& number = target.registration_number;
        MutationContext& mutation = target.mutation;
        const v1::AnnualReport& in = request->annual_report();
        AnnualReport report;
        report.year = in.year();
        HOPTAC_RETURN_IF_ERROR(CheckYear(report.year, "annual_report.year", today_()));
        HOPTAC_ASSIGN_OR_RETURN(
            report.received_date,
            RecordDate(in.received_date(), "annual_report.received_date", today_()));
        HOPTAC_ASSIGN_OR_RETURN(report.due_date,
                                DayFromProto(in.due_date(), "annual_report.due_date"));
        if (report.due_date.year() < report.year) {
          return absl::InvalidArgumentError(
              "annual_report.due_date: a year's report falls due after the year begins");
        }
        HOPTAC_RETURN_IF_ERROR(AuthorizeChange(gate_, store_, *context, call, number, mutation));
        HOPTAC_ASSIGN_OR_RETURN(AnnualReport recorded,
                                store_.RecordAnnualReport(number, report, mutation, call.deadline));
        AnnualReportToProto(number, recorded, response->mutable_annual_report());
        return absl::OkStatus();
      });
}

grpc::Status RegistryService::ListCooperativeEvents(grpc::ServerContext* context,
                                                    const v1::ListCooperativeEventsRequest* request,
                                                    v1::ListCooperativeEventsResponse* response) {
  return gate_.ServeRead(
      *context, "ListCooperativeEvents", [&](const CallContext& call) -> absl::Status {
        HOPTAC_ASSIGN_OR_RETURN(std::string number,
                                ParseResourceName(request->parent(), "cooperatives", "parent"));
        HOPTAC_ASSIGN_OR_RETURN(int page_size, EffectivePageSize(request->page_size(),
                                                                 kDefaultEventPage, kMaxEventPage));
        HOPTAC_ASSIGN_OR_RETURN(std::vector<std::string> after,
                                DecodePageToken(request->page_token(), request->parent()));
        HOPTAC_RETURN_IF_ERROR(
            AuthorizedCooperative(gate_, store_, *context, call, Access::kRead, number).status());
        HOPTAC_ASSIGN_OR_RETURN(EventPage page,
                                store_.ListEvents(number, page_size, after, call.deadline));
        for (const CooperativeEvent& e : page.events)
          EventToProto(number, e, response->add_events());
        if (!page.next_after.empty()) {
          response->set_next_page_token(EncodePageToken(page.next_after, request->parent()));
        }
        return absl::OkStatus();
      });
}

grpc::Status RegistryService::GetRegistryStatistics(grpc::ServerContext* context,
                                                    const v1::GetRegistryStatisticsRequest* request,
                                                    v1::GetRegistryStatisticsResponse* response) {
  return gate_.ServeRead(
      *context, "GetRegistryStatistics", [&](const CallContext& call) -> absl::Status {
        HOPTAC_ASSIGN_OR_RETURN(std::string requested,
                                ParseResourceName(request->org_unit(), "orgUnits", "org_unit"));
        HOPTAC_ASSIGN_OR_RETURN(Period period, PeriodFromProto(request->period(), "period"));
        HOPTAC_ASSIGN_OR_RETURN(std::string code, gate_.ReadableUnit(*context, call, requested));
        HOPTAC_ASSIGN_OR_RETURN(RegistryStatistics stats,
                                store_.GetStatistics(code, period, call.deadline));
        StatisticsToProto(stats, response);
        return absl::OkStatus();
      });
}

}  // namespace hoptac::registry
