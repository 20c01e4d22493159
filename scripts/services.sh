#!/usr/bin/env bash
# Makes sure the services the adapter tests run against are up (DESIGN.md §5), starting the ones that stopped
# and installing kcat (the Kafka mock cluster) and Chromium (the console's browser test) when missing. Fails, never skips, when one can't be had.
set -uo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

wait_for() { # name, check command…
  local name=$1; shift
  for _ in $(seq 1 30); do "$@" >/dev/null 2>&1 && { echo "services: $name up"; return 0; }; sleep 1; done
  echo "services: $name is not reachable" >&2
  return 1
}

postgres_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG; }

if ! postgres_up; then
  echo "services: starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
fi
if ! redis_up; then
  echo "services: starting Redis"
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi
if ! command -v kcat >/dev/null 2>&1; then
  echo "services: installing kcat"
  (as_root apt-get update -qq && as_root apt-get install -y -qq kcat) >/dev/null || true
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "services: installing chromium"
  (as_root apt-get update -qq && as_root apt-get install -y -qq chromium) >/dev/null || true
fi

status=0
wait_for PostgreSQL postgres_up || status=1
wait_for Redis redis_up || status=1
command -v kcat >/dev/null 2>&1 && echo "services: kcat at $(command -v kcat)" || {
  echo "services: kcat is missing" >&2
  status=1
}
[ -x /usr/bin/chromium ] && echo "services: chromium at /usr/bin/chromium" || {
  echo "services: /usr/bin/chromium is missing" >&2
  status=1
}
exit $status
