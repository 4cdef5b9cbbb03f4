#!/usr/bin/env bash
# Runs the registry benchmarks (bench/) against a private MariaDB and prints
# each measurement with its ratio to the baseline of its family, measured in
# the same run: the store against a bare prepared SELECT / INSERT through the
# kernel's Database, the gRPC service against the health Check RPC.
# Not part of scripts/test.sh: timings are for people, not pass/fail.
#
#   scripts/bench.sh                  Release build of the bench targets in build/, then run
#   scripts/bench.sh --no-build       run what is built
#   scripts/bench.sh --min-time 0.5   seconds per repetition of a measurement (default 0.1)
#   scripts/bench.sh --repetitions 5  repetitions of each measurement, in random order
#                                     across all of them; the table shows the median
#                                     and the best (default 10; 1: once each, in order)
#   scripts/bench.sh --no-pin         leave CPU placement to the scheduler (see below)
#   scripts/bench.sh --verbose        also show Google Benchmark's own output
#   scripts/bench.sh -- ARGS          more arguments for both programs
#                                     (e.g. --benchmark_filter=read/)
#
# Environment: HOPTAC_BUILD_DIR (build directory, default build),
# HOPTAC_BUILD_JOBS (2), HOPTAC_DB_PASSWORD (password of the database user).
# Outputs: <build>/bench/results/*.json (Google Benchmark's JSON) and *.log.
#
# CPU placement: on this kind of VM a round trip between two processes costs
# about 12 us when both run on the same CPU and about 80 us when they run on
# two (waking the other virtual CPU), and the scheduler switches between the
# two for seconds at a time, which makes cheap operations vary sixfold. So,
# with two CPUs or more, the benchmark programs run on one CPU and MariaDB on
# another: every round trip pays the wake-up, as it pays a network hop in
# production, and the numbers repeat.
set -euo pipefail
HOPTAC_SCRIPT_NAME="bench"
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=scripts/lib/mariadb.sh
source "${HOPTAC_ROOT}/scripts/lib/mariadb.sh"
# shellcheck source=scripts/lib/bench.sh
source "${HOPTAC_ROOT}/scripts/lib/bench.sh"

build=1
pin=1
verbose=0
min_time=0.1
repetitions=10
bench_args=()
while (($#)); do
  case "$1" in
    --no-build) build=0 ;;
    --no-pin) pin=0 ;;
    --verbose) verbose=1 ;;
    --min-time)
      [[ $# -ge 2 && "$2" =~ ^[0-9]*\.?[0-9]+$ ]] || die "--min-time needs a number of seconds"
      min_time="$2"
      shift
      ;;
    --repetitions)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--repetitions needs a positive whole number"
      repetitions="$2"
      shift
      ;;
    -h | --help)
      print_usage "${BASH_SOURCE[0]}"
      exit 0
      ;;
    --)
      shift
      bench_args=("$@")
      break
      ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
  shift
done

cd "${HOPTAC_ROOT}"
ensure_setup
python=/usr/bin/python3
if [[ ! -x "${python}" ]]; then
  python="$(command -v python3)" || die "python3 is needed to read the results"
fi

build_dir="${HOPTAC_BUILD_DIR:-build}"
[[ "${build_dir}" == /* ]] || build_dir="${HOPTAC_ROOT}/${build_dir}"
programs=(registry_store_bench registry_grpc_bench)
if ((build)); then
  log "configuring ${build_dir} (Release, benchmarks on)"
  cmake -S "${HOPTAC_ROOT}" -B "${build_dir}" -DCMAKE_BUILD_TYPE=Release \
    -DHOPTAC_BENCHMARKS=ON >/dev/null || die "cmake configure of ${build_dir} failed"
  log "building ${programs[*]} (-j${HOPTAC_BUILD_JOBS:-2})"
  cmake --build "${build_dir}" -j"${HOPTAC_BUILD_JOBS:-2}" --target "${programs[@]}" ||
    die "build failed"
fi
for program in "${programs[@]}"; do
  [[ -x "${build_dir}/bench/${program}" ]] ||
    die "${build_dir}/bench/${program} is not built (run without --no-build)"
done
results="${build_dir}/bench/results"
mkdir -p "${results}"

bench_start_mariadb bench-mariadb
bench_pin "${pin}" "benchmarks"

# run_bench PROGRAM: JSON to results/PROGRAM.json, the console table to
# results/PROGRAM.log (and to the terminal with --verbose).
run_bench() {
  local program="$1" status=0
  local spread=()
  # Repetitions in random order, so that a change in the machine's load (it
  # is shared) falls on baselines and measurements alike, not on one family.
  if ((repetitions > 1)); then
    spread=(--benchmark_repetitions="${repetitions}" --benchmark_enable_random_interleaving=true)
  fi
  log "running ${program} (${repetitions} x at least ${min_time} s per measurement)"
  bench_run "${results}/${program}.log" "${build_dir}/bench/${program}" \
    --benchmark_min_time="${min_time}" "${spread[@]}" \
    --benchmark_out="${results}/${program}.json" --benchmark_out_format=json \
    "${bench_args[@]}" || status=$?
  if ((verbose)); then
    cat "${results}/${program}.log"
  else
    grep '^\[bench\]' "${results}/${program}.log" >&2 || true
  fi
  if ((status != 0)); then
    tail -n 20 "${results}/${program}.log" >&2
    die "${program} failed (exit ${status}); full output in ${results}/${program}.log"
  fi
}

for program in "${programs[@]}"; do
  run_bench "${program}"
done

# The table, from the JSON files: for each measurement, the median real time
# per operation over the repetitions and their spread (coefficient of
# variation), the best repetition, the ratios of both to the family's
# baseline (the measure named baseline*, same arguments), and the statements
# the server ran per operation. bench/bench_report.h says why two ratios.
"${python}" - "${programs[@]/#/${results}/}" <<'PY'
import json
import sys

TO_US = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}

def split(run_name):
    parts = [p for p in run_name.split("/") if p != "real_time"]
    return parts[0], parts[1] if len(parts) > 1 else "", "/".join(parts[2:])

rows, context = {}, None
for file_index, path in enumerate(sys.argv[1:]):
    with open(path + ".json", encoding="utf-8") as f:
        data = json.load(f)
    context = context or data.get("context", {})
    for b in data["benchmarks"]:
        order = (file_index, b.get("family_index", 0), b.get("per_family_instance_index", 0))
        row = rows.setdefault(order, {"name": split(b["run_name"])})
        if b.get("error_occurred"):
            row["error"] = b.get("error_message", "")
            continue
        us = b["real_time"] * TO_US.get(b["time_unit"], 1.0)
        kind = b.get("aggregate_name") if b.get("run_type") == "aggregate" else None
        if kind == "median":
            row["median"], row["stmts"] = us, b.get("stmts/op")
        elif kind == "min":
            row["best"] = us
        elif kind == "cv":
            row["cv"] = b["real_time"]  # a fraction
        elif kind is None and b.get("repetitions", 1) <= 1:
            row["median"] = row["best"] = us
            row["stmts"] = b.get("stmts/op")

baselines = {}
for row in rows.values():
    family, measure, args = row["name"]
    if measure.startswith("baseline") and "median" in row:
        baselines[(family, args)] = row

def ratio(value, base):
    return f"{value / base:.2f}" if value and base else "-"

if context:
    load = " ".join("%.1f" % x for x in context.get("load_avg", []))
    print(f"\n{context.get('num_cpus', '?')} CPUs, load average {load}; times per operation")
print(f"{'family':<7} {'measure':<22} {'args':<8} {'median':>11} {'cv':>5} {'best':>11} "
      f"{'x median':>8} {'x best':>7} {'stmts/op':>8}")
for order in sorted(rows):
    row = rows[order]
    family, measure, args = row["name"]
    if "error" in row:
        print(f"{family:<7} {measure:<22} {args:<8} FAILED: {row['error']}")
        continue
    base = baselines.get((family, args), {})
    cv = f"{100 * row['cv']:.0f}%" if "cv" in row else "-"
    stmts = "-" if row.get("stmts") is None else f"{row['stmts']:.1f}"
    print(f"{family:<7} {measure:<22} {args:<8} {row['median']:>8.1f} us {cv:>5} "
          f"{row['best']:>8.1f} us {ratio(row['median'], base.get('median')):>8} "
          f"{ratio(row['best'], base.get('best')):>7} {stmts:>8}")
PY
log "JSON and logs in ${results}"
