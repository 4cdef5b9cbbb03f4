#!/usr/bin/env bash
# The province benchmarks of the gateway issue, against a private, throw-away
# MariaDB (under .data/, on a free port), and a summary with ratios:
#
#  1. bench/province_statistics_bench.cc: live statistics of the province's
#     root unit (orgUnits/20, 2023) on a province-sized data set (2,000
#     cooperatives, 50,000 grants and ledger entries, 100,000 outreach
#     activities, written with bulk INSERTs into each service's own schema):
#     GetRegistryStatistics, GetSubsidyStatistics, GetOutreachStatistics and
#     the report service's parallel fan-out (StatisticsSources::Fetch) through
#     real gRPC servers, against the same SQL statements run directly over
#     Connector/C++, interleaved in the same run. Goal: at most 1.5x.
#  2. bench/province_consolidation_bench.cc: the gateway's Consolidate of 11,
#     65 and 3,321 unit snapshots (and of 65 with more rows), Google Benchmark.
#
# Not part of scripts/test.sh: timings are for people, not pass/fail.
#
#   scripts/bench-province.sh                build both targets, then run
#   scripts/bench-province.sh --no-build     run what is built
#   scripts/bench-province.sh --scale 0.1    a smaller data set (quick check)
#   scripts/bench-province.sh --rounds 5     interleaved rounds (default 5)
#   scripts/bench-province.sh --calls 3      calls per side per round (default 3)
#   scripts/bench-province.sh --no-explain   skip the per-statement EXPLAIN listing
#   scripts/bench-province.sh --no-pin       leave CPU placement to the scheduler
#   scripts/bench-province.sh --verbose      also print the programs' full output
#   scripts/bench-province.sh -- ARGS        more arguments for the statistics program, e.g.
#                                            --after_load_sql='subsidy:CREATE INDEX ...'
#                                            (to try an index before writing a migration)
#
# CPU placement (as scripts/bench.sh): with two CPUs or more, MariaDB runs on
# one and the benchmark (clients and the three in-process services) on the
# other, as a database host and an application host would.
#
# Environment: HOPTAC_BUILD_DIR (default build-province), HOPTAC_BUILD_JOBS (2).
# Outputs: <build>/bench/results/province_*.log and province_consolidation.json.
set -euo pipefail
HOPTAC_SCRIPT_NAME="bench-province"
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=scripts/lib/mariadb.sh
source "${HOPTAC_ROOT}/scripts/lib/mariadb.sh"
# shellcheck source=scripts/lib/bench.sh
source "${HOPTAC_ROOT}/scripts/lib/bench.sh"

build=1
pin=1
verbose=0
explain=1
scale=1
rounds=5
calls=3
extra_args=()
while (($#)); do
  case "$1" in
    --no-build) build=0 ;;
    --no-pin) pin=0 ;;
    --no-explain) explain=0 ;;
    --verbose) verbose=1 ;;
    --scale)
      [[ $# -ge 2 && "$2" =~ ^[0-9]*\.?[0-9]+$ ]] || die "--scale needs a number (1 = full size)"
      scale="$2"
      shift
      ;;
    --rounds)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--rounds needs a positive whole number"
      rounds="$2"
      shift
      ;;
    --calls)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--calls needs a positive whole number"
      calls="$2"
      shift
      ;;
    -h | --help)
      print_usage "${BASH_SOURCE[0]}"
      exit 0
      ;;
    --)
      shift
      extra_args=("$@")
      break
      ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done

cd "${HOPTAC_ROOT}"
python=/usr/bin/python3
[[ -x "${python}" ]] || python="$(command -v python3)" || die "python3 is needed for the summary"

build_dir="${HOPTAC_BUILD_DIR:-build-province}"
[[ "${build_dir}" == /* ]] || build_dir="${HOPTAC_ROOT}/${build_dir}"
programs=(province_statistics_bench province_consolidation_bench)
if ((build)); then
  log "building ${programs[*]} in ${build_dir} (Release)"
  cmake -S "${HOPTAC_ROOT}" -B "${build_dir}" -DCMAKE_BUILD_TYPE=Release \
    -DHOPTAC_BENCHMARKS=ON >/dev/null || die "cmake configure of ${build_dir} failed"
  nice cmake --build "${build_dir}" -j"${HOPTAC_BUILD_JOBS:-2}" --target "${programs[@]}" ||
    die "build failed"
fi
for program in "${programs[@]}"; do
  [[ -x "${build_dir}/bench/${program}" ]] ||
    die "${build_dir}/bench/${program} is not built (run without --no-build)"
done
results="${build_dir}/bench/results"
mkdir -p "${results}"

bench_start_mariadb bench-province
bench_pin "${pin}" "benchmarks"

# run PROGRAM LOG ARGS...: in its own session, so that a signal to this script
# is handled at once and reaches the program.
run() {
  local program="$1" out="$2" status=0
  shift 2
  bench_run "${out}" "${build_dir}/bench/${program}" "$@" || status=$?
  if ((verbose)); then cat "${out}"; fi
  if ((status != 0)); then
    tail -n 30 "${out}" >&2
    die "${program} failed (exit ${status}); full output in ${out}"
  fi
}

start_time=${SECONDS}
stats_args=(--scale="${scale}" --rounds="${rounds}" --calls="${calls}")
((explain)) && stats_args+=(--explain)
stats_args+=("${extra_args[@]}")
log "statistics: loading the data set (scale ${scale}) and measuring ${rounds} rounds x ${calls} calls per side"
run province_statistics_bench "${results}/province_statistics.log" "${stats_args[@]}"
log "consolidation: Google Benchmark, 3 repetitions"
run province_consolidation_bench "${results}/province_consolidation.log" \
  --benchmark_min_time=0.2 --benchmark_repetitions=3 \
  --benchmark_out="${results}/province_consolidation.json" --benchmark_out_format=json
log "ran in $((SECONDS - start_time)) s"

"${python}" - "${results}/province_statistics.log" "${results}/province_consolidation.json" <<'PY'
import json
import re
import sys

stats_log, consolidation_json = sys.argv[1], sys.argv[2]
lines = open(stats_log, encoding="utf-8").read().splitlines()
print()
print("== Live statistics of orgUnits/20 for 2023: service (gRPC) vs direct SQL ==")
for line in lines:
    if line.startswith(("[bench]", "dataset:", "durability:", "cpus:", "load average at end",
                        "answer sizes")):
        print(line)
print(f"{'family':<9} {'direct ms':>10} {'service ms':>11} {'ratio':>6} {'best ratio':>10}  goal <= 1.5x")
for line in lines:
    m = re.match(r"\[summary\] (\S+) direct_ms=(\S+) service_ms=(\S+) ratio=(\S+) best_ratio=(\S+)", line)
    if m:
        name, d, s, r, b = m.groups()
        verdict = "met" if float(r) <= 1.5 else "NOT met"
        print(f"{name:<9} {float(d):>10.2f} {float(s):>11.2f} {float(r):>6.2f} {float(b):>10.2f}  {verdict}")

print()
print("== Consolidation (gateway Consolidate), median of 3 repetitions ==")
data = json.load(open(consolidation_json, encoding="utf-8"))
TO_MS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}
rows = []
for b in data["benchmarks"]:
    if b.get("aggregate_name") != "median":
        continue
    args = dict(re.findall(r"(\w+):(\d+)", b["run_name"]))
    ms = b["real_time"] * TO_MS.get(b["time_unit"], 1.0)
    rows.append((int(args["units"]), int(args["stats_x"]), int(args["items"]), ms,
                 b.get("rows", 0), b.get("out_MB", 0)))
print(f"{'units':>6} {'stats_x':>7} {'items':>6} {'rows':>8} {'time ms':>9} {'us/unit':>8} {'us/row':>7} {'out MB':>7}")
for units, sx, items, ms, nrows, mb in rows:
    print(f"{units:>6} {sx:>7} {items:>6} {int(nrows):>8} {ms:>9.3f} {1e3 * ms / units:>8.2f} "
          f"{1e3 * ms / max(nrows, 1):>7.3f} {mb:>7.2f}")
ctx = data.get("context", {})
print("load average (consolidation):", " ".join("%.2f" % x for x in ctx.get("load_avg", [])))
PY
log "logs in ${results}"
