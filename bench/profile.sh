#!/usr/bin/env bash
# Where the time goes, from `perf record`: the functions that take the most samples in
# `conform generate` on examples/specs (generation), and in the validator bench on every
# operation's invalid payloads (validation). Prints Markdown; bench/peers.sh puts it in
# docs/performance.md. Needs `perf` (Debian: linux-perf) and prints a note without it.
set -euo pipefail
cd "$(dirname "$0")/.."
work=.bench/profile
mkdir -p "$work"
if ! command -v perf >/dev/null; then
  echo "perf is not installed here (Debian: linux-perf), so there is no profile."
  exit 0
fi
top() { # perf.data
  perf report -i "$1" --no-children --sort symbol --percent-limit 2 --stdio 2>/dev/null |
    awk '/^ +[0-9.]+%/ { pct = $1; $1 = ""; $2 = ""; sub(/^ +/, ""); sub(/ +- +-.*$/, ""); printf "| %s | %s |\n", pct, substr($0, 1, 110) }' | head -12
}
cargo build --release --locked -q -p conform
perf record -q -F 10000 -o "$work/generate.data" target/release/conform generate --spec examples/specs --out "$work/out.rs" >/dev/null 2>&1
echo "\`conform generate --spec examples/specs\`, the functions with at least 2% of the samples:"
echo
echo "| samples | function |"
echo "|---|---|"
top "$work/generate.data"
bench=$(cargo bench -q --locked -p conform --bench validators --no-run --message-format json 2>/dev/null |
  python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "validators" and m.get("executable"):
        print(m["executable"])' | tail -1)
perf record -q -F 10000 -o "$work/validate.data" "$bench" --bench --profile-time 3 '/invalid/conform' >/dev/null 2>&1
echo
echo "The generated validators on every operation's invalid payloads, the functions with at least 2% of the samples:"
echo
echo "| samples | function |"
echo "|---|---|"
top "$work/validate.data"
