#!/usr/bin/env bash
# Installs everything hoptac needs on Debian 12 and builds it.
#   scripts/setup.sh             apt packages, npm tools (buf, Kubernetes schemas), then a Release build in build/
#   scripts/setup.sh --no-build  the same without the build
# Idempotent and quick when everything is already there: apt is only called for
# missing packages, and `apt-get update` only when the package lists are empty
# or an install fails.
set -euo pipefail
HOPTAC_SCRIPT_NAME=setup
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  print_usage "${BASH_SOURCE[0]}"
}

build=1
for arg in "$@"; do
  case "${arg}" in
    --no-build) build=0 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) die "unknown argument: ${arg} (try --help)" ;;
  esac
done

missing=()
while read -r package; do
  [[ -n "${package}" ]] && missing+=("${package}")
done < <(missing_apt_packages)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

apt_lists_empty() {
  ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null
}

apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

if ((${#missing[@]} == 0)); then
  log "apt packages: all ${#HOPTAC_APT_PACKAGES[@]} present"
else
  log "apt packages: installing ${missing[*]}"
  if apt_lists_empty; then
    log "apt package lists are empty: apt-get update"
    as_root apt-get update -q
  fi
  if ! apt_install "${missing[@]}"; then
    log "install failed: apt-get update and retry"
    as_root apt-get update -q
    apt_install "${missing[@]}"
  fi
fi

# buf (proto linter) and the Kubernetes schema models from npm, pinned in
# package-lock.json. Skipped when
# node_modules is already up to date with the lock file.
cd "${HOPTAC_ROOT}"
hidden_lock=node_modules/.package-lock.json
if [[ -x node_modules/.bin/buf && -f "${hidden_lock}" && ! package-lock.json -nt "${hidden_lock}" &&
  ! package.json -nt "${hidden_lock}" ]]; then
  log "npm tools: up to date"
else
  if [[ -f package-lock.json ]]; then
    log "npm tools: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  else
    log "npm tools: npm install (no package-lock.json)"
    npm install --no-audit --no-fund --loglevel=error
  fi
fi
log "buf $(node_modules/.bin/buf --version)"

if ((build)); then
  build_tree "${HOPTAC_BUILD_DIR:-build}" -DCMAKE_BUILD_TYPE=Release
  log "built ${HOPTAC_BUILD_DIR:-build}/"
fi
log "done"
