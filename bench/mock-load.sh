#!/usr/bin/env bash
# Load on the reference mock over loopback with wrk: valid StartConnection POSTs, against the
# same POSTs to an unserved path (the server with no validation work) as the peer in the same run.
# Usage: bench/mock-load.sh [SECONDS] [CONNECTIONS]. Installs wrk from Debian if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}
if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)" >&2
  ${SUDO:-} apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --locked -q
log=$(mktemp)
RUST_LOG=warn ./target/release/conform mock --listen 127.0.0.1:0 >"$log" 2>&1 &
mock=$!
trap 'kill $mock 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 50); do grep -q 'listening on' "$log" && break; sleep 0.1; done
url=$(sed -n 's/^conform mock: listening on //p' "$log")
run() { wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "bench/$1.lua" "$url"; }
valid=$(run start_connection)
peer=$(run not_found)
rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '$1 == "99%" {print $2}'; }
printf 'machine: %s cores, %s\n' "$(nproc)" "$(uname -sr)"
printf 'command: wrk -t2 -c%s -d%ss --latency -s bench/<script>.lua %s\n' "$connections" "$seconds" "$url"
printf 'StartConnection (valid): %s req/s, p99 %s\n' "$(rps <<<"$valid")" "$(p99 <<<"$valid")"
printf 'unserved path (peer):    %s req/s, p99 %s\n' "$(rps <<<"$peer")" "$(p99 <<<"$peer")"
awk -v a="$(rps <<<"$valid")" -v b="$(rps <<<"$peer")" 'BEGIN { printf "ratio valid/peer: %.2f\n", a / b }'
if grep -q 'Non-2xx' <<<"$valid"; then echo "error: StartConnection got non-2xx answers" >&2; exit 1; fi
