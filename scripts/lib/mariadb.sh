# shellcheck shell=bash
# A private MariaDB server for tests and local runs: no systemd, no config
# files (--no-defaults), loopback only, data and socket in one directory.
#
#   source scripts/lib/mariadb.sh
#   mariadb_start DATADIR PORT     initialise DATADIR if needed, start, wait, create the app user
#   mariadb_sql DATADIR [ARGS...]  the mariadb client as the admin user, over the socket
#   mariadb_stop DATADIR           shut down (mariadb-admin, then SIGTERM, then SIGKILL)
#   mariadb_running DATADIR        true when the server of DATADIR answers
#   free_port                      prints a free TCP port on 127.0.0.1
#   mariadb_start_for_tests DATADIR  start on a free port and export HOPTAC_TEST_DB_*
#
# The app user is 'hoptac'@'%' (HOPTAC_DB_USER) with password HOPTAC_DB_PASSWORD
# (default hoptac-dev) and ALL PRIVILEGES ON *.* (tests create and drop their
# own databases). The admin user is the OS user, authenticated by unix_socket.

if [[ -n "${HOPTAC_MARIADB_SH:-}" ]]; then
  return 0
fi
HOPTAC_MARIADB_SH=1

case ":${PATH}:" in
  *:/usr/sbin:*) ;;
  *) PATH="${PATH}:/usr/sbin:/sbin" ;;
esac

: "${HOPTAC_DB_USER:=hoptac}"
: "${HOPTAC_DB_PASSWORD:=hoptac-dev}"
: "${HOPTAC_DB_START_TIMEOUT:=30}"

_mariadb_log() { printf '[mariadb] %s\n' "$*" >&2; }

_mariadb_abs() {
  mkdir -p "$1" && (cd "$1" && pwd)
}

# The socket lives in the data directory unless that path is too long for a
# unix socket (108 bytes); then a fixed name under /tmp derived from the path.
_mariadb_socket() {
  local datadir="$1"
  if ((${#datadir} <= 90)); then
    printf '%s/mysqld.sock\n' "${datadir}"
  else
    printf '/tmp/hoptac-mysqld-%s.sock\n' "$(printf '%s' "${datadir}" | md5sum | cut -c1-16)"
  fi
}

# True when PID is a live (not zombie) mariadbd serving DATADIR.
_mariadb_pid_is_ours() {
  local pid="$1" datadir="$2" stat cmdline
  [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
  stat="$(cat "/proc/${pid}/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != Z ]] || return 1
  cmdline="$(tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null)" || return 1
  [[ "${cmdline}" == *"--datadir=${datadir} "* ]]
}

_mariadb_pid() {
  local datadir="$1" pid
  pid="$(cat "${datadir}/mariadb.pid" 2>/dev/null || true)"
  if _mariadb_pid_is_ours "${pid}" "${datadir}"; then
    printf '%s\n' "${pid}"
  else
    return 1
  fi
}

_mariadb_admin() {
  local datadir="$1"
  shift
  mariadb-admin --no-defaults --socket="$(_mariadb_socket "${datadir}")" \
    --user="$(id -un)" --connect-timeout=5 "$@"
}

mariadb_sql() {
  local datadir
  datadir="$(_mariadb_abs "$1")"
  shift
  mariadb --no-defaults --default-character-set=utf8mb4 \
    --socket="$(_mariadb_socket "${datadir}")" --user="$(id -un)" "$@"
}

mariadb_running() {
  local datadir
  datadir="$(_mariadb_abs "$1")"
  _mariadb_pid "${datadir}" >/dev/null && _mariadb_admin "${datadir}" ping >/dev/null 2>&1
}

_mariadb_sql_string() {
  local s="$1"
  s="${s//\\/\\\\}"
  s="${s//\'/\'\'}"
  printf "'%s'" "${s}"
}

_mariadb_create_user() {
  local datadir="$1" user password
  user="$(_mariadb_sql_string "${HOPTAC_DB_USER}")"
  password="$(_mariadb_sql_string "${HOPTAC_DB_PASSWORD}")"
  mariadb_sql "${datadir}" --batch <<SQL
CREATE USER IF NOT EXISTS ${user}@'%' IDENTIFIED BY ${password};
ALTER USER ${user}@'%' IDENTIFIED BY ${password};
GRANT ALL PRIVILEGES ON *.* TO ${user}@'%' WITH GRANT OPTION;
SQL
}

mariadb_start() {
  local datadir port pid socket os_user waited=0 limit current_port log_lines
  local launcher=()
  datadir="$(_mariadb_abs "$1")"
  port="$2"
  socket="$(_mariadb_socket "${datadir}")"
  os_user="$(id -un)"

  if mariadb_running "${datadir}"; then
    current_port="$(mariadb_sql "${datadir}" --batch --skip-column-names -e 'SELECT @@port')"
    if [[ "${current_port}" == "${port}" ]]; then
      _mariadb_log "already running in ${datadir} on 127.0.0.1:${port}"
      _mariadb_create_user "${datadir}"
      return 0
    fi
    _mariadb_log "running on port ${current_port}, not ${port}: restarting"
    mariadb_stop "${datadir}"
  fi

  if [[ ! -d "${datadir}/mysql" ]]; then
    _mariadb_log "initialising ${datadir}"
    if ! mariadb-install-db --no-defaults --datadir="${datadir}" --user="${os_user}" \
      --skip-test-db --auth-root-authentication-method=socket >"${datadir}/install.log" 2>&1; then
      cat "${datadir}/install.log" >&2
      _mariadb_log "mariadb-install-db failed"
      return 1
    fi
  fi

  _mariadb_log "starting on 127.0.0.1:${port} (data ${datadir})"
  log_lines=0
  if [[ -f "${datadir}/error.log" ]]; then
    log_lines="$(wc -l <"${datadir}/error.log")"
  fi
  # A Ctrl-C in the terminal must not reach the server (the caller's trap stops
  # it in order): without job control, give it its own session.
  if [[ $- != *m* ]] && command -v setsid >/dev/null 2>&1; then
    launcher=(setsid)
  fi
  "${launcher[@]}" mariadbd --no-defaults --datadir="${datadir}" --socket="${socket}" --port="${port}" \
    --bind-address=127.0.0.1 --user="${os_user}" --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --pid-file="${datadir}/mariadb.pid" --log-error="${datadir}/error.log" \
    --innodb-buffer-pool-size=128M \
    </dev/null >"${datadir}/mariadbd.out" 2>&1 &
  pid=$!

  limit=$((HOPTAC_DB_START_TIMEOUT * 5))
  until _mariadb_admin "${datadir}" ping >/dev/null 2>&1; do
    if ! kill -0 "${pid}" 2>/dev/null || ((waited >= limit)); then
      _mariadb_log "did not start; ${datadir}/error.log says:"
      tail -n "+$((log_lines + 1))" "${datadir}/error.log" 2>/dev/null | grep -v '\[Note\]' | tail -n 30 >&2 || true
      cat "${datadir}/mariadbd.out" >&2 2>/dev/null || true
      if kill -0 "${pid}" 2>/dev/null; then
        kill -KILL "${pid}" 2>/dev/null || true
      fi
      return 1
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  _mariadb_create_user "${datadir}"
  _mariadb_log "ready (pid ${pid}, socket ${socket})"
}

mariadb_stop() {
  local datadir pid waited=0
  datadir="$(cd "$1" 2>/dev/null && pwd)" || return 0
  pid="$(_mariadb_pid "${datadir}")" || return 0
  _mariadb_log "stopping (pid ${pid})"
  if ! _mariadb_admin "${datadir}" shutdown >/dev/null 2>&1; then
    kill -TERM "${pid}" 2>/dev/null || true
  fi
  while _mariadb_pid_is_ours "${pid}" "${datadir}"; do
    if ((waited == 300)); then
      _mariadb_log "still running after 60 s: SIGKILL"
      kill -KILL "${pid}" 2>/dev/null || true
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  _mariadb_log "stopped"
}

# A TCP port on 127.0.0.1 that nobody listens on right now.
free_port() {
  local python port tries
  for python in /usr/bin/python3 python3; do
    if command -v "${python}" >/dev/null 2>&1; then
      "${python}" - <<'PY' && return 0
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
    fi
  done
  for ((tries = 0; tries < 100; tries++)); do
    port=$((20000 + RANDOM % 30000))
    if ! port_open "${port}"; then
      printf '%s\n' "${port}"
      return 0
    fi
  done
  return 1
}

if ! declare -F port_open >/dev/null; then
  # True when something accepts TCP connections on 127.0.0.1:PORT.
  port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  }
fi

# Starts a throw-away server for tests and benchmarks on a free port and
# exports what TestDatabase reads: HOPTAC_TEST_DB_HOST/PORT/USER/PASSWORD.
mariadb_start_for_tests() {
  local datadir="$1" port
  port="$(free_port)" || {
    _mariadb_log "no free TCP port"
    return 1
  }
  mariadb_start "${datadir}" "${port}" || return 1
  export HOPTAC_TEST_DB_HOST=127.0.0.1
  export HOPTAC_TEST_DB_PORT="${port}"
  export HOPTAC_TEST_DB_USER="${HOPTAC_DB_USER}"
  export HOPTAC_TEST_DB_PASSWORD="${HOPTAC_DB_PASSWORD}"
}
