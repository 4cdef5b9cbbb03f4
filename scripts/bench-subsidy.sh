#!/usr/bin/env bash
# Runs the subsidy disbursement benchmark (bench/subsidy_disbursement_bench.cc)
# against a private, throw-away MariaDB: disbursements committed per second
# through hoptac.subsidy.v1.SubsidyService (gRPC on loopback) against the same
# transaction issued directly over SQL by a plain Connector/C++ client, in the
# same run, interleaved, with the server's durability settings and the load
# average printed, and per measurement the statements per disbursement and the
# CPU time per disbursement of the benchmark, the service and MariaDB.
# Not part of scripts/test.sh: timings are for people, not pass/fail.
#
#   scripts/bench-subsidy.sh                 build the target in build-subsidy, then run
#   scripts/bench-subsidy.sh --no-build      run what is built
#   scripts/bench-subsidy.sh --no-pin        leave CPU placement to the scheduler
#   scripts/bench-subsidy.sh --realtime      run MariaDB, the benchmark and the service
#                                            under SCHED_RR (needs root or CAP_SYS_NICE)
#   scripts/bench-subsidy.sh -- ARGS         arguments for the program, e.g.
#                                            --clients=1,4,16,32 --rounds=5 --seconds=3
#                                            (the program's header lists them all)
#
# CPU placement (as scripts/bench.sh): with two CPUs or more, MariaDB runs on
# one CPU and the benchmark with the service it starts (--process) on another,
# as a database host and an application host would. Every SQL round trip, the
# direct client's and the service's alike, then crosses CPUs; the gRPC hop
# between the benchmark's clients and the service stays on one. On a machine
# busy with other work, a pinned MariaDB waits behind it: 1-client figures
# then vary widely, pinned or not (compare both).
#
# --realtime: on a machine shared with other work (compilers, even niced), each
# wake-up of a benchmark, service or MariaDB thread may wait for a neighbour's
# time slice (milliseconds under EEVDF), and the service path has more
# wake-ups in sequence than the direct one. SCHED_RR removes that wait for
# both sides alike; the figures then describe the software, not the
# neighbours. All three block on I/O constantly, so they cannot starve the
# machine (and the kernel's real-time throttling still applies).
#
# Environment: HOPTAC_BUILD_DIR (default build-subsidy), HOPTAC_BUILD_JOBS (2).
set -euo pipefail
HOPTAC_SCRIPT_NAME="bench-subsidy"
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=scripts/lib/mariadb.sh
source "${HOPTAC_ROOT}/scripts/lib/mariadb.sh"
# shellcheck source=scripts/lib/bench.sh
source "${HOPTAC_ROOT}/scripts/lib/bench.sh"

build=1
pin=1
realtime=0
args=()
while (($#)); do
  case "$1" in
    --no-build) build=0 ;;
    --no-pin) pin=0 ;;
    --realtime) realtime=1 ;;
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

bench_start_mariadb bench-subsidy
bench_pin "${pin}" "benchmark and service"
if ((realtime)); then
  # Every thread MariaDB has now; the connection threads it starts later
  # inherit the policy from the thread that accepts them.
  for task in /proc/"$(_mariadb_pid "${bench_datadir}")"/task/*; do
    chrt -r -p 1 "${task##*/}" >/dev/null || die "could not set SCHED_RR (root or CAP_SYS_NICE?)"
  done
  bench_launcher+=(chrt -r 1)
  log "MariaDB, the benchmark and the service under SCHED_RR priority 1"
fi
"${bench_launcher[@]}" "${binary}" "${args[@]}"
