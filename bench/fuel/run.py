"""`make bench-fuel`: wasm instructions per scan, counted by wasmtime's fuel.

    python run.py OUT_DIR INPUTS_DIR DRIVER.wasm [BASELINE.wasm LABEL]

Each input is scanned once to warm up (the first scan builds the label and
name tables), then once counted. Fuel counts wasm instructions executed, so
the figures are exact and repeat to the instruction: an A/B that wall time on
a shared machine cannot resolve (a 2% change) shows plainly. They are not
time: a SIMD instruction and a scalar add count the same, and V8's code is
not wasmtime's. Use them to compare two builds of the same code, and the
wall-time benchmark (`make bench`) for speed.

With DETECTORS=1 it also counts a scan with no detector (the fixed base: the
format walk, labels, redaction) and with each detector alone; a detector's
cost is its count minus the base's.
Writes OUT_DIR/fuel.json and OUT_DIR/fuel.md and prints the Markdown.
"""
import json
import os
import sys

import wasmtime

# (file, format: 0 text, 1 JSON, 2 HTML, 3 text a call a line, 4 classified
# as a response body's exposure, 5 the same by a guard with a fingerprint
# key). The 1 MB inputs are per-byte cost; the JSON bodies of 100 KB and 1 KB
# are per-call cost (short values), and so is the 100 KB log scanned a line
# at a time (about 1,000 calls). The classifications are what a route
# wrapper's report of a 1 KB body costs the core: its scan again, the
# counts and fingerprints, the signal and its hash.
INPUTS = [
    ("log-1MB.txt", 0),
    ("json-1MB.json", 1),
    ("html-1MB.html", 2),
    ("adversarial-1MB.txt", 0),
    ("json-100KB.json", 1),
    ("json-1KB.json", 1),
    ("log-100KB.txt", 3),
    ("json-1KB.json", 4),
    ("json-1KB.json", 5),
]


def shown(name, fmt):
    """An input's name in the table."""
    return {3: f"{name}, a call a line", 4: f"{name}, classified", 5: f"{name}, classified with a fingerprint key"}.get(fmt, name)
FUEL = 10**14
ALL = 2**32 - 1


class Driver:
    """One instance of a driver module (bench/fuel/src/lib.rs)."""

    def __init__(self, path):
        config = wasmtime.Config()
        config.consume_fuel = True
        engine = wasmtime.Engine(config)
        self.store = wasmtime.Store(engine)
        module = wasmtime.Module.from_file(engine, path)
        # phi-guard's wasm-bindgen exports (src/wasm.rs) come along and import
        # wasm-bindgen's placeholders; the driver never reaches them, so each
        # is a function that fails loudly if it is ever called.
        linker = wasmtime.Linker(engine)
        for imp in module.imports:
            if not isinstance(imp.type, wasmtime.FuncType):
                sys.exit(f"[bench-fuel] {path} imports {imp.module}.{imp.name}, not a function")

            def trap(*_args, _name=f"{imp.module}.{imp.name}"):
                raise RuntimeError(f"the driver called the import {_name}")

            linker.define_func(imp.module, imp.name, imp.type, trap)
        self.store.set_fuel(FUEL)
        self.ex = linker.instantiate(self.store, module).exports(self.store)
        self.memory = self.ex["memory"]

    def call(self, name, *args):
        self.store.set_fuel(FUEL)
        result = self.ex[name](self.store, *args)
        return result, FUEL - self.store.get_fuel()

    def detectors(self):
        names = []
        for k in range(self.call("registry_len")[0]):
            ptr = self.call("registry_name", k)[0]
            n = self.call("registry_name_len")[0]
            names.append(self.memory.read(self.store, ptr, ptr + n).decode())
        return names

    def keep(self, k):
        if self.call("keep", k)[0] != 0:
            sys.exit(f"[bench-fuel] the driver could not build a guard for detector set {k}")

    def load(self, data):
        ptr = self.call("alloc", len(data))[0]
        self.memory.write(self.store, data, ptr)

    def count(self, fmt):
        """(instructions of one warm scan, digest of its result)."""
        self.call("scan", fmt)
        self.call("digest")
        fuel = self.call("scan", fmt)[1]
        return fuel, self.call("digest")[0]


def counts(driver, inputs_dir, sets):
    """{(set label, input as shown): (instructions, digest)} for each detector set."""
    out = {}
    for label, k in sets:
        driver.keep(k)
        for name, fmt in INPUTS:
            with open(os.path.join(inputs_dir, name), "rb") as f:
                driver.load(f.read())
            out[(label, shown(name, fmt))] = driver.count(fmt)
    return out


def main():
    out_dir, inputs_dir, wasm = sys.argv[1:4]
    base_wasm, base_label = (sys.argv[4], sys.argv[5]) if len(sys.argv) > 5 else (None, None)
    driver = Driver(wasm)
    names = driver.detectors()
    sets = [("all", ALL)]
    if os.environ.get("DETECTORS") == "1":
        sets += [("none", len(names))] + [(n, k) for k, n in enumerate(names)]
    now = counts(driver, inputs_dir, sets)
    base = None
    if base_wasm:
        bd = Driver(base_wasm)
        base_names = bd.detectors()
        # Only the sets the baseline also has (a detector may be new).
        bsets = [(label, ALL if label == "all" else len(base_names) if label == "none" else base_names.index(label)) for label, _ in sets if label in ("all", "none") or label in base_names]
        base = counts(bd, inputs_dir, bsets)

    sizes = {name: os.path.getsize(os.path.join(inputs_dir, name)) for name, _ in INPUTS}
    md = ["| input | instructions per scan | per byte |" + (f" ÷ {base_label} | same result |" if base else ""),
          "|---|---|---|" + ("---|---|" if base else "")]
    for name, fmt in INPUTS:
        fuel, digest = now[("all", shown(name, fmt))]
        row = f"| {shown(name, fmt)} | {fuel / 1e6:,.1f} M | {fuel / sizes[name]:,.0f} |"
        if base:
            bfuel, bdigest = base[("all", shown(name, fmt))]
            row += f" {fuel / bfuel:.3f} | {'yes' if digest == bdigest else '**NO**'} |"
        md.append(row)
    if len(sets) > 1:
        md += ["", "Each detector alone: instructions above the base (no detector), millions per scan.", "",
               "| set | " + " | ".join(shown(n, f) for n, f in INPUTS) + " |", "|---|" + "---|" * len(INPUTS)]
        for label, _ in sets[1:]:
            cells = []
            for name, fmt in INPUTS:
                name = shown(name, fmt)
                v = now[(label, name)][0] - (0 if label == "none" else now[("none", name)][0])
                cell = f"{v / 1e6:,.1f}"
                if base and (label, name) in base:
                    b = base[(label, name)][0] - (0 if label == "none" else base[("none", name)][0])
                    # Under 0.1 M the detector does next to nothing here: no ratio.
                    cell += f" ({v / b:.2f})" if b > 100_000 and v > 100_000 else ""
                cells.append(cell)
            md.append(f"| {'base (none)' if label == 'none' else label} | " + " | ".join(cells) + " |")
        if base:
            md += ["", f"In brackets: ÷ {base_label}."]
    text = "\n".join(md) + "\n"
    print(text)
    record = {
        "unit": "wasm instructions per warm scan (wasmtime fuel)",
        "wasmtime": wasmtime.__version__ if hasattr(wasmtime, "__version__") else None,
        "baseline": base_label,
        "rows": [{"set": label, "input": name, "instructions": now[(label, name)][0], "digest": f"{now[(label, name)][1]:016x}",
                  **({"baseline_instructions": base[(label, name)][0], "same_result": base[(label, name)][1] == now[(label, name)][1]}
                     if base and (label, name) in base else {})}
                 for label, _ in sets for name in (shown(n, f) for n, f in INPUTS)],
    }
    with open(os.path.join(out_dir, "fuel.json"), "w") as f:
        json.dump(record, f, indent=1)
    with open(os.path.join(out_dir, "fuel.md"), "w") as f:
        f.write(text)
    if base and any(not r.get("same_result", True) for r in record["rows"] if r["set"] == "all"):
        # A change of behaviour can be intended (a detector fixed): said, not fatal.
        print("[bench-fuel] findings or redacted text differ from the baseline's on some input (see 'same result')", file=sys.stderr)


if __name__ == "__main__":
    main()
