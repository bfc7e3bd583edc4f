#!/usr/bin/env bash
# Make sure the two services the apps and their tests need are answering:
#   - NATS with JetStream  (default 127.0.0.1:4222, or the host:port of NATS_URL)
#   - PostgreSQL           (default 127.0.0.1:5432, or the host:port of DATABASE_URL),
#     accepting its user over TCP without a password, as the default DATABASE_URL does.
#   - Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium), for the web console's browser tests.
# For each: use it if it already answers; else start the installed server; else install Debian's
# package and start it. A NATS started here is secured (operator mode, from material generated in
# .iren/nats, or IREN_NATS_DIR): its credentials are recorded in .iren/nats.env for start.sh and
# test.sh, which source it. Needs node_modules (scripts/install.sh first). Safe to run any number of times.
#
# Overrides: NATS_HOST, NATS_PORT, PG_HOST, PG_PORT, PG_USER (otherwise taken from the URLs),
# PG_CLUSTER (the Debian cluster to start, default main), SETUP_WAIT_SECONDS (default 60).
set -euo pipefail

log() { printf '[setup] %s\n' "$*"; }
die() {
  printf '[setup] ERROR: %s\n' "$*" >&2
  exit 1
}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WAIT_SECONDS=${SETUP_WAIT_SECONDS:-60}

# --- where the services are ----------------------------------------------------------------------

# Prints "user<TAB>password<TAB>host<TAB>port" of the first server in a URL such as
# nats://a:b@host:4222,nats://other:4222 or postgres://user@[::1]:5432/db?sslmode=disable.
# Empty fields are printed as "-".
parse_url() {
  local url=$1 default_port=$2 rest userinfo='' user='' password='' host port
  rest=${url#*://}
  rest=${rest%%,*}
  rest=${rest%%/*}
  rest=${rest%%\?*}
  if [[ $rest == *@* ]]; then
    userinfo=${rest%@*}
    rest=${rest##*@}
    user=${userinfo%%:*}
    [[ $userinfo == *:* ]] && password=${userinfo#*:}
  fi
  if [[ $rest == \[* ]]; then
    host=${rest%%]*}
    host=${host#[}
    port=${rest#*]}
    port=${port#:}
  elif [[ $rest == *:* ]]; then
    host=${rest%%:*}
    port=${rest#*:}
  else
    host=$rest
    port=''
  fi
  # Percent-decode the credentials (p%40ss -> p@ss).
  user=$(printf '%b' "${user//%/\\x}")
  password=$(printf '%b' "${password//%/\\x}")
  printf '%s\t%s\t%s\t%s\n' "${user:--}" "${password:--}" "${host:-127.0.0.1}" "${port:-$default_port}"
}

IFS=$'\t' read -r _ _ url_nats_host url_nats_port <<<"$(parse_url "${NATS_URL:-nats://127.0.0.1:4222}" 4222)"
IFS=$'\t' read -r url_pg_user url_pg_password url_pg_host url_pg_port \
  <<<"$(parse_url "${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/iren}" 5432)"
NATS_HOST=${NATS_HOST:-$url_nats_host}
NATS_PORT=${NATS_PORT:-$url_nats_port}
PG_HOST=${PG_HOST:-$url_pg_host}
PG_PORT=${PG_PORT:-$url_pg_port}
[[ $url_pg_user == - ]] && url_pg_user=postgres
PG_USER=${PG_USER:-$url_pg_user}
PG_PASSWORD=''
PG_CLUSTER=${PG_CLUSTER:-main}
[[ $url_pg_password != - ]] && PG_PASSWORD=$url_pg_password

# host:port, with an IPv6 address in brackets.
host_port() { if [[ $1 == *:* ]]; then printf '[%s]:%s' "$1" "$2"; else printf '%s:%s' "$1" "$2"; fi; }

is_local() {
  case $1 in
    127.* | localhost | ::1) return 0 ;;
    *) return 1 ;;
  esac
}

# --- privileges and packages ---------------------------------------------------------------------

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    log "not root and no sudo: only services that are already running can be used"
  fi
fi

as_root() {
  if [[ $(id -u) -ne 0 && ${#SUDO[@]} -eq 0 ]]; then
    die "need root (or sudo) to run: $*"
  fi
  "${SUDO[@]}" "$@"
}

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "$* not installed and apt-get not available: install it by hand"
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    APT_UPDATED=1
  fi
  log "installing Debian package(s): $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

# Runs "$@" once a second until it succeeds or WAIT_SECONDS pass.
wait_for() {
  local what=$1 deadline=$((SECONDS + WAIT_SECONDS))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
  log "$what answers"
}

# --- NATS ----------------------------------------------------------------------------------------

# The server greets every client with an INFO line: it tells the version and whether JetStream is on.
nats_info() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" && IFS= read -r -t 2 line <&3 && printf "%s\n" "$line"' \
    "$NATS_HOST" "$NATS_PORT" 2>/dev/null
}
nats_answers() { [[ $(nats_info) == 'INFO '* ]]; }

find_nats_server() {
  command -v nats-server 2>/dev/null || { [[ -x /usr/sbin/nats-server ]] && echo /usr/sbin/nats-server; } || true
}

# A NATS server this script starts is always a secured one: operator mode (decentralised
# authentication) from material made in NATS_MATERIAL_DIR by `npm run nats:secure` — the keys once,
# the service users of IREN_NAMESPACE every time. Its JetStream store, resolver, log and pid file
# live there too, so it needs no root and never shares a store with another server.
NATS_MATERIAL_DIR=${IREN_NATS_DIR:-$ROOT/.iren/nats}
NATS_LOG=$NATS_MATERIAL_DIR/nats-server.log
# What start.sh and test.sh source: the credentials of the NATS at NATS_URL, when it requires them.
NATS_ENV_FILE=$ROOT/.iren/nats.env

make_nats_material() {
  log "making the NATS material in $NATS_MATERIAL_DIR (operator, accounts and keys once; service users every time)"
  (cd "$ROOT" && npm run --silent nats:secure -- --dir "$NATS_MATERIAL_DIR" --port "$NATS_PORT" \
    --namespace "${IREN_NAMESPACE:-iren}" --generate-only) >/dev/null
}

start_nats() {
  local bin=$1
  [[ $NATS_HOST == 127.0.0.1 || $NATS_HOST == localhost ]] ||
    die "a NATS started here listens on 127.0.0.1 only, and NATS_URL names $NATS_HOST: use 127.0.0.1"
  make_nats_material
  log "starting $bin -c $NATS_MATERIAL_DIR/nats.conf: operator mode, JetStream in $NATS_MATERIAL_DIR (log: $NATS_LOG)"
  # setsid: the server outlives this script and the terminal that ran it.
  setsid "$bin" -c "$NATS_MATERIAL_DIR/nats.conf" -l "$NATS_LOG" -P "$NATS_MATERIAL_DIR/nats-server.pid" \
    </dev/null >/dev/null 2>&1 &
}

# Debian's package starts its own service as it installs: no authentication, no JetStream. Stop it
# (and keep it from starting at boot) so that the secured server started here takes the port.
stop_debian_service() {
  command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nats-server 2>/dev/null || return 0
  log "stopping and disabling Debian's nats-server service (no authentication): a secured one replaces it"
  as_root systemctl disable --now nats-server
}

# The creds of the NATS at NATS_URL, for start.sh and test.sh: recorded when it requires
# authentication and is the one this machine's material describes, removed otherwise.
record_nats_env() {
  local info=$1 material_env=$NATS_MATERIAL_DIR/nats.env
  mkdir -p "$(dirname "$NATS_ENV_FILE")"
  if [[ $info != *'"auth_required":true'* ]]; then
    rm -f "$NATS_ENV_FILE"
    log "warning: NATS at $NATS_HOST:$NATS_PORT requires no authentication: anyone who reaches it can publish and read as any service or node"
    return 0
  fi
  if [[ -f $material_env ]] && grep -qx "NATS_URL=nats://127.0.0.1:$NATS_PORT" "$material_env" && is_local "$NATS_HOST"; then
    {
      printf '# Written by scripts/setup.sh: the secured NATS at %s:%s; values already set win.\n' "$NATS_HOST" "$NATS_PORT"
      printf 'export NATS_CREDS_DIR=${NATS_CREDS_DIR:-%s}\n' "$NATS_MATERIAL_DIR/creds"
      printf 'export IREN_NATS_DIR=${IREN_NATS_DIR:-%s}\n' "$NATS_MATERIAL_DIR"
    } >"$NATS_ENV_FILE"
    log "NATS requires authentication: the apps use $NATS_MATERIAL_DIR/creds (recorded in ${NATS_ENV_FILE#"$ROOT"/})"
  else
    rm -f "$NATS_ENV_FILE"
    [[ -n ${NATS_CREDS_DIR:-} ]] ||
      log "warning: NATS at $NATS_HOST:$NATS_PORT requires authentication and no credentials are known here: set NATS_CREDS_DIR (and IREN_NATS_DIR for the tests) to its material"
  fi
}

# JetStream must be on for the account the apps use, not only in the server's INFO. On a secured
# server this reads the IREN account's, as the operators' user.
nats_jetstream_account_check() {
  local creds=${1:-}
  [[ -d $ROOT/node_modules/@nats-io/jetstream && -d $ROOT/node_modules/@nats-io/transport-node ]] || return 0
  (cd "$ROOT" && timeout 20 node -e '
    const { readFileSync } = require("node:fs");
    const { connect, credsAuthenticator } = require("@nats-io/transport-node");
    const { jetstreamManager } = require("@nats-io/jetstream");
    (async () => {
      const creds = process.argv[2];
      const auth = creds ? { authenticator: credsAuthenticator(readFileSync(creds)) } : {};
      const nc = await connect({ servers: process.argv[1], timeout: 5000, ...auth });
      try {
        await (await jetstreamManager(nc)).getAccountInfo();
      } finally {
        await nc.close();
      }
    })().catch((e) => { console.error(e.message); process.exit(1); });
  ' "$(host_port "$NATS_HOST" "$NATS_PORT")" "$creds") || die "NATS at $NATS_HOST:$NATS_PORT answers, but its account has no JetStream"
  log "JetStream account info read through @nats-io/jetstream"
}

ensure_nats() {
  local installed_now=0 bin info
  if nats_answers; then
    log "NATS answers at $NATS_HOST:$NATS_PORT"
  elif ! is_local "$NATS_HOST"; then
    wait_for "NATS at $NATS_HOST:$NATS_PORT" nats_answers ||
      die "NATS at $NATS_HOST:$NATS_PORT does not answer, and it is not on this machine, so it cannot be started here"
  else
    bin=$(find_nats_server)
    if [[ -z $bin ]]; then
      apt_install nats-server
      installed_now=1
      bin=$(find_nats_server)
      [[ -n $bin ]] || die "nats-server is still not on PATH after installing it"
    fi
    [[ $installed_now -eq 0 ]] || stop_debian_service
    start_nats "$bin"
    wait_for "NATS at $NATS_HOST:$NATS_PORT" nats_answers ||
      die "NATS did not answer at $NATS_HOST:$NATS_PORT within ${WAIT_SECONDS}s; last log lines:
$(tail -n 20 "$NATS_LOG" 2>/dev/null || true)"
  fi

  info=$(nats_info || true)
  [[ $info == *'"jetstream":true'* ]] ||
    die "NATS at $NATS_HOST:$NATS_PORT answers without JetStream: restart it with -js (or 'jetstream {}' in its config)"
  local version=${info#*\"version\":\"}
  log "NATS ${version%%\"*} has JetStream enabled"
  record_nats_env "$info"
  if [[ $info != *'"auth_required":true'* ]]; then
    nats_jetstream_account_check
  elif [[ -f $NATS_ENV_FILE ]]; then
    nats_jetstream_account_check "$NATS_MATERIAL_DIR/creds/ops.creds"
  else
    log "NATS requires authentication with credentials not known here: skipping the account-level JetStream check"
  fi
}

# --- PostgreSQL ----------------------------------------------------------------------------------

pg_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 3
  else
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$PG_HOST" "$PG_PORT" 2>/dev/null
  fi
}

# Highest installed major version, e.g. 15.
pg_version() { ls /usr/lib/postgresql 2>/dev/null | grep -E '^[0-9]+$' | sort -n | tail -n 1 || true; }

# Runs a query as PG_USER over TCP, never prompting for a password; prints psql's error on failure.
pg_login() {
  PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=5 psql -X -w -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres \
    -Atqc 'select 1' 2>&1 >/dev/null
}

start_postgres() {
  local version=$1 status
  if [[ ! -d /etc/postgresql/$version/$PG_CLUSTER ]]; then
    log "creating PostgreSQL $version cluster '$PG_CLUSTER' on port $PG_PORT"
    as_root pg_createcluster --port "$PG_PORT" "$version" "$PG_CLUSTER"
  fi
  status=$(pg_lsclusters --no-header 2>/dev/null |
    awk -v v="$version" -v c="$PG_CLUSTER" '$1 == v && $2 == c { print $4 " " $3 }')
  if [[ $status == online* ]]; then
    die "PostgreSQL $version/$PG_CLUSTER is running (port ${status#* }) but does not answer at $PG_HOST:$PG_PORT"
  fi
  [[ -z $status || ${status#* } == "$PG_PORT" ]] ||
    log "warning: PostgreSQL $version/$PG_CLUSTER is configured for port ${status#* }, not $PG_PORT"
  log "starting PostgreSQL $version/$PG_CLUSTER"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$PG_CLUSTER" start
}

# A fresh Debian cluster asks for a password (scram) over TCP; the default DATABASE_URL has none.
trust_local_tcp() {
  local version=$1 hba marker='# iren: the apps connect over TCP as postgres without a password (scripts/setup.sh)'
  hba=/etc/postgresql/$version/$PG_CLUSTER/pg_hba.conf
  [[ -n $version && -f $hba ]] || return 1
  if grep -qF "$marker" "$hba"; then
    log "pg_hba.conf already trusts local TCP; reloading"
  else
    log "adding 'host all all 127.0.0.1/32 trust' and '::1/128 trust' at the top of $hba, then reloading"
    local tmp
    tmp=$(mktemp)
    {
      printf '%s\n' "$marker"
      printf 'host all all 127.0.0.1/32 trust\n'
      printf 'host all all ::1/128 trust\n'
      as_root cat "$hba"
    } >"$tmp"
    # cat into the file keeps its owner and mode.
    as_root sh -c 'cat "$1" > "$2"' _ "$tmp" "$hba"
    rm -f "$tmp"
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$PG_CLUSTER" reload
}

ensure_postgres() {
  local version error
  version=$(pg_version)
  if pg_answers; then
    log "PostgreSQL answers at $PG_HOST:$PG_PORT"
  elif ! is_local "$PG_HOST"; then
    wait_for "PostgreSQL at $PG_HOST:$PG_PORT" pg_answers ||
      die "PostgreSQL at $PG_HOST:$PG_PORT does not answer, and it is not on this machine, so it cannot be started here"
  else
    if [[ -z $version ]] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
      apt_install postgresql
      version=$(pg_version)
      [[ -n $version ]] || die "no PostgreSQL server under /usr/lib/postgresql after installing it"
    fi
    # Debian's package starts its cluster as it installs where it can; start it only if it did not.
    pg_answers || start_postgres "$version"
    wait_for "PostgreSQL at $PG_HOST:$PG_PORT" pg_answers ||
      die "PostgreSQL did not answer at $PG_HOST:$PG_PORT within ${WAIT_SECONDS}s (see /var/log/postgresql/)"
  fi

  command -v psql >/dev/null 2>&1 || {
    log "psql not installed: skipping the login check for $PG_USER"
    return 0
  }
  if error=$(pg_login); then
    log "PostgreSQL accepts $PG_USER over TCP at $PG_HOST:$PG_PORT"
    return 0
  fi
  if [[ -z $PG_PASSWORD ]] && is_local "$PG_HOST" && trust_local_tcp "$version"; then
    if error=$(pg_login); then
      log "PostgreSQL accepts $PG_USER over TCP at $PG_HOST:$PG_PORT"
      return 0
    fi
  fi
  die "PostgreSQL at $PG_HOST:$PG_PORT refuses $PG_USER: $error"
}

# --- Chromium, for the web console's browser tests (test/console, playwright-core) ----------------

ensure_chromium() {
  local chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
  if [[ -x $chromium ]]; then
    log "Chromium at $chromium"
    return 0
  fi
  apt_install chromium
  [[ -x $chromium ]] || die "no Chromium at $chromium after installing Debian's chromium (set CHROMIUM_PATH)"
}

ensure_nats
ensure_postgres
ensure_chromium
log "ready: NATS nats://$NATS_HOST:$NATS_PORT, PostgreSQL $PG_USER@$PG_HOST:$PG_PORT"
