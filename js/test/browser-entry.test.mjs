// The browser entry (js/dist/browser.js) under Node: it fetches the .wasm,
// compiles it with compileStreaming and initialises the glue asynchronously.
// Trap recovery must then replace the instance synchronously from that same
// compiled module. A local HTTP server stands in for the app's static files.
// Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGuard, PhiGuardError, runtime } from '../dist/browser.js';
import { __phiGuardArmTrap, initSync } from '../dist/wasm/phi_guard.js';

const wasm = readFileSync(fileURLToPath(new URL('../dist/wasm/phi_guard_bg.wasm', import.meta.url)));
let fetches = 0;
const server = createServer((req, res) => {
  fetches++;
  if (req.url !== '/static/phi_guard_bg.wasm') { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': 'application/wasm' }).end(wasm);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
test.after(() => server.close());
const wasmUrl = `http://127.0.0.1:${server.address().port}/static/phi_guard_bg.wasm`;

test('browser entry: loads once over HTTP and redacts', async () => {
  assert.equal(runtime, 'browser');
  const g = await createGuard(undefined, { wasmUrl });
  const h = await createGuard({ operators: { SSN: 'partialMask' } }, { wasmUrl });
  assert.equal(g.redactText('ssn 219-09-9999'), 'ssn [SSN]');
  assert.equal(h.redactText('ssn 219-09-9999'), 'ssn ***-**-9999');
  assert.equal(fetches, 1, 'the module is fetched and compiled once');
});

test('browser entry: after a trap the guard runs in a fresh instance, without fetching again', async () => {
  const g = await createGuard(undefined, { wasmUrl });
  const before = initSync();
  const fetched = fetches;
  __phiGuardArmTrap(true); // sticky: the trapped instance would trap on every call
  assert.throws(() => g.scan('ssn 219-09-9999'), (e) => e instanceof PhiGuardError && e.code === 'trap' && !e.message.includes('219'));
  assert.equal(g.redactText('ssn 219-09-9999'), 'ssn [SSN]');
  assert.deepEqual(g.scan('mail maria.garcia@example.com').findings.map((f) => f.type), ['EMAIL']);
  assert.notEqual(initSync().memory, before.memory, 'new linear memory');
  assert.equal(g.restarts, 1);
  assert.equal(fetches, fetched, 'instantiated from the compiled module, not fetched again');
});
