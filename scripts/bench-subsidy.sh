#!/usr/bin/env bash
# Runs the subsidy disbursement benchmark (bench/subsidy_disbursement_bench.cc)
# against a private, throw-away MariaDB: disbursements committed per second
# through hoptac.subsidy.v1.SubsidyService (gRPC on loopback) against the same
# transaction issued directly over SQL by a plain Connector/C++ client, in the
# same run, alternating, with the server's durability settings printed first.
# Not part of scripts/test.sh: timings are for people, not pass/fail.
#
#   scripts/bench-subsidy.sh                 build the target in build-subsidy, then run
#   scripts/bench-subsidy.sh --no-build      run what is built
#   scripts/bench-subsidy.sh -- ARGS         arguments for the program, e.g.
#                                            --seconds=5 --clients=1,4,16 --rounds=3
#
# Environment: HOPTAC_BUILD_DIR (default build-subsidy), HOPTAC_BUILD_JOBS (2).
set -euo pipefail
HOPTAC_SCRIPT_NAME="bench-subsidy"
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=scripts/lib/mariadb.sh
source "${HOPTAC_ROOT}/scripts/lib/mariadb.sh"

build=1
args=()
while (($#)); do
  case "$1" in
    --no-build) build=0 ;;
    -h | --help)
      print_usage "${BASH_SOURCE[0]}"
      exit 0
      ;;
    --)
      shift
      args=("$@")
      break
      ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done

build_dir="${HOPTAC_BUILD_DIR:-build-subsidy}"
[[ "${build_dir}" == /* ]] || build_dir="${HOPTAC_ROOT}/${build_dir}"
binary="${build_dir}/services/subsidy/subsidy_disbursement_bench"
if ((build)); then
  log "building subsidy_disbursement_bench in ${build_dir}"
  cmake -S "${HOPTAC_ROOT}" -B "${build_dir}" -DCMAKE_BUILD_TYPE=Release \
    -DHOPTAC_BENCHMARKS=ON >/dev/null || die "cmake configure failed"
  nice cmake --build "${build_dir}" -j"${HOPTAC_BUILD_JOBS:-2}" \
    --target subsidy_disbursement_bench || die "build failed"
fi
[[ -x "${binary}" ]] || die "${binary} is not built (run without --no-build)"

datadir="$(mktemp -d "${TMPDIR:-/tmp}/hoptac-bench-subsidy.XXXXXX")"
cleanup() {
  mariadb_stop "${datadir}" || true
  rm -rf "${datadir}"
}
trap cleanup EXIT
mariadb_start_for_tests "${datadir}" || die "could not start MariaDB"
"${binary}" "${args[@]}"
