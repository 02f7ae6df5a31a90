#!/usr/bin/env bash
# Builds the solution and runs every test project, then prints one closing line `N passed, N failed`
# counted from the TRX result files. Installs what the tests need on a fresh machine:
# the private runtime for TorchSharp (where needed), node-opcua for the OPC UA interop tests, and
# Debian's python3-onnx as an independent ONNX checker.
#   scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Shield]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
log() { echo "test: $*" >&2; }

dotnet_host=$(scripts/private-runtime.sh)

# The OPC UA peer (node-opcua) lives in ../shared; install its packages once.
interop="$repo/../shared/interop/opcua"
if [ -f "$interop/package.json" ] && [ ! -d "$interop/node_modules" ]; then
  log "installing node-opcua for the interop tests (npm ci)"
  (cd "$interop" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# Debian's onnx package is for /usr/bin/python3, whatever python3 comes first on PATH.
if [ "$(uname -s)" = "Linux" ] && [ -x /usr/bin/python3 ] && ! /usr/bin/python3 -c 'import onnx' 2>/dev/null; then
  log "installing python3-onnx (independent ONNX checker)"
  (apt-get update -qq >/dev/null 2>&1 || true)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-onnx >/dev/null 2>&1 || log "python3-onnx could not be installed"
fi

settings="$repo/.tools/test.runsettings"
mkdir -p "$repo/.tools"
cat > "$settings" <<XML
<RunSettings>
  <RunConfiguration>
    <DotNetHostPath>$dotnet_host</DotNetHostPath>
    <TestSessionTimeout>1800000</TestSessionTimeout>
  </RunConfiguration>
</RunSettings>
XML

log "building"
dotnet build IndustrialSafeRL.sln -c Release -nologo -v quiet

results="$repo/TestResults/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results"
log "running tests (results in $results)"
set +e
# One test assembly at a time (-m:1): the end-to-end tests measure real cycles over loopback and should not share the
# two cores with the fuzz tests; the whole suite stays far inside its budget.
dotnet test IndustrialSafeRL.sln -c Release --no-build -m:1 --settings "$settings" \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" \
  --blame-hang-timeout 10m "$@"
test_rc=$?
set -e

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
if [ "$failed" -gt 0 ] || [ "$test_rc" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then echo "test: no test ran" >&2; exit 1; fi
