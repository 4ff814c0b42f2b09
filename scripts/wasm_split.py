"""Trunk post_build hook: split the app's wasm into a main module and lazily loaded chunks.

Leptos' `#[lazy]` functions (the pages, see `lazy_page!` in src/ui/mod.rs) are split points when
the app is built with the `split` feature. Trunk has no step between cargo and wasm-bindgen, so
this hook redoes that part on the cargo output:

  wasm-split-cli  cargo wasm -> main wasm + chunk wasms + __wasm_split.js (the chunk loader)
  wasm-bindgen    main wasm -> <name>.js + <name>_bg.wasm (--keep-lld-exports: the chunks import
                  the function table, the memory and shared globals from main)
  wasm-opt -Oz    main and every chunk (release only), chunk_* functions not inlined

and replaces Trunk's staged `<name>.js` / `<name>_bg.wasm` (same names, so index.html still
points at them), adds the loader and the chunks under content-hashed names, and rewrites the two
subresource-integrity hashes in the staged index.html. Any failure exits non-zero, so Trunk fails
the build: a half-split bundle is never shipped.

Run before sw_manifest.py (one hook command, see Trunk.toml): hooks of one stage run concurrently.
"""
import base64, glob, hashlib, json, os, re, shutil, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

APP = "store-ops-planner"


def die(msg):
    sys.exit(f"wasm_split.py: {msg}")


def run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        die(f"{' '.join(args)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")


def tool(name):
    local = os.path.join(os.getcwd(), "node_modules", ".bin", name)
    if os.path.exists(local):
        return local
    found = shutil.which(name) or shutil.which(name, path=os.path.expanduser("~/.cargo/bin"))
    if not found:
        die(f"{name} not found (run scripts/setup.sh)")
    return found


def short_hash(data):
    return hashlib.sha256(data).hexdigest()[:16]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def main():
    staging = os.environ.get("TRUNK_STAGING_DIR") or die("TRUNK_STAGING_DIR not set")
    release = os.environ.get("TRUNK_PROFILE") == "release"
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps", "--offline"],
        capture_output=True, text=True,
    )
    if meta.returncode != 0:
        die(f"cargo metadata failed: {meta.stderr}")
    target_dir = json.loads(meta.stdout)["target_directory"]
    cargo_wasm = os.path.join(
        target_dir, "wasm32-unknown-unknown", "release" if release else "debug", f"{APP}.wasm"
    )
    if not os.path.exists(cargo_wasm):
        die(f"{cargo_wasm} not found")

    staged = [p for p in glob.glob(os.path.join(staging, f"{APP}-*.js"))]
    if len(staged) != 1:
        die(f"expected one staged {APP}-<hash>.js in {staging}, found {staged}")
    stem = os.path.basename(staged[0])[: -len(".js")]

    with tempfile.TemporaryDirectory() as tmp:
        split_dir = os.path.join(tmp, "split")
        bg_dir = os.path.join(tmp, "bg")
        os.makedirs(split_dir)
        run([tool("wasm-split-cli"), cargo_wasm, split_dir, "--target", "web", "--out-name", stem])
        run([
            tool("wasm-bindgen"), "--target=web", "--no-typescript", "--keep-lld-exports",
            f"--out-dir={bg_dir}", f"--out-name={stem}", os.path.join(split_dir, f"{stem}.wasm"),
        ])
        main_js = os.path.join(bg_dir, f"{stem}.js")
        main_wasm = os.path.join(bg_dir, f"{stem}_bg.wasm")
        chunks = sorted(
            p for p in glob.glob(os.path.join(split_dir, "*.wasm"))
            if os.path.basename(p) != f"{stem}.wasm"
        )
        if release:
            # One wasm-opt per module, as many at once as there are cores.
            opt = tool("wasm-opt")
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                # Functions named chunk_* stay calls (see `formats::import::CHUNK`); the mark
                # must come before -Oz.
                keep = "--no-inline=*::chunk_*"
                list(pool.map(lambda w: run([opt, keep, "-Oz", w, "-o", w]), [main_wasm] + chunks))

        # Content-hashed chunk names, referenced from the loader.
        loader_path = os.path.join(split_dir, "__wasm_split.js")
        loader = read(loader_path).decode("utf-8") if os.path.exists(loader_path) else None
        outputs = {}
        for c in chunks:
            data = read(c)
            base = os.path.basename(c)[: -len(".wasm")]
            name = f"{base}-{short_hash(data)}.wasm"
            quoted = f'"./{base}.wasm"'
            if loader is None or quoted not in loader:
                die(f"chunk {base}.wasm is not referenced by __wasm_split.js")
            loader = loader.replace(quoted, f'"./{name}"')
            outputs[name] = data

        js = read(main_js).decode("utf-8")
        if loader is not None:
            loader_bytes = loader.encode("utf-8")
            loader_name = f"__wasm_split-{short_hash(loader_bytes)}.js"
            outputs[loader_name] = loader_bytes
            # Only the import statements move to the hashed file; the keys of the imports
            # object must stay "./__wasm_split.js" (the wasm's import module name).
            js, n = re.subn(
                r"""(\bfrom\s*)(['"])\./__wasm_split\.js\2""", rf"\g<1>\g<2>./{loader_name}\g<2>", js
            )
            if n == 0:
                die("the wasm-bindgen output does not import ./__wasm_split.js")
        elif "__wasm_split.js" in js:
            die("the main module imports ./__wasm_split.js but the splitter wrote none")
        outputs[f"{stem}.js"] = js.encode("utf-8")
        outputs[f"{stem}_bg.wasm"] = read(main_wasm)

        for snippets in glob.glob(os.path.join(bg_dir, "snippets")):
            dest = os.path.join(staging, "snippets")
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(snippets, dest)
        for name, data in outputs.items():
            write(os.path.join(staging, name), data)

    # Subresource integrity of the two replaced files in the staged index.html.
    index = os.path.join(staging, "index.html")
    html = read(index).decode("utf-8")
    for name in (f"{stem}.js", f"{stem}_bg.wasm"):
        digest = base64.b64encode(hashlib.sha384(outputs[name]).digest()).decode()
        pattern = re.compile(r'(<link[^>]*href="[^"]*/' + re.escape(name) + r'"[^>]*>)')
        tags = pattern.findall(html)
        for tag in tags:
            new = re.sub(r'integrity="sha384-[^"]*"', f'integrity="sha384-{digest}"', tag)
            html = html.replace(tag, new)
    write(index, html.encode("utf-8"))

    total = sum(len(d) for n, d in outputs.items() if n.endswith(".wasm"))
    print(f"wasm_split.py: main {len(outputs[f'{stem}_bg.wasm'])} B, {len(chunks)} chunks, "
          f"{total} B wasm in all ({'release' if release else 'debug'})")


if __name__ == "__main__":
    main()
