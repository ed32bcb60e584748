// bench/deps.mjs: the size-by-crate table of `make bench` sums twiggy's
// items under the crate (or phi_guard module) each belongs to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { owner, byOwner } from '../../bench/deps.mjs';

test('names with and without crate disambiguators go to their crate', () => {
  // rustc's v0 names carry `[hash]` after each crate: all of them read as "other" before.
  assert.equal(owner('phi_guard[c3569103d1c26361]::detect::scan_plain'), 'phi_guard::detect');
  assert.equal(owner('<phi_guard[c3569103d1c26361]::guard::Guard>::hits'), 'phi_guard::guard');
  assert.equal(owner('<regex_lite[13383b0eed765e1b]::hir::parse::Parser>::parse_inner'), 'regex_lite');
  assert.equal(owner('<std[a543996e6e7dbf1e]::sync::once_lock::OnceLock<phi_guard[c3569103d1c26361]::labels::LabelIndex>>::initialize'), 'std (standard library)');
  assert.equal(owner('core[0123456789abcdef]::fmt::write'), 'core::fmt (formatting)');
  assert.equal(owner('phi_guard::labels::find_labels'), 'phi_guard::labels');
  assert.equal(owner('data[3]'), 'data segments (string tables, name lists, label phrases)');
  assert.equal(owner('func123'), 'unnamed functions');
});

test('sums leave out what never ships', () => {
  const { total, parts } = byOwner([
    { name: 'phi_guard[aa]::detect::a', shallow_size: 30 },
    { name: 'phi_guard[aa]::detect::b', shallow_size: 10 },
    { name: 'regex_lite[bb]::x', shallow_size: 20 },
    { name: '"function names" subsection', shallow_size: 999 },
    { name: "custom section '__wasm_bindgen_unstable'", shallow_size: 999 },
  ]);
  assert.equal(total, 60);
  assert.deepEqual(parts.map((p) => [p.name, p.bytes]), [['phi_guard::detect', 40], ['regex_lite', 20]]);
});
