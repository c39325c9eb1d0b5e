#!/usr/bin/env bash
# Build cost of Torsion's analyzers and generator: compiles the synthetic project (generate.py)
# ROUNDS times with them and ROUNDS times without, alternating, after a warm-up of each, with the
# compiler server warm; prints the Csc task time of every build (MSBuild's performance summary)
# and the medians. The compiler server is used (-p:UseSharedCompilation=true, whatever the
# environment says) and stays warm between builds; the script stops the server it used at the end.
# Usage: bench/BuildCost/measure.sh [rounds]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rounds="${1:-7}"
/usr/bin/python3 "$here/generate.py"
project="$here/Synthetic/Synthetic.csproj"
csc_ms() {
  # Rebuild only this project's compilation: touch one source, build, read the Csc task's time.
  touch "$here/Synthetic/Generated/Handlers0.cs"
  dotnet build "$project" -c Release -nologo -p:TorsionWireAnalyzers="$1" -p:UseSharedCompilation=true -clp:PerformanceSummary 2>&1 \
    | awk '/Task Performance Summary/ {p=1} p && $3 == "Csc" {print $1}' | tail -1
}
before="$(pgrep -f VBCSCompiler || true)"
for wire in true false; do csc_ms $wire >/dev/null; csc_ms $wire >/dev/null; done
with=(); without=()
for ((i = 0; i < rounds; i++)); do
  with+=("$(csc_ms true)")
  without+=("$(csc_ms false)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "with analyzers+generator (ms): ${with[*]}"
echo "without (ms):                  ${without[*]}"
m1=$(median "${with[@]}"); m0=$(median "${without[@]}")
echo "median with: $m1 ms, median without: $m0 ms, ratio: $(awk -v a="$m1" -v b="$m0" 'BEGIN {printf "%.2f", a / b}')"
# Stop the compiler server this script started (only one that was not running before).
for pid in $(pgrep -f VBCSCompiler || true); do
  if ! grep -qx "$pid" <<<"$before"; then kill "$pid" 2>/dev/null || true; fi
done
