"""Fails when the main bundle of a release build is over budget.

Main bundle = what every first visit downloads before any page: the app's js, its main wasm and
the split loader (scripts/wasm_split.py), gzip -9, in KB of 1,024 bytes (as tests/bench counts).
Usage: python3 scripts/check_bundle.py [DIST] [LIMIT_KB]   (defaults: dist, 300)
"""
import gzip, os, re, sys

dist = sys.argv[1] if len(sys.argv) > 1 else "dist"
limit = float(sys.argv[2]) if len(sys.argv) > 2 else 300.0
pattern = re.compile(r"^(store-ops-planner-[0-9a-f]+(\.js|_bg\.wasm)|__wasm_split-[0-9a-f]+\.js)$")
files = sorted(f for f in os.listdir(dist) if pattern.match(f))
if not any(f.endswith("_bg.wasm") for f in files):
    sys.exit(f"check_bundle.py: no main wasm in {dist}")
sizes = {}
for f in files:
    with open(os.path.join(dist, f), "rb") as fh:
        sizes[f] = len(gzip.compress(fh.read(), compresslevel=9))
total = sum(sizes.values()) / 1024
detail = ", ".join(f"{f} {n / 1024:.1f}" for f, n in sizes.items())
print(f"main bundle gz: {total:.1f} KB (limit {limit:.0f} KB): {detail}")
if total > limit:
    sys.exit(f"check_bundle.py: main bundle {total:.1f} KB gz is over the {limit:.0f} KB budget")
