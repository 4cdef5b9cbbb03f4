# shellcheck shell=bash
# What the benchmark scripts share: a throw-away MariaDB with its clean-up,
# a benchmark program run in a session of its own (so that Ctrl-C reaches
# it), and the CPU placement.
#
#   source scripts/lib/bench.sh
#   bench_start_mariadb NAME   MariaDB in .data/NAME-<pid> on a free port
#                              (exports HOPTAC_TEST_DB_*), stopped and removed
#                              on exit, Ctrl-C or SIGTERM
#   bench_pin PIN WHAT         with PIN=1 and two CPUs: MariaDB on the second,
#                              bench_launcher set to run WHAT on the first
#   bench_run OUT CMD...       runs "${bench_launcher[@]}" CMD... > OUT 2>&1 in a
#                              session of its own; returns its exit status
# Needs common.sh and mariadb.sh sourced first.

if [[ -n "${HOPTAC_BENCH_SH:-}" ]]; then
  return 0
fi
HOPTAC_BENCH_SH=1

bench_datadir=""
bench_pid=""
bench_launcher=()

_bench_cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "${bench_datadir}" ]]; then
    mariadb_stop "${bench_datadir}" || true
    rm -rf "${bench_datadir}"
  fi
  exit "${status}"
}

# On Ctrl-C or SIGTERM: stop the running benchmark (its own session), then
# exit, which stops the database.
_bench_on_signal() {
  if [[ -n "${bench_pid}" ]]; then
    kill -TERM -- "-${bench_pid}" 2>/dev/null || true
    wait "${bench_pid}" 2>/dev/null || true
  fi
  exit "$1"
}

bench_start_mariadb() {
  bench_datadir="${HOPTAC_ROOT}/.data/$1-$$"
  trap _bench_cleanup EXIT
  trap '_bench_on_signal 130' INT
  trap '_bench_on_signal 143' TERM
  mariadb_start_for_tests "${bench_datadir}" || die "could not start MariaDB"
}

bench_pin() {
  local pin="$1" what="$2" python=/usr/bin/python3 cpus
  bench_launcher=()
  ((pin)) || return 0
  [[ -x "${python}" ]] || python="$(command -v python3)" || die "python3 is needed to pin"
  read -r -a cpus < <("${python}" -c 'import os; print(*sorted(os.sched_getaffinity(0)))')
  if ((${#cpus[@]} >= 2)) && command -v taskset >/dev/null 2>&1; then
    # -a: every thread of the server; the connection threads it starts later
    # inherit the affinity.
    taskset -a -p -c "${cpus[1]}" "$(_mariadb_pid "${bench_datadir}")" >/dev/null ||
      die "could not pin MariaDB to CPU ${cpus[1]}"
    bench_launcher=(taskset -c "${cpus[0]}")
    log "${what} on CPU ${cpus[0]}, MariaDB on CPU ${cpus[1]} (--no-pin: no pinning)"
  else
    warn "fewer than two CPUs (or no taskset): not pinning; expect noisier numbers"
  fi
}

bench_run() {
  local out="$1" status=0
  shift
  # In the background and in a session of its own, so that a signal to this
  # script is handled at once and reaches the program.
  (
    trap - INT QUIT
    exec setsid "${bench_launcher[@]}" "$@" >"${out}" 2>&1
  ) &
  bench_pid=$!
  wait "${bench_pid}" || status=$?
  bench_pid=""
  return "${status}"
}
