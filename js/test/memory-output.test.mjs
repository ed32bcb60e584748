// What the wasm memory keeps of a scan's output once it is read: a guard
// keeps room for a small output between scans, and gives a larger one back
// right after it is read (src/wasm.rs `WasmGuard::release_output`), not at
// its next scan, which may never come. In a process of its own (node --test): no other test's scans
// share its memory. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard } from 'phi-guard';
import { wasmMemory } from '../dist/wasm/phi_guard.js';

/** SSNs labelled back to back, distinct, about `bytes` long (ASCII): a finding every 20 bytes. */
function denseText(bytes, from = 0) {
  const parts = [];
  for (let i = from, length = 0; length < bytes; i++) {
    const s = `ssn ${String(100 + (i % 600)).padStart(3, '0')}-${String(10 + ((i / 600) % 89 | 0)).padStart(2, '0')}-${String(1000 + ((i * 7) % 8999)).padStart(4, '0')}`;
    parts.push(s);
    length += s.length + 2;
  }
  return parts.join('; ');
}

const MB = 1 << 20;
const memory = () => wasmMemory().buffer.byteLength;

async function warmGuard() {
  const g = await createGuard();
  g.scan('warm-up 219-09-9999', { format: 'text' });
  g.scan('Patient Maria Garcia, seen by Dr. John Smith', { format: 'text' });
  return g;
}

test('the numbers and the string table are read in place, whatever size the scan before left them', async () => {
  // A small scan first (the views of the memory are made), then a dense one
  // that grows the memory (a view kept from before would read nothing), and
  // scans of both sizes in turn: a dense scan's output is given back once
  // read, a small one's room kept. Each reads what it should.
  const guard = await warmGuard();
  const dense = Array.from({ length: 4000 }, (_, i) => `ssn 219-09-${String(1000 + i).padStart(4, '0')}`).join('; ');
  const small = 'call 555-123-4567 or mail ana.r@example.org';
  const first = guard.scan(small, { format: 'text' });
  assert.equal(first.redacted, 'call [PHONE] or mail [EMAIL]');
  const before = wasmMemory().buffer.byteLength;
  const want = { dense: guard.scan(dense, { format: 'text' }), small: first };
  assert.ok(wasmMemory().buffer.byteLength > before, 'the dense scan grew the memory');
  assert.equal(want.dense.findings.length, 4000);
  for (const k of ['small', 'small', 'dense', 'dense', 'small']) {
    assert.deepEqual(guard.scan(k === 'dense' ? dense : small, { format: 'text' }), want[k], k);
  }
});

test('guards that scanned a large text once and then sit idle hold no part of its output', async () => {
  const guards = [];
  for (let i = 0; i < 6; i++) guards.push(await warmGuard());
  // Over 1 MB, so no guard keeps the input buffer either (src/wasm.rs
  // `KEEP_INPUT`): what stays is what the guard kept of its output.
  const text = denseText(1.2 * MB);
  guards[0].scan(text, { format: 'text' });
  const afterOne = memory();
  for (const g of guards.slice(1)) assert.ok(g.scan(text, { format: 'text' }).findings.length > 70_000);
  // Each output (74,000 findings: 1.2 MB of numbers) is given back as soon
  // as it is read, so the next guard's scan reuses that memory; kept until
  // each guard's next scan, five of them would be 6 MB more.
  const grew = memory() - afterOne;
  assert.ok(grew <= MB, `five more guards' scans grew the memory by ${(grew / MB).toFixed(2)} MB`);
});
