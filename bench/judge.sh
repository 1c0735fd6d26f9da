#!/usr/bin/env bash
# Schemathesis, with all its checks, as a judge of the conform mock: every operation of each
# spec folder (spec/ and examples/specs/), each run on its own against a mock built from that
# folder, with the credentials its auth scheme asks for. Writes docs/judge.md.
#
# The operations, their auth schemes and the token endpoint come from conform's own OpenAPI
# export of the folder, so a new operation is judged without an edit here. The mock checks the
# form of SigV4 signatures only (Schemathesis cannot sign), so a form-valid header is sent.
# It installs Schemathesis from PyPI into .bench/venv (ignored by git) if it is missing.
# Usage: bench/judge.sh [SPEC_FOLDER...]   (default: spec examples/specs)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/.bench
mkdir -p "$work"
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=(spec examples/specs)

say() { printf '\n== %s\n' "$*" >&2; }

if [ ! -x "$work/venv/bin/schemathesis" ]; then
  say "installing Schemathesis into .bench/venv"
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q --disable-pip-version-check schemathesis==4.32.5
fi
st=$work/venv/bin/schemathesis
st_version=$("$st" --version 2>/dev/null | head -1 | awk '{print $NF}')

# One line per operation of an OpenAPI export: id, then each header its credentials need, tab
# separated. SigV4 gets a signature whole in form; bearer gets a token from the export's token
# endpoint, asked with the constant headers the operation requires.
operations() { # export-file base-url
  python3 - "$1" "$2" <<'PY'
import json, sys, urllib.parse, urllib.request
doc = json.load(open(sys.argv[1]))
base = sys.argv[2]
schemes = doc.get("components", {}).get("securitySchemes", {})
tokens = {}
def const_headers(op):
    out = []
    for p in op.get("parameters", []):
        s = p.get("schema", {})
        if p.get("in") == "header" and p.get("required") and "const" in s:
            out.append((p["name"], s["const"]))
    return out
def token(path, fixed):
    if path not in tokens:
        body = urllib.parse.urlencode({"grant_type": "password", "username": "conform",
                                       "password": "conform-password"}).encode()
        request = urllib.request.Request(base + path, data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        for name, value in fixed:
            request.add_header(name, value)
        tokens[path] = json.load(urllib.request.urlopen(request))["access_token"]
    return tokens[path]
for path, item in doc["paths"].items():
    for method, op in item.items():
        if not isinstance(op, dict) or "operationId" not in op:
            continue
        headers = []
        for requirement in op.get("security", doc.get("security", [])):
            for name in requirement:
                scheme = schemes.get(name, {})
                if "x-conform-signing-name" in scheme:
                    service = scheme["x-conform-signing-name"]
                    headers.append("Authorization: AWS4-HMAC-SHA256 Credential=AKIDJUDGEEXAMPLE/20261122/"
                                   f"us-east-1/{service}/aws4_request, SignedHeaders=host;x-amz-date, "
                                   "Signature=0123456789abcdef")
                    headers.append("X-Amz-Date: 20261122T000000Z")
                elif "x-conform-token-path" in scheme:
                    headers.append("Authorization: Bearer " + token(scheme["x-conform-token-path"], const_headers(op)))
        print("\t".join([op["operationId"]] + headers))
PY
}

rows=""
details=""
for folder in "${folders[@]}"; do
  label=$(echo "$folder" | tr '/' '-')
  say "building the mock from $folder"
  # The target folders CI builds the same folders in, so a built tree is reused.
  case $folder in
    spec) target_dir=$root/target ;;
    examples/specs) target_dir=$root/target/examples ;;
    *) target_dir=$root/target/judge-$label ;;
  esac
  CONFORM_SPEC=$folder CARGO_TARGET_DIR=$target_dir cargo build --release --locked -q
  conform=$target_dir/release/conform
  "$conform" export openapi --spec "$folder" --out "$work/judge-$label.json"
  log=$work/judge-$label.log
  RUST_LOG=warn "$conform" mock --listen 127.0.0.1:0 >"$log.out" 2>"$log" &
  mock=$!
  for _ in $(seq 100); do grep -q 'listening on' "$log.out" 2>/dev/null && break; sleep 0.05; done
  url=$(sed -n 's/^conform mock: listening on //p' "$log.out")
  [ -n "$url" ] || { echo "error: the mock did not start; see $log" >&2; exit 1; }
  while IFS=$'\t' read -r id rest; do
    say "judging $id"
    headers=()
    if [ -n "$rest" ]; then
      IFS=$'\t' read -r -a creds <<<"$rest"
      for h in "${creds[@]}"; do headers+=(-H "$h"); done
    fi
    out=$work/judge-$label-$id.txt
    # Every test case runs, past the first failure, so a finding cannot hide another.
    "$st" run "$work/judge-$label.json" --url "$url" --checks all --seed 1 --continue-on-failure \
      --include-operation-id "$id" "${headers[@]}" --no-color >"$out" 2>&1 || true
    generated=$(grep -oE '[0-9]+ generated' "$out" | head -1 | awk '{print $1}' || true)
    failures=$( (grep -E '^ *❌ ST[0-9]+' "$out" || true) | sed -E 's/^ *❌ //' | paste -sd';' - | sed 's/;/; /g')
    rows+="| \`$folder\` | $id | ${generated:-0} | ${failures:-none} |"$'\n'
    if [ -n "$failures" ]; then
      details+=$'\n'"$id ($folder):"$'\n'"\`\`\`"$'\n'"$(grep -E '^ *(❌|✅) ST[0-9]+|generated,' "$out" | sed 's/^ *//')"$'\n'"\`\`\`"$'\n'
    fi
  done < <(operations "$work/judge-$label.json" "$url")
  kill "$mock" 2>/dev/null || true
  wait "$mock" 2>/dev/null || true
done

mkdir -p docs
cat >docs/judge.md <<EOF
# Schemathesis as a judge of the conform mock

Made by \`bench/judge.sh\` on $(date -u +%Y-%m-%d) with Schemathesis ${st_version:-4.32.5}: for every
operation of each spec folder, \`schemathesis run EXPORT --url MOCK --checks all --seed 1
--include-operation-id ID\`, against a \`conform mock\` built from that folder, with the
credentials the operation's auth scheme asks for.

| spec folder | operation | test cases | failures (check: count) |
|---|---|---|---|
${rows}
${details:+The checks that failed, as Schemathesis printed them:
$details}
Two findings are expected on every SigV4 operation, because the mock follows AWS's documents
where Schemathesis follows a general HTTP expectation:

- **ST203 "Missing required header accepted"**: Schemathesis sends a request without
  \`Authorization\` and expects 401. AWS's Common Errors page documents 403
  \`MissingAuthenticationToken\` for a request that is not signed, and the mock answers that.
- **ST401 "Unexpected response to invalid authentication"**: Schemathesis sends an
  \`Authorization\` that is not a SigV4 signature and expects 401 or 403. AWS documents 400
  \`IncompleteSignature\` for a signature that does not conform to AWS standards, and the mock
  answers that.

Any other finding is a disagreement between the export and the mock, and a bug to fix. The full
outputs are in \`.bench/judge-*.txt\` after a run.
EOF
say "wrote docs/judge.md"
