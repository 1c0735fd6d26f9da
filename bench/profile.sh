#!/usr/bin/env bash
# Where the time goes, from `perf record`: the functions that take the most samples in
# `conform generate` on examples/specs (generation), with the call graph of its stages on the
# synthetic 1,000 operations of bench/generation.sh when they are there, in the validator bench
# on every operation's invalid payloads (validation), and in 20 runs of the whole suite against
# the mock (the runner), where the call graph gives each of the runner's steps its share; and,
# when PROFILE_WHOLE names the whole-service build bench/peers.sh makes (with
# PROFILE_WHOLE_SNAPSHOTS, its snapshots), 5 runs of that suite. Prints Markdown; bench/peers.sh
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
# stages PERF_DATA: generation's stages, each with everything it calls, as table rows.
stages() {
  perf report -i "$1" --comm conform --percentage relative --children --sort symbol --stdio -g none 2>/dev/null |
    awk '/^ +[0-9.]+%/ { pct = $1; $1 = ""; $2 = ""; $3 = ""; sub(/^ +/, ""); sub(/ +- +-.*$/, ""); print pct "\t" $0 }' |
    awk -F '\t' '$2 ~ /^serde_saphyr::de::with_deserializer::with_deserializer_from_str/ || $2 ~ /^conform_codegen::lower::Lowerer::operation$/ || $2 ~ /^conform_codegen::pattern::compiled$/ || $2 ~ /^conform_codegen::cases::derive::Deriver::all$/ || $2 ~ /^conform_codegen::cases::sample::matching$/ || $2 ~ /^conform_codegen::emit::[a-z_]+::emit$/ || $2 ~ /^<F as syn::parse::Parser>::parse2$/ || $2 ~ /^prettyplease::unparse$/ || $2 ~ /^conform::commands::write_out$/ {
        p = $1; sub(/%/, "", p); if (p + 0 >= 1) printf "| %s | %s |\n", $1, substr($2, 1, 110) }' | head -20
}
# The synthetic 1,000 operations of section 8, when bench/generation.sh has made them.
synthetic=.bench/generation/synthetic-1000
if [ -d "$synthetic" ]; then
  perf record -q -F 2000 --call-graph fp -o "$work/generate-synthetic.data" \
    "$conform" generate --spec "$synthetic" --out "$work/out.rs" >/dev/null 2>&1
  echo
  echo "\`conform generate\` on the 1,000 synthetic operations of section 8, its stages, each with everything it calls"
  echo "(shares of the process's samples on every thread; stages nest: pattern compiling is part of lowering, sampling part of deriving):"
  echo
  echo "| samples | stage |"
  echo "|---|---|"
  stages "$work/generate-synthetic.data"
fi
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

# steps PERF_DATA: the runner's own steps, each with everything it calls, as table rows.
steps() {
  perf report -i "$1" --comm conform --percentage relative --children --sort symbol --stdio -g none 2>/dev/null |
    awk '/^ +[0-9.]+%/ { pct = $1; $1 = ""; $2 = ""; $3 = ""; sub(/^ +/, ""); sub(/ +- +-.*$/, ""); print pct "\t" $0 }' |
    awk -F '\t' '$2 ~ /^conform::run::/ || $2 ~ /^conform::commands::run::run$/ || $2 ~ /^reqwest::async_impl::client::ClientBuilder::build$/ || $2 ~ /^<reqwest::async_impl::client::Pending as core::future::future::Future>::poll$/ || $2 ~ /^std::fs::read_to_string/ || $2 ~ /^aws_sigv4::http_request::sign::sign$/ {
        p = $1; sub(/%/, "", p); if (p + 0 >= 1) printf "| %s | %s |\n", $1, substr($2, 1, 110) }' | head -20
}
echo
echo "20 runs of \`conform run --target URL --login … --profile mock\` against the mock (the mock not profiled)."
echo "A run against a target in another process runs its cases on one thread, so every sample is the process's one thread."
echo "The runner's own steps, each with everything it calls (shares of the process's samples; steps nest;"
echo "\`conform::commands::run::run\` is the whole command after the process has started):"
echo
echo "| samples | step |"
echo "|---|---|"
steps "$work/run.data"

# The suite at scale: the whole-service build bench/peers.sh makes (every imported operation of
# Outposts and Veeam) and the snapshots it made, when they are there. That binary has no frame
# pointers, so perf unwinds with DWARF (fewer runs, as each sample carries a stack copy).
whole=${PROFILE_WHOLE:-}
if [ -n "$whole" ] && [ -x "$whole" ] && [ -d "${PROFILE_WHOLE_SNAPSHOTS:-}" ]; then
  "$whole" mock --listen 127.0.0.1:0 >"$work/whole-mock.out" 2>"$work/whole-mock.log" &
  mock=$!
  for _ in $(seq 100); do grep -q 'listening on' "$work/whole-mock.out" 2>/dev/null && break; sleep 0.05; done
  url=$(sed -n 's/^conform mock: listening on //p' "$work/whole-mock.out")
  perf record -q -F 2999 --call-graph dwarf,16384 -o "$work/whole.data" -- bash -c \
    'for _ in $(seq 5); do "$1" run --target "$2" --login conform:conform-password --profile mock --snapshot-dir "$3" >/dev/null 2>&1 || true; done' \
    runs "$whole" "$url" "$PROFILE_WHOLE_SNAPSHOTS" >/dev/null 2>&1
  kill "$mock" 2>/dev/null || true
  echo
  echo "5 runs of the whole-service suite (section 2, at scale), snapshots compared, the same way:"
  echo
  echo "| samples | step |"
  echo "|---|---|"
  steps "$work/whole.data"
fi
