#!/usr/bin/env bash
# Instructions per pass of the generated validators and of the `jsonschema` crate over each
# operation's payloads, counted by valgrind's cachegrind: the same payloads and schema as
# `cargo bench -p conform --bench validators`, in a measure that other processes on the machine
# do not move. Each side runs N and 2N passes in a fresh process; the difference divided by N
# leaves out start-up (loading the export, compiling the schema, parsing the payloads).
#
# Usage: bench/instructions.sh [N]   (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."

passes=${1:-200}
if ! command -v valgrind >/dev/null; then
  echo "valgrind is not installed here (Debian: valgrind), so there are no instruction counts." >&2
  exit 1
fi
binary=$(cargo bench -q --locked -p conform --bench passes --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "passes" and m.get("executable"):
        print(m["executable"])')

instructions() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$binary" "$@" 2>&1 >/dev/null |
    awk '/I *refs/ { gsub(",", "", $NF); print $NF }'
}
per_pass() {
  local once twice
  once=$(instructions "$1" "$2" "$3" "$passes")
  twice=$(instructions "$1" "$2" "$3" $((passes * 2)))
  echo $(((twice - once) / passes))
}

echo "| operation | payloads | conform instructions | jsonschema instructions | jsonschema / conform |"
echo "|---|---|---|---|---|"
for op in $("$binary" list); do
  for label in valid invalid; do
    conform=$(per_pass conform "$op" "$label")
    jsonschema=$(per_pass jsonschema "$op" "$label")
    awk -v op="$op" -v l="$label" -v c="$conform" -v j="$jsonschema" \
      'BEGIN { printf "| %s | %s | %d | %d | %.1f |\n", op, l, c, j, (c > 0 ? j / c : 0) }'
  done
done
