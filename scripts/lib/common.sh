# shellcheck shell=bash
# Helpers shared by the scripts in scripts/. Source it; it defines:
#   HOPTAC_ROOT            the repository root (absolute)
#   log / warn / die       short progress lines on stderr
#   as_root CMD...         runs CMD as root (directly, or through sudo when not root)
#   python_with_grpc       prints the interpreter that can import grpc, or fails
#   HOPTAC_APT_PACKAGES    the Debian packages setup.sh installs
#   missing_apt_packages   prints those not installed
#   tools_missing          true when setup.sh still has something to install
#   ensure_setup           runs `scripts/setup.sh --no-build` when tools_missing
#   build_tree DIR ARGS... configures and builds DIR (relative to the root) with cmake ARGS
#   pid_alive PID          true when PID runs (not a zombie)
#   port_open PORT         true when something listens on 127.0.0.1:PORT
#   print_usage FILE       prints the comment block at the top of FILE

if [[ -n "${HOPTAC_COMMON_SH:-}" ]]; then
  return 0
fi
HOPTAC_COMMON_SH=1

HOPTAC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export HOPTAC_ROOT

# mariadbd and mariadb-install-db live in /usr/sbin, which a non-root PATH may lack.
case ":${PATH}:" in
  *:/usr/sbin:*) ;;
  *) PATH="${PATH}:/usr/sbin:/sbin" ;;
esac
export PATH

HOPTAC_SCRIPT_NAME="${HOPTAC_SCRIPT_NAME:-$(basename "$0" .sh)}"

log() { printf '[%s] %s\n' "${HOPTAC_SCRIPT_NAME}" "$*" >&2; }
warn() { printf '[%s] warning: %s\n' "${HOPTAC_SCRIPT_NAME}" "$*" >&2; }
die() {
  printf '[%s] error: %s\n' "${HOPTAC_SCRIPT_NAME}" "$*" >&2
  exit 1
}

as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root for: $* (run as root or install sudo)"
  fi
}

# Debian's python3-grpcio is visible only to /usr/bin/python3; the python3 on
# PATH may be another interpreter.
python_with_grpc() {
  local candidate
  for candidate in /usr/bin/python3 python3; do
    if command -v "${candidate}" >/dev/null 2>&1 &&
      "${candidate}" -c 'import grpc, google.protobuf' >/dev/null 2>&1; then
      command -v "${candidate}"
      return 0
    fi
  done
  return 1
}

# The Debian packages setup.sh installs (nodejs/npm only when node/npm are absent).
HOPTAC_APT_PACKAGES=(
  build-essential cmake pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  libabsl-dev libmysqlcppconn-dev libicu-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  mariadb-server mariadb-client
  python3-grpcio
  libkainjow-mustache-dev libzip-dev libxlsxwriter-dev libcpp-httplib-dev libjwt-dev libssl-dev openssl
  libreoffice-writer-nogui
)

# Prints the packages of HOPTAC_APT_PACKAGES that are not installed, one a line.
missing_apt_packages() {
  local package status
  declare -A installed=()
  while read -r package status; do
    [[ "${status}" == ii* ]] && installed[${package%%:*}]=1
  done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${HOPTAC_APT_PACKAGES[@]}" 2>/dev/null || true)
  for package in "${HOPTAC_APT_PACKAGES[@]}"; do
    [[ -n "${installed[${package}]:-}" ]] || printf '%s\n' "${package}"
  done
}

# Cheap checks for what setup.sh installs (no apt, no network).
tools_missing() {
  local tool missing
  missing="$(missing_apt_packages)"
  if [[ -n "${missing}" ]]; then
    log "missing packages: $(echo "${missing}" | tr '\n' ' ')"
    return 0
  fi
  for tool in cmake c++ pkg-config protoc grpc_cpp_plugin mariadbd mariadb-install-db \
    mariadb mariadb-admin node npm; do
    if ! command -v "${tool}" >/dev/null 2>&1; then
      log "missing: ${tool}"
      return 0
    fi
  done
  for tool in node_modules/.bin/buf node_modules/kubernetes-models node_modules/yaml; do
    if [[ ! -e "${HOPTAC_ROOT}/${tool}" ]]; then
      log "missing: ${tool}"
      return 0
    fi
  done
  if [[ "${HOPTAC_ROOT}/package-lock.json" -nt "${HOPTAC_ROOT}/node_modules/.package-lock.json" ]]; then
    log "package-lock.json changed since the last npm ci"
    return 0
  fi
  if [[ ! -f /usr/share/grpc-proto/grpc/health/v1/health.proto ]]; then
    log "missing: grpc-proto"
    return 0
  fi
  if ! python_with_grpc >/dev/null; then
    log "missing: python3-grpcio"
    return 0
  fi
  return 1
}

ensure_setup() {
  if tools_missing; then
    log "running scripts/setup.sh --no-build"
    "${HOPTAC_ROOT}/scripts/setup.sh" --no-build
  fi
}

# build_tree DIR [cmake configure args...]
build_tree() {
  local dir="$1" path
  shift
  local jobs="${HOPTAC_BUILD_JOBS:-2}"
  path="${dir}"
  [[ "${path}" == /* ]] || path="${HOPTAC_ROOT}/${dir}"
  log "configuring ${dir} $*"
  cmake -S "${HOPTAC_ROOT}" -B "${path}" "$@" >/dev/null ||
    die "cmake configure of ${dir} failed (rerun: cmake -S . -B ${dir} $*)"
  log "building ${dir} (-j${jobs})"
  cmake --build "${path}" -j"${jobs}" || die "build of ${dir} failed"
}

# True when PID is a running process (not a zombie waiting to be reaped).
pid_alive() {
  local stat
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != Z ]]
}

# True when something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints the comment block at the top of FILE (after the shebang) as its help.
print_usage() {
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$1"
}
