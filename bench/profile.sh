#!/usr/bin/env bash
# Where the time goes, from `perf record`: the functions that take the most samples in
# `conform generate` on examples/specs (generation), in the validator bench on every operation's
# invalid payloads (validation), and in 20 runs of the whole suite against the mock (the runner),
# where the call graph gives each of the runner's steps its share. Prints Markdown; bench/peers.sh
# puts it in docs/performance.md. Needs `perf` (Debian: linux-perf) and prints a note without it.
#
# conform is built with frame pointers and line tables into target/profile for the call graphs;
# the first run of this script builds it (several minutes), later runs reuse it.
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
CARGO_PROFILE_RELEASE_DEBUG=line-tables-only RUSTFLAGS="-C force-frame-pointers=yes" \
  cargo build --release --locked -q -p conform --target-dir target/profile
conform=target/profile/release/conform
perf record -q -F 10000 -o "$work/generate.data" "$conform" generate --spec examples/specs --out "$work/out.rs" >/dev/null 2>&1
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

# The runner: the mock serves outside the profile, and perf follows the 20 runs of conform.
export AWS_ACCESS_KEY_ID=AKIDBENCHEXAMPLE AWS_SECRET_ACCESS_KEY=bench-secret-access-key AWS_REGION=us-east-1
"$conform" mock --listen 127.0.0.1:0 >"$work/mock.out" 2>"$work/mock.log" &
mock=$!
trap 'kill "$mock" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$work/mock.out" 2>/dev/null && break; sleep 0.05; done
url=$(sed -n 's/^conform mock: listening on //p' "$work/mock.out")
if [ -z "$url" ]; then
  echo "error: conform mock did not start; see $work/mock.log" >&2
  exit 1
fi
perf record -q -F 10000 --call-graph fp -o "$work/run.data" -- bash -c \
  'for _ in $(seq 20); do "$1" run --target "$2" --login conform:conform-password --profile mock >/dev/null 2>&1 || true; done' \
  runs "$conform" "$url" >/dev/null 2>&1
kill "$mock" 2>/dev/null || true
echo
echo "20 runs of \`conform run --target URL --login … --profile mock\` against the mock (the mock not profiled)."
echo "The runner's samples by thread and code: the main thread starts up (the HTTP client, with the TLS roots only when a target uses HTTPS, and the login) and writes the report; the tokio workers run the cases."
echo
echo "| samples | thread | code |"
echo "|---|---|---|"
perf report -i "$work/run.data" --no-children --sort comm,dso --stdio -g none 2>/dev/null |
  awk '$1 ~ /%$/ && ($2 == "conform" || $2 == "tokio-rt-worker") { p = $1; sub(/%/, "", p); rows[++n] = $2 "\t" $3; pct[n] = p; total += p }
    END { for (i = 1; i <= n; i++) { split(rows[i], f, "\t"); share = 100 * pct[i] / total; if (share >= 1) printf "| %.1f%% | %s | %s |\n", share, (f[1] == "conform" ? "main" : "worker"), f[2] } }'
echo
echo "The runner's own steps, each with everything it calls (shares of the runner's samples; steps nest):"
echo
echo "| samples | step |"
echo "|---|---|"
perf report -i "$work/run.data" --comm conform,tokio-rt-worker --percentage relative --children --sort symbol --stdio -g none 2>/dev/null |
  awk '/^ +[0-9.]+%/ { pct = $1; $1 = ""; $2 = ""; $3 = ""; sub(/^ +/, ""); sub(/ +- +-.*$/, ""); print pct "\t" $0 }' |
  awk -F '\t' '$2 ~ /^conform::run::/ || $2 ~ /^reqwest::async_impl::client::ClientBuilder::build$/ || $2 ~ /^<reqwest::async_impl::client::Pending as core::future::future::Future>::poll$/ {
      p = $1; sub(/%/, "", p); if (p + 0 >= 1) printf "| %s | %s |\n", $1, substr($2, 1, 110) }' | head -16
