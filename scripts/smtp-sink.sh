#!/usr/bin/env bash
# Project-owned SMTP receiver ("sink") for development and tests.
#
#   scripts/smtp-sink.sh start | stop | restart | reset | status
#
# Runs scripts/smtp-sink.ts (nodemailer's smtp-server) in the background on
# loopback. It delivers nothing: every accepted message is stored as a .eml file
# plus a .json envelope under the git-ignored .var/smtp-sink/messages/, where
# test/support/smtp-sink.ts reads them. Plain SMTP, no TLS; AUTH is optional.
#
# Environment:
#   SMTP_SINK_PORT           SMTP port (default 2525)
#   SMTP_SINK_DIR            data directory (default <repo>/.var/smtp-sink)
#   SMTP_SINK_START_TIMEOUT  seconds to wait for the port to answer (default 30)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"

HOST=127.0.0.1
PORT="${SMTP_SINK_PORT:-2525}"
START_TIMEOUT="${SMTP_SINK_START_TIMEOUT:-30}"
DATA_DIR="${SMTP_SINK_DIR:-$ROOT/.var/smtp-sink}"

SOURCE="$SCRIPT_DIR/smtp-sink.ts"
COMPILED="$SCRIPT_DIR/smtp-sink.js"

say() { printf 'smtp-sink: %s\n' "$*"; }
warn() { printf 'smtp-sink: %s\n' "$*" >&2; }
die() {
  warn "error: $*"
  exit 1
}

usage() {
  cat >&2 <<'EOF'
Uso: scripts/smtp-sink.sh COMANDO
  start     inicia el receptor SMTP del proyecto (no hace nada si ya está en marcha)
  stop      lo detiene
  restart   stop + start
  reset     lo detiene, borra los mensajes guardados y el estado, y lo inicia
  status    muestra si está en marcha (código 0) o detenido (código 3)
EOF
}

valid_port() { [[ $1 =~ ^[0-9]+$ ]] && ((10#$1 >= 1 && 10#$1 <= 65535)); }
valid_port "$PORT" || die "SMTP_SINK_PORT=\"$PORT\" no es un puerto válido (1-65535)"
[[ $START_TIMEOUT =~ ^[0-9]+$ ]] || die "SMTP_SINK_START_TIMEOUT=\"$START_TIMEOUT\" debe ser un número de segundos"
[[ $DATA_DIR == /* ]] || DATA_DIR="$PWD/$DATA_DIR"

MESSAGES_DIR="$DATA_DIR/messages"
TMP_DIR="$DATA_DIR/tmp"
STATE_FILE="$DATA_DIR/state.json"
PID_FILE="$DATA_DIR/smtp-sink.pid"
# Port the running sink was started with: one data directory, one sink.
PORT_FILE="$DATA_DIR/smtp-sink.port"
LOG_FILE="$DATA_DIR/smtp-sink.log"
LOCK_FILE="$DATA_DIR/smtp-sink.lock"

display_dir() {
  local dir="$1"
  if [[ $dir == "$ROOT"/* ]]; then printf '%s' "${dir#"$ROOT"/}"; else printf '%s' "$dir"; fi
}

# ---------------------------------------------------------------- process control

# True when PID runs our sink script (guards against a reused pid).
is_our_sink() {
  local -a args=()
  mapfile -d '' -t args 2>/dev/null <"/proc/$1/cmdline" || return 1
  local arg
  for arg in "${args[@]}"; do
    [[ $arg == "$SOURCE" || $arg == "$COMPILED" ]] && return 0
  done
  return 1
}

# PID of the running sink, from the pid file it writes once it listens.
sink_pid() {
  local pid
  [[ -s $PID_FILE ]] || return 1
  pid="$(<"$PID_FILE")"
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && is_our_sink "$pid" || return 1
  printf '%s' "$pid"
}

port_open() {
  # shellcheck disable=SC2016 # expanded by the inner bash, from its arguments
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$PORT" 2>/dev/null
}

running_port() {
  local port=""
  [[ -s $PORT_FILE ]] && port="$(<"$PORT_FILE")"
  printf '%s' "${port:-$PORT}"
}

# A sink of this data directory already runs on another port: starting a second
# one would share (and race on) its messages and state, and stopping it would
# surprise whoever uses it.
refuse_other_port() {
  local pid="$1" other
  other="$(running_port)"
  [[ $other == "$PORT" ]] && return 0
  die "ya hay un receptor en marcha (pid $pid) en el puerto $other con los datos $(display_dir "$DATA_DIR"); deténgalo con «scripts/smtp-sink.sh stop» o use otro SMTP_SINK_DIR"
}

# Connects, checks for the 220 greeting and says QUIT.
smtp_ready() {
  # shellcheck disable=SC2016 # expanded by the inner bash, from its arguments
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    IFS= read -r -t 2 line <&3 || exit 1
    printf "QUIT\r\n" >&3 2>/dev/null || true
    [[ $line == "220 "* ]]' "$HOST" "$PORT" 2>/dev/null
}

message_count() {
  local -a files=()
  shopt -s nullglob
  files=("$MESSAGES_DIR"/*.eml)
  shopt -u nullglob
  printf '%s' "${#files[@]}"
}

# PID and an optional prefix such as "ya estaba ".
status_line() {
  say "${2:-}en marcha (pid $1): SMTP $HOST:$PORT, $(message_count) mensajes en $(display_dir "$MESSAGES_DIR"), registro $(display_dir "$LOG_FILE")"
}

show_log_tail() {
  if [[ -s $LOG_FILE ]]; then
    warn "últimas líneas de $(display_dir "$LOG_FILE"):"
    tail -n 25 "$LOG_FILE" | sed 's/^/    /' >&2
  fi
}

# The command that runs the sink: compiled JS when it is newer than the source,
# otherwise the TypeScript through ts-node (transpile only, so it starts fast).
sink_command() {
  command -v node >/dev/null 2>&1 || die "no se encontró node en el PATH (se requiere Node.js 20 o superior)"
  if [[ -f $COMPILED && ! $COMPILED -ot $SOURCE ]]; then
    SINK_CMD=(node "$COMPILED")
  else
    [[ -d $ROOT/node_modules/ts-node ]] || die "falta ts-node: ejecute «npm install» en $ROOT"
    SINK_CMD=(node -r ts-node/register/transpile-only "$SOURCE")
  fi
  [[ -d $ROOT/node_modules/smtp-server ]] || die "falta la dependencia smtp-server: ejecute «npm install» en $ROOT"
}

stop_sink() {
  local pid i
  pid="$(sink_pid)" || {
    rm -f "$PID_FILE" "$PORT_FILE"
    return 0
  }
  # Whatever SMTP_SINK_PORT says now, wait for the port it really listens on.
  PORT="$(running_port)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "el receptor (pid $pid) no terminó en 10 s: se fuerza su cierre"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
  rm -f "$PID_FILE" "$PORT_FILE"
  # Wait briefly for the listener to close so a following start can bind.
  for ((i = 0; i < 50; i++)); do
    port_open || break
    sleep 0.1
  done
  return 0
}

rotate_log() {
  if [[ -f $LOG_FILE ]] && (($(stat -c %s "$LOG_FILE") > 20 * 1024 * 1024)); then
    mv -f "$LOG_FILE" "$LOG_FILE.1"
  fi
}

start_sink() {
  port_open && die "el puerto $HOST:$PORT ya está en uso por otro proceso; libérelo o cambie SMTP_SINK_PORT"
  sink_command
  mkdir -p "$MESSAGES_DIR" "$TMP_DIR"
  # Leftovers of a write interrupted by a crash: never renamed, so never accepted.
  find "$TMP_DIR" -maxdepth 1 -type f -name '*.tmp' -delete 2>/dev/null || true
  rm -f "$PID_FILE"
  printf '%s\n' "$PORT" >"$PORT_FILE"
  rotate_log
  # setsid: the sink outlives this script and a Ctrl-C in the terminal that ran it.
  # 9>&-: it must not inherit (and hold forever) our lock descriptor.
  local -a detach=()
  command -v setsid >/dev/null 2>&1 && detach=(setsid)
  (
    cd "$ROOT"
    export SMTP_SINK_PORT="$PORT" SMTP_SINK_DIR="$DATA_DIR"
    exec "${detach[@]}" "${SINK_CMD[@]}" >>"$LOG_FILE" 2>&1 </dev/null 9>&-
  ) &
  local launcher=$! deadline=$((SECONDS + START_TIMEOUT)) pid
  while ((SECONDS <= deadline)); do
    if pid="$(sink_pid)" && smtp_ready; then
      return 0
    fi
    if ! kill -0 "$launcher" 2>/dev/null && [[ ! -s $PID_FILE ]]; then
      warn "error: el receptor terminó nada más arrancar"
      show_log_tail
      exit 1
    fi
    sleep 0.2
  done
  warn "error: el receptor SMTP no respondió en $HOST:$PORT en ${START_TIMEOUT} s"
  show_log_tail
  # Leave nothing half-working behind: the next start begins from scratch.
  if kill -0 "$launcher" 2>/dev/null; then kill -TERM "$launcher" 2>/dev/null || true; fi
  stop_sink
  exit 1
}

with_lock() {
  mkdir -p "$DATA_DIR"
  exec 9>"$LOCK_FILE"
  flock -w 120 9 || die "otro smtp-sink.sh lleva más de 2 min con el cerrojo $(display_dir "$LOCK_FILE")"
}

# ---------------------------------------------------------------- commands

cmd_start() {
  local pid
  if pid="$(sink_pid)"; then
    refuse_other_port "$pid"
    if smtp_ready; then
      status_line "$pid" "ya estaba "
      return 0
    fi
    say "el receptor (pid $pid) no responde: reiniciando"
    stop_sink
  fi
  start_sink
  status_line "$(sink_pid)"
}

cmd_stop() {
  local pid
  if pid="$(sink_pid)"; then
    stop_sink
    say "detenido (era el pid $pid)"
  else
    rm -f "$PID_FILE"
    say "ya estaba detenido"
  fi
}

cmd_status() {
  local pid
  if ! pid="$(sink_pid)"; then
    say "detenido ($(message_count) mensajes en $(display_dir "$MESSAGES_DIR"))"
    return 3
  fi
  # Report on the port it really uses, whatever SMTP_SINK_PORT says now.
  PORT="$(running_port)"
  if smtp_ready; then
    status_line "$pid"
    return 0
  fi
  say "proceso en marcha (pid $pid) pero $HOST:$PORT no responde"
  show_log_tail
  return 1
}

cmd_reset() {
  stop_sink
  # Only the named children of the data directory: never a computed parent.
  rm -rf -- "${DATA_DIR:?}/messages" "${DATA_DIR:?}/tmp" "${DATA_DIR:?}/state.json"
  say "mensajes guardados y estado borrados"
  cmd_start
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
  # cannot start two sinks.
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
  esac
}

main "$@"
