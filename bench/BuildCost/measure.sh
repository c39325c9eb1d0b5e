#!/usr/bin/env bash
# Build cost of Torsion's analyzers and generator: compiles the synthetic project (generate.py)
# ROUNDS times in each configuration, alternating, after a warm-up of each, with the compiler server
# warm; prints the Csc task time of every build (MSBuild's performance summary), the medians and the
# ratio of each configuration to the build without Torsion's plug-ins. Configurations:
#   without    no Torsion analyzers nor generator (-p:TorsionWireAnalyzers=false; the
#              [InlineCallbacks] methods compile as plain iterators)
#   generator  the [InlineCallbacks] generator only (-p:TorsionDisableAnalyzers=true)
#   analyzers  Torsion's analyzers only (-p:TorsionDisableGenerator=true)
#   with       both, as a package user gets them (the goal of issue 12: less than 1.20 x without)
# The compiler server is used (-p:UseSharedCompilation=true, whatever the environment says) and stays
# warm between builds; the script stops the server it used at the end.
# Usage: bench/BuildCost/measure.sh [rounds] [configuration...]   (default: 7 rounds, all four)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rounds="${1:-7}"
shift || true
configurations=("$@")
if [ ${#configurations[@]} -eq 0 ]; then configurations=(without generator analyzers with); fi
/usr/bin/python3 "$here/generate.py"
project="$here/Synthetic/Synthetic.csproj"
switches() {
  case "$1" in
    without) echo "-p:TorsionWireAnalyzers=false" ;;
    generator) echo "-p:TorsionWireAnalyzers=true -p:TorsionDisableAnalyzers=true -p:TorsionDisableGenerator=false" ;;
    analyzers) echo "-p:TorsionWireAnalyzers=true -p:TorsionDisableAnalyzers=false -p:TorsionDisableGenerator=true" ;;
    with) echo "-p:TorsionWireAnalyzers=true -p:TorsionDisableAnalyzers=false -p:TorsionDisableGenerator=false" ;;
    *) echo "unknown configuration $1" >&2; exit 2 ;;
  esac
}
csc_ms() {
  # Rebuild only this project's compilation: touch one source, build, read the Csc task's time.
  touch "$here/Synthetic/Generated/Handlers0.cs"
  # shellcheck disable=SC2046
  dotnet build "$project" -c Release -nologo $(switches "$1") -p:UseSharedCompilation=true -clp:PerformanceSummary 2>&1 \
    | awk '/Task Performance Summary/ {p=1} p && $3 == "Csc" {print $1}' | tail -1
}
before="$(pgrep -f VBCSCompiler || true)"
for c in "${configurations[@]}"; do csc_ms "$c" >/dev/null; csc_ms "$c" >/dev/null; done
declare -A times
for ((i = 0; i < rounds; i++)); do
  for c in "${configurations[@]}"; do times[$c]="${times[$c]:-} $(csc_ms "$c")"; done
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A medians
for c in "${configurations[@]}"; do
  # shellcheck disable=SC2086
  medians[$c]=$(median ${times[$c]})
  printf '%-10s (ms):%s  median %s ms\n' "$c" "${times[$c]}" "${medians[$c]}"
done
if [ -n "${medians[without]:-}" ]; then
  for c in "${configurations[@]}"; do
    [ "$c" = without ] && continue
    echo "ratio $c / without: $(awk -v a="${medians[$c]}" -v b="${medians[without]}" 'BEGIN {printf "%.2f", a / b}')"
  done
fi
# Stop the compiler server this script started (only one that was not running before).
for pid in $(pgrep -f VBCSCompiler || true); do
  if ! grep -qx "$pid" <<<"$before"; then kill "$pid" 2>/dev/null || true; fi
done
