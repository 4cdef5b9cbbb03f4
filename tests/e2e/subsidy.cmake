# End-to-end tests of hoptac-subsidy with the real registry process, TLS and tokens.
hoptac_e2e_test(subsidy_e2e_test
  SOURCES e2e/subsidy_e2e_test.cc
  LIBS
    hoptac_subsidy_proto
    hoptac_registry_proto
    hoptac_common_proto
    hoptac_test_support
    gRPC::grpc++
  DEPENDS hoptac-subsidy hoptac-registry)
