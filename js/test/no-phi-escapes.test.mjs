// Negative controls for the suite-wide "no PHI escapes" check
// (test/support/no-phi-escapes.mjs): a corpus value planted in what a process
// emits — on stdout, in a fetch body, in a guard error — is caught and named
// by corpus id, never printed; a clean collection passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusValues } from './support/no-phi-escapes.mjs';

const checker = fileURLToPath(new URL('./support/no-phi-escapes.mjs', import.meta.url));
const collector = fileURLToPath(new URL('./support/emit-log.mjs', import.meta.url));
const values = corpusValues();
// A planted value: the first corpus SSN (synthetic), and where it comes from.
const [planted, where] = [...values].find(([, w]) => w.type === 'SSN');

/** Runs `code` in a child process with the collector loaded, then the checker on what it collected. */
function collectAndCheck(code) {
  const dir = mkdtempSync(join(tmpdir(), 'phi-guard-emit-'));
  try {
    const env = { ...process.env, PHI_GUARD_EMIT_LOG: dir, NODE_OPTIONS: `--import=${collector}` };
    const child = spawnSync('node', ['--input-type=module', '-e', code], { env, encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) });
    assert.equal(child.status, 0, child.stderr);
    const check = spawnSync('node', [checker, '--check', dir, '--no-required'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    return { status: check.status, report: check.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a value planted on stdout is caught, and reported by corpus id only', () => {
  const { status, report } = collectAndCheck(`console.log('patient ssn ' + ${JSON.stringify(planted)});`);
  assert.equal(status, 1);
  assert.match(report, new RegExp(`LEAK: corpus ${where.id} SSN value .* on stdout`));
  assert.ok(!report.includes(planted), 'the report never repeats the value');
});

test('a value planted in a transport-style fetch body is caught', () => {
  const code = `
    import http from 'node:http';
    const srv = http.createServer((q, r) => { q.resume(); q.on('end', () => r.end()); });
    await new Promise((r) => srv.listen(0, '127.0.0.1', r));
    await fetch('http://127.0.0.1:' + srv.address().port + '/', { method: 'POST', body: JSON.stringify({ signals: [{ route: ${JSON.stringify(planted)} }] }) });
    srv.close();`;
  const { status, report } = collectAndCheck(code);
  assert.equal(status, 1);
  assert.match(report, /on fetch/);
});

test('a value in a guard error message is caught; a clean run passes', () => {
  // A fake Guard error through the real collector's Guard wrapper.
  const leaky = collectAndCheck(`
    const { Guard } = await import('./dist/common/guard.js');
    const { WasmInstance } = await import('./dist/common/instance.js');
    class LeakyHandle { inputAt() { return 0xffffffff; } }
    const takeError = () => Object.assign(new Error(${JSON.stringify(`bad ${planted}`)}), { name: 'PhiGuardError', code: 'input' });
    const memory = new WebAssembly.Memory({ initial: 1 });
    const g = new Guard(new WasmInstance({ WasmGuard: { create: () => new LeakyHandle() }, takeError, __wbg_reset_state() {}, wasmMemory: () => memory }), undefined);
    try { g.scan('x'); } catch {}`);
  assert.equal(leaky.status, 1);
  assert.match(leaky.report, /on error/);

  const clean = collectAndCheck(`
    const { createGuard } = await import('phi-guard');
    const g = await createGuard();
    console.log(g.redactText('ssn ' + ${JSON.stringify(planted)}));`);
  assert.equal(clean.status, 0, clean.report);
  assert.match(clean.report, /ok: no corpus PHI value/);
});

test('an empty collection fails: a collector that saw nothing proves nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phi-guard-emit-'));
  try {
    writeFileSync(join(dir, '1.jsonl'), JSON.stringify({ channel: 'stdout', data: 'hello' }) + '\n');
    const check = spawnSync('node', [checker, '--check', dir], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    assert.equal(check.status, 1);
    assert.match(check.stderr, /nothing was collected on channel "classify"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
