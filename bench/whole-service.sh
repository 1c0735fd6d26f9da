#!/usr/bin/env bash
# Whole services through conform: import every operation of an official model, check the spec,
# drift it against its own model (which must find nothing), build the bindings from it
# (CONFORM_SPEC) and run the whole suite against the built-in mock.
#
# Models:
#   outposts  AWS Outposts, botocore's service-2.json (bench/fetch-models.sh downloads it)
#   smithy    AWS Outposts, the older Smithy JSON AST in ../shared/reference
#   veeam     Veeam Backup for AWS 1.0-rev0, the Swagger 2.0 document in ../shared/reference
# Then the two-year change log: the spec imported from the older Smithy model, drifted against
# botocore's current model, counted by rule.
#
# It prints, per model: operations imported out of the total, operations refused by construct,
# drift findings against the model itself, cases, passed, and the import, generate, build and
# run times (each a whole command, start-up included; the build reuses target/whole-service).
# The same lines go to docs/whole-service.md.
# Usage: bench/whole-service.sh [BOTOCORE_VERSION] [MODEL...]   (default 1.44.8, every model)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/.bench/whole-service
version=${1:-1.44.8}
shift || true
chosen=("$@")
models_given=$#
[ ${#chosen[@]} -eq 0 ] && chosen=(outposts smithy veeam)
mkdir -p "$work"

say() { printf '\n== %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

botocore=$(bench/fetch-models.sh "$version")

# Everything this script prints on standard output is also docs/whole-service.md, when it runs
# every model.
if [ "$models_given" -eq 0 ]; then
  exec > >(tee "$root/docs/whole-service.md")
fi
echo "# Whole services (written by bench/whole-service.sh on $(date -u +%Y-%m-%d), $(nproc) cores)"
echo
echo '```text'
trap 'echo "\`\`\`"' EXIT
reference=$root/../shared/reference

say "building conform"
cargo build --release --locked -q -p conform
conform=$root/target/release/conform

# whole NAME MODEL URL TOTAL [SERVICE]: one model through import, check, drift, generate, build
# and run; SERVICE names the service where the model's own name is long.
whole() {
  local name=$1 model=$2 url=$3 total=$4 service=${5:-}
  local out=$work/$name-spec
  rm -rf "$out"
  local t0 t1 t2 t3 t4 t5 status
  t0=$(now)
  "$conform" spec import --model "$model" --all --out "$out" --url "$url" ${service:+--service "$service"} \
    >"$work/$name-refused.txt" 2>"$work/$name-import.log" || true
  t1=$(now)
  local imported refused
  imported=$(find "$out" -name '*.yaml' ! -name service.yaml | wc -l)
  refused=$(wc -l <"$work/$name-refused.txt")
  "$conform" spec check "$out" 2>&1 | tail -1
  set +e
  "$conform" spec drift "$out" --model "$model" --format json --level operation-added=off \
    >"$work/$name-drift.json"
  set -e
  local findings
  findings=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$work/$name-drift.json")
  t2=$(now)
  "$conform" generate --spec "$out" --out "$work/$name-bindings.rs"
  t3=$(now)
  CONFORM_SPEC="$out" CARGO_TARGET_DIR="$root/target/whole-service" \
    cargo build --release --locked -q -p conform
  t4=$(now)
  set +e
  "$root/target/whole-service/release/conform" run --no-snapshots --format json \
    >"$work/$name-run.json" 2>"$work/$name-run.log"
  status=$?
  set -e
  t5=$(now)
  local cases passed
  read -r cases passed < <(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["total"], s["passed"])' "$work/$name-run.json")
  # The same suite in four shards, as four CI runners would run it: each case once, and the
  # shards' JUnit reports together equal the unsplit run's.
  "$root/target/whole-service/release/conform" run --no-snapshots --junit "$work/$name-whole.xml" \
    >/dev/null 2>&1 || true
  local sizes=()
  : >"$work/$name-shards.txt"
  for k in 1 2 3 4; do
    "$root/target/whole-service/release/conform" run --no-snapshots --shard "$k/4" \
      --junit "$work/$name-shard$k.xml" >/dev/null 2>&1 || true
    sizes+=("$(grep -c '<testcase ' "$work/$name-shard$k.xml")")
    grep -o '<testcase name="[^"]*"' "$work/$name-shard$k.xml" >>"$work/$name-shards.txt"
  done
  local shards_equal=no
  if cmp -s <(sort "$work/$name-shards.txt") <(grep -o '<testcase name="[^"]*"' "$work/$name-whole.xml" | sort); then
    shards_equal=yes
  fi

  echo
  echo "$name: ${model#"$root"/}"
  echo "operations imported: $imported of $total"
  echo "operations refused by construct: $refused"
  python3 - "$work/$name-refused.txt" <<'PY'
import collections, re, sys
counts = collections.Counter()
for line in open(sys.argv[1]):
    for construct in line.split(" not imported: ", 1)[-1].strip().split("; "):
        counts[re.sub(r" \(.*", "", construct)] += 1
for construct, n in counts.most_common():
    print(f"  {n:3}  {construct}")
PY
  echo "drift against its own model: $findings findings"
  echo "cases: $cases, passed: $passed (conform run exit $status)"
  echo "four shards (--shard K/4): ${sizes[*]} cases; together the unsplit run: $shards_equal"
  echo "times (s): import $(secs "$t0" "$t1"), generate $(secs "$t2" "$t3"), build $(secs "$t3" "$t4"), run $(secs "$t4" "$t5")"
}

count() {
  python3 - "$@" <<'PY'
import json, sys
model = sys.argv[1]
if model.endswith(".json"):
    doc = json.load(open(model))
    if "operations" in doc:
        print(len(doc["operations"]))
    else:
        print(sum(1 for s in doc["shapes"].values() if s.get("type") == "operation"))
else:
    methods = {"get", "put", "post", "delete", "patch", "head", "options"}
    n = 0
    path = None
    for line in open(model):
        if line.startswith("paths:"):
            path = True
        elif path and line[:1].strip() and not line.startswith(" "):
            break
        elif path and line.startswith("    ") and not line.startswith("     "):
            if line.strip().rstrip(":") in methods:
                n += 1
    print(n)
PY
}

for name in "${chosen[@]}"; do
  case $name in
    outposts) whole outposts "$botocore" \
      "https://github.com/boto/botocore/blob/$version/botocore/data/outposts/2019-12-03/service-2.json" \
      "$(count "$botocore")" ;;
    smithy) whole smithy "$reference/outposts-2019-12-03.older.smithy.json" \
      "https://github.com/aws/api-models-aws/tree/main/models/outposts" \
      "$(count "$reference/outposts-2019-12-03.older.smithy.json")" ;;
    veeam) whole veeam "$reference/veeam-aws-1.0-rev0.swagger.yaml" \
      "https://github.com/VeeamHub/veeam-aws-sdk-go/blob/master/swagger.yaml" \
      "$(count "$reference/veeam-aws-1.0-rev0.swagger.yaml")" veeam ;;
    *) echo "unknown model $name (outposts, smithy, veeam)" >&2; exit 2 ;;
  esac
done

if [ -d "$work/smithy-spec" ]; then
  echo
  echo "change log: the older Smithy model's operations against botocore $version"
  set +e
  "$conform" spec drift "$work/smithy-spec" --model "$botocore" --format json >"$work/changelog.json"
  set -e
  python3 - "$work/changelog.json" <<'PY'
import collections, json, sys
report = json.load(open(sys.argv[1]))
counts = collections.Counter((f["level"], f["rule"]) for f in report["findings"])
print(f"{len(report['compared'])} operations compared, {len(report['findings'])} findings")
for (level, rule), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"  {n:3}  {level:8} {rule}")
PY
fi
