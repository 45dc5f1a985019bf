#!/usr/bin/env bash
# Two instances of the sample app behind nginx on loopback, restarted one after the other with
# SIGTERM while closed-loop clients keep sending requests through nginx. Prints every answer's
# status and ends with "N passed, N failed"; exits non-zero when a request failed.
#
#   docs/deploy/nginx/rolling-restart.sh sample-app/target/sample-app.jar
#
# Needs nginx and curl; JAVA (default: java) must be a JDK 21+. Bounded: about a minute.
set -euo pipefail

jar=$(realpath "${1:?usage: rolling-restart.sh path/to/sample-app.jar}")
java=${JAVA:-java}
port_a=${PORT_A:-18181}
port_b=${PORT_B:-18182}
port_lb=${PORT_LB:-18180}
clients=${CLIENTS:-8}
nginx=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() {
  touch "$work/stop"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

start_instance() { # name port
  "$java" -Xmx256m -jar "$jar" --server.port="$2" --worker.class=gthread --worker.workers=2 \
    --worker.threads=8 --worker.graceful-timeout=10s > "$work/$1.log" 2>&1 &
  eval "pid_$1=$!"
  pids+=("$!")
  for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$2/actuator/health/readiness" > /dev/null && return 0
    sleep 0.5
  done
  echo "instance $1 did not become ready; its log:" >&2; cat "$work/$1.log" >&2; return 1
}

restart_instance() { # name port
  local pid_var="pid_$1"
  echo "SIGTERM to instance $1 (pid ${!pid_var})"
  kill -TERM "${!pid_var}"
  wait "${!pid_var}" || true
  start_instance "$1" "$2"
  echo "instance $1 serving again"
}

mkdir -p "$work/temp"
chmod 777 "$work/temp"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/temp/body;
  proxy_temp_path $work/temp/proxy;
  fastcgi_temp_path $work/temp/fastcgi;
  uwsgi_temp_path $work/temp/uwsgi;
  scgi_temp_path $work/temp/scgi;
  upstream app {
    server 127.0.0.1:$port_a max_fails=0;
    server 127.0.0.1:$port_b max_fails=0;
  }
  server {
    listen 127.0.0.1:$port_lb;
    location / {
      proxy_pass http://app;
      # An instance that is stopping refuses or resets new connections, and an overloaded one
      # answers 503: nginx then sends the request to the other.
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
    }
  }
}
CONF

start_instance a "$port_a"
start_instance b "$port_b"
"$nginx" -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
pids+=("$!")
for _ in $(seq 40); do curl -sf "http://127.0.0.1:$port_lb/hello" > /dev/null && break; sleep 0.25; done

for i in $(seq "$clients"); do
  (
    while [ ! -f "$work/stop" ]; do
      curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 "http://127.0.0.1:$port_lb/io?ms=20" || echo "curl-exit-$?"
    done > "$work/client-$i.txt"
  ) &
  pids+=("$!")
done

sleep 2
restart_instance a "$port_a"
sleep 2
restart_instance b "$port_b"
sleep 2
touch "$work/stop"
sleep 1

cat "$work"/client-*.txt | sort | uniq -c | sed 's/^/  answers: /'
passed=$(cat "$work"/client-*.txt | grep -c '^200$' || true)
failed=$(cat "$work"/client-*.txt | grep -vc '^200$' || true)
echo "rolling restart: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
