// Where the wasm bytes go, by crate: reads `twiggy top --format json` of a
// names-preserving build and sums each item's shallow size under the crate
// (or phi_guard module) its demangled name belongs to.
//   node bench/deps.mjs <twiggy.json> <out.json> <method description>
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The crate an item's code belongs to: `<regex_automata::X as core::fmt::Debug>::fmt` → regex_automata. */
export function owner(name) {
  if (/^data\[\d+\]$/.test(name)) return 'data segments (string tables, name lists, label phrases)';
  if (/^(code|function names|wasm-bindgen|custom section|table|elem|type|import|export|global|memory|start)/i.test(name) || name.startsWith('"')) return 'wasm structure (types, tables, imports, exports, names)';
  // rustc's v0 names give each crate its disambiguator (`phi_guard[c3569103d1c26361]::detect::…`),
  // which read as no crate at all: every phi_guard module and dependency counted as "other".
  let n = name.replace(/\[[0-9a-f]+\]/g, '').replace(/^core::ptr::drop_in_place<(.*)>(::h[0-9a-f]+)?$/, '$1').replace(/^[<&*\s]+(?:mut\s+|dyn\s+)?/, '');
  const m = n.match(/^([A-Za-z_][A-Za-z0-9_]*)::([A-Za-z_][A-Za-z0-9_]*)?/);
  if (!m) return /^func\d+$/.test(name) ? 'unnamed functions' : 'other';
  if (m[1] === 'phi_guard') return `phi_guard::${m[2] ?? ''}`;
  if (m[1] === 'core' && m[2] === 'fmt') return 'core::fmt (formatting)';
  if (['core', 'alloc', 'std', 'dlmalloc', 'compiler_builtins'].includes(m[1])) return `${m[1]} (standard library)`;
  return m[1];
}

/** Sums twiggy's items (`{ name, shallow_size }`) by [`owner`], largest first. */
export function byOwner(items) {
  const parts = new Map();
  let total = 0;
  for (const it of items) {
    // The name section and wasm-bindgen's descriptor section never ship
    // (wasm-bindgen and wasm-opt remove them): leave them out of the total.
    if (/subsection$|^custom section '__wasm_bindgen_unstable'/.test(it.name)) continue;
    const bytes = it.shallow_size ?? 0;
    total += bytes;
    const o = owner(it.name);
    parts.set(o, (parts.get(o) ?? 0) + bytes);
  }
  return { total, parts: [...parts].map(([name, bytes]) => ({ name, bytes, share: bytes / total })).sort((a, b) => b.bytes - a.bytes) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [inFile, outFile, method] = process.argv.slice(2);
  const { total, parts } = byOwner(JSON.parse(readFileSync(inFile, 'utf8')));
  writeFileSync(outFile, JSON.stringify({ method, total, parts }, null, 2));
}
