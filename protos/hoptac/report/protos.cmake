# The report service's API (hoptac.report.v1).
hoptac_proto_library(hoptac_report_proto
  PROTOS hoptac/report/v1/report_service.proto
  DEPS hoptac_common_proto)
