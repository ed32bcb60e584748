// Wasm memory only grows: after a call leaves the instance's memory above its
// retention limit, the next call runs in a fresh instance (fresh memory), and
// every guard goes on with the same results. The limit is lowered here so a
// 2 MB body dense with findings crosses it. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard } from 'phi-guard';
import { WasmGuard, __wbg_reset_state, wasmMemory } from '../dist/wasm/phi_guard.js';
import { wasmInstanceFor, MAX_RETAINED_MEMORY } from '../dist/common/instance.js';

const SSN = '219-09-9999';
const inst = wasmInstanceFor({ WasmGuard, __wbg_reset_state, wasmMemory });
const dense = `ssn ${SSN}, mail maria.garcia@example.com; `.repeat(50_000);

test('the default limit keeps the instance through a 2 MB body', async () => {
  assert.equal(inst.maxRetainedMemory, MAX_RETAINED_MEMORY);
  const guard = await createGuard();
  const generation = inst.generation;
  assert.equal(guard.scan(dense).findings.length, 100_000);
  assert.equal(guard.redactText(`ssn ${SSN}`), 'ssn [SSN]');
  assert.equal(inst.generation, generation, 'not replaced');
});

test('an instance left above the limit is replaced before the next call, and gives its memory back', async () => {
  const a = await createGuard();
  const b = await createGuard({ operators: { SSN: 'partialMask' } });
  assert.equal(a.redactText(`ssn ${SSN}`), 'ssn [SSN]');
  // Below what the 2 MB body takes (about 12 MB), above a fresh instance's 2 MB.
  inst.maxRetainedMemory = 4 * 1024 * 1024;
  try {
    const big = a.scan(dense);
    assert.equal(big.findings.length, 100_000, 'the call that grew the memory returns its whole result');
    assert.ok(!big.redacted.includes(SSN));
    const grown = wasmMemory().buffer.byteLength;
    assert.ok(grown > inst.maxRetainedMemory, `memory grew past the limit (${grown} bytes)`);
    const [generation, restarts] = [inst.generation, a.restarts];
    // Both guards go on in the fresh instance, each with its own config.
    assert.equal(a.redactText(`ssn ${SSN}`), 'ssn [SSN]');
    assert.equal(inst.generation, generation + 1, 'replaced before that call');
    assert.equal(a.restarts, restarts + 1);
    assert.ok(wasmMemory().buffer.byteLength < grown, 'fresh, smaller memory');
    assert.equal(b.redactText(`ssn ${SSN}`), 'ssn ***-**-9999');
    // Under the limit again: no further replacement.
    assert.equal(a.scan(`mail maria.garcia@example.com`).redacted, 'mail [EMAIL]');
    assert.equal(inst.generation, generation + 1);
  } finally {
    inst.maxRetainedMemory = MAX_RETAINED_MEMORY;
  }
});

test('a limit below a fresh instance\'s memory replaces it at every call, and every call still runs', async () => {
  const guard = await createGuard();
  inst.maxRetainedMemory = 1;
  try {
    // The first call leaves the instance above the limit; each later one
    // replaces it, compiles this guard's handle (a call that already leaves
    // the memory above the limit), then scans in that same instance.
    assert.equal(guard.redactText(`ssn ${SSN}`), 'ssn [SSN]');
    const generation = inst.generation;
    for (let i = 1; i <= 3; i++) {
      assert.equal(guard.redactText(`ssn ${SSN}`), 'ssn [SSN]');
      assert.equal(inst.generation, generation + i);
    }
    // A new guard's first call, in an instance already over the limit.
    assert.equal((await createGuard()).redactText(`ssn ${SSN}`), 'ssn [SSN]');
  } finally {
    inst.maxRetainedMemory = MAX_RETAINED_MEMORY;
  }
});
