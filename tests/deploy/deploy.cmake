# Checks of the deployment tree (deploy/) and of the kernel's metrics end to
# end. Included by tests/CMakeLists.txt; label "deploy" (ctest -L deploy).
# They need node with the repository's node_modules (npm install), kubectl
# (for `kubectl kustomize`) and python3; a missing tool fails them loudly.

# A real server configured as its pod is (TLS, token keys, metrics and health
# ports from the environment): the metrics scrape, the kubelet's plaintext
# probes on the health port, no start without certificate or token keys, a
# migration Job with the database alone.
hoptac_e2e_test(deploy_pod_e2e_test
  SOURCES deploy/pod_e2e_test.cc
  LIBS
    hoptac_registry_proto
    hoptac_test_support
    hoptac_test_health_proto
    gRPC::grpc++
  DEPENDS hoptac-registry)
set_tests_properties(deploy_pod_e2e_test PROPERTIES LABELS "e2e;deploy")

find_program(HOPTAC_NODE NAMES node nodejs)
find_program(HOPTAC_KUBECTL kubectl)
find_program(HOPTAC_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT HOPTAC_KUBECTL)
  set(HOPTAC_KUBECTL kubectl)
  message(WARNING "kubectl not found: the deploy_k8s_* tests will be skipped")
endif()

set(validate ${CMAKE_CURRENT_SOURCE_DIR}/deploy/validate_manifests.js)
foreach(check render schema policy env self-test)
  string(REPLACE "-" "_" test_suffix ${check})
  add_test(NAME deploy_k8s_${test_suffix}
    COMMAND ${HOPTAC_NODE} ${validate} ${check} --root ${PROJECT_SOURCE_DIR} --kubectl ${HOPTAC_KUBECTL})
  # Skipped (exit 77, with the reason) where kubectl is missing or embeds a
  # kustomize older than v5: Debian 12's kubernetes-client is 1.20.
  set_tests_properties(deploy_k8s_${test_suffix} PROPERTIES LABELS deploy TIMEOUT 120
                       SKIP_RETURN_CODE 77)
endforeach()

# The Dockerfile's copies and packages, its CMake configure step on exactly
# what it copies, and the runtime libraries of the built binaries (so it runs
# after the build, like every test here); then the same checks on broken copies.
add_test(NAME deploy_docker
  COMMAND ${HOPTAC_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/deploy/check_docker.py
          --root ${PROJECT_SOURCE_DIR} --build-dir ${PROJECT_BINARY_DIR} --configure)
set_tests_properties(deploy_docker PROPERTIES LABELS deploy TIMEOUT 120)
add_test(NAME deploy_docker_self_test
  COMMAND ${HOPTAC_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/deploy/check_docker.py
          --root ${PROJECT_SOURCE_DIR} --build-dir ${PROJECT_BINARY_DIR} --configure --self-test)
set_tests_properties(deploy_docker_self_test PROPERTIES LABELS deploy TIMEOUT 120)
