"""Trunk post_build hook: fill the staged sw.js with the precache list and a content version."""
import hashlib, json, os, sys

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("TRUNK_STAGING_DIR not set")
files, h = [], hashlib.sha256()
for root, _, names in os.walk(staging):
    for n in sorted(names):
        full = os.path.join(root, n)
        rel = "/" + os.path.relpath(full, staging).replace(os.sep, "/")
        if rel == "/sw.js":
            continue
        files.append(rel)
        with open(full, "rb") as f:
            h.update(rel.encode() + f.read())
files.sort()
if "/index.html" in files:
    files.insert(0, "/")
sw = os.path.join(staging, "sw.js")
with open(sw, encoding="utf-8") as f:
    text = f.read()
text = text.replace('"__SW_VERSION__"', json.dumps(h.hexdigest()[:16])).replace("__SW_PRECACHE__", json.dumps(files))
with open(sw, "w", encoding="utf-8") as f:
    f.write(text)
print(f"sw.js: {len(files)} files precached")
