#!/usr/bin/env bash
# conform against its peers, in one run on one machine, and docs/performance.md from the figures.
# Every figure in that document comes from this script, in the run that wrote it.
#
#   1. the runner against Schemathesis, over 1,000 requests each, against the same conform mock;
#   2. the runner against the HTTP limit: wrk sending the suite's own valid requests to the same
#      mock, against the suite's cases per second with every check and the snapshots;
#   3. the mock against Prism (@stoplight/prism-cli@5), the same wrk load on each;
#   4. Schemathesis with all its checks as a judge of the mock, every operation of both spec
#      folders (bench/judge.sh, which writes docs/judge.md);
#   5. conform run against Prism, a mock conform did not write;
#   6. a soak: valid requests, invalid requests and logins mixed, resident memory throughout;
#   7. the generated validators against the `jsonschema` crate, per operation (criterion, then
#      in alternating rounds), and their instructions per pass under cachegrind
#      (bench/instructions.sh);
#   8. generation at scale and the rustc time of the bindings (bench/generation.sh).
#
# It installs what it needs into .bench/ (ignored by git): Schemathesis from PyPI into a virtual
# environment, Prism from npm, and wrk and valgrind from Debian if they are missing. It needs
# what the project's machine image has: a Rust toolchain, Python 3 with venv, Node.js with npm,
# curl and GNU time.
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
if ! command -v valgrind >/dev/null; then
  ${SUDO:-} apt-get install -y -qq valgrind >/dev/null
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
# The seconds a `conform run` reports for itself, from its summary line in file $1.
own_seconds() { sed -n 's/.* in \([0-9.]*\)s$/\1/p' "$1" | tail -1; }
stop_mock() { kill "$(cat "$work/$1.pid")" 2>/dev/null || true; wait "$(cat "$work/$1.pid")" 2>/dev/null || true; }
requests() { grep -c ' request ' "$work/$1.log" || true; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# The CPU seconds (user and system) a running process has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.3f", ($14 + $15) / hz }' "/proc/$1/stat"; }
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
runs=8
url=$(start_mock runner)
: >"$work/conform-runs.txt"
for i in $(seq "$runs"); do
  timed "$work/conform-run-$i.txt" "$conform" run --target "$url" --login conform:conform-password --no-snapshots
  read -r wall kib <"$work/conform-run-$i.txt.time"
  own=$(own_seconds "$work/conform-run-$i.txt")
  cases=$(grep -o 'skipped of [0-9]*' "$work/conform-run-$i.txt" | awk '{print $3}')
  echo "$wall $kib ${own:-0} ${cases:-0}" >>"$work/conform-runs.txt"
done
stop_mock runner
conform_requests=$(requests runner)
read -r conform_wall conform_kib conform_own conform_cases < <(awk '{ w += $1; if ($2 > k) k = $2; o += $3; c += $4 } END { printf "%.3f %d %.4f %d\n", w, k, o, c }' "$work/conform-runs.txt")

url=$(start_mock schemathesis)
bearer=$(token "$url")
run_st() { # out path-regex header...
  local out=$1 path=$2
  shift 2
  local headers=()
  for h in "$@"; do headers+=(-H "$h"); done
  timed "$out" "$st" run "$work/openapi.json" --url "$url" --phases coverage,fuzzing \
    --max-examples 300 --continue-on-failure --seed 1 --include-path-regex "$path" "${headers[@]}" --no-color
}
run_st "$work/st-aws.txt" '^/connections$' "Authorization: $sigv4" "X-Amz-Date: 20261122T000000Z"
run_st "$work/st-veeam.txt" '^/api/v1/amazonConnections$' "Authorization: Bearer $bearer"
stop_mock schemathesis
st_own() { sed -n 's/.* in \([0-9.]*\)s =*$/\1/p' "$1" | tail -1; }
read -r st_wall_a st_kib_a <"$work/st-aws.txt.time"
read -r st_wall_b st_kib_b <"$work/st-veeam.txt.time"
st_wall=$(awk -v a="$st_wall_a" -v b="$st_wall_b" 'BEGIN { printf "%.2f", a + b }')
st_own=$(awk -v a="$(st_own "$work/st-aws.txt")" -v b="$(st_own "$work/st-veeam.txt")" 'BEGIN { printf "%.2f", a + b }')
st_kib=$(( st_kib_a > st_kib_b ? st_kib_a : st_kib_b ))
st_requests=$(( $(requests schemathesis) - 1 ))

say "2. runner against the HTTP limit"
url=$(start_mock limit)
bearer=$(token "$url")
"$conform" list --format json 2>/dev/null | python3 bench/suite_requests.py valid "$bearer" >"$work/valid.lua" 2>/dev/null
# CPU seconds (user and system) each side spends: the client's from /usr/bin/time, the mock's
# from /proc before and after, so the share of the two cores each request costs is known.
mock_before=$(cpu_seconds "$(cat "$work/limit.pid")")
/usr/bin/time -f '%U %S' -o "$work/wrk-cpu" wrk -t2 -c32 -d10s -s "$work/valid.lua" "$url" >"$work/limit-wrk.txt"
limit_load=$(cat "$work/limit-wrk.txt")
mock_wrk_cpu=$(awk -v a="$mock_before" -v b="$(cpu_seconds "$(cat "$work/limit.pid")")" 'BEGIN { printf "%.3f", b - a }')
wrk_cpu=$(awk '{ printf "%.3f", $1 + $2 }' "$work/wrk-cpu")
wrk_requests=$(awk '/requests in/ { print $1 }' <<<"$limit_load")
# One run first, not measured, so the measured runs start with the binary and the files it reads
# in the page cache, as the whole-service runs below do.
"$conform" run --target "$url" --login conform:conform-password --profile mock >/dev/null 2>&1 || true
: >"$work/limit-runs.txt"
mock_before=$(cpu_seconds "$(cat "$work/limit.pid")")
for i in $(seq "$runs"); do
  /usr/bin/time -f '%U %S' -o "$work/limit-run-$i.cpu" "$conform" run --target "$url" --login conform:conform-password --profile mock >"$work/limit-run-$i.txt" 2>&1 || true
  own=$(own_seconds "$work/limit-run-$i.txt")
  cases=$(grep -o 'skipped of [0-9]*' "$work/limit-run-$i.txt" | awk '{print $3}')
  passed=$(grep -o '[0-9]* passed' "$work/limit-run-$i.txt" | tail -1 | awk '{print $1}')
  skipped=$(grep -o '[0-9]* skipped of' "$work/limit-run-$i.txt" | awk '{print $1}')
  cpu=$(awk '{ printf "%.3f", $1 + $2 }' "$work/limit-run-$i.cpu")
  echo "${own:-0} ${cases:-0} ${passed:-0} ${skipped:-0} ${cpu:-0}" >>"$work/limit-runs.txt"
done
mock_run_cpu=$(awk -v a="$mock_before" -v b="$(cpu_seconds "$(cat "$work/limit.pid")")" 'BEGIN { printf "%.3f", b - a }')
# What a run spends once and what each case adds: a quarter of the suite (`--shard 1/4`) and the
# whole of it, 20 runs each, by conform's own timing (printed to the millisecond, hence the
# many runs). The slope between the two is the time a further case adds; what is left of a
# whole run is its fixed part (connections, tasks, the report).
split_runs=20
split() { # shard -> "own-seconds sent-cases" summed over the runs
  local shard=$1 own=0 cases=0 i sent
  for i in $(seq "$split_runs"); do
    "$conform" run --shard "$shard" --target "$url" --login conform:conform-password --profile mock >"$work/split-run.txt" 2>&1 || true
    own=$(awk -v a="$own" -v b="$(own_seconds "$work/split-run.txt")" 'BEGIN { printf "%.4f", a + b }')
    sent=$(sed -n 's/.* \([0-9]*\) skipped of \([0-9]*\) in .*/\2 \1/p' "$work/split-run.txt" | awk '{ print $1 - $2 }')
    cases=$((cases + ${sent:-0}))
  done
  echo "$own $cases"
}
read -r quarter_own quarter_cases < <(split 1/4)
read -r whole_own whole_cases < <(split 1/1)
stop_mock limit
read -r limit_own limit_cases limit_passed limit_skipped limit_cpu < <(awk '{ o += $1; c += $2; p += $3; s += $4; u += $5 } END { printf "%.4f %d %d %d %.3f\n", o, c, p, s, u }' "$work/limit-runs.txt")
# Microseconds of CPU per request (wrk) or per sent case (conform, start-up included).
limit_sent=$(( limit_cases - limit_skipped ))
per_us() { awk -v s="$1" -v n="$2" 'BEGIN { if (n == 0) print 0; else printf "%.1f", s * 1e6 / n }'; }

say "2b. runner against the HTTP limit, whole services"
# The spec/ suite is small enough that a run's fixed part dominates it. The suite at scale is
# every operation conform imports from the official models: botocore's Outposts model and the
# Veeam Swagger document, imported into one spec folder and built into the bindings as a user
# would (CONFORM_SPEC), into target/whole-service so the main build is left alone.
whole_spec=$work/peers-whole-spec
rm -rf "$whole_spec" "$work/peers-whole-snapshots"
"$conform" spec import --model "$(bench/fetch-models.sh)" --all --out "$whole_spec" \
  --url https://github.com/boto/botocore/blob/1.44.8/botocore/data/outposts/2019-12-03/service-2.json >/dev/null 2>&1 || true
"$conform" spec import --model "$root/../shared/reference/veeam-aws-1.0-rev0.swagger.yaml" --all \
  --out "$whole_spec" --service veeam \
  --url https://github.com/VeeamHub/veeam-aws-sdk-go/blob/master/swagger.yaml >/dev/null 2>&1 || true
# An import exits non-zero when it refuses some of a model's operations; what it wrote must check.
"$conform" spec check "$whole_spec" >&2
CONFORM_SPEC="$whole_spec" CARGO_TARGET_DIR="$root/target/whole-service" cargo build --release --locked -q -p conform
spec_conform=$conform
conform=$root/target/whole-service/release/conform
whole_operations=$(find "$whole_spec" -name '*.yaml' ! -name service.yaml | wc -l)
url=$(start_mock whole)
bearer=$(token "$url")
"$conform" list --format json 2>/dev/null | python3 bench/suite_requests.py valid "$bearer" >"$work/whole-valid.lua" 2>/dev/null
whole_mock_before=$(cpu_seconds "$(cat "$work/whole.pid")")
/usr/bin/time -f '%U %S' -o "$work/whole-wrk-cpu" wrk -t2 -c32 -d10s -s "$work/whole-valid.lua" "$url" >"$work/whole-wrk.txt"
whole_mock_wrk_cpu=$(awk -v a="$whole_mock_before" -v b="$(cpu_seconds "$(cat "$work/whole.pid")")" 'BEGIN { printf "%.3f", b - a }')
whole_wrk_cpu=$(awk '{ printf "%.3f", $1 + $2 }' "$work/whole-wrk-cpu")
whole_wrk_requests=$(awk '/requests in/ { print $1 }' "$work/whole-wrk.txt")
# The snapshots are made once, then compared in every measured run.
"$conform" run --target "$url" --login conform:conform-password --profile mock \
  --snapshot-dir "$work/peers-whole-snapshots" --update-snapshots >/dev/null 2>&1 || true
: >"$work/whole-runs.txt"
whole_mock_before=$(cpu_seconds "$(cat "$work/whole.pid")")
for i in $(seq "$runs"); do
  /usr/bin/time -f '%U %S' -o "$work/whole-run-$i.cpu" "$conform" run --target "$url" --login conform:conform-password \
    --profile mock --snapshot-dir "$work/peers-whole-snapshots" >"$work/whole-run-$i.txt" 2>&1 || true
  own=$(own_seconds "$work/whole-run-$i.txt")
  passed=0 skipped=0 cases=0
  read -r passed skipped cases < <(sed -n 's/.* \([0-9]*\) passed, .* \([0-9]*\) skipped of \([0-9]*\) in .*/\1 \2 \3/p' "$work/whole-run-$i.txt") || true
  cpu=$(awk '{ printf "%.3f", $1 + $2 }' "$work/whole-run-$i.cpu")
  echo "${own:-0} ${cases:-0} ${passed:-0} ${skipped:-0} ${cpu:-0}" >>"$work/whole-runs.txt"
done
whole_mock_run_cpu=$(awk -v a="$whole_mock_before" -v b="$(cpu_seconds "$(cat "$work/whole.pid")")" 'BEGIN { printf "%.3f", b - a }')
stop_mock whole
read -r whole_run_own whole_run_cases whole_passed whole_skipped whole_cpu < <(awk '{ o += $1; c += $2; p += $3; s += $4; u += $5 } END { printf "%.4f %d %d %d %.3f\n", o, c, p, s, u }' "$work/whole-runs.txt")
whole_sent=$(( whole_run_cases - whole_skipped ))
conform=$spec_conform

say "3. mock against Prism"
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

say "5. conform run against Prism"
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
def describe(f):
    kind = f["kind"]
    if kind == "status":
        return f"status: expected {f['expected']}, got {f['got']}"
    if kind == "schema":
        return f"schema ({f['part']}): {f['rule']}"
    if kind == "content_type":
        return f"content type: got {f.get('got')}"
    if kind == "error_naming":
        return f"error naming: {f['header']} expected {f.get('expected')}"
    return kind
for case in report["cases"]:
    for f in case["failures"]:
        reasons[describe(f)] += 1
for reason, n in reasons.most_common(8):
    print(f"- {n} × {reason}")
PY
)

say "4. Schemathesis as a judge of the mock (all checks): bench/judge.sh"
bash bench/judge.sh

say "6. ${soak}-second soak of the mock: valid and invalid requests, and logins"
url=$(start_mock soak)
pid=$(cat "$work/soak.pid")
bearer=$(token "$url")
"$conform" list --format json 2>/dev/null | python3 bench/suite_requests.py mix "$bearer" >"$work/mix.lua" 2>"$work/mix.txt"
read -r cycle logins_per_cycle < <(awk '{ print $2, $4 }' "$work/mix.txt")
rss_before=$(rss_kib "$pid")
# Resident memory every tenth of the load, to show whether it stays flat.
( for _ in $(seq 10); do sleep "$(awk -v s="$soak" 'BEGIN { print s / 10 }')"; rss_kib "$pid"; done >"$work/soak.rss" ) &
sampler=$!
soak_load=$(wrk -t2 -c64 -d"${soak}s" --latency -s "$work/mix.lua" "$url")
wait "$sampler" 2>/dev/null || true
rss_after=$(rss_kib "$pid")
rss_samples=$(paste -sd' ' "$work/soak.rss")
soak_requests=$(awk '/requests in/ {print $1}' <<<"$soak_load")
soak_logins=$(awk -v n="$soak_requests" -v c="$cycle" -v l="$logins_per_cycle" 'BEGIN { printf "%d", n / c * l }')
"$conform" run --target "$url" --login conform:conform-password --no-snapshots >"$work/after-soak.txt" 2>&1 && after_soak=passed || after_soak=FAILED
stop_mock soak
soak_errors=$(awk '/Socket errors/ {print}' <<<"$soak_load")

say "7. the generated validators against jsonschema"
validators=$(cargo bench -q --locked -p conform --bench validators -- --warm-up-time 1 --measurement-time 5 --output-format bencher 2>/dev/null | grep 'bench:')
validator_rows=$(awk '
  { split($2, part, "/"); key = part[2] " " part[3]; gsub(",", "", $5); ns[key "/" part[4]] = $5; if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
  END {
    for (i = 1; i <= n; i++) {
      split(order[i], k, " "); c = ns[order[i] "/conform"]; j = ns[order[i] "/jsonschema"]
      ratio = c > 0 ? j / c : 0
      printf "| %s | %s | %s | %s | %.1f | %s |\n", k[1], k[2], c, j, ratio, (ratio >= 3 ? "met" : "not met")
    }
  }' <<<"$validators")
validators_met=$(grep -c '| met |' <<<"$validator_rows" || true)
validators_total=$(grep -c '^|' <<<"$validator_rows" || true)
paired_rows=$(cargo bench -q --locked -p conform --bench paired -- 1001 2>/dev/null)
instruction_rows=$(bench/instructions.sh 200)
valgrind_version=$(valgrind --version)

say "8. generation at scale: bench/generation.sh"
generation=$(bench/generation.sh 1000 10000)
profile=$(PROFILE_WHOLE="$root/target/whole-service/release/conform" PROFILE_WHOLE_SNAPSHOTS="$work/peers-whole-snapshots" bench/profile.sh)
generate_bench=$(cargo bench -q --locked -p conform-codegen --bench generate -- --warm-up-time 1 --measurement-time 3 --output-format bencher 2>/dev/null | grep 'bench:' || true)

say "writing docs/performance.md"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.1f", a / b }'; }
per_ms() { awk -v w="$1" -v n="$2" 'BEGIN { if (n == 0) print "n/a"; else printf "%.3f", w * 1000 / n }'; }
met() { awk -v v="$1" -v goal="$2" 'BEGIN { print (v >= goal ? "met" : "not met") }'; }
conform_per_request=$(awk -v w="$conform_wall" -v n="$conform_requests" 'BEGIN { printf "%.6f", w / n }')
st_per_request=$(awk -v w="$st_wall" -v n="$st_requests" 'BEGIN { printf "%.6f", w / n }')
conform_own_per_request=$(awk -v w="$conform_own" -v n="$conform_requests" 'BEGIN { printf "%.6f", w / n }')
st_own_per_request=$(awk -v w="$st_own" -v n="$st_requests" 'BEGIN { printf "%.6f", w / n }')
speed=$(ratio "$st_per_request" "$conform_per_request")
speed_own=$(ratio "$st_own_per_request" "$conform_own_per_request")
memory=$(ratio "$st_kib" "$conform_kib")
throughput=$(ratio "$(rps <<<"$conform_load")" "$(rps <<<"$prism_load")")
limit_rps=$(rps <<<"$limit_load")
runner_cps=$(awk -v c="$limit_sent" -v o="$limit_own" 'BEGIN { if (o == 0) print 0; else printf "%.0f", c / o }')
limit_share=$(awk -v a="$runner_cps" -v b="$limit_rps" 'BEGIN { if (b == 0) print 0; else printf "%.0f", 100 * a / b }')
whole_limit_rps=$(rps <"$work/whole-wrk.txt")
whole_cps=$(awk -v c="$whole_sent" -v o="$whole_run_own" 'BEGIN { if (o == 0) print 0; else printf "%.0f", c / o }')
whole_share=$(awk -v a="$whole_cps" -v b="$whole_limit_rps" 'BEGIN { if (b == 0) print 0; else printf "%.0f", 100 * a / b }')
# Per run: milliseconds of each split; the microseconds a further case adds; the fixed part.
read -r quarter_ms whole_ms case_us fixed_ms marginal_cps marginal_share < <(awk -v qo="$quarter_own" -v qc="$quarter_cases" -v wo="$whole_own" -v wc="$whole_cases" -v n="$split_runs" -v l="$limit_rps" 'BEGIN {
  us = (wc > qc) ? 1e6 * (wo - qo) / (wc - qc) : 0
  fixed = 1e3 * wo / n - us * wc / n / 1e3
  cps = (us > 0) ? 1e6 / us : 0
  printf "%.2f %.2f %.1f %.2f %.0f %.0f\n", 1e3 * qo / n, 1e3 * wo / n, us, fixed, cps, (l > 0) ? 100 * cps / l : 0 }')
mkdir -p docs
cat >docs/performance.md <<EOF
# Performance, measured against the peers

Made by \`bench/peers.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr).
Peers: Schemathesis ${st_version:-4.32.5} (PyPI), Prism ${prism_version:-5} (npm), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), jsonschema (crates.io, the version in Cargo.lock).
Every figure below comes from this script in this run. It ran on a shared 2-core machine: read
the ratios, which compare two commands measured minutes apart, not the absolute times. Every
command ran against a conform mock (or Prism) on loopback.

## 1. The runner against Schemathesis

Both sent their suites for the same two operations to the same conform mock, whose log counted
the requests. conform ran its whole suite $runs times, one process each; Schemathesis ran once per
operation (its coverage and fuzzing phases, up to 300 examples, continuing past failures). "Wall"
includes every process's start-up; "own" is the time each tool reports for its run, without it.

| | command | requests | wall s | own s | per request ms (wall) | per request ms (own) | peak RSS MiB |
|---|---|---|---|---|---|---|---|
| conform | \`conform run --target URL --login … --no-snapshots\`, $runs times | $conform_requests ($conform_cases cases) | $conform_wall | $conform_own | $(per_ms "$conform_wall" "$conform_requests") | $(per_ms "$conform_own" "$conform_requests") | $(awk -v k="$conform_kib" 'BEGIN { printf "%.1f", k / 1024 }') |
| Schemathesis | \`schemathesis run openapi.json --url URL --phases coverage,fuzzing --max-examples 300 --continue-on-failure --include-path-regex …\`, once per operation | $st_requests | $st_wall | $st_own | $(per_ms "$st_wall" "$st_requests") | $(per_ms "$st_own" "$st_requests") | $(awk -v k="$st_kib" 'BEGIN { printf "%.1f", k / 1024 }') |

- **Per request, conform is ${speed}× faster with start-up included, and ${speed_own}× by each
  tool's own timing** (goal: at least 20×): $(met "$speed_own" 20).
- **Schemathesis uses ${memory}× conform's peak memory** (goal: at least 5×): $(met "$memory" 5).

## 2. The runner against the HTTP limit

The same mock, first loaded by \`wrk -t2 -c32 -d10s -s valid.lua URL\`, where \`valid.lua\` (made
by \`bench/suite_requests.py\` from \`conform list --format json\`) sends the suite's own valid
requests in turn; then the whole suite, once unmeasured and then $runs times, with every check
and the snapshots compared: \`conform run --target URL --login … --profile mock\`. Cases per
second are the cases sent (skipped ones left out) over conform's own timing of the run, which
starts after the login and the loading of the cases; the CPU table below includes them.

| | requests or cases per second |
|---|---|
| wrk, the suite's valid requests | $limit_rps |
| conform run, every check and snapshot ($limit_passed of $limit_cases cases passed, $limit_skipped skipped) | $runner_cps |

- **The runner reaches ${limit_share}% of the loopback limit** (goal: at least 50%): $(met "$limit_share" 50).
- The skipped cases need what a plain mock run does not give: a target known to verify SigV4
  signatures, and an expired bearer token (\`--target-verifies-signatures\`, \`--expired-token\`).

Where a run's time goes: the same command on a quarter of the suite (\`--shard 1/4\`) and on all
of it, $split_runs runs each, by conform's own timing.

| | cases sent per run | own ms per run |
|---|---|---|
| \`--shard 1/4\` | $((quarter_cases / split_runs)) | $quarter_ms |
| the whole suite | $((whole_cases / split_runs)) | $whole_ms |

- Each further case adds ${case_us} µs: ${marginal_cps} cases per second, ${marginal_share}% of the
  loopback limit. The rest of a whole run, about ${fixed_ms} ms, is spent once per run
  (connections opened afresh, a task per case, the report).

The client, the mock and wrk share the machine's $(nproc) cores, so what each request costs in CPU
bounds the rate. CPU time (user and system) by \`/usr/bin/time\` for the clients, and by
\`/proc/PID/stat\` before and after for the mock:

| | requests | client CPU µs per request | mock CPU µs per request |
|---|---|---|---|
| wrk | $wrk_requests | $(per_us "$wrk_cpu" "$wrk_requests") | $(per_us "$mock_wrk_cpu" "$wrk_requests") |
| conform run, $runs runs (start-up and login included) | $limit_sent sent | $(per_us "$limit_cpu" "$limit_sent") | $(per_us "$mock_run_cpu" "$limit_sent") |

### At scale: every operation of both services

The suite above has $((limit_cases / runs)) cases, so a run's fixed part weighs on it. The same
measurement on every operation conform imports from the official models ($whole_operations operations:
botocore's Outposts model and the Veeam Swagger document, imported into one spec folder and built
with \`CONFORM_SPEC\`): wrk with that suite's valid requests, then the suite $runs times with every
check and its snapshots compared (made once first, with \`--update-snapshots\`, into a scratch
\`--snapshot-dir\`).

| | requests or cases per second |
|---|---|
| wrk, the whole-service suite's valid requests | $whole_limit_rps |
| conform run, every check and snapshot ($((whole_passed / runs)) of $((whole_run_cases / runs)) cases passed per run, $((whole_skipped / runs)) skipped) | $whole_cps |

- **At scale the runner reaches ${whole_share}% of the loopback limit** (goal: at least 50%): $(met "$whole_share" 50).
- CPU per request: wrk $(per_us "$whole_wrk_cpu" "$whole_wrk_requests") µs and the mock $(per_us "$whole_mock_wrk_cpu" "$whole_wrk_requests") µs under wrk;
  conform $(per_us "$whole_cpu" "$whole_sent") µs per sent case (start-up and login included) and the mock $(per_us "$whole_mock_run_cpu" "$whole_sent") µs.

## 3. The mock against Prism

The same wrk load (\`wrk -t2 -c32 -d10s --latency -s bench/start_connection.lua URL\`: valid StartConnection POSTs) on each.

| | requests/s | p99 latency | non-2xx |
|---|---|---|---|
| conform mock | $(rps <<<"$conform_load") | $(p99 <<<"$conform_load") | $(n=$(non2xx <<<"$conform_load"); echo "${n:-0}") |
| Prism mock | $(rps <<<"$prism_load") | $(p99 <<<"$prism_load") | $(n=$(non2xx <<<"$prism_load"); echo "${n:-0}") |

- **Throughput: conform ${throughput}× Prism** (goal: at least 20×): $(met "$throughput" 20).
- **p99 latency: Prism's is $(ratio "$(ms "$(p99 <<<"$prism_load")")" "$(ms "$(p99 <<<"$conform_load")")")× conform's.**

## 4. Schemathesis as a judge of the conform mock

\`bench/judge.sh\`, which this script runs, judges every operation of \`spec/\` and
\`examples/specs/\` with \`schemathesis run --checks all\` and writes [judge.md](judge.md): the
test cases per operation, every finding, and why the two SigV4 findings (403
\`MissingAuthenticationToken\` where Schemathesis wants 401, 400 \`IncompleteSignature\` for a
malformed signature) are AWS's documented behaviour.

## 5. conform against a mock it did not write

\`conform run --target PRISM_URL --bearer any --no-snapshots\`: $prism_summary

## 6. ${soak} seconds of mixed load on the mock

\`wrk -t2 -c64 -d${soak}s --latency -s mix.lua URL\`, where \`mix.lua\` (from
\`bench/suite_requests.py mix\`) cycles through $cycle requests: the suite's valid requests, its
invalid body requests, and $logins_per_cycle logins at the token endpoint.

- $soak_requests requests, $(rps <<<"$soak_load") per second, p99 $(p99 <<<"$soak_load"); socket errors: ${soak_errors:-none}.
- About $soak_logins logins, each issuing an access token and a refresh token (goal: at least 10,000): $(met "$soak_logins" 10000).
- Resident memory (KiB): $rss_before before the load; every tenth of it: $rss_samples; $rss_after after.
  The token store keeps at most 10,000 tokens of each kind and forgets the oldest first, so it
  stops growing once that many logins have come.
- A \`conform run\` against the same mock afterwards: $after_soak.

## 7. The generated validators against the \`jsonschema\` crate

\`cargo bench -p conform --bench validators\`: for every operation of the registry that takes a
body, the generated validators and the \`jsonschema\` crate read the same schema (the request body
in \`conform export openapi\`'s document, formats included) and judge the same payloads (the bodies
of the suite's own valid and invalid cases), both collecting every violation. CPU time of the
benchmarking thread per pass over all of an operation's payloads, from the kernel's per-thread
clock (\`harness/benches/cpu_time.rs\`): on this shared machine, wall time also counts the time
other processes hold the core. Both sides are measured alike:

| operation | payloads | conform ns | jsonschema ns | jsonschema / conform | goal (3×) |
|---|---|---|---|---|---|
$validator_rows

Goal: at least 3× faster on valid and invalid payloads of every operation: met for $validators_met of $validators_total.

\`cargo bench -p conform --bench paired -- 1001\`: the same two sides, the same payloads and the
same clock, in 1,001 rounds that alternate them, each round a block of about 2 ms of CPU time per
side. Criterion measures the two sides seconds apart, and on this machine a pass of a few hundred
nanoseconds moves by tens of percent in that time; a ratio taken round by round does not carry
that drift. The median of the rounds' ratios, and their spread:

$paired_rows

\`bench/instructions.sh 200\`: the same payloads and schemas, counted in instructions per pass by
$valgrind_version's cachegrind (200 and 400 passes in fresh processes, the difference divided by
200, so start-up is left out). Counts do not move with the machine's load, but an instruction is
not a unit of time: a side whose instructions wait less on memory and branches does more of them
per cycle, so this ratio and the one above differ.

$instruction_rows

## 8. Generation at scale

\`bench/generation.sh\`: \`conform generate\` as a whole command (a fresh process each time, so
every cache starts cold; start-up is included and is a few milliseconds), on the spec folders
(\`.bench/peers-whole-spec\` is every operation of Outposts and Veeam, imported in section 2b) and
on synthetic folders of 1,000 and 10,000 operations copied round-robin from the real operations
of \`spec/\` and \`examples/specs/\` (different shapes), each copy renamed and its patterns made
unique so no cache sees one twice; each synthetic run with \`--timings\`, which prints the
time of each stage (the stages that run per operation as thread time summed over the operations,
the rest as wall time); then the rustc time of the generated crate alone.

$generation

In process (\`cargo bench -p conform-codegen --bench generate\`, ns per generation of the folder):

\`\`\`text
$generate_bench
\`\`\`

Goal: at most 1 ms per operation, linear. The per-operation times above say whether it is met.

## 9. Profiles

\`bench/profile.sh\`, which this script runs:

$profile

EOF
cat bench/analysis.md >>docs/performance.md
cat docs/performance.md

# The load must have gone through cleanly, and the suite must still pass after it.
if [ -n "$soak_errors" ] || [ "$after_soak" != passed ]; then
  echo "error: the soak saw socket errors, or the run after it failed" >&2
  exit 1
fi
