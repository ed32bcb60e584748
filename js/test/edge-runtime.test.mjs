// The edge entry (js/dist/edge.js) inside an edge sandbox, the way `next start`
// runs edge middleware: the `edge-runtime` package's VM (a node:vm realm with
// the web primitives), with code generation from strings AND wasm compilation
// disabled. Next's bundler turns `import m from './x.wasm?module'` into a
// global holding a `WebAssembly.Module` compiled by the host; the plugin below
// does the same with esbuild. If the entry ever compiled wasm from bytes, used
// eval/new Function, or inlined base64 wasm, these tests would fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { EdgeRuntime } from 'edge-runtime';
import { EDGE_BUNDLE, wasmModuleGlobals } from './support/edge-bundle.mjs';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const wasmPath = `${dist}wasm/phi_guard_bg.wasm`;
const wasmBytes = readFileSync(wasmPath);
// Compiled once by the host, as Next compiles every `?module` binding.
const hostModule = new WebAssembly.Module(wasmBytes);

/** Bundles an entry (a file, or source text) into one script for the VM. */
async function bundle(entry) {
  const bindings = new Map();
  const common = {
    ...EDGE_BUNDLE,
    plugins: [wasmModuleGlobals(bindings)],
    // The deliberately wrong entry below imports the raw bytes.
    loader: { '.wasm': 'binary' },
  };
  const opts = typeof entry === 'string'
    ? { ...common, entryPoints: [entry] }
    : { ...common, stdin: { contents: entry.source, resolveDir: dist, loader: 'js' } };
  const out = await build(opts);
  return { code: out.outputFiles[0].text, bindings };
}

/** A fresh sandbox with both kinds of code generation off and the bindings injected. */
function sandbox(bindings = new Map()) {
  return new EdgeRuntime({
    codeGeneration: { strings: false, wasm: false },
    extend: (context) => {
      for (const [name, path] of bindings) {
        assert.equal(path, wasmPath, 'only the phi-guard wasm is imported with ?module');
        context[name] = hostModule;
      }
      return context;
    },
  });
}

async function loadEdgeEntry() {
  const { code, bindings } = await bundle(`${dist}edge.js`);
  assert.equal(bindings.size, 1, 'the edge entry imports its wasm through ?module exactly once');
  const vm = sandbox(bindings);
  vm.evaluate(code);
  return { vm, code };
}

test('edge entry: loads and redacts inside the edge sandbox', async () => {
  const { vm } = await loadEdgeEntry();
  assert.equal(vm.evaluate('__entry.runtime'), 'edge');
  // Work inside the VM's realm; only plain strings cross back.
  const out = await vm.evaluate(`(async () => {
    const guard = await __entry.createGuard();
    return JSON.stringify({
      text: guard.redactText('ssn 219-09-9999, call 555-123-4567'),
      json: guard.redactText('{"mrn":"MRN 00482913","plan":"gold"}', 'json'),
      types: guard.scan('mail maria.garcia@example.com').findings.map((f) => f.type),
    });
  })()`);
  const r = JSON.parse(out);
  assert.equal(r.text, 'ssn [SSN], call [PHONE]');
  assert.ok(!r.json.includes('00482913'), 'the MRN is redacted in JSON');
  assert.deepEqual(JSON.parse(r.json).plan, 'gold');
  assert.deepEqual(r.types, ['EMAIL']);
});

test('edge entry: two guards with different configs in one isolate', async () => {
  const { vm } = await loadEdgeEntry();
  const out = await vm.evaluate(`(async () => {
    const a = __entry.createGuardSync();
    const b = await __entry.createGuard({ operators: { SSN: 'partialMask' } });
    return a.redactText('219-09-9999') + '|' + b.redactText('219-09-9999');
  })()`);
  assert.equal(out, '[SSN]|***-**-9999');
});

test('edge entry: the bundle carries no inlined wasm bytes', async () => {
  const { code } = await loadEdgeEntry();
  // A base64-inlined module would start with "AGFzbQ" (\0asm).
  assert.ok(!code.includes('AGFzbQ'), 'no base64 wasm in the edge bundle');
  assert.ok(code.length < wasmBytes.length / 2, 'the bundle is JS glue only');
  // The wasm still exports the trap test hook, but no code of the entry reaches it.
  assert.ok(!code.includes('__phiGuardArmTrap'), 'the trap test hook is tree-shaken out of the edge bundle');
  assert.ok(code.includes('__wbg_reset_state'), 'trap recovery is in');
});

test('sandbox control: eval, new Function and wasm compilation really are blocked', () => {
  const vm = sandbox();
  // Each must throw inside the VM; if the sandbox allowed one, the tests
  // above would prove nothing.
  const blocked = (src) => vm.evaluate(`(() => { try { ${src}; return 'allowed'; } catch (e) { return e.name; } })()`);
  assert.equal(blocked('eval("1 + 1")'), 'EvalError');
  assert.equal(blocked('new Function("return 1")()'), 'EvalError');
  assert.equal(blocked('new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))'), 'CompileError');
  return vm.evaluate(`WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => 'allowed', (e) => e.name)`)
    .then((name) => assert.equal(name, 'CompileError'));
});

test('sandbox control: an entry that instantiates from bytes fails in the same sandbox', async () => {
  // What a naive edge entry would do: inline the .wasm bytes and hand them to
  // initSync. It must not load here; the real entry above must.
  const wrong = await bundle({
    source: `
      import bytes from './wasm/phi_guard_bg.wasm';
      import { initSync, WasmGuard } from './wasm/phi_guard.js';
      export function load() { initSync({ module: bytes }); return WasmGuard.create('{}').scan(0, 0, true, 0, 0); }
    `,
  });
  assert.equal(wrong.bindings.size, 0);
  const vm = sandbox();
  vm.evaluate(wrong.code);
  const outcome = vm.evaluate(`(() => { try { return 'loaded: ' + __entry.load(); } catch (e) { return e.name + ': ' + e.message; } })()`);
  assert.match(outcome, /^CompileError: .*code generation disallowed/);
});

test('edge entry: after a trap the guards run in a fresh instance of the precompiled module', async () => {
  // The entry plus the glue's test hook, bundled together so that they share
  // one glue module (one wasm instance), inside the sandbox that refuses to
  // compile wasm: the replacement must instantiate the module it was given.
  const { code, bindings } = await bundle({
    source: `
      export { createGuard, createGuardSync, PhiGuardError } from './edge.js';
      export { __phiGuardArmTrap, initSync } from './wasm/phi_guard.js';
    `,
  });
  assert.equal(bindings.size, 1);
  const vm = sandbox(bindings);
  vm.evaluate(code);
  const out = await vm.evaluate(`(async () => {
    const e = __entry;
    const a = await e.createGuard();
    const b = e.createGuardSync({ operators: { SSN: 'partialMask' } });
    const before = e.initSync();
    const seen = [a.redactText('ssn 219-09-9999'), b.redactText('ssn 219-09-9999')];
    // Sticky: every call in the trapped instance would trap again.
    e.__phiGuardArmTrap(true);
    let trap;
    try { a.scan('x'); } catch (err) { trap = [err instanceof e.PhiGuardError, err.code, err.cause instanceof WebAssembly.RuntimeError]; }
    const after = [a.redactText('ssn 219-09-9999'), b.redactText('ssn 219-09-9999'), a.scan('ssn 219-09-9999').findings.length];
    const now = e.initSync();
    return JSON.stringify({
      seen, trap, after,
      newMemory: now.memory !== before.memory,
      restarts: [a.restarts, b.restarts],
    });
  })()`);
  const r = JSON.parse(out);
  assert.deepEqual(r.seen, ['ssn [SSN]', 'ssn ***-**-9999']);
  assert.deepEqual(r.trap, [true, 'trap', true], 'a typed trap, whose cause is the wasm RuntimeError of this realm');
  assert.deepEqual(r.after, ['ssn [SSN]', 'ssn ***-**-9999', 1], 'both guards work again, each with its own config');
  assert.equal(r.newMemory, true, 'a new instance, with new memory');
  assert.deepEqual(r.restarts, [1, 1]);
});

/** The edge entry and phi-guard/next, bundled together as a Next edge route would have them. */
async function loadEdgeNext() {
  const { code, bindings } = await bundle({
    source: `
      export { createGuard } from './edge.js';
      export { wrapRouteHandler, withPhiGuard } from './next/index.js';
    `,
  });
  const vm = sandbox(bindings);
  vm.evaluate(code);
  return vm;
}

test('edge sandbox: a compressed body the isolate cannot decode follows failMode; untyped text is scanned', async () => {
  const vm = await loadEdgeNext();
  // This sandbox has no DecompressionStream and no node:zlib: no encoding can be decoded here.
  assert.equal(vm.evaluate('typeof DecompressionStream'), 'undefined');
  const gz = [...gzipSync('ssn 219-09-9999')];
  const out = await vm.evaluate(`(async () => {
    const guard = await __entry.createGuard();
    const events = [];
    const bytes = new Uint8Array(${JSON.stringify(gz)});
    const policy = { guard, route: '/api/files/[id]', returnsPhi: 'never', onEvent: (e) => events.push(e) };
    const handler = (encoding) => () => new Response(bytes, { headers: { 'content-type': 'text/plain', 'content-encoding': encoding } });
    const req = new Request('https://app.example.com/api/files/1');
    const open = await __entry.wrapRouteHandler(handler('br'), policy)(req, {});
    const openBytes = [...new Uint8Array(await open.arrayBuffer())];
    const closed = await __entry.wrapRouteHandler(handler('gzip'), { ...policy, failMode: 'closed' })(req, {});
    const untyped = await __entry.wrapRouteHandler(() => new Response(new TextEncoder().encode('ssn 219-09-9999')), policy)(req, {});
    await new Promise((r) => setTimeout(r, 0));
    return JSON.stringify({
      open: [open.status, open.headers.get('x-phi-guard'), open.headers.get('content-encoding'), openBytes],
      closed: [closed.status, closed.headers.get('x-phi-guard'), await closed.text()],
      untyped: [untyped.headers.get('x-phi-guard'), await untyped.text()],
      events: events.map((e) => [e.channel, e.failure, 'text' in e]),
    });
  })()`);
  const r = JSON.parse(out);
  assert.deepEqual(r.open, [200, 'unscanned-encoded', 'br', gz]);
  assert.deepEqual(r.closed, [502, 'unscanned-encoded', '{"error":"response_unscannable"}']);
  assert.deepEqual(r.untyped, ['redacted', 'ssn [SSN]']);
  // [channel, failure (null when absent), whether the summary holds text]
  assert.deepEqual(r.events, [['guard_failure', 'unsupported_encoding', false], ['guard_failure', 'unsupported_encoding', false], ['response_body', null, false]]);
});

test('edge sandbox: withPhiGuard with a guard that cannot initialise follows failMode', async () => {
  const vm = await loadEdgeNext();
  const out = await vm.evaluate(`(async () => {
    const events = [];
    const next = () => new Response(null, { headers: { 'x-middleware-next': '1' } });
    const mw = __entry.withPhiGuard(next, {
      guard: Promise.reject(new Error('could not instantiate the wasm module')), onEvent: (e) => events.push(e),
      routes: [{ match: '/api/', onUrlPhi: 'block', failMode: 'closed' }],
    });
    const open = await mw(new Request('https://app.example.com/visits?ssn=219-09-9999'));
    const closed = await mw(new Request('https://app.example.com/api/x?ssn=219-09-9999'));
    await new Promise((r) => setTimeout(r, 0));
    return JSON.stringify({
      open: open.headers.get('x-middleware-next'),
      closed: [closed.status, closed.headers.get('content-type'), await closed.text()],
      events: events.map((e) => [e.channel, e.failure, e.route]),
    });
  })()`);
  const r = JSON.parse(out);
  assert.equal(r.open, '1');
  assert.deepEqual(r.closed, [503, 'application/json', '{"error":"service_unavailable"}']);
  assert.deepEqual(r.events, [['guard_failure', 'init', '/visits'], ['guard_failure', 'init', '/api/']]);
});

test('edge entry: a wasm import that is no precompiled Module is refused, never compiled from its bytes', async () => {
  const { code, bindings } = await bundle(`${dist}edge.js`);
  for (const given of ['bytes', 'nothing']) {
    // Code generation allowed here: were the entry to compile what it is
    // given, it would succeed, and the guard would work.
    const vm = new EdgeRuntime({
      codeGeneration: { strings: false, wasm: true },
      extend: (context) => {
        for (const [name] of bindings) context[name] = given === 'bytes' ? new Uint8Array(wasmBytes) : undefined;
        return context;
      },
    });
    vm.evaluate(code);
    const out = await vm.evaluate(`(async () => {
      try { await __entry.createGuard(); return 'created'; } catch (e) { return e.code + ': ' + e.message; }
    })()`);
    assert.match(out, /^init: the phi-guard wasm import is not a precompiled WebAssembly.Module/, given);
  }
});
