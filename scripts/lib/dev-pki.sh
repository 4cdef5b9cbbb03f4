#!/usr/bin/env bash
# shellcheck shell=bash
# A throw-away public-key infrastructure for tests and local runs, made with
# openssl: a CA, one certificate per service (mutual TLS between services)
# and a key pair that signs bearer tokens. Never for production: there the
# certificates come from cert-manager and the token keys from the identity
# provider (docs/deploy.md).
#
#   scripts/lib/dev-pki.sh DIR [NAME...]   (or: source it and call dev_pki DIR [NAME...])
#
# Writes into DIR (created, mode 700):
#   ca.crt, ca.key                    the CA (10 days)
#   NAME.crt, NAME.key                for each NAME (default: registry subsidy outreach
#                                     report gateway client), valid for localhost,
#                                     127.0.0.1, NAME, hoptac-NAME and
#                                     NAME.hoptac.svc.cluster.local; usable as server
#                                     and as client certificate
#   token-signing.key, token-signing.pub   an EC P-256 pair for ES256 bearer tokens
# Files already there are kept, so a second call is quick and changes nothing;
# but certificates that expire within a day are made again (all of them when
# it is the CA's turn), so that a .run/ kept for weeks keeps working.

dev_pki() {
  local dir="$1"
  shift
  local names=("$@")
  if ((${#names[@]} == 0)); then
    names=(registry subsidy outreach report gateway client)
  fi
  mkdir -p "${dir}"
  chmod 700 "${dir}"
  (
    set -euo pipefail
    cd "${dir}"
    umask 077
    # A day of validity left at least; otherwise made again below.
    fresh() { openssl x509 -checkend 86400 -noout -in "$1" >/dev/null 2>&1; }
    if [[ -s ca.crt ]] && ! fresh ca.crt; then
      rm -f ca.crt ca.key ca.srl ./*.crt  # every certificate the old CA signed
    fi
    if [[ ! -s ca.crt || ! -s ca.key ]]; then
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 10 \
        -subj "/O=hoptac development/CN=hoptac development CA" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout ca.key -out ca.crt 2>/dev/null
    fi
    local name
    for name in "${names[@]}"; do
      [[ -s "${name}.crt" && -s "${name}.key" ]] && fresh "${name}.crt" && continue
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -subj "/O=hoptac development/CN=${name}" \
        -keyout "${name}.key" -out "${name}.csr" 2>/dev/null
      printf '%s\n' \
        "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage=serverAuth,clientAuth" \
        "subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:${name},DNS:hoptac-${name},DNS:${name}.hoptac.svc.cluster.local" \
        >"${name}.ext"
      openssl x509 -req -in "${name}.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
        -days 10 -extfile "${name}.ext" -out "${name}.crt" 2>/dev/null
      rm -f "${name}.csr" "${name}.ext"
    done
    if [[ ! -s token-signing.key || ! -s token-signing.pub ]]; then
      openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out token-signing.key
      openssl pkey -in token-signing.key -pubout -out token-signing.pub
    fi
  )
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  if (($# < 1)); then
    sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
  fi
  dev_pki "$@"
fi
