#!/usr/bin/env bash
# Project-owned Dovecot for development, integration tests and benchmarks.
#
#   scripts/mail-server.sh start | stop | restart | reset | status
#   scripts/mail-server.sh add-user ADDRESS
#   scripts/mail-server.sh uid-validity ADDRESS [FOLDER]
#
# It runs its own Dovecot instance (own generated config, base_dir, state_dir,
# passwd-files, Maildirs and log under the git-ignored .var/mail-server/) and never
# touches or depends on a system-wide Dovecot that Debian's package may have
# started on port 143. IMAP (plain, no TLS) and LMTP listen on loopback only.
#
# Environment:
#   MAIL_SERVER_IMAP_PORT      IMAP port (default 1143)
#   MAIL_SERVER_LMTP_PORT      LMTP port (default 2424)
#   MAIL_SERVER_PASSWORD       password of every account (default "mesa-dev-password":
#                              a local, loopback-only development default, not a secret)
#   MAIL_SERVER_DIR            data directory (default <repo>/.var/mail-server)
#   MAIL_SERVER_MAIL_USER      system user owning the Maildirs when run as root (default dovecot)
#   MAIL_SERVER_START_TIMEOUT  seconds to wait for IMAP and LMTP to answer (default 30)
#
# Dovecot is installed from Debian's packages (dovecot-imapd, dovecot-lmtpd) when missing.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"

HOST=127.0.0.1
IMAP_PORT="${MAIL_SERVER_IMAP_PORT:-1143}"
LMTP_PORT="${MAIL_SERVER_LMTP_PORT:-2424}"
PASSWORD="${MAIL_SERVER_PASSWORD:-mesa-dev-password}"
START_TIMEOUT="${MAIL_SERVER_START_TIMEOUT:-30}"
DEFAULT_ACCOUNTS=(kpt@dnp.gov.co planeacionterritorial@dnp.gov.co)
POSTMASTER=postmaster@dnp.gov.co

DOVECOT_BIN=/usr/sbin/dovecot
DOVEADM_BIN=/usr/bin/doveadm
DOVECONF_BIN=/usr/bin/doveconf
DOVECOT_LIBEXEC=/usr/lib/dovecot
PACKAGES=(dovecot-imapd dovecot-lmtpd)

DEFAULT_DATA_DIR="$ROOT/.var/mail-server"
LOCK_FILE="$ROOT/.var/mail-server.lock"

say() { printf 'mail-server: %s\n' "$*"; }
warn() { printf 'mail-server: %s\n' "$*" >&2; }
die() {
  warn "error: $*"
  exit 1
}

usage() {
  cat >&2 <<'EOF'
Uso: scripts/mail-server.sh COMANDO
  start                         inicia el Dovecot del proyecto (instala Dovecot si falta)
  stop                          lo detiene
  restart                       stop + start
  reset                         lo detiene, borra correo, cuentas de prueba y estado, y lo inicia
  status                        muestra si está en marcha (código 0) o detenido (código 3)
  add-user DIRECCIÓN            crea una cuenta con la contraseña común (MAIL_SERVER_PASSWORD)
  uid-validity DIRECCIÓN [CARPETA]
                                cambia el UIDVALIDITY de la carpeta (INBOX por omisión)
EOF
}

valid_port() { [[ $1 =~ ^[0-9]+$ ]] && ((10#$1 >= 1 && 10#$1 <= 65535)); }
valid_port "$IMAP_PORT" || die "MAIL_SERVER_IMAP_PORT=\"$IMAP_PORT\" no es un puerto válido (1-65535)"
valid_port "$LMTP_PORT" || die "MAIL_SERVER_LMTP_PORT=\"$LMTP_PORT\" no es un puerto válido (1-65535)"
[[ $IMAP_PORT != "$LMTP_PORT" ]] || die "MAIL_SERVER_IMAP_PORT y MAIL_SERVER_LMTP_PORT deben ser distintos"
[[ $START_TIMEOUT =~ ^[0-9]+$ ]] || die "MAIL_SERVER_START_TIMEOUT=\"$START_TIMEOUT\" debe ser un número de segundos"
[[ -n $PASSWORD && $PASSWORD != *:* && $PASSWORD != *$'\n'* ]] ||
  die "MAIL_SERVER_PASSWORD no puede estar vacía ni contener ':' o saltos de línea"

# ---------------------------------------------------------------- installation

have_dovecot() {
  [[ -x $DOVECOT_BIN && -x $DOVEADM_BIN && -x $DOVECONF_BIN && -x $DOVECOT_LIBEXEC/imap && -x $DOVECOT_LIBEXEC/lmtp ]]
}

ensure_installed() {
  have_dovecot && return 0
  warn "Dovecot no está instalado: instalando ${PACKAGES[*]} desde los paquetes de Debian…"
  local -a sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "hace falta ser root (o tener sudo) para instalar ${PACKAGES[*]}"
    sudo=(sudo)
  fi
  command -v apt-get >/dev/null 2>&1 || die "no hay apt-get: instale a mano ${PACKAGES[*]} (Dovecot 2.3)"
  # A failing third-party source makes `update` exit non-zero while Debian's own
  # lists are fine: go on and let the install decide.
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update ||
    warn "apt-get update terminó con errores; se intenta instalar igualmente"
  # Debian's postinst may try to start a system-wide Dovecot on port 143; ours
  # uses its own config, base_dir and ports, so it neither needs nor collides
  # with it. If only that start fails, apt-get exits non-zero with the binaries
  # in place, which is all we need.
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${PACKAGES[@]}"; then
    have_dovecot || die "falló la instalación de ${PACKAGES[*]}"
    warn "apt-get terminó con errores (¿al arrancar el Dovecot del sistema?), pero Dovecot quedó instalado; se continúa"
  fi
  have_dovecot || die "tras instalar ${PACKAGES[*]} siguen faltando $DOVECOT_BIN, $DOVEADM_BIN, $DOVECONF_BIN o $DOVECOT_LIBEXEC/{imap,lmtp}"
}

# ---------------------------------------------------------------- users and paths

# Dovecot refuses mail access as uid 0, so as root the Maildirs belong to an
# unprivileged system user (the package's own `dovecot` user by default) and the
# internal/login users are the package's `dovecot` and `dovenull`. Without root
# every process runs as the invoking user, which Dovecot supports when chroots
# are disabled.
resolve_users() {
  if [[ $(id -u) -eq 0 ]]; then
    RUN_AS_ROOT=1
    MAIL_USER="${MAIL_SERVER_MAIL_USER:-dovecot}"
    INTERNAL_USER=dovecot
    LOGIN_USER=dovenull
    id -u "$MAIL_USER" >/dev/null 2>&1 || die "no existe el usuario del sistema \"$MAIL_USER\" (MAIL_SERVER_MAIL_USER)"
    id -u "$LOGIN_USER" >/dev/null 2>&1 || die "no existe el usuario del sistema \"$LOGIN_USER\" (lo crea el paquete dovecot-core)"
  else
    RUN_AS_ROOT=0
    MAIL_USER="$(id -un)"
    INTERNAL_USER="$MAIL_USER"
    LOGIN_USER="$MAIL_USER"
  fi
  id -u "$INTERNAL_USER" >/dev/null 2>&1 || die "no existe el usuario del sistema \"$INTERNAL_USER\" (lo crea el paquete dovecot-core)"
  MAIL_UID="$(id -u "$MAIL_USER")"
  MAIL_GID="$(id -g "$MAIL_USER")"
  INTERNAL_GROUP="$(id -gn "$INTERNAL_USER")"
  [[ $MAIL_UID -ne 0 ]] || die "el usuario del correo no puede ser root (MAIL_SERVER_MAIL_USER)"
}

# True when USER can reach DIR: the auth and mail processes drop to unprivileged
# users and must traverse every ancestor of the data directory.
can_traverse() {
  local user="$1" dir="$2"
  [[ $RUN_AS_ROOT -eq 0 || $user == root ]] && return 0
  runuser -u "$user" -- test -x "$dir" 2>/dev/null
}

# Picks the data directory. The default lives in the repo; it is moved to /var/tmp
# when the path is too long for Dovecot's unix sockets (108 bytes including names
# like login/imap-urlauth), contains characters the config would need quoted, or
# sits below a directory the unprivileged users cannot enter (e.g. /root).
resolve_data_dir() {
  local dir="${MAIL_SERVER_DIR:-$DEFAULT_DATA_DIR}" reason=""
  if [[ ! $dir =~ ^/[A-Za-z0-9_./+-]+$ ]]; then
    reason="la ruta contiene caracteres no admitidos"
  elif ((${#dir} > 64)); then
    reason="la ruta es demasiado larga para los sockets de Dovecot"
  else
    mkdir -p "$dir"
    chmod 0755 "$dir"
    if ! can_traverse "$MAIL_USER" "$dir" || ! can_traverse "$INTERNAL_USER" "$dir"; then
      reason="los usuarios $MAIL_USER/$INTERNAL_USER no pueden entrar en ella"
    fi
  fi
  if [[ -n $reason ]]; then
    [[ -z ${MAIL_SERVER_DIR:-} ]] || die "MAIL_SERVER_DIR=$dir no sirve: $reason"
    local hash
    hash="$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
    dir="/var/tmp/mesa-mail-server-$hash"
    DATA_DIR_NOTE="(en $dir: $reason)"
    mkdir -p "$dir"
    chmod 0755 "$dir"
  else
    DATA_DIR_NOTE=""
  fi
  DATA_DIR="$dir"
  CONF="$DATA_DIR/dovecot.conf"
  USERS_DIR="$DATA_DIR/users"
  MAIL_DIR="$DATA_DIR/mail"
  RUN_DIR="$DATA_DIR/run"
  STATE_DIR="$DATA_DIR/state"
  LOG_DIR="$DATA_DIR/log"
  LOG_FILE="$LOG_DIR/dovecot.log"
  PID_FILE="$RUN_DIR/master.pid"
}

prepare_dirs() {
  mkdir -p "$MAIL_DIR" "$STATE_DIR" "$LOG_DIR"
  if [[ $RUN_AS_ROOT -eq 1 ]]; then
    chown "$MAIL_UID:$MAIL_GID" "$MAIL_DIR"
    chmod 0750 "$MAIL_DIR"
  fi
}

display_dir() {
  local dir="$1"
  if [[ $dir == "$ROOT"/* ]]; then printf '%s' "${dir#"$ROOT"/}"; else printf '%s' "$dir"; fi
}

# ---------------------------------------------------------------- configuration

generate_config() {
  local chroot_overrides=""
  if [[ $RUN_AS_ROOT -eq 0 ]]; then
    # chroot(2) needs root; without it the login and anvil processes run unconfined.
    chroot_overrides=$'service anvil {\n  chroot =\n}\nservice imap-login {\n  chroot =\n}\n'
  fi
  cat <<EOF
# Generated by scripts/mail-server.sh on every start: edits here are overwritten.
# Local development and test mail server of Mesa de Ayuda; loopback only, no TLS.
instance_name = mesa-mail-server
base_dir = $RUN_DIR
state_dir = $STATE_DIR
protocols = imap lmtp
listen = $HOST
log_path = $LOG_FILE
info_log_path = $LOG_FILE
verbose_proctitle = yes

default_internal_user = $INTERNAL_USER
default_internal_group = $INTERNAL_GROUP
default_login_user = $LOGIN_USER
first_valid_uid = $MAIL_UID
last_valid_uid = $MAIL_UID
first_valid_gid = $MAIL_GID
last_valid_gid = $MAIL_GID

# Plain IMAP on loopback: plaintext authentication is allowed on purpose.
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests log in thousands of times; skip re-hashing, but never cache unknown users
# because tests create accounts on the fly.
auth_cache_size = 4M
auth_cache_negative_ttl = 0

# One passwd-file per account: Dovecot re-checks a passwd-file at most once per
# second, so an account appended to a shared file could stay invisible for up to
# a second after add-user; a new file is read on its first lookup. Usernames
# cannot contain '/' (auth_username_chars), so %Lu is a safe file name.
passdb {
  driver = passwd-file
  args = scheme=SHA512-CRYPT username_format=%Lu $USERS_DIR/%Lu
}
userdb {
  driver = passwd-file
  args = username_format=%Lu $USERS_DIR/%Lu
  default_fields = uid=$MAIL_UID gid=$MAIL_GID home=$MAIL_DIR/%Ld/%Ln
}

mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
# Throwaway data: durability is not worth the fsync cost in benchmarks.
mail_fsync = never
# Only Dovecot (IMAP, LMTP, doveadm) writes these Maildirs, so it need not rescan
# cur/ and new/ on every sync; without this, appends slow down as folders grow.
maildir_very_dirty_syncs = yes
# IDLE: inotify reports new mail at once; this is only the fall-back re-check.
mailbox_idle_check_interval = 1 secs
imap_idle_notify_interval = 1 mins

# Tests open many connections per account from 127.0.0.1.
mail_max_userip_connections = 1000
default_process_limit = 1000
default_client_limit = 2000
default_vsz_limit = 1G

service imap-login {
  inet_listener imap {
    address = $HOST
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
  # High-performance mode: few long-lived login processes serve all clients.
  service_count = 0
  process_min_avail = 2
  process_limit = 8
  client_limit = 1000
}
service imap {
  process_limit = 1000
}
service lmtp {
  inet_listener lmtp {
    address = $HOST
    port = $LMTP_PORT
  }
  process_limit = 50
}
service auth {
  client_limit = 2000
}
service anvil {
  client_limit = 2000
}
${chroot_overrides}
protocol lmtp {
  postmaster_address = $POSTMASTER
}
EOF
}

# Writes the config; returns 0 when it changed.
write_config() {
  local tmp="$CONF.tmp.$$"
  generate_config >"$tmp"
  if [[ -f $CONF ]] && cmp -s "$tmp" "$CONF"; then
    rm -f "$tmp"
    return 1
  fi
  mv -f "$tmp" "$CONF"
  return 0
}

password_hash() {
  "$DOVEADM_BIN" -c "$CONF" pw -s SHA512-CRYPT -p "$PASSWORD" || die "no se pudo calcular el hash de la contraseña"
}

account_file() { printf '%s/%s' "$USERS_DIR" "$1"; }

current_hash() {
  local file
  file="$(account_file "${DEFAULT_ACCOUNTS[0]}")"
  [[ -s $file ]] || return 1
  head -n 1 "$file" | cut -d: -f2
}

# Writes an account's passwd-file atomically (write then rename) so the auth
# process never reads a half-written file.
write_account() {
  local address="$1" hash="$2" file tmp
  file="$(account_file "$address")"
  tmp="$USERS_DIR/.tmp.$$.$address"
  (
    umask 027
    printf '%s:%s::::::\n' "$address" "$hash" >"$tmp"
  )
  if [[ $RUN_AS_ROOT -eq 1 ]]; then
    chown "root:$INTERNAL_GROUP" "$tmp"
  fi
  chmod 0640 "$tmp"
  mv -f "$tmp" "$file"
}

# Makes sure the default accounts exist and every account uses the current
# MAIL_SERVER_PASSWORD (all accounts share it).
ensure_accounts() {
  mkdir -p "$USERS_DIR"
  if [[ $RUN_AS_ROOT -eq 1 ]]; then
    chown "root:$INTERNAL_GROUP" "$USERS_DIR"
  fi
  chmod 0750 "$USERS_DIR"
  local hash address file
  hash="$(current_hash || true)"
  if [[ -n $hash ]] && "$DOVEADM_BIN" -c "$CONF" pw -t "$hash" -p "$PASSWORD" >/dev/null 2>&1; then
    for address in "${DEFAULT_ACCOUNTS[@]}"; do
      [[ -s $(account_file "$address") ]] || write_account "$address" "$hash"
    done
    return 0
  fi
  # First start, or MAIL_SERVER_PASSWORD changed: (re)write every account.
  hash="$(password_hash)"
  for address in "${DEFAULT_ACCOUNTS[@]}"; do
    write_account "$address" "$hash"
  done
  for file in "$USERS_DIR"/*@*; do
    [[ -f $file ]] || continue
    address="${file##*/}"
    write_account "$address" "$hash"
  done
}

normalize_address() {
  local address
  address="$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')"
  # Only what Dovecot accepts in usernames (auth_username_chars).
  [[ $address =~ ^[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$ ]] ||
    die "\"$1\" no es una dirección de correo válida"
  printf '%s' "$address"
}

# ---------------------------------------------------------------- process control

# PID of our master: from its pid file, or (if that was lost) the process started
# with exactly our config path. Never matches a system-wide Dovecot.
master_pid() {
  local pid
  if [[ -s $PID_FILE ]]; then
    pid="$(<"$PID_FILE")"
    if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && is_our_master "$pid"; then
      printf '%s' "$pid"
      return 0
    fi
  fi
  local proc
  for proc in /proc/[0-9]*; do
    pid="${proc#/proc/}"
    is_our_master "$pid" && {
      printf '%s' "$pid"
      return 0
    }
  done
  return 1
}

# Reads /proc with builtins only: this runs for every process when the pid file is gone.
is_our_master() {
  local -a args=()
  mapfile -d '' -t args 2>/dev/null <"/proc/$1/cmdline" || return 1
  [[ ${#args[@]} -eq 3 && ${args[0]} == "$DOVECOT_BIN" && ${args[1]} == -c && ${args[2]} == "$CONF" ]]
}

# Connects to PORT, checks the greeting starts with PREFIX and says GOODBYE.
probe() {
  local port="$1" prefix="$2" goodbye="$3"
  # shellcheck disable=SC2016 # expanded by the inner bash, from its arguments
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    IFS= read -r -t 2 line <&3 || exit 1
    printf "%s\r\n" "$3" >&3 2>/dev/null || true
    [[ $line == "$2"* ]]' "$HOST" "$port" "$prefix" "$goodbye" 2>/dev/null
}

port_open() {
  # shellcheck disable=SC2016 # expanded by the inner bash, from its arguments
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$1" 2>/dev/null
}

imap_ready() { probe "$IMAP_PORT" '* OK' 'a LOGOUT'; }
lmtp_ready() { probe "$LMTP_PORT" '220 ' 'QUIT'; }

show_log_tail() {
  if [[ -s $LOG_FILE ]]; then
    warn "últimas líneas de $(display_dir "$LOG_FILE"):"
    tail -n 25 "$LOG_FILE" | sed 's/^/    /' >&2
  fi
}

status_line() {
  local pid="$1"
  say "en marcha (pid $pid): IMAP $HOST:$IMAP_PORT, LMTP $HOST:$LMTP_PORT, datos $(display_dir "$DATA_DIR")${DATA_DIR_NOTE:+ $DATA_DIR_NOTE}"
}

stop_server() {
  local pid
  pid="$(master_pid)" || {
    rm -f "$PID_FILE"
    return 0
  }
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "Dovecot (pid $pid) no terminó en 15 s: se fuerza su cierre"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
  rm -f "$PID_FILE"
  # The listeners close with the master; wait briefly so a following start can bind.
  for ((i = 0; i < 50; i++)); do
    port_open "$IMAP_PORT" || port_open "$LMTP_PORT" || break
    sleep 0.1
  done
  return 0
}

rotate_log() {
  if [[ -f $LOG_FILE ]] && (($(stat -c %s "$LOG_FILE") > 20 * 1024 * 1024)); then
    mv -f "$LOG_FILE" "$LOG_FILE.1"
  fi
}

start_server() {
  local port
  for port in "$IMAP_PORT" "$LMTP_PORT"; do
    if port_open "$port"; then
      die "el puerto $HOST:$port ya está en uso por otro proceso; libérelo o cambie MAIL_SERVER_IMAP_PORT / MAIL_SERVER_LMTP_PORT"
    fi
  done
  rotate_log
  # Up to a few thousand concurrent clients need as many descriptors; Dovecot
  # only warns when the soft limit is lower, then fails under load.
  local hard
  hard="$(ulimit -Hn)"
  [[ $hard == unlimited ]] && hard=65536
  ((hard > 65536)) && hard=65536
  ulimit -n "$hard" 2>/dev/null || true
  # Into a file, not a pipe: the daemonized children inherit the descriptors, so
  # a command substitution would wait for them forever.
  local output="$LOG_DIR/start-output.txt"
  # 9>&-: the daemon must not inherit (and hold forever) our lock descriptor.
  if ! "$DOVECOT_BIN" -c "$CONF" >"$output" 2>&1 </dev/null 9>&-; then
    warn "Dovecot no arrancó:"
    sed 's/^/    /' "$output" >&2
    show_log_tail
    exit 1
  fi
  local deadline=$((SECONDS + START_TIMEOUT)) pid=""
  while ((SECONDS <= deadline)); do
    pid="$(master_pid)" || {
      warn "error: Dovecot terminó nada más arrancar"
      show_log_tail
      exit 1
    }
    if imap_ready && lmtp_ready; then
      return 0
    fi
    sleep 0.2
  done
  warn "error: IMAP ($HOST:$IMAP_PORT) o LMTP ($HOST:$LMTP_PORT) no respondieron en ${START_TIMEOUT} s"
  show_log_tail
  # Leave nothing half-working behind: the next start begins from scratch.
  stop_server
  exit 1
}

with_lock() {
  mkdir -p "$(dirname "$LOCK_FILE")"
  exec 9>"$LOCK_FILE"
  flock -w 300 9 || die "otro mail-server.sh lleva más de 5 min con el cerrojo $LOCK_FILE"
}

# Install, pick paths, write config and accounts: everything but starting.
prepare() {
  ensure_installed
  resolve_users
  resolve_data_dir
  prepare_dirs
  CONFIG_CHANGED=0
  if write_config; then CONFIG_CHANGED=1; fi
  local problems
  problems="$("$DOVECONF_BIN" -c "$CONF" -n 2>&1 >/dev/null)" ||
    die "la configuración generada $(display_dir "$CONF") no es válida: $problems"
  ensure_accounts
}

# ---------------------------------------------------------------- commands

cmd_start() {
  prepare
  local pid
  if pid="$(master_pid)"; then
    if [[ $CONFIG_CHANGED -eq 0 ]] && imap_ready && lmtp_ready; then
      status_line "$pid"
      return 0
    fi
    if [[ $CONFIG_CHANGED -eq 1 ]]; then
      say "la configuración cambió: reiniciando"
    else
      say "Dovecot (pid $pid) no responde: reiniciando"
    fi
    stop_server
  fi
  start_server
  status_line "$(master_pid)"
}

cmd_stop() {
  resolve_users_quiet
  local pid
  if pid="$(master_pid)"; then
    stop_server
    say "detenido (era el pid $pid)"
  else
    rm -f "$PID_FILE"
    say "ya estaba detenido"
  fi
}

# stop and status must work even when Dovecot is not installed.
resolve_users_quiet() {
  if have_dovecot; then
    resolve_users
    resolve_data_dir
  else
    RUN_AS_ROOT=0
    MAIL_USER="$(id -un)"
    INTERNAL_USER="$MAIL_USER"
    resolve_data_dir
  fi
}

cmd_status() {
  resolve_users_quiet
  local pid
  if ! pid="$(master_pid)"; then
    say "detenido (datos $(display_dir "$DATA_DIR"))"
    return 3
  fi
  local imap=no lmtp=no
  imap_ready && imap=sí
  lmtp_ready && lmtp=sí
  if [[ $imap == sí && $lmtp == sí ]]; then
    status_line "$pid"
    return 0
  fi
  say "proceso en marcha (pid $pid) pero IMAP responde: $imap, LMTP responde: $lmtp"
  show_log_tail
  return 1
}

cmd_reset() {
  resolve_users_quiet
  stop_server
  # Only the named children of the data directory: never a computed parent.
  rm -rf -- "${DATA_DIR:?}/mail" "${DATA_DIR:?}/state" "${DATA_DIR:?}/run" "${DATA_DIR:?}/log" \
    "${DATA_DIR:?}/users" "${DATA_DIR:?}/dovecot.conf"
  say "correo, cuentas de prueba y estado borrados"
  cmd_start
}

cmd_add_user() {
  local address
  address="$(normalize_address "$1")"
  prepare
  if [[ -s $(account_file "$address") ]]; then
    say "la cuenta $address ya existía"
    return 0
  fi
  write_account "$address" "$(current_hash)"
  say "cuenta creada: $address"
}

cmd_uid_validity() {
  local address folder="${2:-INBOX}"
  address="$(normalize_address "$1")"
  cmd_start >/dev/null
  local status current next now
  status="$("$DOVEADM_BIN" -c "$CONF" mailbox status -u "$address" uidvalidity "$folder" 2>&1)" ||
    die "no se pudo leer el UIDVALIDITY de $address/$folder: $status"
  current="$(sed -n 's/.*uidvalidity=\([0-9][0-9]*\).*/\1/p' <<<"$status")"
  [[ -n $current ]] || die "respuesta inesperada de doveadm: $status"
  # Dovecot uses the creation time as UIDVALIDITY; keep that shape and always move forward.
  now="$(date +%s)"
  next=$((current + 1 > now ? current + 1 : now))
  ((next <= 4294967295)) || next=1
  local output
  output="$("$DOVEADM_BIN" -c "$CONF" mailbox update --uid-validity "$next" -u "$address" "$folder" 2>&1)" ||
    die "doveadm no pudo cambiar el UIDVALIDITY de $address/$folder: $output"
  warn "UIDVALIDITY de $address/$folder: $current -> $next"
  # stdout carries only the new value, for scripts and test helpers.
  printf '%s\n' "$next"
}

main() {
  local command="${1:-}"
  [[ -n $command ]] || {
    usage
    exit 2
  }
  shift
  case "$command" in
  start | stop | restart | reset | status)
    [[ $# -eq 0 ]] || {
      usage
      exit 2
    }
    ;;
  add-user)
    [[ $# -eq 1 ]] || {
      usage
      exit 2
    }
    ;;
  uid-validity)
    [[ $# -ge 1 && $# -le 2 ]] || {
      usage
      exit 2
    }
    ;;
  -h | --help | help)
    usage
    exit 0
    ;;
  *)
    warn "comando desconocido: $command"
    usage
    exit 2
    ;;
  esac
  # status only reads; everything else is serialized so parallel test workers
  # cannot start two instances or lose each other's add-user.
  [[ $command == status ]] || with_lock
  case "$command" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart)
    cmd_stop
    cmd_start
    ;;
  reset) cmd_reset ;;
  status) cmd_status ;;
  add-user) cmd_add_user "$1" ;;
  uid-validity) cmd_uid_validity "$@" ;;
  esac
}

main "$@"
