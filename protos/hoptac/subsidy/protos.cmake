# The subsidy service's API (hoptac.subsidy.v1).
hoptac_proto_library(hoptac_subsidy_proto
  PROTOS hoptac/subsidy/v1/subsidy.proto
  DEPS hoptac_common_proto)
