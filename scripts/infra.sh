#!/usr/bin/env bash
# Local infrastructure for Pulse: Apache Kafka (KRaft, from Maven Central jars), PostgreSQL and Redis
# (Debian packages). Idempotent: `up` installs what is missing, starts what is stopped, waits until
# healthy. Data and logs live under .data/ (git-ignored).
#
#   scripts/infra.sh up | down | status | reset
#   scripts/infra.sh start|stop kafka|postgres|redis     (one piece; the fault suite restarts them)
#
# If KAFKA_BROKERS, DATABASE_URL or REDIS_URL are set, that piece is taken as given and not started.
# PULSE_DATA_DIR (default .data, relative to the repo) holds data and logs: with other ports it runs a
# second, separate instance (tests/faults stops and starts its own without touching the shared one).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
data="${PULSE_DATA_DIR:-.data}"
case "$data" in /*) ;; *) data="$root/$data" ;; esac
logs="$data/logs"
mkdir -p "$logs"

KAFKA_PORT="${PULSE_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${PULSE_KAFKA_CONTROLLER_PORT:-19093}"
PG_PORT="${PULSE_PG_PORT:-15432}"
REDIS_PORT="${PULSE_REDIS_PORT:-16379}"
PG_BIN="${PULSE_PG_BIN:-}"

say() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

# wait_for <what> <seconds> <command...>: polls a health command until it succeeds.
wait_for() {
  local what="$1" secs="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then die "$what did not become healthy within ${secs}s (logs: $logs)"; fi
    sleep 0.5
  done
}

apt_install() {
  command -v apt-get >/dev/null || die "need $* but apt-get is not available; install it or set the matching *_URL"
  say "installing Debian packages: $*"
  if [ ! -f "$data/.apt-updated" ]; then apt-get update -qq >"$logs/apt.log" 2>&1 && touch "$data/.apt-updated"; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$logs/apt.log" 2>&1 || die "apt-get install $* failed (see $logs/apt.log)"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------- Kafka ----------
kafka_libs="$root/infra/kafka/libs"
kafka_dir="$data/kafka"

kafka_install() {
  if [ -f "$kafka_libs/.complete" ] && [ "$kafka_libs/.complete" -nt "$root/infra/kafka/pom.xml" ]; then return; fi
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null || apt_install maven
  say "resolving Kafka jars from Maven Central (once)"
  rm -rf "$kafka_libs"
  (cd "$root/infra/kafka" && mvn -q -B dependency:copy-dependencies -DoutputDirectory=libs -DincludeScope=runtime >"$logs/maven.log" 2>&1) \
    || die "maven could not resolve Kafka (see $logs/maven.log)"
  touch "$kafka_libs/.complete"
}

kafka_config() {
  mkdir -p "$kafka_dir"
  cat >"$kafka_dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$kafka_dir/data
num.partitions=3
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
auto.create.topics.enable=true
group.initial.rebalance.delay.ms=0
log.retention.hours=24
log.segment.bytes=67108864
num.network.threads=2
num.io.threads=4
PROPS
}

# C1 only (no C2): on 2 cores the broker's C2 compiler thread took up to 60% of a core during a run
# minutes after the start, again after idle gaps, and half of the broker's CPU overall, for workloads
# (tests, the demo, benches) that never need peak JIT code. Measured with `npm run bench -- notify --part ws`:
# broker CPU 7-9 s per run with C2, 4 s with C1 only (README, "Things we learned").
# PULSE_KAFKA_JIT_OPTS="" brings back HotSpot's default tiered compilation.
kafka_jit_opts="${PULSE_KAFKA_JIT_OPTS--XX:TieredStopAtLevel=1}"

kafka_java() {
  # Heap sized for a 2-core / 24 GiB machine shared with PostgreSQL, Redis and five services.
  java -Xms256m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 $kafka_jit_opts -Djava.awt.headless=true \
    -Dkafka.logs.dir="$logs" -Dlog4j2.configurationFile="$root/infra/kafka/log4j2.yaml" \
    -cp "$kafka_libs/*" "$@"
}

kafka_up() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then say "Kafka: using KAFKA_BROKERS=$KAFKA_BROKERS"; return; fi
  if port_open "$KAFKA_PORT"; then say "Kafka: already running on 127.0.0.1:$KAFKA_PORT"; return; fi
  kafka_install
  kafka_config
  if [ ! -f "$kafka_dir/data/meta.properties" ]; then
    say "Kafka: formatting KRaft storage (once)"
    kafka_java kafka.tools.StorageTool format -t "$(kafka_java kafka.tools.StorageTool random-uuid)" \
      -c "$kafka_dir/server.properties" >"$logs/kafka-format.log" 2>&1 || die "Kafka storage format failed (see $logs/kafka-format.log)"
  fi
  say "Kafka: starting on 127.0.0.1:$KAFKA_PORT"
  # kafka.log is appended to across restarts and rolls over at 20 MB (possibly during this start):
  # readiness looks for a start line stamped no earlier than this start, in any of the rolled files.
  kafka_started_after="[$(date '+%Y-%m-%d %H:%M:%S')"
  nohup bash -c "$(declare -f kafka_java); kafka_jit_opts='$kafka_jit_opts' kafka_libs='$kafka_libs' logs='$logs' root='$root' kafka_java kafka.Kafka '$kafka_dir/server.properties'" \
    >"$logs/kafka.out" 2>&1 &
  echo $! >"$kafka_dir/pid"
  # PULSE_KAFKA_START_TIMEOUT: a restart on a loaded machine (tests/faults) may take over 90 s.
  wait_for "Kafka" "${PULSE_KAFKA_START_TIMEOUT:-90}" kafka_ready
  say "Kafka: healthy"
}

# Ready means the broker answers on its port and KRaft has a leader (the broker log says it started).
kafka_started_after="["
kafka_ready() {
  port_open "$KAFKA_PORT" && { grep -q "Kafka Server started" "$logs/kafka.out" 2>/dev/null \
    || grep -h "Kafka Server started" "$logs"/kafka.log* 2>/dev/null \
      | awk -v after="$kafka_started_after" 'substr($0, 1, 20) >= after { found = 1 } END { exit !found }'; }
}

kafka_down() {
  [ -f "$kafka_dir/pid" ] || return 0
  local pid; pid="$(cat "$kafka_dir/pid")"
  if kill -0 "$pid" 2>/dev/null; then
    say "Kafka: stopping"
    pkill -TERM -P "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30)); while port_open "$KAFKA_PORT" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
  fi
  rm -f "$kafka_dir/pid"
}

# ---------- PostgreSQL ----------
pg_dir="$data/postgres"

pg_bin() {
  if [ -n "$PG_BIN" ]; then echo "$PG_BIN"; return; fi
  local d; d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  echo "$d"
}

pg_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_up() {
  if [ -n "${DATABASE_URL:-}" ]; then say "PostgreSQL: using DATABASE_URL"; return; fi
  if port_open "$PG_PORT"; then say "PostgreSQL: already running on 127.0.0.1:$PG_PORT"; return; fi
  [ -x "$(pg_bin)/postgres" ] || apt_install postgresql
  local bin; bin="$(pg_bin)"
  if [ ! -f "$pg_dir/PG_VERSION" ]; then
    say "PostgreSQL: initializing cluster (once)"
    mkdir -p "$pg_dir"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$pg_dir"
    chmod 700 "$pg_dir"
    pg_as "$bin/initdb" -D "$pg_dir" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >"$logs/pg-init.log" 2>&1 || die "initdb failed (see $logs/pg-init.log)"
  fi
  say "PostgreSQL: starting on 127.0.0.1:$PG_PORT"
  touch "$logs/postgres.log"; [ "$(id -u)" = 0 ] && chown postgres "$logs/postgres.log"
  # lz4 instead of pglz for values PostgreSQL compresses (article text, event payloads in the outboxes):
  # the news outbox insert took 60% less time, all statements 15% less (README, "Things we learned").
  local options="-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp -c max_connections=300 -c shared_buffers=256MB -c fsync=on -c default_toast_compression=lz4"
  # PULSE_PG_STAT_STATEMENTS=1: time spent per statement (pg_stat_statements in database pulse), for
  # measuring what the services ask of PostgreSQL; off by default (it costs every statement a little).
  if [ "${PULSE_PG_STAT_STATEMENTS:-}" = 1 ]; then
    options="$options -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on -c pg_stat_statements.max=10000"
  fi
  pg_as "$bin/pg_ctl" -D "$pg_dir" -l "$logs/postgres.log" -w -t 60 -o "$options" start >/dev/null \
    || die "PostgreSQL did not start (see $logs/postgres.log)"
  wait_for "PostgreSQL" 60 "$bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT"
  # The application role and database (idempotent); admin work goes over the local socket (trust),
  # applications connect over TCP with a password (scram-sha-256).
  "$bin/psql" -h /tmp -p "$PG_PORT" -U postgres -tAc "select 1 from pg_roles where rolname='pulse'" | grep -q 1 \
    || "$bin/psql" -q -h /tmp -p "$PG_PORT" -U postgres -c "create role pulse login password 'pulse' createdb"
  "$bin/psql" -h /tmp -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname='pulse'" | grep -q 1 \
    || "$bin/psql" -q -h /tmp -p "$PG_PORT" -U postgres -c "create database pulse owner pulse"
  if [ "${PULSE_PG_STAT_STATEMENTS:-}" = 1 ]; then
    "$bin/psql" -q -h /tmp -p "$PG_PORT" -U postgres -d pulse -c "create extension if not exists pg_stat_statements"
  fi
  say "PostgreSQL: healthy"
}

pg_down() {
  [ -f "$pg_dir/postmaster.pid" ] || return 0
  say "PostgreSQL: stopping"
  pg_as "$(pg_bin)/pg_ctl" -D "$pg_dir" -m fast -w stop >/dev/null 2>&1 || true
}

# ---------- Redis ----------
redis_dir="$data/redis"

redis_up() {
  if [ -n "${REDIS_URL:-}" ]; then say "Redis: using REDIS_URL"; return; fi
  if port_open "$REDIS_PORT"; then say "Redis: already running on 127.0.0.1:$REDIS_PORT"; return; fi
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p "$redis_dir"
  say "Redis: starting on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$redis_dir" --daemonize yes \
    --pidfile "$redis_dir/redis.pid" --logfile "$logs/redis.log" --save "" --appendonly no >/dev/null
  wait_for "Redis" 30 redis-cli -p "$REDIS_PORT" ping
  say "Redis: healthy"
}

redis_down() {
  port_open "$REDIS_PORT" || return 0
  say "Redis: stopping"
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}

status_line() { if port_open "$2"; then printf '%-11s up    127.0.0.1:%s\n' "$1" "$2"; else printf '%-11s down  (port %s)\n' "$1" "$2"; fi; }

# The connection settings for everything else (sourced by start/test scripts).
print_env() {
  echo "export KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
  echo "export DATABASE_URL=${DATABASE_URL:-postgres://pulse:pulse@127.0.0.1:$PG_PORT/pulse}"
  echo "export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}"
}

case "${1:-status}" in
  up)
    # Started side by side: the JVM takes longest, so it goes first.
    kafka_was_up=0; { [ -n "${KAFKA_BROKERS:-}" ] || port_open "$KAFKA_PORT"; } && kafka_was_up=1
    kafka_up & kpid=$!
    pg_up; redis_up
    wait "$kpid" || die "Kafka failed to start"
    # Only after `up` started the broker itself (not `start kafka`, which restarts it under a running
    # fault test): nothing uses it yet, so topics with a test's unique name are leftovers.
    if [ "$kafka_was_up" = 0 ]; then node "$root/scripts/prune-topics.js" "127.0.0.1:$KAFKA_PORT" || true; fi
    ;;
  down) kafka_down; redis_down; pg_down ;;
  status)
    status_line Kafka "$KAFKA_PORT"; status_line PostgreSQL "$PG_PORT"; status_line Redis "$REDIS_PORT" ;;
  env) print_env ;;
  reset) "$0" down; rm -rf "$data/kafka" "$pg_dir" "$redis_dir"; say "data removed" ;;
  start|stop)
    action=up; [ "$1" = stop ] && action=down
    case "${2:-}" in
      kafka) "kafka_$action" ;; postgres) "pg_$action" ;; redis) "redis_$action" ;;
      *) die "usage: $0 $1 kafka|postgres|redis" ;;
    esac
    ;;
  *) die "usage: $0 up|down|status|env|reset|start <piece>|stop <piece>" ;;
esac
