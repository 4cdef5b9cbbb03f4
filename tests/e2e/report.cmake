# End-to-end tests of hoptac-report with real registry, subsidy and outreach
# processes, the Cao Lộc 2023 fixture loaded by hoptac-load-fixture: the
# golden report, snapshots and diffs, a stopped data service, and issue 7:
# mutual TLS, tokens, unit-scoped access, the audit trail, hostile input and
# the render tool as a TLS client.
hoptac_e2e_test(report_e2e_test
  SOURCES e2e/report_e2e_test.cc
  LIBS
    hoptac_report_domain
    hoptac_registry_proto
    hoptac_subsidy_proto
    hoptac_outreach_proto
    hoptac_report_proto
    hoptac_test_support
    gRPC::grpc++
  DEPENDS hoptac-report hoptac-report-render hoptac-load-fixture hoptac-registry hoptac-subsidy
          hoptac-outreach)
