#!/usr/bin/env bash
# Builds the corpus with each analyzer set and prints, per set, how many planted blocking calls
# (lines ending in "// BLOCKS") got a diagnostic of the rules that set uses for blocking calls, and
# how many of its diagnostics fell on other lines. Usage: bench/AnalyzerComparison/compare.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for set in TorsionAnalyzers VsThreading Meziantou BannedApi; do
  rm -f "$here/results/$set.sarif"
  dotnet build "$here/$set/$set.csproj" -c Release -nologo -v:q >"$here/results/$set.log" 2>&1 || echo "build of $set failed: see results/$set.log"
done
/usr/bin/python3 "$here/score.py" "$here" "$here/../../tests/Analyzers.Tests/Corpus"
