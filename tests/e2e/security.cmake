# The authorization matrix (issue 7): every RPC of every service × role ×
# unit × token, against the real five services with TLS and tokens.
hoptac_e2e_test(authorization_matrix_test
  SOURCES
    e2e/authorization_matrix_test.cc
    e2e/authorization_matrix_rows.cc
    e2e/dynamic_call.cc
  LIBS
    hoptac_gateway_proto
    hoptac_report_proto
    hoptac_subsidy_proto
    hoptac_outreach_proto
    hoptac_registry_proto
    hoptac_common_proto
    hoptac_test_support
    gRPC::grpc++
  DEPENDS hoptac-gateway hoptac-report hoptac-registry hoptac-subsidy hoptac-outreach)
