# End-to-end test of hoptac-gateway over real processes: registry (Lạng Sơn
# loaded), subsidy, outreach, report and the gateway, each on its own fresh
# MariaDB database, mutual TLS and bearer tokens (tests/support/test_security.h);
# the HTTP/JSON side over HTTPS through cpp-httplib's client.
find_package(PkgConfig REQUIRED)
pkg_check_modules(GATEWAY_E2E_HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
hoptac_e2e_test(gateway_e2e_test
  SOURCES e2e/gateway_e2e_test.cc
  LIBS
    hoptac_common_proto
    hoptac_gateway_proto
    hoptac_report_proto
    hoptac_outreach_proto
    hoptac_registry_proto
    hoptac_test_support
    PkgConfig::GATEWAY_E2E_HTTPLIB
    gRPC::grpc++
  DEPENDS hoptac-gateway hoptac-report hoptac-registry hoptac-subsidy hoptac-outreach)
