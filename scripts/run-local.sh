#!/usr/bin/env bash
# Runs hoptac on this machine: set-up if something is missing, a Release build,
# a private MariaDB on 127.0.0.1 (data kept in .run/mariadb), then the five
# services, each on its default port (gateway HTTP/JSON on 8080). Then the main
# job, a whole provincial reporting round for Lạng Sơn 2023, through the APIs:
# loads the Cao Lộc 2023 fixture and writes its report to out/cao-loc-2023.md
# and .docx; generates the other district-level units of 2023 (.run/units/,
# hoptac-generate-units) and loads them; opens the round in the gateway, has
# every unit assemble and submit its report (two late, one returned and
# resubmitted), accepts all, and writes the consolidated provincial report to
# out/lang-son-2023-tong-hop.{docx,md,xlsx} (git-ignored); prints the round's
# completeness. A second run on the same .run/mariadb replays every step and
# applies nothing twice. Ctrl-C (or SIGTERM) stops everything.
#
# Security as in a deployment (issue 7): a throw-away PKI in .run/pki
# (scripts/lib/dev-pki.sh: a CA, a certificate per service and one for the
# command-line clients, a token-signing key); every service serves mutual TLS
# and verifies the bearer token of every call (issuer hoptac-dev), with a
# plaintext health-only port for the readiness wait. Tokens are signed with
# hoptac-token into .run/tokens: each unit's officer loads its own fixture and
# hands in its report, the province admin (unit 20) runs the round. At the end the script prints a
# province-admin and a Cao Lộc (183) unit-officer token; `source
# .run/client.env` sets the client variables for scripts/grpc_call.py.
#
#   scripts/run-local.sh             start, run the round, print how to call it, follow the logs
#   scripts/run-local.sh --once      start, run the round and smoke calls, stop (exit 1 if any failed)
#   scripts/run-local.sh --no-build  use what is already built
#
# Environment: HOPTAC_LOCAL_DB_PORT (3307), HOPTAC_<SERVICE>_PORT (registry
# 50051), HOPTAC_<SERVICE>_HEALTH_PORT (the service's port + 1000),
# HOPTAC_GATEWAY_HTTP_PORT (8080), HOPTAC_DB_PASSWORD (hoptac-dev),
# HOPTAC_LOAD_PROVINCES (20), HOPTAC_BUILD_DIR (build),
# HOPTAC_LOCAL_START_TIMEOUT (120 s). Other HOPTAC_* variables reach the
# services unchanged (they override the services' flags).
set -euo pipefail
HOPTAC_SCRIPT_NAME=run-local
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=scripts/lib/mariadb.sh
source "${HOPTAC_ROOT}/scripts/lib/mariadb.sh"

usage() {
  print_usage "${BASH_SOURCE[0]}"
}

once=0
build=1
for arg in "$@"; do
  case "${arg}" in
    --once) once=1 ;;
    --no-build) build=0 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) die "unknown argument: ${arg} (try --help)" ;;
  esac
done

cd "${HOPTAC_ROOT}"
started_at="${SECONDS}"
run_dir="${HOPTAC_ROOT}/.run"
mkdir -p "${run_dir}/logs" "${run_dir}/pids"
# One run at a time (a pid file rather than flock: the daemons would inherit the lock).
owner="$(cat "${run_dir}/run-local.pid" 2>/dev/null || true)"
if [[ "${owner}" != "$$" ]] && pid_alive "${owner}" &&
  tr '\0' ' ' <"/proc/${owner}/cmdline" 2>/dev/null | grep -q 'run-local\.sh'; then
  die "another scripts/run-local.sh is running (pid ${owner})"
fi
echo "$$" >"${run_dir}/run-local.pid"

ensure_setup
build_dir="${HOPTAC_BUILD_DIR:-build}"
if ((build)); then
  build_tree "${build_dir}" -DCMAKE_BUILD_TYPE=Release
fi
[[ "${build_dir}" == /* ]] || build_dir="${HOPTAC_ROOT}/${build_dir}"

db_dir="${run_dir}/mariadb"
db_port="${HOPTAC_LOCAL_DB_PORT:-3307}"
start_timeout="${HOPTAC_LOCAL_START_TIMEOUT:-120}"
python="$(python_with_grpc || true)"
grpc_call_plain=("${python:-/usr/bin/python3}" "${HOPTAC_ROOT}/scripts/grpc_call.py")

# --- Transport security and caller identity --------------------------------------
# shellcheck source=scripts/lib/dev-pki.sh
source "${HOPTAC_ROOT}/scripts/lib/dev-pki.sh"
pki_dir="${run_dir}/pki"
tokens_dir="${run_dir}/tokens"
token_issuer="hoptac-dev"
token_tool="${build_dir}/services/common/auth/hoptac-token"
[[ -x "${token_tool}" ]] || die "${token_tool#"${HOPTAC_ROOT}"/} is missing: is it built?"
log "certificates and the token-signing key in .run/pki (scripts/lib/dev-pki.sh)"
dev_pki "${pki_dir}" registry subsidy outreach report gateway client ||
  die "could not make the development PKI in .run/pki (is openssl installed?)"
mkdir -p "${tokens_dir}"
chmod 700 "${tokens_dir}"

# mint_token FILE SUBJECT ROLE UNIT: a token signed with the development key,
# valid 12 h, written to FILE (mode 600).
mint_token() {
  local file="$1" subject="$2" role="$3" unit="$4"
  (
    umask 077
    "${token_tool}" --key_file="${pki_dir}/token-signing.key" --issuer="${token_issuer}" \
      --subject="${subject}" --role="${role}" --org_unit="${unit}" --ttl=12h >"${file}.new"
  ) || die "hoptac-token could not sign a token for ${subject}"
  mv "${file}.new" "${file}"
}

# unit_officer_token CODE: prints the path of the token of unit CODE's
# officer (officer.CODE, unit_officer of CODE), minted once per run.
unit_officer_token() {
  local file="${tokens_dir}/unit-$1.token"
  [[ -s "${file}" ]] || mint_token "${file}" "officer.$1" unit_officer "$1"
  printf '%s\n' "${file}"
}

rm -f "${tokens_dir}"/*.token # an earlier run's may have expired
admin_token="${tokens_dir}/province-admin.token"
mint_token "${admin_token}" admin.langson province_admin 20
caoloc_token="$(unit_officer_token 183)"

# The TLS flags of every command-line client (the "client" certificate), and
# scripts/grpc_call.py with the same files; the token is given per call.
client_tls=("--tls_cert_file=${pki_dir}/client.crt" "--tls_key_file=${pki_dir}/client.key"
  "--tls_ca_file=${pki_dir}/ca.crt")
grpc_call=("${grpc_call_plain[@]}" --ca "${pki_dir}/ca.crt" --cert "${pki_dir}/client.crt"
  --key "${pki_dir}/client.key")
{
  echo "# source .run/client.env: scripts/grpc_call.py then calls over mutual TLS as the"
  echo "# province admin (HOPTAC_BEARER_TOKEN_FILE=.run/tokens/unit-183.token: as Cao Lộc's officer)."
  echo "export HOPTAC_TLS_CA_FILE='${pki_dir}/ca.crt'"
  echo "export HOPTAC_TLS_CERT_FILE='${pki_dir}/client.crt'"
  echo "export HOPTAC_TLS_KEY_FILE='${pki_dir}/client.key'"
  echo "export HOPTAC_BEARER_TOKEN_FILE='${admin_token}'"
} >"${run_dir}/client.env"

services=()           # names, in start order
declare -A service_pid  # name -> pid
declare -A service_addr # name -> host:port (later services can pass these on)
declare -A service_api  # name -> fully-qualified gRPC service name
declare -A health_addr  # name -> host:port of its plaintext health-only port
follower_pid=""

# shellcheck disable=SC2317 # called from the EXIT trap
stop_service() {
  local name="$1" pid waited=0 limit
  pid="${service_pid[${name}]:-}"
  [[ -n "${pid}" ]] || return 0
  unset "service_pid[${name}]"
  if pid_alive "${pid}"; then
    log "stopping ${name} (pid ${pid})"
    kill -TERM "${pid}" 2>/dev/null || true
    limit=$((${HOPTAC_LOCAL_STOP_TIMEOUT:-30} * 5))
    while pid_alive "${pid}"; do
      if ((waited == limit)); then
        warn "${name} still running after ${HOPTAC_LOCAL_STOP_TIMEOUT:-30} s: SIGKILL"
        kill -KILL "${pid}" 2>/dev/null || true
      fi
      sleep 0.2
      waited=$((waited + 1))
    done
  fi
  wait "${pid}" 2>/dev/null || true
  rm -f "${run_dir}/pids/${name}.pid"
}

# shellcheck disable=SC2317 # the EXIT trap
cleanup() {
  local status=$? i
  trap - EXIT INT TERM
  for ((i = ${#services[@]} - 1; i >= 0; i--)); do
    stop_service "${services[i]}"
  done
  if [[ -n "${follower_pid}" ]]; then
    sleep 0.3 # let the log follower print the services' last lines
    kill "${follower_pid}" 2>/dev/null || true
    wait "${follower_pid}" 2>/dev/null || true
  fi
  mariadb_stop "${db_dir}" || true
  rm -f "${run_dir}/run-local.pid"
  log "stopped"
  exit "${status}"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A service left running by an earlier run that was killed hard: stop it if it
# is really our binary (its pid file and its executable agree).
stop_stale() {
  local name="$1" binary="$2" pidfile="${run_dir}/pids/$1.pid" pid
  pid="$(cat "${pidfile}" 2>/dev/null || true)"
  if pid_alive "${pid}" && [[ "$(readlink -f "/proc/${pid}/exe" 2>/dev/null)" == "$(readlink -f "${binary}")" ]]; then
    warn "${name} from an earlier run is still running (pid ${pid}): stopping it"
    kill -TERM "${pid}" 2>/dev/null || true
    for _ in $(seq 150); do
      pid_alive "${pid}" || break
      sleep 0.2
    done
  fi
  rm -f "${pidfile}"
}

# wait_until_serving NAME PID HEALTH_ADDRESS LOG_FILE: until SERVING on the
# plaintext health port (no TLS, no token).
wait_until_serving() {
  local name="$1" pid="$2" address="$3" log_file="$4" waited=0 status
  while :; do
    if ! pid_alive "${pid}"; then
      wait "${pid}" 2>/dev/null && status=0 || status=$?
      log "${name} exited (status ${status}) while starting; last lines of ${log_file#"${HOPTAC_ROOT}"/}:"
      tail -n 30 "${log_file}" >&2 || true
      return 1
    fi
    if [[ -n "${python}" ]]; then
      if "${grpc_call_plain[@]}" "${address}" health --insecure --timeout 2 >/dev/null 2>&1; then
        return 0
      fi
    elif port_open "${address##*:}"; then
      return 0
    fi
    if ((waited >= start_timeout * 2)); then
      log "${name} is not serving after ${start_timeout} s; last lines of ${log_file#"${HOPTAC_ROOT}"/}:"
      tail -n 30 "${log_file}" >&2 || true
      return 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}

# start_service NAME DEFAULT_PORT DATABASE [VAR=VALUE...]
#   Starts build/services/NAME/hoptac-NAME listening on 127.0.0.1:PORT (PORT
#   from HOPTAC_<NAME>_PORT, else DEFAULT_PORT) with mutual TLS (its
#   certificate from .run/pki) and token verification, plus a plaintext
#   health-only port (HOPTAC_<NAME>_HEALTH_PORT, else PORT + 1000), and waits
#   until its health check there answers SERVING. DATABASE is created if missing and passed as
#   HOPTAC_MYSQL_DSN / HOPTAC_MYSQL_PASSWORD; "-" means the service has none.
#   VAR=VALUE pairs are extra environment for the service.
start_service() {
  local name="$1" default_port="$2" database="$3"
  shift 3
  local upper port_var port health_var health_port binary log_file pid
  upper="$(printf '%s' "${name}" | tr '[:lower:]-' '[:upper:]_')"
  port_var="HOPTAC_${upper}_PORT"
  port="${!port_var:-${default_port}}"
  health_var="HOPTAC_${upper}_HEALTH_PORT"
  health_port="${!health_var:-$((port + 1000))}"
  binary="${build_dir}/services/${name}/hoptac-${name}"
  log_file="${run_dir}/logs/${name}.log"

  [[ -x "${binary}" ]] || die "${binary#"${HOPTAC_ROOT}"/} is missing: is it built (cmake --build ${build_dir#"${HOPTAC_ROOT}"/})?"
  stop_stale "${name}" "${binary}"
  if port_open "${port}"; then
    die "127.0.0.1:${port} is already in use: stop what listens there or set ${port_var}"
  fi
  if port_open "${health_port}"; then
    die "127.0.0.1:${health_port} is already in use: stop what listens there or set ${health_var}"
  fi

  local env=("HOPTAC_LISTEN=127.0.0.1:${port}"
    "HOPTAC_TLS_CERT_FILE=${pki_dir}/${name}.crt"
    "HOPTAC_TLS_KEY_FILE=${pki_dir}/${name}.key"
    "HOPTAC_TLS_CA_FILE=${pki_dir}/ca.crt"
    "HOPTAC_TOKEN_PUBLIC_KEY_FILES=${pki_dir}/token-signing.pub"
    "HOPTAC_TOKEN_ISSUER=${token_issuer}"
    "HOPTAC_HEALTH_PORT=${health_port}")
  if [[ "${database}" != "-" ]]; then
    mariadb_sql "${db_dir}" -e \
      "CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    env+=("HOPTAC_MYSQL_DSN=mysql://${HOPTAC_DB_USER}@127.0.0.1:${db_port}/${database}"
      "HOPTAC_MYSQL_PASSWORD=${HOPTAC_DB_PASSWORD}")
  fi
  env+=("$@")

  log "starting ${name} on 127.0.0.1:${port} (log .run/logs/${name}.log)"
  # Own session: a Ctrl-C in the terminal reaches only this script, which then
  # stops the services in order with SIGTERM.
  (
    trap - INT QUIT
    exec setsid env "${env[@]}" "${binary}"
  ) </dev/null >"${log_file}" 2>&1 &
  pid=$!
  echo "${pid}" >"${run_dir}/pids/${name}.pid"
  services+=("${name}")
  service_pid[${name}]="${pid}"
  service_addr[${name}]="127.0.0.1:${port}"
  health_addr[${name}]="127.0.0.1:${health_port}"
  service_api[${name}]="hoptac.${name//-/_}.v1.$(printf '%s' "${name:0:1}" | tr '[:lower:]' '[:upper:]')${name:1}Service"
  wait_until_serving "${name}" "${pid}" "${health_addr[${name}]}" "${log_file}" ||
    die "${name} did not start"
  log "${name} is serving on 127.0.0.1:${port} (mutual TLS; health on ${health_addr[${name}]})"
}

# smoke NAME METHOD JSON: one call through the generic client as the province
# admin; fails loudly.
smoke() {
  local name="$1" method="$2" request="$3" output
  if output="$("${grpc_call[@]}" --token-file "${admin_token}" "${service_addr[${name}]}" \
    "${service_api[${name}]}/${method}" "${request}" --omit-defaults 2>&1)"; then
    log "smoke ${name} ${method} ${request}: ok"
    printf '%s\n' "${output}" | head -n 12 | sed 's/^/    /' >&2
  else
    log "smoke ${name} ${method} ${request}: FAILED"
    printf '%s\n' "${output}" | sed 's/^/    /' >&2
    return 1
  fi
}

# smoke_refused NAME METHOD JSON CODE [TOKEN_FILE]: the call must fail with CODE
# (UNAUTHENTICATED without a token, PERMISSION_DENIED outside the caller's
# unit). METHOD is the service's own, or Service/Method of another API.
smoke_refused() {
  local name="$1" method="$2" request="$3" code="$4" token_file="${5:-}" output
  local as=()
  [[ -n "${token_file}" ]] && as=(--token-file "${token_file}")
  [[ "${method}" == */* ]] || method="${service_api[${name}]}/${method}"
  output="$(env -u HOPTAC_TOKEN -u HOPTAC_BEARER_TOKEN_FILE "${grpc_call[@]}" "${as[@]}" \
    "${service_addr[${name}]}" "${method}" "${request}" 2>&1)" || true
  if grep -q "^ERROR: ${code}:" <<<"${output}"; then
    log "smoke ${name} ${method} ${token_file:+as ${token_file##*/} }refused with ${code}: ok"
  else
    log "smoke ${name} ${method} ${token_file:+as ${token_file##*/} }must be refused with ${code}: FAILED"
    printf '%s\n' "${output}" | sed 's/^/    /' >&2
    return 1
  fi
}

# --- MariaDB -----------------------------------------------------------------
if ! mariadb_running "${db_dir}" && port_open "${db_port}"; then
  die "127.0.0.1:${db_port} is already in use: set HOPTAC_LOCAL_DB_PORT to a free port"
fi
mariadb_start "${db_dir}" "${db_port}"

# --- Services: one line each, in dependency order ------------------------------
start_service registry 50051 hoptac_registry \
  "HOPTAC_ADMIN_UNITS_DIR=${HOPTAC_ROOT}/data/admin-units" \
  "HOPTAC_LOAD_PROVINCES=${HOPTAC_LOAD_PROVINCES:-20}"
start_service subsidy 50052 hoptac_subsidy "HOPTAC_REGISTRY_ADDRESS=${service_addr[registry]}"
start_service outreach 50053 hoptac_outreach "HOPTAC_REGISTRY_ADDRESS=${service_addr[registry]}"
start_service report 50054 hoptac_report "HOPTAC_REGISTRY_ADDRESS=${service_addr[registry]}" \
  "HOPTAC_SUBSIDY_ADDRESS=${service_addr[subsidy]}" "HOPTAC_OUTREACH_ADDRESS=${service_addr[outreach]}" \
  "HOPTAC_REPORT_TEMPLATES_DIR=${HOPTAC_ROOT}/data/report-templates"
gateway_http_port="${HOPTAC_GATEWAY_HTTP_PORT:-8080}"
if port_open "${gateway_http_port}"; then
  die "127.0.0.1:${gateway_http_port} is already in use: stop what listens there or set HOPTAC_GATEWAY_HTTP_PORT"
fi
start_service gateway 50050 hoptac_gateway "HOPTAC_REGISTRY_ADDRESS=${service_addr[registry]}" \
  "HOPTAC_SUBSIDY_ADDRESS=${service_addr[subsidy]}" "HOPTAC_OUTREACH_ADDRESS=${service_addr[outreach]}" \
  "HOPTAC_REPORT_ADDRESS=${service_addr[report]}" "HOPTAC_HTTP_PORT=${gateway_http_port}"

# --- The Cao Lộc 2023 fixture and its report, written to out/ -------------------
# The loader and the draft's request_id are idempotent: a second run applies nothing twice.
# Each unit's fixture is loaded by that unit's officer, who may write only
# inside the unit: a line about another unit would be refused.
log "loading the Cao Lộc 2023 fixture (tests/fixtures/cao-loc-2023) as officer.183"
"${build_dir}/tools/load_fixture/hoptac-load-fixture" "${client_tls[@]}" \
  --bearer_token_file="${caoloc_token}" \
  --fixture_dir="${HOPTAC_ROOT}/tests/fixtures/cao-loc-2023" \
  --registry_address="${service_addr[registry]}" --subsidy_address="${service_addr[subsidy]}" \
  --outreach_address="${service_addr[outreach]}" >"${run_dir}/logs/load-fixture.log" 2>&1 ||
  die "the fixture did not load ($(grep -m1 '^hoptac-load-fixture:' "${run_dir}/logs/load-fixture.log")); see .run/logs/load-fixture.log (a fixture line changed since an earlier run is refused: remove .run/mariadb to start afresh)"
mkdir -p "${HOPTAC_ROOT}/out"
"${build_dir}/services/report/hoptac-report-render" "${client_tls[@]}" \
  --bearer_token_file="${caoloc_token}" --report_address="${service_addr[report]}" \
  --draft_dir="${HOPTAC_ROOT}/tests/fixtures/cao-loc-2023/report" \
  --out="${HOPTAC_ROOT}/out/cao-loc-2023" >"${run_dir}/logs/render.log" 2>&1 ||
  die "the Cao Lộc 2023 report was not rendered; see .run/logs/render.log"
log "the Cao Lộc 2023 report: out/cao-loc-2023.md and out/cao-loc-2023.docx"

# --- The other units of 2023, generated and loaded ------------------------------
# One folder per district-level unit the registry lists for Lạng Sơn on
# 31/12/2023, except Cao Lộc (183, the hand-written fixture above); the same
# files on every run (seeded by the unit's code).
units_dir="${run_dir}/units"
log "generating the other units of Lạng Sơn 2023 (.run/units)"
"${build_dir}/tools/generate_units/hoptac-generate-units" "${client_tls[@]}" \
  --bearer_token_file="${admin_token}" --registry_address="${service_addr[registry]}" --province=20 --year=2023 --skip_units=183 \
  --out_dir="${units_dir}" >"${run_dir}/units.list" 2>"${run_dir}/logs/generate-units.log" ||
  die "the units were not generated ($(head -n1 "${run_dir}/logs/generate-units.log")); see .run/logs/generate-units.log"
unit_dirs=()
unit_codes=()
while IFS=$'\t' read -r unit_code unit_dir; do
  unit_codes+=("${unit_code}")
  unit_dirs+=("${unit_dir}")
done <"${run_dir}/units.list"
: >"${run_dir}/logs/load-units.log"
for i in "${!unit_dirs[@]}"; do
  unit_dir="${unit_dirs[i]}"
  unit_token="$(unit_officer_token "${unit_codes[i]}")"
  "${build_dir}/tools/load_fixture/hoptac-load-fixture" "${client_tls[@]}" \
    --bearer_token_file="${unit_token}" --fixture_dir="${unit_dir}" \
    --registry_address="${service_addr[registry]}" --subsidy_address="${service_addr[subsidy]}" \
    --outreach_address="${service_addr[outreach]}" >>"${run_dir}/logs/load-units.log" 2>&1 ||
    die "${unit_dir#"${HOPTAC_ROOT}"/} did not load ($(grep -m1 '^hoptac-load-fixture:' "${run_dir}/logs/load-units.log")); see .run/logs/load-units.log (units generated differently by an earlier build are refused: remove .run/mariadb to start afresh)"
done
log "loaded ${#unit_dirs[@]} generated units ($(grep -o '^loaded [0-9]* records' "${run_dir}/logs/load-units.log" | awk '{n += $2} END {print n + 0}') records)"

# --- The 2023 round: every unit reports, the province consolidates --------------
draft_dirs="${HOPTAC_ROOT}/tests/fixtures/cao-loc-2023/report"
for unit_dir in "${unit_dirs[@]}"; do
  draft_dirs+=",${unit_dir}/report"
done
# The province admin opens, returns and accepts; each unit's officer prepares
# and hands in the unit's report (its token in .run/tokens/unit-<code>.token).
log "running the 2023 reporting round of Lạng Sơn (log .run/logs/run-round.log)"
"${build_dir}/tools/run_round/hoptac-run-round" "${client_tls[@]}" \
  --bearer_token_file="${admin_token}" --unit_token_dir="${tokens_dir}" \
  --gateway_address="${service_addr[gateway]}" \
  --report_address="${service_addr[report]}" --draft_dirs="${draft_dirs}" \
  --out="${HOPTAC_ROOT}/out/lang-son-2023-tong-hop" >"${run_dir}/logs/run-round.log" 2>&1 ||
  die "the round failed ($(grep -m1 '^hoptac-run-round:' "${run_dir}/logs/run-round.log")); see .run/logs/run-round.log (ALREADY_EXISTS means a draft changed since an earlier run: remove .run/mariadb to start afresh)"
# The round's status and the files: what follows the progress in the log.
sed -n '/^Đợt báo cáo reportingRounds/,$p' "${run_dir}/logs/run-round.log" | sed 's/^/    /' >&2
round_name="$(grep -o -m1 'reportingRounds/[0-9]*' "${run_dir}/logs/run-round.log" || echo reportingRounds/1)"
log "the main job took $((SECONDS - started_at)) s since the script started"

if ((once)); then
  failed=0
  for name in "${services[@]}"; do
    if "${grpc_call[@]}" --token-file "${admin_token}" "${service_addr[${name}]}" list 2>&1 |
      grep -qx "${service_api[${name}]}"; then
      log "smoke ${name}: reflection lists ${service_api[${name}]}: ok"
    else
      log "smoke ${name}: reflection does not list ${service_api[${name}]}: FAILED"
      failed=1
    fi
  done
  smoke registry GetOrgUnit '{"name": "orgUnits/20"}' || failed=1
  smoke registry ListOrgUnits '{"parent": "orgUnits/20", "page_size": 3}' || failed=1
  smoke report ListTemplates '{}' || failed=1
  smoke gateway ListReportingRounds '{"page_size": 1}' || failed=1
  # Security is on: no token, a unit officer outside its unit, the audit trail.
  smoke_refused registry GetOrgUnit '{"name": "orgUnits/20"}' UNAUTHENTICATED || failed=1
  smoke_refused gateway ListReportingRounds '{"page_size": 1}' UNAUTHENTICATED || failed=1
  smoke_refused subsidy GetSubsidyStatistics \
    '{"org_unit_code": "178", "period": {"start_date": {"year": 2023, "month": 1, "day": 1}, "end_date": {"year": 2023, "month": 12, "day": 31}}}' \
    PERMISSION_DENIED "${caoloc_token}" || failed=1
  # The gateway's HTTPS as printed below: 200 with the admin's token, 401 without.
  https_status() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 10 --cacert "${pki_dir}/ca.crt" \
      --cert "${pki_dir}/client.crt" --key "${pki_dir}/client.key" "$@" \
      "https://127.0.0.1:${gateway_http_port}/v1/ListReportingRounds" -d '{"pageSize": 1}' || true
  }
  http_ok="$(https_status -H "Authorization: Bearer $(cat "${admin_token}")")"
  http_refused="$(https_status)"
  if [[ "${http_ok}" == 200 && "${http_refused}" == 401 ]]; then
    log "smoke gateway HTTPS ListReportingRounds: 200 with a token, 401 without: ok"
  else
    log "smoke gateway HTTPS ListReportingRounds: ${http_ok} with a token, ${http_refused} without (want 200, 401): FAILED"
    failed=1
  fi
  # The audit trail: the province admin reads it (on a fresh database it
  # starts with the officers' fixture loads), a unit officer may not.
  if "${grpc_call[@]}" --token-file "${admin_token}" "${service_addr[subsidy]}" \
    hoptac.common.v1.AuditService/ListAuditEvents '{"page_size": 5}' >"${run_dir}/audit.json" 2>&1; then
    log "smoke subsidy ListAuditEvents as the province admin: ok ($(grep -c '"subject"' "${run_dir}/audit.json") events, first by $(grep -m1 -o '"subject": "[^"]*"' "${run_dir}/audit.json" || echo nobody))"
  else
    log "smoke subsidy ListAuditEvents as the province admin: FAILED"
    sed 's/^/    /' "${run_dir}/audit.json" >&2
    failed=1
  fi
  smoke_refused subsidy hoptac.common.v1.AuditService/ListAuditEvents '{"page_size": 5}' \
    PERMISSION_DENIED "${caoloc_token}" || failed=1
  for file in out/lang-son-2023-tong-hop.{docx,md,xlsx}; do
    if [[ -s "${file}" ]]; then
      log "smoke ${file}: written"
    else
      log "smoke ${file}: missing or empty: FAILED"
      failed=1
    fi
  done
  if ((failed)); then
    die "smoke calls failed"
  fi
  log "smoke calls passed"
  exit 0
fi

# --- Running: how to call it, then follow the logs -----------------------------
{
  echo
  echo "hoptac is running: mutual TLS (CA .run/pki/ca.crt) and a bearer token on every call;"
  echo "server reflection on every service, grpc.health.v1 in plaintext on its health port:"
  for name in "${services[@]}"; do
    printf '  %-9s %-16s %-40s health %s\n' "${name}" "${service_addr[${name}]}" \
      "${service_api[${name}]}" "${health_addr[${name}]}"
  done
  printf '  %-9s %-16s user %s, password %s, data .run/mariadb\n' mariadb "127.0.0.1:${db_port}" \
    "${HOPTAC_DB_USER}" "${HOPTAC_DB_PASSWORD}"
  echo
  echo "Tokens (valid 12 h, signed with .run/pki/token-signing.key, issuer ${token_issuer}):"
  echo "  province admin (admin.langson, province_admin, unit 20), ${admin_token#"${HOPTAC_ROOT}"/}:"
  echo "    $(cat "${admin_token}")"
  echo "  Cao Lộc's officer (officer.183, unit_officer, unit 183), ${caoloc_token#"${HOPTAC_ROOT}"/}:"
  echo "    $(cat "${caoloc_token}")"
  echo
  echo "Call it with the bundled client (see README.md); client.env sets the TLS files and the admin's token:"
  echo "  source .run/client.env"
  echo "  scripts/grpc_call.py ${service_addr[registry]} list"
  echo "  scripts/grpc_call.py ${service_addr[registry]} ${service_api[registry]}/GetOrgUnit '{\"name\": \"orgUnits/183\", \"as_of_date\": {\"year\": 2023, \"month\": 12, \"day\": 31}}'"
  echo "  scripts/grpc_call.py ${service_addr[gateway]} ${service_api[gateway]}/ListReportingRounds '{}'"
  echo "  scripts/grpc_call.py ${service_addr[subsidy]} hoptac.common.v1.AuditService/ListAuditEvents '{\"page_size\": 5}'"
  echo "  # as Cao Lộc's officer: its own unit, then another district (PERMISSION_DENIED):"
  echo "  scripts/grpc_call.py --token-file .run/tokens/unit-183.token ${service_addr[subsidy]} ${service_api[subsidy]}/GetSubsidyStatistics '{\"org_unit_code\": \"183\", \"period\": {\"start_date\": {\"year\": 2023, \"month\": 1, \"day\": 1}, \"end_date\": {\"year\": 2023, \"month\": 12, \"day\": 31}}}'"
  echo "  scripts/grpc_call.py --token-file .run/tokens/unit-183.token ${service_addr[subsidy]} ${service_api[subsidy]}/GetSubsidyStatistics '{\"org_unit_code\": \"178\", \"period\": {\"start_date\": {\"year\": 2023, \"month\": 1, \"day\": 1}, \"end_date\": {\"year\": 2023, \"month\": 12, \"day\": 31}}}'"
  echo "The gateway's HTTP/JSON (HTTPS with the gateway's certificate):"
  echo "  curl -s --cacert .run/pki/ca.crt --cert .run/pki/client.crt --key .run/pki/client.key \\"
  echo "    -H \"Authorization: Bearer \$(cat ${admin_token#"${HOPTAC_ROOT}"/})\" \\"
  echo "    https://127.0.0.1:${gateway_http_port}/v1/GetRoundStatus -d '{\"reportingRound\": \"${round_name}\"}'"
  echo
  echo "The consolidated report of the 2023 round: out/lang-son-2023-tong-hop.docx, .md, .xlsx"
  echo
  echo "Logs are in .run/logs/ and follow below. Ctrl-C stops everything."
  echo
} >&2
log_files=()
for name in "${services[@]}"; do
  log_files+=("${run_dir}/logs/${name}.log")
done
tail --pid=$$ -n 0 -F "${log_files[@]}" &
follower_pid=$!

# Until a signal, or until a service exits by itself.
pids=()
for name in "${services[@]}"; do
  pids+=("${service_pid[${name}]}")
done
status=0
wait -n "${pids[@]}" || status=$?
for name in "${services[@]}"; do
  if ! pid_alive "${service_pid[${name}]}"; then
    warn "${name} exited by itself (status ${status}); stopping everything"
  fi
done
exit 1
