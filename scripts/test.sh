#!/usr/bin/env bash
# Runs every check and test of hoptac, from a fresh Debian 12 machine on:
# set-up if something is missing, `buf lint`, a build, a private MariaDB for the
# database tests (removed afterwards), then ctest.
#
#   scripts/test.sh                   Release build in build/
#   scripts/test.sh --sanitize        ASan+UBSan build (RelWithDebInfo) in build-asan/
#   scripts/test.sh -- -R registry    arguments after -- go to ctest
#   scripts/test.sh --no-build        skip configure/build (use what is built)
#
# Environment: HOPTAC_BUILD_DIR (build directory), HOPTAC_BUILD_JOBS (2),
# HOPTAC_DB_PASSWORD (password of the test database user).
set -euo pipefail
HOPTAC_SCRIPT_NAME="test"
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=scripts/lib/mariadb.sh
source "${HOPTAC_ROOT}/scripts/lib/mariadb.sh"

usage() {
  print_usage "${BASH_SOURCE[0]}"
}

sanitize=0
build=1
ctest_args=()
while (($#)); do
  case "$1" in
    --sanitize) sanitize=1 ;;
    --no-build) build=0 ;;
    -h | --help)
      usage
      exit 0
      ;;
    --)
      shift
      ctest_args=("$@")
      break
      ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
  shift
done

cd "${HOPTAC_ROOT}"
ensure_setup

log "buf lint"
npx --no-install buf lint || die "buf lint found problems (above)"

if ((sanitize)); then
  build_dir="${HOPTAC_BUILD_DIR:-build-asan}"
  cmake_args=(-DHOPTAC_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo)
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
else
  build_dir="${HOPTAC_BUILD_DIR:-build}"
  cmake_args=(-DCMAKE_BUILD_TYPE=Release)
fi
if ((build)); then
  build_tree "${build_dir}" "${cmake_args[@]}"
fi

datadir="${HOPTAC_ROOT}/.data/test-mariadb-$$"
ctest_pid=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  mariadb_stop "${datadir}" || true
  rm -rf "${datadir}"
  exit "${status}"
}
# On Ctrl-C or SIGTERM: interrupt ctest and its tests (their own process
# group), give them 10 s, kill what is left, then exit, which runs cleanup.
on_signal() {
  local waited=0
  if [[ -n "${ctest_pid}" ]]; then
    kill -INT -- "-${ctest_pid}" 2>/dev/null || true
    while kill -0 "${ctest_pid}" 2>/dev/null && ((waited < 50)); do
      sleep 0.2
      waited=$((waited + 1))
    done
    kill -KILL -- "-${ctest_pid}" 2>/dev/null || true
    wait "${ctest_pid}" 2>/dev/null || true
  fi
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

mariadb_start_for_tests "${datadir}"

log "ctest in ${build_dir} ${ctest_args[*]}"
# In the background so that a signal to this script is handled at once, in a
# session of its own so that we can stop ctest and the tests it started, with
# SIGINT restored (background jobs start with it ignored).
(
  trap - INT QUIT
  exec setsid ctest --test-dir "${build_dir}" --output-on-failure --no-tests=error \
    -j"${HOPTAC_BUILD_JOBS:-2}" --timeout 300 "${ctest_args[@]}"
) &
ctest_pid=$!
status=0
wait "${ctest_pid}" || status=$?
ctest_pid=""
if ((status == 0)); then
  log "all tests passed"
else
  log "tests failed (ctest exit ${status})"
  exit "${status}"
fi
