#!/bin/bash
# One whole call (serialize, sign, send to an in-memory HTTP client, read) through
# sagemaker-api and through aws-sdk-sagemaker, and one InvokeEndpoint through
# sagemakerruntime and aws-sdk-sagemakerruntime, in the same run, release builds.
# The bench crate (tests/benches/sdk-call) is its own workspace, so the SDK never
# enters the project's build or CI. Prints criterion's estimates and the ratios.
# Usage: tests/benches/whole-call-vs-sdk.sh [criterion args]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="${TMPDIR:-/tmp}/sagemaker-sdk-call-target"
cd "$root/tests/benches/sdk-call"
mkdir -p "$target"
# criterion writes its estimates under CARGO_TARGET_DIR.
CARGO_TARGET_DIR="$target" CARGO_INCREMENTAL=0 cargo bench -q --bench whole_call --bench invoke_endpoint -- "$@" 2>&1 | tee "$target/last-run.txt"
python3 - "$target" <<'PY'
import json, pathlib, sys
base = pathlib.Path(sys.argv[1]) / "criterion"
for op, ours, theirs in (
    ("create_training_job", "sagemaker_api", "aws_sdk_sagemaker"),
    ("describe_training_job", "sagemaker_api", "aws_sdk_sagemaker"),
    ("invoke_endpoint", "sagemakerruntime", "aws_sdk_sagemakerruntime"),
):
    est = {}
    for who in (ours, theirs):
        data = json.loads((base / op / who / "new" / "estimates.json").read_text())
        est[who] = data["median"]["point_estimate"] / 1000
    print(f"{op}: {ours} {est[ours]:.2f} us, {theirs} {est[theirs]:.2f} us, ratio {est[theirs] / est[ours]:.2f}x")
PY
