#!/usr/bin/env bash
# Build cost of Torsion's analyzers and generator: compiles issue 12's synthetic project (written by
# bench/Torsion.BuildBenchmarks --write-callback-project, from its CallbackProject.cs)
# ROUNDS times in each configuration, alternating, after a warm-up of each, with the compiler server
# warm; prints the Csc task time of every build (MSBuild's performance summary) and the compiler
# server's CPU time for it, the medians and the ratio of each configuration to the build without
# Torsion's plug-ins. Configurations:
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
dotnet run -c Release --project "$here/../Torsion.BuildBenchmarks" -- --write-callback-project "$here/Synthetic"
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
server_cpu_ms() {
  # CPU time (user + system) used so far by the compiler server processes, in ms.
  local total=0 pid ticks
  for pid in $(pgrep -f VBCSCompiler || true); do
    ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + ticks))
  done
  echo $((total * 1000 / $(getconf CLK_TCK)))
}
csc_ms() {
  # Rebuild only this project's compilation: touch one source, build, read the Csc task's time and
  # the compiler server's CPU time for the build ("wall/cpu"). Wall time swings with the machine's
  # load; the server's CPU time much less (on this shared machine it is the steadier measure).
  touch "$here/Synthetic/Generated/Handlers0.cs"
  local cpu0 wall cpu1
  cpu0=$(server_cpu_ms)
  # shellcheck disable=SC2046
  wall=$(dotnet build "$project" -c Release -nologo $(switches "$1") -p:UseSharedCompilation=true -clp:PerformanceSummary 2>&1 \
    | awk '/Task Performance Summary/ {p=1} p && $3 == "Csc" {print $1}' | tail -1)
  cpu1=$(server_cpu_ms)
  echo "$wall/$((cpu1 - cpu0))"
}
before="$(pgrep -f VBCSCompiler || true)"
# Warm-up: the server loads the plug-ins once, but their code (not precompiled) only reaches the
# JIT's optimized tier after a few builds (the generator took 0.9 s, 0.5 s, 0.3 s, 0.2 s, then
# 0.13-0.18 s in the first builds of a fresh server), so each configuration is built three times first.
for ((w = 0; w < 3; w++)); do
  for c in "${configurations[@]}"; do csc_ms "$c" >/dev/null; done
done
declare -A walls cpus
for ((i = 0; i < rounds; i++)); do
  for c in "${configurations[@]}"; do
    m=$(csc_ms "$c")
    walls[$c]="${walls[$c]:-} ${m%/*}"
    cpus[$c]="${cpus[$c]:-} ${m#*/}"
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A mwall mcpu
for c in "${configurations[@]}"; do
  # shellcheck disable=SC2086
  mwall[$c]=$(median ${walls[$c]})
  # shellcheck disable=SC2086
  mcpu[$c]=$(median ${cpus[$c]})
  printf '%-10s Csc wall (ms):%s  median %s\n' "$c" "${walls[$c]}" "${mwall[$c]}"
  printf '%-10s server CPU (ms):%s  median %s\n' "$c" "${cpus[$c]}" "${mcpu[$c]}"
done
if [ -n "${mwall[without]:-}" ]; then
  for c in "${configurations[@]}"; do
    [ "$c" = without ] && continue
    echo "ratio $c / without: Csc wall $(awk -v a="${mwall[$c]}" -v b="${mwall[without]}" 'BEGIN {printf "%.2f", a / b}'), server CPU $(awk -v a="${mcpu[$c]}" -v b="${mcpu[without]}" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')"
  done
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
# Stop the compiler server this script started (only one that was not running before).
for pid in $(pgrep -f VBCSCompiler || true); do
  if ! grep -qx "$pid" <<<"$before"; then kill "$pid" 2>/dev/null || true; fi
done
