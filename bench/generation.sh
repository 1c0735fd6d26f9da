#!/usr/bin/env bash
# Generation at scale, as whole commands with cold caches: `conform generate` on real spec folders
# (spec/, examples/specs, and the whole-service imports when bench/whole-service.sh or
# bench/peers.sh has made them), and on synthetic folders of 1,000 and 10,000 operations copied
# round-robin from the real operations of different shapes, each copy renamed and its patterns
# made unique, so no cache sees the same pattern twice. Each command is a fresh process, so every
# cache starts cold and start-up is included (it is a few milliseconds). Then the rustc time users
# pay in build.rs: the generated crate alone rebuilt from each real folder, its dependencies
# already built.
#
# Prints one Markdown table per part; bench/peers.sh puts them in docs/performance.md.
# Usage: bench/generation.sh [SYNTHETIC_SIZES...]   (default 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/.bench/generation
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)
# The memory one `conform generate` may take: half the machine's.
cap_gib=$(awk '/MemTotal/ { printf "%d", $2 / 1048576 / 2 }' /proc/meminfo)
mkdir -p "$work"

cargo build --release --locked -q -p conform
conform=$root/target/release/conform

operations() { find "$1" -name '*.yaml' ! -name service.yaml | wc -l; }
# The wall time of a command, in seconds: the median of three runs.
timed() {
  local runs=()
  for _ in 1 2 3; do
    local start=$EPOCHREALTIME
    "$@" >/dev/null 2>&1
    runs+=("$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }')")
  done
  printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p
}

folders=(spec examples/specs)
# The whole services' real operations: imported by bench/whole-service.sh, or by bench/peers.sh
# (section 2b, every operation of Outposts and Veeam in one folder) when either has run.
for imported in .bench/whole-service/outposts-spec .bench/whole-service/veeam-spec \
  .bench/peers-whole-spec; do
  [ -d "$imported" ] && folders+=("$imported")
done

echo "| spec folder | operations | \`conform generate\` s | per operation ms |"
echo "|---|---|---|---|"
for folder in "${folders[@]}"; do
  n=$(operations "$folder")
  s=$(timed "$conform" generate --spec "$folder" --out "$work/out.rs")
  echo "| $folder | $n | $s | $(awk -v s="$s" -v n="$n" 'BEGIN { printf "%.2f", s * 1000 / n }') |"
done

# Synthetic folders: the real operations of spec/ and examples/specs dealt out round-robin,
# renamed, each pattern made unique to its copy.
for size in "${sizes[@]}"; do
  python3 - "$work/synthetic-$size" "$size" spec examples/specs <<'PY'
import pathlib, re, shutil, sys
out, size, sources = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
shutil.rmtree(out, ignore_errors=True)
# Each source folder's services keep their own service.yaml, under a service id of their own.
bases = []
for k, source in enumerate(sources):
    for service in sorted(pathlib.Path(source).glob("*/service.yaml")):
        target = out / f"{service.parent.name}{k}"
        target.mkdir(parents=True, exist_ok=True)
        text = re.sub(r"^service: (\S+)", lambda m: f"service: {m.group(1)}{k}", service.read_text(), flags=re.M)
        (target / "service.yaml").write_text(text)
        for path in sorted(service.parent.glob("*.yaml")):
            if path.name != "service.yaml":
                bases.append((target, path.read_text()))
def unique(pattern, i):
    # An empty group repeated i times matches nothing, so the pattern means what it meant, but
    # no copy shares its text with another and every pattern cache misses.
    if pattern.startswith("^"):
        return "^(?:){%d}" % i + pattern[1:]
    return "(?:){%d}" % i + pattern
for i in range(size):
    target, text = bases[i % len(bases)]
    text = re.sub(r"^operation: (\w+)", lambda m: f"operation: {m.group(1)}N{i}", text, flags=re.M)
    text = re.sub(r"(?<=pattern: ')(.*)(?=')", lambda m: unique(m.group(1), i), text)
    (target / f"op{i}.yaml").write_text(text)
PY
done
echo
echo "| synthetic operations | \`conform generate\` s | per operation ms | peak RSS MiB |"
echo "|---|---|---|---|"
for size in "${sizes[@]}"; do
  folder=$work/synthetic-$size
  if ! "$conform" spec check "$folder" >"$work/check-$size.log" 2>&1; then
    echo "error: the synthetic folder of $size does not check; see $work/check-$size.log" >&2
    exit 1
  fi
  start=$EPOCHREALTIME
  # Generation holds the whole output in memory; a size it cannot hold in the memory cap is
  # reported, not left to the kernel's out-of-memory killer.
  if (ulimit -v $((cap_gib * 1024 * 1024)); /usr/bin/time -f '%M' -o "$work/rss-$size" \
    "$conform" generate --spec "$folder" --out "$work/out.rs" --timings) >/dev/null \
    2>"$work/generate-$size.log"; then
    s=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
    mib=$(awk '{ printf "%.0f", $1 / 1024 }' "$work/rss-$size")
    echo "| $size | $s | $(awk -v s="$s" -v n="$size" 'BEGIN { printf "%.2f", s * 1000 / n }') | $mib |"
  else
    echo "| $size | did not finish: it needs more than the ${cap_gib} GiB cap | | |"
  fi
done

# Where each synthetic run's time went, as `conform generate --timings` printed it, and what is
# left per operation without the three stages that handle Rust text (building tokens, parsing and
# formatting): the wall-time stages, plus deriving the cases shared among the threads.
for size in "${sizes[@]}"; do
  log=$work/generate-$size.log
  grep -q '^conform: timings' "$log" 2>/dev/null || continue
  echo
  echo "Where the $size-operation run's time went (\`conform generate --timings\`):"
  echo
  echo '```text'
  sed -n '/^conform: timings/,$p' "$log"
  echo '```'
  echo
  awk '/^conform: timings/ { n = $4; threads = $7 }
    /^(load and check|join the|write the)/ { wall += $(NF - 2) }
    /^derive the cases/ { derive = $(NF - 2) }
    END { printf "Without building, parsing and formatting Rust: %.2f ms per operation.\n", \
      (wall + derive / threads) * 1000 / n }' "$log"
done

echo
echo "| spec folder | operations | rustc of the generated crate s | per operation s |"
echo "|---|---|---|---|"
export CARGO_TARGET_DIR=$root/target/generation
CONFORM_SPEC=spec cargo build --release --locked -q -p conform-generated
for folder in "${folders[@]}"; do
  n=$(operations "$folder")
  # A changed spec folder rebuilds the generated crate and nothing else.
  touch generated/build.rs
  start=$EPOCHREALTIME
  CONFORM_SPEC="$root/$folder" cargo build --release --locked -q -p conform-generated
  s=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  echo "| $folder | $n | $s | $(awk -v s="$s" -v n="$n" 'BEGIN { printf "%.2f", s / n }') |"
done
