// The Rust core computes signal hashes; JS receivers verify them. Both must
// agree on the canonical JSON byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard } from 'phi-guard';
import { verifyChain } from 'phi-guard/signals';

test('chains built by the wasm core verify in JS, and tampering is detected', async () => {
  const guard = await createGuard({ fingerprintKey: 'interop-key-interop-key-0001' });
  const signals = [];
  let prevHash = null;
  for (let seq = 1; seq <= 3; seq++) {
    const { signal } = guard.classify({
      text: `{"ssn":"219-09-999${seq}","patientName":"Maria Garcia"}`, channel: 'response_body', route: '/api/patients/[id]',
      discoveredAt: '2026-03-01T12:00:00Z', authenticated: false, chain: { emitterId: 'e1', seq, prevHash }, signalId: `s${seq}`,
    });
    signals.push(signal);
    prevHash = signal.hash;
  }
  assert.equal((await verifyChain(signals)).ok, true);
  const altered = structuredClone(signals);
  altered[1].severity = 'low';
  assert.equal((await verifyChain(altered)).ok, false);
  assert.equal((await verifyChain([signals[0], signals[2]])).ok, false);
});
