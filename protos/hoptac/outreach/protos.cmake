# The outreach service's API (hoptac.outreach.v1).
hoptac_proto_library(hoptac_outreach_proto
  PROTOS hoptac/outreach/v1/outreach.proto
  DEPS hoptac_common_proto)
