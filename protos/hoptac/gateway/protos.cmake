# The provincial gateway's API (hoptac.gateway.v1).
hoptac_proto_library(hoptac_gateway_proto
  PROTOS hoptac/gateway/v1/gateway_service.proto
  DEPS hoptac_common_proto hoptac_report_proto hoptac_registry_proto hoptac_subsidy_proto
       hoptac_outreach_proto)
