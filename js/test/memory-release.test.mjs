// Wasm memory only grows: after a call leaves the instance's memory above its
// retention limit, the next call runs in a fresh instance (fresh memory), and
// every guard goes on with the same results. The limit is lowered here so a
// 2 MB body dense with findings crosses it. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createGuard } from 'phi-guard';
import { WasmGuard, __wbg_reset_state, takeError, wasmMemory } from '../dist/wasm/phi_guard.js';
import { wasmInstanceFor, MAX_RETAINED_MEMORY } from '../dist/common/instance.js';

// For the test that checks a replaced memory is collected.
v8.setFlagsFromString('--expose-gc');

const SSN = '219-09-9999';
// The node entry's instance (one per glue module): made by its first
// guard, so that it writes long texts as their UTF-16 units, as in an app.
await createGuard();
const inst = wasmInstanceFor({ WasmGuard, __wbg_reset_state, takeError, wasmMemory });
assert.equal(typeof inst.writeUtf16, 'function');
const dense = `ssn ${SSN}, mail maria.garcia@example.com; `.repeat(50_000);

/** `f` with the instance replaced after any call that leaves more than `bytes` of memory. */
async function withLimit(bytes, f) {
  inst.maxRetainedMemory = bytes;
  try {
    return await f();
  } finally {
    inst.maxRetainedMemory = MAX_RETAINED_MEMORY;
  }
}

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
  await withLimit(4 * 1024 * 1024, async () => {
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
  });
});

test('the replaced memory is let go, even while a guard that scanned in it stays idle', async () => {
  // Every view of the memory the package keeps (the bytes, the numbers'
  // words, the last input room) is the instance's, dropped when it is
  // replaced: kept by a guard, a view held the old memory (a growing one
  // too, through its emptied buffer) until that guard's next call.
  const gc = vm.runInNewContext('gc');
  const a = await createGuard();
  const idle = await createGuard({ operators: { SSN: 'partialMask' } });
  assert.equal(idle.redactText(`ssn ${SSN}`), 'ssn ***-**-9999');
  assert.equal(idle.scan(`{"note":"${'é'.repeat(1200)} ssn ${SSN}"}`, { format: 'json' }).findings.length, 1);
  assert.equal(idle.classify({ text: `ssn ${SSN}`, channel: 'server_log', route: '/api/visits', discoveredAt: '2026-03-01T12:00:00Z' }).classification.identifierTypes.SSN, 1);
  // The memory, and its buffer as the last call in it left it: a view of
  // that buffer holds its bytes even once the memory object is gone.
  const old = new WeakRef(wasmMemory());
  let oldBytes;
  await withLimit(1, async () => {
    assert.equal(a.redactText(`ssn ${SSN}`), 'ssn [SSN]');
    oldBytes = new WeakRef(wasmMemory().buffer);
    assert.equal(a.redactText(`ssn ${SSN}`), 'ssn [SSN]');
  });
  assert.notEqual(wasmMemory(), old.deref(), 'replaced');
  // A WeakRef read in a job holds its target to the job's end.
  await new Promise((r) => setTimeout(r, 0));
  gc();
  gc();
  assert.equal(old.deref(), undefined, 'the replaced memory was collected');
  assert.equal(oldBytes.deref(), undefined, 'and its bytes');
  assert.equal(idle.redactText(`ssn ${SSN}`), 'ssn ***-**-9999', 'the idle guard goes on in the new instance');
});

test('a limit below a fresh instance\'s memory replaces it at every call, and every call still runs', async () => {
  const guard = await createGuard();
  await withLimit(1, async () => {
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
  });
});

/** `f` with `new WebAssembly.Instance` failing, as when no memory can be had for a fresh instance. */
function withoutInstances(f) {
  const real = WebAssembly.Instance;
  WebAssembly.Instance = function Instance() { throw new RangeError('WebAssembly.Instance(): Out of memory'); };
  try {
    return f();
  } finally {
    WebAssembly.Instance = real;
  }
}

test('when no fresh instance can be made, the oversized one goes on, and is not tried again until it grows', async () => {
  const guard = await createGuard();
  await withLimit(1, async () => {
    assert.equal(guard.redactText(`ssn ${SSN}`), 'ssn [SSN]');
    const generation = inst.generation;
    withoutInstances(() => {
      // The replacement fails; the call still runs, in the old instance.
      assert.equal(guard.redactText(`ssn ${SSN}`), 'ssn [SSN]');
      assert.equal(inst.generation, generation + 1, 'a new generation: the old handles no longer run');
      // Not tried again while the memory stays where it failed.
      assert.equal(guard.scan(`mail maria.garcia@example.com`).redacted, 'mail [EMAIL]');
      assert.equal(inst.generation, generation + 1);
    });
    // A body that grows the memory further: the next call tries again, and succeeds.
    const failedAt = wasmMemory().buffer.byteLength;
    assert.equal(guard.scan(dense).findings.length, 100_000);
    const grown = wasmMemory().buffer.byteLength;
    assert.ok(grown > failedAt);
    assert.equal(guard.redactText(`ssn ${SSN}`), 'ssn [SSN]');
    assert.equal(inst.generation, generation + 2);
    assert.ok(wasmMemory().buffer.byteLength < grown);
  });
});

test('a trap in an oversized instance is a trap: nothing runs in it again', async () => {
  await withLimit(1, async () => {
    const guard = await createGuard();
    // The next call replaces the instance, compiles the guard's handle (which
    // leaves the fresh instance above the limit) and scans: that scan, in an
    // oversized instance, traps. (A trap armed in the module would not
    // survive the replacement, so the glue's scan throws what a trap throws.)
    const scan = WasmGuard.prototype.scan;
    WasmGuard.prototype.scan = function () {
      WasmGuard.prototype.scan = scan;
      throw new WebAssembly.RuntimeError('unreachable');
    };
    assert.throws(() => guard.scan(`ssn ${SSN}`), (e) => e.code === 'trap');
    // Trapped, not oversized: with no fresh instance to be had, the call fails closed.
    withoutInstances(() => assert.throws(() => guard.redactText(`ssn ${SSN}`), (e) => e.code === 'init'));
    assert.equal(guard.redactText(`ssn ${SSN}`), 'ssn [SSN]');
  });
});
