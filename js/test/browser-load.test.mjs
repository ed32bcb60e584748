// The browser entry's load of the wasm module (js/dist/browser.js), in a
// process of its own (a load that succeeds is kept for the module's life):
// every failure is a PhiGuardError('init') and is not kept, so the next
// createGuard tries again. A local HTTP server stands in for the app's
// static files, failing in the ways a CDN or an SPA fallback does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGuard, PhiGuardError } from '../dist/browser.js';

const wasm = readFileSync(fileURLToPath(new URL('../dist/wasm/phi_guard_bg.wasm', import.meta.url)));
let answer = 'wasm';
const hits = [];
const server = createServer((req, res) => {
  hits.push(answer);
  if (answer === 'silent') return; // never answers
  if (answer === '503') { res.writeHead(503).end(); return; }
  if (answer === 'stall') { res.writeHead(200, { 'content-type': 'application/wasm' }); res.write(wasm.subarray(0, 1000)); return; } // then nothing
  if (answer === 'html') { res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>app shell</p>'); return; }
  res.writeHead(200, { 'content-type': 'application/wasm' }).end(wasm);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
test.after(() => { server.closeAllConnections(); server.close(); });
const wasmUrl = `http://127.0.0.1:${server.address().port}/phi_guard_bg.wasm`;
const init = (pattern) => (e) => e instanceof PhiGuardError && e.code === 'init' && pattern.test(e.message);

test('a failed load is a typed init error and is tried again; the first good one is kept', async () => {
  // A refused connection (nothing listens on port 1).
  await assert.rejects(createGuard(undefined, { wasmUrl: 'http://127.0.0.1:1/phi_guard_bg.wasm' }), init(/network error/));
  answer = '503';
  await assert.rejects(createGuard(undefined, { wasmUrl }), init(/HTTP 503/));
  answer = 'html'; // an SPA's fallback page where the .wasm should be
  await assert.rejects(createGuard(undefined, { wasmUrl }), init(/could not be compiled/));
  answer = 'silent';
  await assert.rejects(createGuard(undefined, { wasmUrl, timeoutMs: 200 }), init(/did not load within 200 ms/));
  answer = 'stall'; // headers and a part of the module, then nothing
  await assert.rejects(createGuard(undefined, { wasmUrl, timeoutMs: 300 }), init(/did not load within 300 ms/));
  answer = 'wasm';
  const g = await createGuard(undefined, { wasmUrl });
  assert.equal(g.redactText('ssn 219-09-9999'), 'ssn [SSN]');
  const before = hits.length;
  await createGuard(undefined, { wasmUrl });
  assert.equal(hits.length, before, 'a good load is not fetched again');
  // The HTML page is fetched twice: compileStreaming refuses its type, then the bytes are tried.
  assert.deepEqual(hits.slice(0, 6), ['503', 'html', 'html', 'silent', 'stall', 'wasm']);
});
