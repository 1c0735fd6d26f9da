#!/usr/bin/env bash
# conform against its peers, in one run on one machine, and docs/performance.md from the figures.
#
#   1. the runner against Schemathesis (coverage phase), both against the same conform mock;
#   2. the mock against Prism (@stoplight/prism-cli@5), the same wrk load on each;
#   3. Schemathesis with all its checks as a judge of the mock, every operation of both spec
#      folders (bench/judge.sh, which writes docs/judge.md);
#   4. conform run against Prism, a mock conform did not write;
#   5. a 60-second load on the mock: errors, 5xx, resident memory before and after, then a run.
#
# It installs what it needs into .bench/ (ignored by git): Schemathesis from PyPI into a virtual
# environment, Prism from npm, and wrk from Debian if it is missing. It needs what the project's
# machine image has: a Rust toolchain, Python 3 with venv, Node.js with npm, curl and GNU time.
# Usage: bench/peers.sh [SOAK_SECONDS]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/.bench
soak=${1:-60}
mkdir -p "$work"

say() { printf '\n== %s\n' "$*" >&2; }

say "installing the peers into .bench/"
if [ ! -x "$work/venv/bin/schemathesis" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q --disable-pip-version-check schemathesis==4.32.5
fi
if [ ! -x "$work/node/node_modules/.bin/prism" ]; then
  mkdir -p "$work/node"
  (cd "$work/node" && npm install --silent --no-audit --no-fund --prefix . @stoplight/prism-cli@5)
fi
if ! command -v wrk >/dev/null; then
  ${SUDO:-} apt-get install -y -qq wrk >/dev/null
fi
st=$work/venv/bin/schemathesis
prism=$work/node/node_modules/.bin/prism
st_version=$("$st" --version 2>/dev/null | head -1 | awk '{print $NF}')
prism_version=$("$prism" --version 2>/dev/null | head -1)

say "building conform and exporting the OpenAPI document"
cargo build --release --locked -q
conform=$root/target/release/conform
"$conform" export openapi --out "$work/openapi.json" 2>/dev/null

# A conform mock on a free port; its log counts the requests it serves.
start_mock() { # name
  local log=$work/$1.log
  RUST_LOG=info "$conform" mock --listen 127.0.0.1:0 >"$log.out" 2>"$log" &
  echo $! >"$work/$1.pid"
  for _ in $(seq 100); do grep -q 'listening on' "$log.out" 2>/dev/null && break; sleep 0.05; done
  local url
  url=$(sed -n 's/^conform mock: listening on //p' "$log.out")
  if [ -z "$url" ]; then
    echo "error: conform mock did not start; see $log" >&2
    exit 1
  fi
  echo "$url"
}
stop_mock() { kill "$(cat "$work/$1.pid")" 2>/dev/null || true; wait "$(cat "$work/$1.pid")" 2>/dev/null || true; }
requests() { grep -c ' request ' "$work/$1.log" || true; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
timed() { # out-file command...: writes "WALL_SECONDS PEAK_KIB" to out-file.time
  local start=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o "$1.rss" "${@:2}" >"$1" 2>&1 || true
  local end=$EPOCHREALTIME
  printf '%s %s\n' "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')" "$(tail -1 "$1.rss")" >"$1.time"
}
token() { # base URL
  curl -sS -X POST "$1/api/v1/token" -H 'x-api-version: 1.0-rev0' \
    -d 'grant_type=password&username=conform&password=conform-password' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
export AWS_ACCESS_KEY_ID=AKIDBENCHEXAMPLE AWS_SECRET_ACCESS_KEY=bench-secret-access-key AWS_REGION=us-east-1
sigv4='AWS4-HMAC-SHA256 Credential=AKIDBENCHEXAMPLE/20261122/us-east-1/outposts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0123456789abcdef'

say "1. runner against Schemathesis"
url=$(start_mock runner)
timed "$work/conform-run.txt" "$conform" run --target "$url" --login conform:conform-password --no-snapshots
stop_mock runner
read -r conform_wall conform_kib <"$work/conform-run.txt.time"
conform_requests=$(requests runner)
conform_cases=$(grep -o '[0-9]* passed, [0-9]* failed, [0-9]* errored' "$work/conform-run.txt" | awk '{print $1 + $3 + $5}')

url=$(start_mock schemathesis)
bearer=$(token "$url")
run_st() { # out path-regex header...
  local out=$1 path=$2
  shift 2
  local headers=()
  for h in "$@"; do headers+=(-H "$h"); done
  timed "$out" "$st" run "$work/openapi.json" --url "$url" --phases coverage,fuzzing \
    --max-examples 100 --seed 1 --include-path-regex "$path" "${headers[@]}" --no-color
}
run_st "$work/st-aws.txt" '^/connections$' "Authorization: $sigv4" "X-Amz-Date: 20261122T000000Z"
run_st "$work/st-veeam.txt" '^/api/v1/amazonConnections$' "Authorization: Bearer $bearer"
stop_mock schemathesis
read -r st_wall_a st_kib_a <"$work/st-aws.txt.time"
read -r st_wall_b st_kib_b <"$work/st-veeam.txt.time"
st_wall=$(awk -v a="$st_wall_a" -v b="$st_wall_b" 'BEGIN { printf "%.2f", a + b }')
st_kib=$(( st_kib_a > st_kib_b ? st_kib_a : st_kib_b ))
st_requests=$(( $(requests schemathesis) - 1 ))

say "2. mock against Prism"
url=$(start_mock load)
conform_load=$(wrk -t2 -c32 -d10s --latency -s bench/start_connection.lua "$url")
stop_mock load
prism_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$prism" mock -h 127.0.0.1 -p "$prism_port" "$work/openapi.json" >"$work/prism.log" 2>&1 &
prism_pid=$!
for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$prism_port/" && break; sleep 0.1; done
prism_load=$(wrk -t2 -c32 -d10s --latency -s bench/start_connection.lua "http://127.0.0.1:$prism_port")
rps() { awk '/Requests\/sec/ {print $2}'; }
ms() { awk -v t="$1" 'BEGIN { v = t + 0; if (t ~ /us$/) v /= 1000; else if (t ~ /[^m]s$/) v *= 1000; print v }'; }
p99() { awk '$1 == "99%" {print $2}'; }
non2xx() { awk '/Non-2xx/ {print $5}'; }

say "4. conform run against Prism"
"$conform" run --target "http://127.0.0.1:$prism_port" --bearer prism-any-token --no-snapshots --format json \
  >"$work/conform-vs-prism.json" 2>"$work/conform-vs-prism.log" || true
kill "$prism_pid" 2>/dev/null || true
wait "$prism_pid" 2>/dev/null || true
prism_summary=$(python3 - "$work/conform-vs-prism.json" <<'PY'
import json, re, sys, collections
report = json.load(open(sys.argv[1]))
s = report["summary"]
print(f"{s['passed']} passed, {s['failed']} failed, {s['errored']} errored of {s['total']}")
reasons = collections.Counter()
for case in report["cases"]:
    for f in case["failures"]:
        reasons[re.sub(r"`[^`]*`", "`…`", f.split(":")[0] + ":" + f.split(":", 1)[1][:60] if ":" in f else f)] += 1
for reason, n in reasons.most_common(8):
    print(f"- {n} × {reason}")
PY
)

say "3. Schemathesis as a judge of the mock (all checks): bench/judge.sh"
bash bench/judge.sh

say "5. ${soak}-second load on the mock"
url=$(start_mock soak)
pid=$(cat "$work/soak.pid")
rss_before=$(rss_kib "$pid")
# Resident memory every tenth of the load, to show whether it stays flat.
( for _ in $(seq 10); do sleep "$(awk -v s="$soak" 'BEGIN { print s / 10 }')"; rss_kib "$pid"; done >"$work/soak.rss" ) &
sampler=$!
soak_load=$(wrk -t2 -c64 -d"${soak}s" --latency -s bench/start_connection.lua "$url")
wait "$sampler" 2>/dev/null || true
rss_after=$(rss_kib "$pid")
rss_samples=$(paste -sd' ' "$work/soak.rss")
"$conform" run --target "$url" --login conform:conform-password --no-snapshots >"$work/after-soak.txt" 2>&1 && after_soak=passed || after_soak=FAILED
stop_mock soak
soak_errors=$(awk '/Socket errors/ {print}' <<<"$soak_load")
soak_non2xx=$(non2xx <<<"$soak_load")

say "6. criterion benches"
benches=$( (cargo bench -q --locked -p conform-generated --bench validators -- --warm-up-time 1 --measurement-time 3 --output-format bencher
  cargo bench -q --locked -p conform-codegen --bench generate -- --warm-up-time 1 --measurement-time 3 --output-format bencher) 2>/dev/null | grep 'bench:')
ns() { awk -v name="$1" '$2 == name { gsub(",", "", $5); print $5 }' <<<"$benches"; }

say "writing docs/performance.md"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.1f", a / b }'; }
conform_per_case=$(awk -v w="$conform_wall" -v n="$conform_requests" 'BEGIN { printf "%.5f", w / n }')
st_per_case=$(awk -v w="$st_wall" -v n="$st_requests" 'BEGIN { printf "%.5f", w / n }')
speed=$(ratio "$st_per_case" "$conform_per_case")
memory=$(ratio "$st_kib" "$conform_kib")
throughput=$(ratio "$(rps <<<"$conform_load")" "$(rps <<<"$prism_load")")
mkdir -p docs
cat >docs/performance.md <<EOF
# Performance, measured against the peers

Made by \`bench/peers.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr).
Peers: Schemathesis ${st_version:-4.32.5} (PyPI), Prism ${prism_version:-5} (npm), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}').
Figures are from one run on a shared 2-core machine: read the ratios, not the absolute times.
Every command below ran against a conform mock (or Prism) on loopback.

## 1. The runner against Schemathesis

Both sent their whole suite to the same conform mock; the mock's log counted the requests.

| | command | requests | wall s | per request ms | peak RSS MiB |
|---|---|---|---|---|---|
| conform | \`conform run --target URL --login … --no-snapshots\` | $conform_requests ($conform_cases cases) | $conform_wall | $(awk -v w="$conform_per_case" 'BEGIN { printf "%.3f", w * 1000 }') | $(awk -v k="$conform_kib" 'BEGIN { printf "%.1f", k / 1024 }') |
| Schemathesis | \`schemathesis run openapi.json --url URL --phases coverage,fuzzing --max-examples 100 --include-path-regex …\` (once per operation, each with its own Authorization; default checks) | $st_requests | $st_wall | $(awk -v w="$st_per_case" 'BEGIN { printf "%.3f", w * 1000 }') | $(awk -v k="$st_kib" 'BEGIN { printf "%.1f", k / 1024 }') |

- Cases per second: conform $(awk -v n="$conform_requests" -v w="$conform_wall" 'BEGIN { printf "%.0f", n / w }'), Schemathesis $(awk -v n="$st_requests" -v w="$st_wall" 'BEGIN { printf "%.0f", n / w }').
- **Per request, conform is ${speed}× faster** (goal: at least 20×): $( awk -v s="$speed" 'BEGIN { print (s >= 20 ? "met" : "not met") }').
- **Schemathesis uses ${memory}× conform's memory** (goal: at least 5×): $( awk -v s="$memory" 'BEGIN { print (s >= 5 ? "met" : "not met") }').

## 2. The mock against Prism

The same wrk load (\`wrk -t2 -c32 -d10s --latency -s bench/start_connection.lua URL\`: valid StartConnection POSTs) on each.

| | requests/s | p99 latency | non-2xx |
|---|---|---|---|
| conform mock | $(rps <<<"$conform_load") | $(p99 <<<"$conform_load") | $(n=$(non2xx <<<"$conform_load"); echo "${n:-0}") |
| Prism mock | $(rps <<<"$prism_load") | $(p99 <<<"$prism_load") | $(n=$(non2xx <<<"$prism_load"); echo "${n:-0}") |

- **Throughput: conform ${throughput}× Prism** (goal: at least 20×): $( awk -v s="$throughput" 'BEGIN { print (s >= 20 ? "met" : "not met") }').
- **p99 latency: Prism's is $(ratio "$(ms "$(p99 <<<"$prism_load")")" "$(ms "$(p99 <<<"$conform_load")")")× conform's.**

## 3. Schemathesis as a judge of the conform mock

\`bench/judge.sh\`, which this script runs, judges every operation of \`spec/\` and
\`examples/specs/\` with \`schemathesis run --checks all\` and writes [judge.md](judge.md): the
test cases per operation, every finding, and why the two SigV4 findings (403
\`MissingAuthenticationToken\` where Schemathesis wants 401, 400 \`IncompleteSignature\` for a
malformed signature) are AWS's documented behaviour. Findings and what was done about each are
listed in "Analysis and disagreements" below.

## 4. conform against a mock it did not write

\`conform run --target PRISM_URL --bearer any --no-snapshots\`: $prism_summary

## 5. ${soak} seconds of load on the mock

\`wrk -t2 -c64 -d${soak}s --latency -s bench/start_connection.lua URL\`: $(rps <<<"$soak_load") requests/s, p99 $(p99 <<<"$soak_load"), non-2xx ${soak_non2xx:-0}, socket errors: ${soak_errors:-none}.
Resident memory (KiB): $rss_before before the load; every tenth of it: $rss_samples; $rss_after after.
A \`conform run\` against the same mock afterwards: $after_soak.

## 6. Criterion benches

\`cargo bench -p conform-generated --bench validators\`: the generated validators against the
\`jsonschema\` crate, the same schema (StartConnection's request body) and the same payloads (the
suite's valid and invalid StartConnection bodies), both collecting every violation. Time per
pass over all payloads:

| payloads | conform ns | jsonschema ns | jsonschema / conform |
|---|---|---|---|
| valid | $(ns validate/valid/conform) | $(ns validate/valid/jsonschema) | $(ratio "$(ns validate/valid/jsonschema)" "$(ns validate/valid/conform)") |
| invalid | $(ns validate/invalid/conform) | $(ns validate/invalid/jsonschema) | $(ratio "$(ns validate/invalid/jsonschema)" "$(ns validate/invalid/conform)") |

Goal: at least 3× faster. $( awk -v a="$(ns validate/valid/jsonschema)" -v b="$(ns validate/valid/conform)" -v c="$(ns validate/invalid/jsonschema)" -v d="$(ns validate/invalid/conform)" 'BEGIN { print ((a / b >= 3 && c / d >= 3) ? "Met." : "Not met.") }')

\`cargo bench -p conform-codegen --bench generate\`: loading, checking, deriving the cases and
emitting formatted Rust.

| specs | time ms | per operation ms |
|---|---|---|
| spec/ (2 operations) | $(awk -v n="$(ns generate/spec)" 'BEGIN { printf "%.1f", n / 1e6 }') | $(awk -v n="$(ns generate/spec)" 'BEGIN { printf "%.1f", n / 2e6 }') |
| 10 synthetic | $(awk -v n="$(ns generate/synthetic/10)" 'BEGIN { printf "%.1f", n / 1e6 }') | $(awk -v n="$(ns generate/synthetic/10)" 'BEGIN { printf "%.1f", n / 1e7 }') |
| 100 synthetic | $(awk -v n="$(ns generate/synthetic/100)" 'BEGIN { printf "%.1f", n / 1e6 }') | $(awk -v n="$(ns generate/synthetic/100)" 'BEGIN { printf "%.1f", n / 1e8 }') |
| 1,000 synthetic | $(awk -v n="$(ns generate/synthetic/1000)" 'BEGIN { printf "%.1f", n / 1e6 }') | $(awk -v n="$(ns generate/synthetic/1000)" 'BEGIN { printf "%.1f", n / 1e9 }') |

Goal: 1,000 operations in under 1 s, roughly linear. $( awk -v n="$(ns generate/synthetic/1000)" 'BEGIN { print (n < 1e9 ? "Met." : "Linear, but not met: see the analysis below.") }')

EOF
cat bench/analysis.md >>docs/performance.md
cat docs/performance.md

# The load must have gone through cleanly, and the suite must still pass after it.
if [ -n "$soak_errors" ] || [ "${soak_non2xx:-0}" != 0 ] || [ "$after_soak" != passed ]; then
  echo "error: the load test saw errors or non-2xx answers, or the run after it failed" >&2
  exit 1
fi
