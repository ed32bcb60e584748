// Every function the wasm module exports returns at most one value
// (src/wasm.rs, the module's doc): V8 compiles a JS-to-wasm wrapper of its
// own, at `new WebAssembly.Module`, for each signature with more than one
// result, and the six the binding had took about 1.4 ms of a 10 ms cold
// guard under Node 20. A `Result`, a `String` or a tuple returned by a
// `#[wasm_bindgen]` function brings such a signature back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const WASM = new URL('../dist/wasm/phi_guard_bg.wasm', import.meta.url);

/** The exported functions of a wasm binary and how many results each returns. */
export function exportedResults(bytes) {
  let p = 8;
  const leb = () => {
    let r = 0;
    let s = 0;
    let x;
    do {
      x = bytes[p++];
      r += (x & 0x7f) * 2 ** s;
      s += 7;
    } while (x & 0x80);
    return r;
  };
  const skipLimits = () => {
    const flags = bytes[p++];
    leb();
    if (flags & 1) leb();
  };
  const types = [];
  const funcTypes = [];
  const exports = [];
  while (p < bytes.length) {
    const id = bytes[p++];
    const len = leb();
    const end = p + len;
    if (id === 1) {
      for (let n = leb(), i = 0; i < n; i++) {
        assert.equal(bytes[p++], 0x60, 'a function type');
        const params = leb();
        p += params; // value types are one byte each in this module (no typed references)
        const results = leb();
        p += results;
        types.push(results);
      }
    } else if (id === 2) {
      for (let n = leb(), i = 0; i < n; i++) {
        // Module and field names (`p += leb()` would add to p as it was before leb read).
        for (let k = 0; k < 2; k++) {
          const n = leb();
          p += n;
        }
        const kind = bytes[p++];
        if (kind === 0) funcTypes.push(leb());
        else if (kind === 1) {
          p++;
          skipLimits();
        } else if (kind === 2) skipLimits();
        else p += 2; // global: type, mutability
      }
    } else if (id === 3) {
      for (let n = leb(), i = 0; i < n; i++) funcTypes.push(leb());
    } else if (id === 7) {
      for (let n = leb(), i = 0; i < n; i++) {
        const nameLen = leb();
        const name = Buffer.from(bytes.subarray(p, p + nameLen)).toString();
        p += nameLen;
        const kind = bytes[p++];
        const index = leb();
        if (kind === 0) exports.push({ name, results: types[funcTypes[index]] });
      }
    }
    p = end;
  }
  return exports;
}

test('no exported function returns more than one value', () => {
  const exports = exportedResults(readFileSync(WASM));
  // The reader found the binding's calls (a reader that found none would pass anything).
  for (const name of ['wasmguard_create', 'wasmguard_scan', 'wasmguard_inputAt', 'wasmguard_classify', 'takeError']) {
    assert.ok(exports.some((e) => e.name === name), `${name} is exported`);
  }
  assert.deepEqual(exports.filter((e) => e.results > 1).map((e) => `${e.name}: ${e.results} results`), []);
});

test('the reader counts results: a module whose export returns two values is caught', () => {
  // (module (func (export "pair") (result i32 i32) i32.const 1 i32.const 2))
  const pair = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, // magic, version
    1, 6, 1, 0x60, 0, 2, 0x7f, 0x7f, // type: () -> (i32, i32)
    3, 2, 1, 0, // one function of type 0
    7, 8, 1, 4, 112, 97, 105, 114, 0, 0, // export "pair" = func 0
    10, 8, 1, 6, 0, 0x41, 1, 0x41, 2, 0x0b, // body
  ]);
  new WebAssembly.Module(pair); // a valid module
  assert.deepEqual(exportedResults(pair), [{ name: 'pair', results: 2 }]);
});
