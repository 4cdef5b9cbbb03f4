# The Cao Lộc 2023 fixture (tests/fixtures/cao-loc-2023) loaded by
# hoptac-load-fixture into the real registry, subsidy and outreach processes;
# the services' statistics must give back the seed report's figures.
hoptac_e2e_test(fixture_e2e_test
  SOURCES e2e/fixture_e2e_test.cc
  LIBS
    hoptac_registry_proto
    hoptac_subsidy_proto
    hoptac_outreach_proto
    hoptac_test_support
    gRPC::grpc++
  DEPENDS hoptac-load-fixture hoptac-registry hoptac-subsidy hoptac-outreach)
