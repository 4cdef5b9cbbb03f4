# End-to-end tests of hoptac-outreach with a real hoptac-registry process,
# over mutual TLS with bearer tokens (and the audit trail's AuditService).
hoptac_e2e_test(outreach_e2e_test
  SOURCES e2e/outreach_e2e_test.cc
  LIBS
    hoptac_outreach_proto
    hoptac_registry_proto
    hoptac_common_proto
    hoptac_test_support
    gRPC::grpc++
  DEPENDS hoptac-outreach hoptac-registry)
