#!/usr/bin/env bash
# record-twisted-references.sh: runs every Python reference of the test suite under Twisted and
# (re)writes the recorded traces that the C# tests compare Torsion against.
#
# The runtime tests never start Python: they read Twisted's behaviour from checked-in recordings,
# which this script makes from the reference scripts kept next to them (the scripts are the source
# of the recordings; edit a script, then re-run this). CI (.ci/run) runs it with Debian's
# python3-twisted and fails if any recording changed, so every trace is still checked against live
# Twisted and a stale recording cannot land.
#
# Usage (from anywhere inside the repository; needs /usr/bin/python3 that can import Twisted:
# `sudo apt-get install -y python3-twisted` on Debian/Ubuntu):
#   tools/record-twisted-references.sh           rewrite every recording in place
#   tools/record-twisted-references.sh --check   record into a temporary directory, compare with the
#                                                checked-in recordings, change nothing; exit 1 (and
#                                                show the differences) if any differs or is missing
# Environment: TWISTED_PYTHON, the interpreter to use (default /usr/bin/python3: the `python3` first
# on PATH may be another interpreter without Twisted).
# Exit status: 0 done (or, with --check, everything current); 1 a recording differs (--check);
# 2 the interpreter cannot import Twisted; 3 a reference script failed.
#
# What is recorded (paths from the repository root; every recording is FILE.twisted.txt):
#   tests/Runtime.Tests/Reference/scenarios/{scenarios,divergences}.twisted.txt
#       twisted_interpreter.py run on scenarios.txt / divergences.txt (DifferentialTests)
#   tests/Runtime.Tests/Reactors/Reference/reactor_reference.twisted.txt   (ReactorDifferentialTests)
#   tests/Runtime.Tests/Utilities/Reference/utilities_reference.twisted.txt (UtilitiesDifferentialTests)
#   tests/Runtime.Tests/Framing/Reference/framing-reference.jsonl   (TwistedFramingReferenceTests)
#       make_reference.py's random framer streams and Twisted's events, JSON lines without a header
#   tests/Runtime.Tests/Tour/reference/SECTION.twisted.txt, one per SECTION.py: the standard output
#       of the tutorial's Python with its delays divided by 100 (TOUR_TIME_SCALE=0.01, as the Tour's
#       --fast), the Tour's expected output (TourMatchesTwistedTests)
#
# Recording format (read by tests/Runtime.Tests/Reference/RecordedTraceFile.cs), UTF-8, LF:
#   # <one line saying what made the file; do not edit by hand>
#   # twisted: 22.4.0                      the Twisted version that produced the traces
#   # python: 3.11.2                       the Python version that ran it
#   # source: <path> sha256:<hex>          one line per input file (script, scenario file, prelude):
#                                          its SHA-256 with carriage returns removed; a test fails
#                                          when a source changed after its recording
#   === NAME                               then, per scenario (or Tour section), its name,
#   <trace lines, verbatim>                its trace lines exactly as Python printed them,
#   === end                                and this end line
# The header is the leading lines starting with '#'; every line after it belongs to a block.
#
# Determinism: running this twice gives byte-identical files. The traces print names and values,
# never addresses, ids or times; Python runs with PYTHONHASHSEED=0, no bytecode cache, UTF-8 I/O and
# the C.UTF-8 locale. The one timing-dependent reactor scenario keeps 250 ms of margin between its
# deadlines, and the Tour runs with the same 0.01 delay scale as the test, whose output depends on the
# order of events only.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

python=${TWISTED_PYTHON:-/usr/bin/python3}
mode=write
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: $0 [--check]" >&2; exit 64 ;;
esac

if ! versions=$("$python" -c 'import platform, twisted; print(twisted.__version__, platform.python_version())' 2>/dev/null); then
  echo "$python cannot import Twisted; install it (Debian: sudo apt-get install -y python3-twisted) or set TWISTED_PYTHON." >&2
  exit 2
fi
read -r twisted_version python_version <<<"$versions"

export PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 PYTHONIOENCODING=utf-8 LC_ALL=C.UTF-8 LANG=C.UTF-8
unset PYTHONPATH PYTHONSTARTUP TOUR_TIME_SCALE

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Every recording this run makes, as paths from the repository root.
recorded=()

source_line() { # the "# source:" header line of a file
  printf '# source: %s sha256:%s\n' "$1" "$(tr -d '\r' <"$1" | sha256sum | cut -d' ' -f1)"
}

header() { # header SOURCE...
  echo "# Twisted's output, recorded by tools/record-twisted-references.sh from the sources below; do not edit, re-run the script."
  echo "# twisted: $twisted_version"
  echo "# python: $python_version"
  local source
  for source in "$@"; do source_line "$source"; done
}

run_python() { # run_python DIRECTORY OUTPUT ARGS...: runs the interpreter in DIRECTORY, stdout to OUTPUT
  local directory=$1 output=$2 status=0
  shift 2
  (cd "$directory" && timeout --kill-after=10 300 "$python" -X utf8 -B "$@") >"$output" 2>"$out/stderr" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "$directory: $python $* failed with exit status $status:" >&2
    cat "$out/stderr" >&2
    exit 3
  fi
}

emit() { # emit TARGET: moves the body in $out/body, under its header in $out/header, to TARGET (in $out)
  mkdir -p "$out/files/$(dirname "$1")"
  cat "$out/header" "$out/body" >"$out/files/$1"
  recorded+=("$1")
}

# Deferred chain scenarios: one recording per scenario file.
dir=tests/Runtime.Tests/Reference/scenarios
for scenarios in scenarios divergences; do
  header "$dir/twisted_interpreter.py" "$dir/$scenarios.txt" >"$out/header"
  run_python "$dir" "$out/body" twisted_interpreter.py "$scenarios.txt"
  emit "$dir/$scenarios.twisted.txt"
done

# Reactor and utilities scenarios: each script prints all of its scenarios.
for script in tests/Runtime.Tests/Reactors/Reference/reactor_reference.py tests/Runtime.Tests/Utilities/Reference/utilities_reference.py; do
  header "$script" >"$out/header"
  run_python "$(dirname "$script")" "$out/body" "$(basename "$script")"
  emit "${script%.py}.twisted.txt"
done

# The Tour: every SECTION.py (sections have a '-' in their name; tour_prelude.py is shared).
dir=tests/Runtime.Tests/Tour/reference
for script in "$dir"/*-*.py; do
  section=$(basename "$script" .py)
  header "$script" "$dir/tour_prelude.py" >"$out/header"
  TOUR_TIME_SCALE=0.01 run_python "$dir" "$out/stdout" "$section.py"
  {
    echo "=== $section"
    cat "$out/stdout"
    if [ -s "$out/stdout" ] && [ "$(tail -c1 "$out/stdout" | od -An -c | tr -d ' ')" != '\n' ]; then echo; fi
    echo "=== end"
  } >"$out/body"
  emit "$dir/$section.twisted.txt"
done

# The framers: make_reference.py writes JSON lines (a random stream, its split and Twisted's events
# per line, seeded); TwistedFramingReferenceTests reads them as data, so this file has no header.
dir=tests/Runtime.Tests/Framing/Reference
mkdir -p "$out/files/$dir"
run_python "$dir" "$out/stdout" make_reference.py "$out/files/$dir/framing-reference.jsonl"
recorded+=("$dir/framing-reference.jsonl")

# Recordings that exist but were not made by this run (a Tour section whose script was removed).
mapfile -t existing < <(git ls-files --cached --others --exclude-standard -- '*.twisted.txt' 2>/dev/null \
  || find tests -name '*.twisted.txt' -printf '%p\n')
stale=()
for file in "${existing[@]}"; do
  [ -e "$file" ] || continue
  keep=no
  for made in "${recorded[@]}"; do [ "$made" = "$file" ] && keep=yes && break; done
  [ "$keep" = yes ] || stale+=("$file")
done

if [ "$mode" = write ]; then
  for file in "${recorded[@]}"; do cp "$out/files/$file" "$file"; done
  for file in "${stale[@]}"; do rm -f "$file"; echo "removed $file (no reference script makes it)"; done
  echo "Recorded ${#recorded[@]} files with Twisted $twisted_version under Python $python_version ($python)."
  exit 0
fi

different=0
for file in "${recorded[@]}"; do
  if [ ! -e "$file" ]; then
    echo "missing: $file" >&2
    different=1
  elif ! cmp -s "$out/files/$file" "$file"; then
    diff -u "$file" "$out/files/$file" --label "$file (recorded)" --label "$file (Twisted $twisted_version now)" >&2 || true
    different=1
  fi
done
for file in "${stale[@]}"; do
  echo "stale: $file (no reference script makes it)" >&2
  different=1
done
if [ "$different" -ne 0 ]; then
  echo "The recordings above differ from what Twisted $twisted_version prints now: run tools/record-twisted-references.sh and commit the result." >&2
  exit 1
fi
echo "All ${#recorded[@]} recordings match Twisted $twisted_version under Python $python_version."
