#!/usr/bin/env bash
# Fetches the official models conform compares the spec with, into .bench/models/:
#   outposts-botocore-VERSION.json  AWS Outposts, botocore's service-2.json from the botocore
#                                   wheel on PyPI (default version 1.44.8)
# The Veeam Swagger and the older Outposts Smithy model are in ../shared/reference already.
# Prints the path of the Outposts model. Usage: bench/fetch-models.sh [BOTOCORE_VERSION]
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-1.44.8}
models=$PWD/.bench/models
out=$models/outposts-botocore-$version.json
if [ ! -f "$out" ]; then
  mkdir -p "$models/wheel-$version"
  python3 -m pip download -q --no-deps -d "$models/wheel-$version" "botocore==$version" >&2
  python3 - "$models/wheel-$version" "$out" <<'PY'
import glob, gzip, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/botocore-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    data = z.read("botocore/data/outposts/2019-12-03/service-2.json.gz")
open(sys.argv[2], "wb").write(gzip.decompress(data))
PY
fi
echo "$out"
