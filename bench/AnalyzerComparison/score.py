"""Scores the SARIF logs written by compare.sh against the corpus markers."""
import glob, json, os, sys

here, corpus = sys.argv[1], sys.argv[2]
rules = {
    "TorsionAnalyzers": ("TRS2001", "TRS2007"),
    "VsThreading": ("VSTHRD002", "VSTHRD103", "VSTHRD104"),
    "Meziantou": ("MA0042", "MA0045"),
    "BannedApi": ("RS0030",),
}
planted, safe = set(), set()
for path in glob.glob(os.path.join(corpus, "*.cs")):
    name = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.rstrip().endswith("// BLOCKS"):
                planted.add((name, number))
            elif line.rstrip().endswith("// SAFE"):
                safe.add((name, number))

print("| analyzers | rules counted | planted found (recall) | diagnostics | on safe look-alikes | elsewhere | precision |")
print("|---|---|---|---|---|---|---|")
for compared, ids in rules.items():
    log = os.path.join(here, "results", compared + ".sarif")
    if not os.path.exists(log):
        print(f"| {compared} | {', '.join(ids)} | build failed | | | | |")
        continue
    with open(log, encoding="utf-8-sig") as f:
        sarif = json.load(f)
    hits = []
    for run in sarif.get("runs", []):
        for result in run.get("results", []):
            if result.get("ruleId") not in ids:
                continue
            for location in result.get("locations", []):
                physical = location.get("physicalLocation", {})
                uri = physical.get("artifactLocation", {}).get("uri", "")
                line = physical.get("region", {}).get("startLine")
                hits.append((os.path.basename(uri), line))
    found = planted & set(hits)
    on_safe = sum(1 for h in hits if h in safe)
    elsewhere = sum(1 for h in hits if h not in planted and h not in safe)
    correct = sum(1 for h in hits if h in planted)
    precision = f"{100 * correct / len(hits):.0f}%" if hits else "n/a"
    print(f"| {compared} | {', '.join(ids)} | {len(found)}/{len(planted)} ({100 * len(found) / len(planted):.0f}%) | {len(hits)} | {on_safe} | {elsewhere} | {precision} |")
