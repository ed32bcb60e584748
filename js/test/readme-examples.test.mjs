// The README's Next.js examples are real files (js/examples/next-app), and
// this test holds them to it:
//   1. every code block of the README's "## Next.js" section is
//      byte-identical to its file, and every example file is shown;
//   2. the files type-check against the built package's types (js/dist);
//   3. the server files run, with synthetic PHI: middleware.ts in the edge
//      sandbox, proxy.ts on Node, the route handler, instrumentation.ts, the
//      relay and the pino logger, all reporting through lib/phi-guard.ts to a
//      local collector that checks each delivery's signature.
// The browser files (error.tsx, PatientPanel.tsx, global-error.tsx) run in
// readme-examples-react.test.mjs. The main checks have negative controls: the
// same check on an edited copy of the example must fail. What a negative
// control prints is not handed to the "no PHI escapes" collector (it leaks
// on purpose, synthetic values only).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import ts from 'typescript';
import { EdgeRuntime } from 'edge-runtime';
import { createGuard } from 'phi-guard';
import { redactConsole } from 'phi-guard/next';
import { emitted } from './support/emit-log.mjs';
import {
  STAND_INS, codeBlocks, compileExamples, bundleForEdge, distDir, drift, exampleFiles, examplesDir, jsDir, nextSection,
  readmePath, startCollector, tsconfigPath,
} from './support/examples.mjs';

const SECRET = 'readme-examples-signing-secret';
const collector = await startCollector(SECRET);
// lib/phi-guard.ts reads these when it is loaded.
process.env.PHI_SIGNAL_URL = collector.url;
process.env.PHI_SIGNAL_SECRET = SECRET;

const SERVER_FILES = ['middleware.ts', 'proxy.ts', 'instrumentation.ts', 'app/api/patients/[id]/route.ts', 'app/api/phi-guard/relay/route.ts', 'lib/logger.ts'];
const examples = await compileExamples(SERVER_FILES);
after(async () => { examples.cleanup(); await collector.close(); });

// Synthetic identifiers only (the README's running example).
const PHI = ['219-09-9999', '219090999', 'Maria Garcia', 'Maria%20Garcia', 'Garcia', '1962-03-14', '555-0142'];
/** Fails without printing the value that leaked. */
function noPhi(what, value) {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  for (const p of PHI) assert.ok(!s.includes(p), `${what} holds synthetic identifier #${PHI.indexOf(p)}`);
}

/** Waits until `cond()` holds (signals arrive after the response). */
async function until(cond, what, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every delivery so far was signed with the secret and carries no PHI. */
function checkDeliveries() {
  assert.ok(collector.deliveries.length > 0, 'the collector received deliveries');
  for (const d of collector.deliveries) {
    assert.deepEqual(d.verified, { ok: true }, 'every delivery carries a valid signature');
    noPhi('a signal delivery', d.body);
  }
  emitted('readme-examples-collector', collector.deliveries.map((d) => d.body));
}

/** Replaces console methods with collectors for the duration of `fn`; `record: false` for negative controls. */
async function withConsole(fn, { record = true } = {}) {
  const lines = { log: [], info: [], warn: [], error: [], debug: [] };
  const saved = {};
  for (const m of Object.keys(lines)) {
    saved[m] = console[m];
    console[m] = (...args) => lines[m].push(args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? `${a.name}: ${a.message}\n${a.stack}` : JSON.stringify(a))).join(' '));
  }
  try {
    return await fn(lines);
  } finally {
    for (const m of Object.keys(lines)) console[m] = saved[m];
    if (record) emitted('readme-examples-console', lines);
  }
}

// --- 1. README = files --------------------------------------------------------

test('README: every Next.js code block equals its js/examples/next-app file byte for byte, and every example is shown', () => {
  const section = nextSection(readFileSync(readmePath, 'utf8'));
  const blocks = codeBlocks(section);
  assert.deepEqual(drift(section), []);
  const shown = blocks.map((b) => b.path).sort();
  assert.deepEqual(shown, exampleFiles().filter((f) => !STAND_INS.includes(f)));
  for (const f of ['middleware.ts', 'proxy.ts', 'app/api/patients/[id]/route.ts', 'instrumentation.ts', 'app/patients/error.tsx',
    'app/global-error.tsx', 'app/api/phi-guard/relay/route.ts', 'lib/phi-guard.ts']) {
    assert.ok(shown.includes(f), `the README shows ${f}`);
  }

  // Negative controls: the check sees a one-word edit, a missing block and a block that names no file.
  const route = blocks.find((b) => b.path === 'app/api/patients/[id]/route.ts');
  const edited = section.replace(route.code, route.code.replace("returnsPhi: 'owner_only'", "returnsPhi: 'allowed'"));
  assert.notEqual(edited, section);
  assert.match(drift(edited).join('\n'), /differs from js\/examples\/next-app\/app\/api\/patients\/\[id\]\/route\.ts at its line \d+/);
  const middleware = blocks.find((b) => b.path === 'middleware.ts');
  assert.match(drift(section.replace('```ts\n' + middleware.code + '```\n', '')).join('\n'), /middleware\.ts is not shown in the README/);
  assert.match(drift(section + '```ts\nexport const x = 1;\n```\n').join('\n'), /does not start with "\/\/ <example path>"/);
});

// --- 2. the files type-check ---------------------------------------------------

/** Type-checks the examples with test/examples.tsconfig.json; `overrides` replaces file sources. */
function typecheck(overrides = {}) {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  });
  assert.deepEqual(parsed.errors, []);
  const replaced = new Map(Object.entries(overrides).map(([rel, src]) => [join(examplesDir, rel), src]));
  const host = ts.createCompilerHost(parsed.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, lang, ...rest) => (replaced.has(file) ? ts.createSourceFile(file, replaced.get(file), lang) : getSourceFile(file, lang, ...rest));
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
  const format = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => jsDir, getNewLine: () => '\n' };
  return {
    files: program.getSourceFiles().map((s) => s.fileName),
    errors: ts.getPreEmitDiagnostics(program).map((d) => ts.formatDiagnostic(d, format).trim()),
  };
}

test('the examples type-check against the built package (js/dist types), strict, without next installed', () => {
  const { files, errors } = typecheck();
  assert.deepEqual(errors, []);
  for (const f of exampleFiles()) assert.ok(files.includes(join(examplesDir, f)), `${f} is type-checked`);
  for (const d of ['node.d.ts', 'next/index.d.ts', 'react/index.d.ts', 'signals/index.d.ts']) {
    assert.ok(files.includes(join(distDir, d)), `phi-guard types come from dist/${d}`);
  }
  assert.ok(!files.some((f) => f.startsWith(join(jsDir, 'src'))), 'no type comes from js/src');

  // Negative controls: an undefined helper (what the old README snippets had) and a wrong policy value fail.
  const mw = readFileSync(join(examplesDir, 'middleware.ts'), 'utf8');
  const undefinedName = typecheck({ 'middleware.ts': mw.replace('{ guard, emitter, onEvent,', '{ guard, emitter, onEvent: (s) => metrics.increment(s.channel),') });
  assert.match(undefinedName.errors.join('\n'), /middleware\.ts.*Cannot find name 'metrics'/);
  const route = readFileSync(join(examplesDir, 'app/api/patients/[id]/route.ts'), 'utf8');
  const badPolicy = typecheck({ 'app/api/patients/[id]/route.ts': route.replace("'owner_only'", "'owner'") });
  assert.match(badPolicy.errors.join('\n'), /route\.ts.*'"owner"' is not assignable/);
});

// --- 3. the files run -----------------------------------------------------------

test('lib/phi-guard.ts without PHI_SIGNAL_URL / PHI_SIGNAL_SECRET (as in next build): loads, warns once, classifies, delivers nothing', async () => {
  collector.reset();
  const saved = { url: process.env.PHI_SIGNAL_URL, secret: process.env.PHI_SIGNAL_SECRET };
  delete process.env.PHI_SIGNAL_URL;
  delete process.env.PHI_SIGNAL_SECRET;
  const bare = await compileExamples(['lib/phi-guard.ts']);
  try {
    const lines = await withConsole(async (l) => {
      const { emitter, guard } = await bare.load('lib/phi-guard.ts');
      const result = await emitter.record(await guard, { text: 'ssn 219-09-9999', channel: 'response_body', route: '/api/x',
        runtime: 'nodejs', authenticated: false, discoveredAt: new Date().toISOString() });
      assert.ok(['low', 'medium', 'high', 'critical'].includes(result.classification.severity), 'the event is still classified');
      noPhi('the signal', result.signal);
      return l;
    });
    assert.deepEqual(lines.warn, ['[phi-guard] PHI_SIGNAL_URL or PHI_SIGNAL_SECRET is not set: breach signals are not delivered']);
    assert.equal(collector.deliveries.length, 0);
  } finally {
    bare.cleanup();
    Object.assign(process.env, { PHI_SIGNAL_URL: saved.url, PHI_SIGNAL_SECRET: saved.secret });
  }
});

// The URLs middleware.ts and proxy.ts are called with (signed in, so that
// proxy.ts's own session check lets clean URLs through).
const URLS = {
  page: 'https://portal.example.com/appointments?patient=Maria%20Garcia&dob=1962-03-14&view=week',
  api: 'https://portal.example.com/api/search?ssn=219-09-9999',
  clean: 'https://portal.example.com/appointments?view=week',
  record: 'https://portal.example.com/api/patients/p-1001',
  recordSsn: 'https://portal.example.com/api/patients/219-09-9999',
  recordPage: 'https://portal.example.com/patients/p-1001',
  recordPageQuery: 'https://portal.example.com/patients/p-1001?dob=1962-03-14&tab=notes',
};
const SIGNED_IN = { cookie: 'session=demo-patient' };

/** What middleware.ts / proxy.ts must do with the URLs above. */
function checkUrlGuard(r) {
  assert.ok(r.page, 'a page URL with PHI is answered by the guard');
  assert.deepEqual([r.page.status, r.page.location, r.page.phiGuard], [307, 'https://portal.example.com/appointments?view=week', 'stripped'],
    'a page URL with PHI is redirected to the same URL without the PHI parameters');
  assert.ok(r.api, 'an API URL with PHI is answered by the guard');
  assert.deepEqual([r.api.status, r.api.contentType, JSON.parse(r.api.body).error], [400, 'application/json', 'phi_in_url'], 'an API URL with PHI is blocked');
  noPhi('the block response', r.api.body);
  assert.equal(r.clean, null, 'a clean URL continues to the route');
  assert.equal(r.record, null, 'an opaque record id in the path continues to the route');
  assert.equal(r.recordPage, null, 'an opaque record id in a page path continues to the page');
  assert.deepEqual([r.recordSsn?.status, r.recordSsn?.contentType], [400, 'application/json'], 'an SSN as the record id is blocked');
  assert.deepEqual([r.recordPageQuery?.status, r.recordPageQuery?.location], [307, 'https://portal.example.com/patients/p-1001?tab=notes'],
    'PHI in the query of a record page is stripped, the id kept');
}

const EXPECTED_URL_SIGNALS = [
  ['edge_middleware', '/api/', 'blocked'],
  ['edge_middleware', '/api/patients/[id]', 'blocked'],
  ['edge_middleware', '/appointments', 'stripped'],
  ['edge_middleware', '/patients/[id]', 'stripped'],
];

/** middleware.ts, bundled as Next bundles edge middleware, in the edge sandbox (no eval, no wasm compilation). */
async function runEdgeMiddleware(overrides) {
  const { code, bindings } = await bundleForEdge('middleware.ts', { overrides });
  const warnings = [];
  const vm = new EdgeRuntime({
    codeGeneration: { strings: false, wasm: false },
    extend: (context) => {
      for (const [name, path] of bindings) context[name] = new WebAssembly.Module(readFileSync(path));
      // Next exposes the server's environment to middleware as process.env.
      context.process = { env: { PHI_SIGNAL_URL: collector.url, PHI_SIGNAL_SECRET: SECRET } };
      context.__warn = (line) => warnings.push(String(line));
      return context;
    },
  });
  vm.evaluate('console.warn = (...a) => __warn(a.join(" "));');
  vm.evaluate(code);
  const out = await vm.evaluate(`(async () => {
    const pending = [];
    const event = { waitUntil: (p) => { pending.push(p); } };
    const results = {};
    for (const [key, url] of Object.entries(${JSON.stringify(URLS)})) {
      const r = await __entry.middleware(new Request(url, { headers: ${JSON.stringify(SIGNED_IN)} }), event);
      results[key] = r ? { status: r.status, location: r.headers.get('location'), phiGuard: r.headers.get('x-phi-guard'),
        contentType: r.headers.get('content-type'), body: await r.text() } : null;
    }
    await Promise.all(pending);
    return JSON.stringify({ results, waited: pending.length, runtime: typeof EdgeRuntime, matcher: __entry.config.matcher });
  })()`);
  if (!overrides) emitted('readme-examples-edge', { out, warnings });
  return { ...JSON.parse(out), warnings };
}

test('middleware.ts (edge sandbox): strips PHI query parameters, blocks /api/ with JSON, keeps record ids, reports signed PHI-free signals', async () => {
  collector.reset();
  const r = await runEdgeMiddleware();
  assert.equal(r.runtime, 'string', 'ran in the edge runtime');
  checkUrlGuard(r.results);
  assert.equal(r.waited, 4, 'each exposure hands its reporting to event.waitUntil, and it settles');
  assert.ok(Array.isArray(r.matcher) && r.matcher.length === 1);
  const signals = collector.signals();
  assert.deepEqual(signals.map((s) => [s.channel, s.route, s.mitigation]).sort(), EXPECTED_URL_SIGNALS);
  assert.ok(signals.every((s) => s.runtime === 'edge'));
  checkDeliveries();
  assert.equal(r.warnings.length, 4, 'onEvent logged one line per exposure');
  for (const w of r.warnings) assert.match(w, /^\[phi-guard\] edge_middleware on \/[\w/[\]]*: (stripped|blocked) \((low|medium|high|critical)\)$/);
  noPhi('the onEvent lines', r.warnings);

  // Negative controls: rules that let PHI through on /api/, or that forget the record ids, fail the same check.
  const lib = readFileSync(join(examplesDir, 'lib/phi-guard.ts'), 'utf8');
  const leaky = await runEdgeMiddleware({ 'lib/phi-guard.ts': lib.replace("{ match: '/api/', onUrlPhi: 'block'", "{ match: '/api/', onUrlPhi: 'allow'") });
  assert.throws(() => checkUrlGuard(leaky.results), /an API URL with PHI is answered by the guard/);
  const noIds = await runEdgeMiddleware({ 'lib/phi-guard.ts': lib.replaceAll("allowInPath: ['OTHER_ID'], ", '').replaceAll(", allowInPath: ['OTHER_ID']", '') });
  assert.throws(() => checkUrlGuard(noIds.results), /an opaque record id in the path continues to the route/);
});

test('proxy.ts (Next 16, Node entry): the same URL checks, then your own proxy logic for clean URLs', async () => {
  collector.reset();
  const compiled = readFileSync(examples.file('proxy.ts'), 'utf8');
  assert.ok(compiled.includes(`${distDir}/node.js`), 'phi-guard resolves to its Node entry');
  const { proxy, config } = await examples.load('proxy.ts');
  assert.ok(Array.isArray(config.matcher));
  const pending = [];
  const event = { waitUntil: (p) => { pending.push(p); } };
  const call = async (url, headers = SIGNED_IN) => {
    const r = await proxy(new Request(url, { headers }), event);
    return r ? { status: r.status, location: r.headers.get('location'), phiGuard: r.headers.get('x-phi-guard'),
      contentType: r.headers.get('content-type'), body: await r.text() } : null;
  };
  await withConsole(async () => {
    const results = {};
    for (const [key, url] of Object.entries(URLS)) results[key] = await call(url);
    checkUrlGuard(results);
    // PHI is stripped before your proxy runs, signed in or not.
    const signedOutPhi = await call(URLS.recordPageQuery, {});
    assert.deepEqual([signedOutPhi.status, signedOutPhi.phiGuard], [307, 'stripped']);
    // A clean URL reaches requireSession: signed out → /login, signed in → continue (checked above).
    const signedOut = await call(URLS.recordPage, {});
    assert.deepEqual([signedOut.status, signedOut.location, signedOut.phiGuard], [307, 'https://portal.example.com/login', null]);
    await Promise.all(pending);
  });
  assert.equal(pending.length, 5);
  const signals = collector.signals();
  assert.deepEqual(signals.map((s) => [s.channel, s.route, s.mitigation]).sort(),
    [...EXPECTED_URL_SIGNALS, ['edge_middleware', '/patients/[id]', 'stripped']].sort());
  assert.ok(signals.every((s) => s.runtime === 'nodejs'));
  checkDeliveries();
});

const routeUrl = 'https://portal.example.com/api/patients/p-1001';
const routeCtx = () => ({ params: Promise.resolve({ id: 'p-1001' }) });

/** What the route handler must do: the owner gets the record, anyone else a redacted copy. */
async function checkRoute(GET) {
  const owner = await GET(new Request(routeUrl, { headers: { cookie: 'session=demo-patient' } }), routeCtx());
  assert.equal(owner.status, 200);
  assert.equal(owner.headers.get('x-phi-guard'), 'unscanned-allowed', 'the owner receives the record as it is');
  const own = await owner.json();
  assert.equal(own.ssn, PHI[0]);

  for (const headers of [{ cookie: 'session=other-patient' }, {}]) {
    const res = await GET(new Request(routeUrl, { headers }), routeCtx());
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-phi-guard'), 'redacted', 'another patient or nobody receives it redacted');
    assert.equal(res.headers.get('content-type'), 'application/json');
    const text = await res.text();
    noPhi('the redacted record', text);
    const body = JSON.parse(text);
    assert.equal(body.ssn, '[SSN]');
    assert.deepEqual(Object.keys(body), Object.keys(own), 'the shape is kept');
  }
  const missing = await GET(new Request('https://portal.example.com/api/patients/p-9', { headers: { cookie: 'session=demo-patient' } }), { params: Promise.resolve({ id: 'p-9' }) });
  assert.equal(missing.status, 404);
}

test('app/api/patients/[id]/route.ts: the owner gets the record, anyone else a redacted copy and a signal', async () => {
  collector.reset();
  const { GET } = await examples.load('app/api/patients/[id]/route.ts');
  // The onEvent lines are awaited while the console is still captured: they
  // come after the responses, and a line written once withConsole has put
  // the console back is never seen (the wait then timed out now and then).
  const lines = await withConsole(async (l) => {
    await checkRoute(GET);
    await until(() => collector.signals().length >= 2, 'two response_body signals');
    await until(() => l.warn.length >= 2, 'the onEvent lines');
    return l;
  });
  const signals = collector.signals();
  assert.deepEqual(signals.map((s) => [s.channel, s.route, s.mitigation]), [
    ['response_body', '/api/patients/[id]', 'redacted'],
    ['response_body', '/api/patients/[id]', 'redacted'],
  ]);
  assert.ok(signals.every((s) => s.identifierTypes.SSN >= 1), 'the signal counts the SSN it saw, without its value');
  checkDeliveries();
  noPhi('the onEvent lines', lines.warn);

  // Negative control: a route.ts that allows PHI to everyone fails the same check.
  const src = readFileSync(join(examplesDir, 'app/api/patients/[id]/route.ts'), 'utf8');
  const leaky = await compileExamples(['app/api/patients/[id]/route.ts'], { overrides: { 'app/api/patients/[id]/route.ts': src.replace("'owner_only'", "'allowed'") } });
  try {
    const { GET: leakyGet } = await leaky.load('app/api/patients/[id]/route.ts');
    await assert.rejects(withConsole(() => checkRoute(leakyGet), { record: false }), /another patient or nobody receives it redacted/);
  } finally {
    leaky.cleanup();
  }
});

/** Runs instrumentation.ts's register() and onRequestError with console captured. */
async function runInstrumentation(mod, record = true) {
  return withConsole(async (lines) => {
    await mod.register();
    try {
      console.log('visit for Maria Garcia, SSN 219-09-9999');
      console.info({ patient: { name: 'Maria Garcia', dob: '1962-03-14' } });
      const error = Object.assign(new Error('chart failed for Maria Garcia, DOB 1962-03-14'), { digest: '2437698463' });
      await mod.onRequestError(error, { path: '/patients/p-1001?ssn=219-09-9999', method: 'GET', headers: {} },
        { routerKind: 'App Router', routePath: '/patients/[id]', routeType: 'render' });
    } finally {
      // register() patched console; the test puts it back.
      redactConsole(await createGuard()).unpatch();
    }
    return lines;
  }, { record });
}

function checkInstrumentation(lines) {
  assert.equal(lines.log.length, 1);
  assert.equal(lines.log[0], 'visit for [NAME], SSN [SSN]', 'console.log is redacted');
  noPhi('console.info', lines.info);
  assert.equal(lines.error.length, 1, 'onRequestError logs once');
  assert.match(lines.error[0], /^\[phi-guard\] render error on \/patients\/\[id\] \(digest 2437698463\): /);
  assert.ok(!lines.error[0].includes('?ssn'), 'the request path is never logged');
  noPhi('the logged server error', lines.error);
}

test('instrumentation.ts: register() redacts console.*, onRequestError logs the redacted error and reports it', async () => {
  collector.reset();
  const mod = await examples.load('instrumentation.ts');
  const lines = await runInstrumentation(mod);
  checkInstrumentation(lines);
  assert.match(lines.error[0], /\[NAME\]/);
  assert.deepEqual(collector.signals().map((s) => [s.channel, s.route]), [['server_error', '/patients/[id]']]);
  checkDeliveries();
  assert.equal(lines.warn.length, 1);
  assert.match(lines.warn[0], /^\[phi-guard\] server_error on \/patients\/\[id\]: none \(\w+\)$/);

  // Negative control: a register() that forgets redactConsole fails the same check.
  const src = readFileSync(join(examplesDir, 'instrumentation.ts'), 'utf8');
  const leaky = await compileExamples(['instrumentation.ts'], { overrides: { 'instrumentation.ts': src.replace('redactConsole(await guard);', 'await guard;') } });
  try {
    const leakyLines = await runInstrumentation(await leaky.load('instrumentation.ts'), false);
    assert.throws(() => checkInstrumentation(leakyLines), /console\.log is redacted/);
  } finally {
    leaky.cleanup();
  }
});

test('app/api/phi-guard/relay/route.ts: accepts redacted reports, re-redacts, rejects other origins, oversize and malformed bodies', async () => {
  collector.reset();
  const { POST } = await examples.load('app/api/phi-guard/relay/route.ts');
  const post = (body, headers = {}, url = 'https://portal.example.com/api/phi-guard/relay') => POST(new Request(url, {
    method: 'POST', body, headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
  }));
  const report = JSON.stringify({ message: 'chart failed for [NAME], SSN [SSN]', route: '/patients/[id]', referenceId: '3f2a9c1e-8b4d-4e6f-9a1b-2c3d4e5f6a7b' });
  const lines = await withConsole(async (l) => {
    // Same origin (Origin = the request's host), as the browser's beacon sends it.
    assert.equal((await post(report, { origin: 'https://portal.example.com' })).status, 202);
    // A listed origin, the app served from another host.
    assert.equal((await post(report, { origin: 'https://portal.example.com' }, 'http://10.0.0.5:3000/api/phi-guard/relay')).status, 202);
    const foreign = await post(report, { origin: 'https://attacker.example' });
    assert.deepEqual([foreign.status, await foreign.json()], [403, { error: 'origin_not_allowed' }]);
    const big = await post(JSON.stringify({ message: 'x'.repeat(70_000) }), { origin: 'https://portal.example.com' });
    assert.equal(big.status, 413);
    const malformed = await post('{"message":', { origin: 'https://portal.example.com' });
    assert.deepEqual([malformed.status, await malformed.json()], [400, { error: 'malformed_report' }]);
    // A browser whose redaction failed: the relay redacts again before logging, and the signal says PHI got through.
    assert.equal((await post(JSON.stringify({ message: 'chart failed for Maria Garcia, SSN 219-09-9999', route: '/patients/p-1001?ssn=219-09-9999' }),
      { origin: 'https://portal.example.com' })).status, 202);
    await until(() => collector.signals().length >= 1, 'the client_error signal');
    return l;
  });
  assert.equal(lines.error.length, 3, 'each accepted report is logged once, redacted');
  assert.match(lines.error[0], /^\[phi-guard\] client error on \/patients\/\[id\] \(ref 3f2a9c1e-8b4d-4e6f-9a1b-2c3d4e5f6a7b\): chart failed for \[NAME\], SSN \[SSN\]$/);
  noPhi('the relay log', lines.error);
  const signals = collector.signals();
  assert.deepEqual(signals.map((s) => [s.channel, s.route, s.runtime]), [['client_error', '/patients/[id]', 'browser']]);
  assert.ok(signals[0].identifierTypes.SSN >= 1);
  checkDeliveries();
});

test('lib/logger.ts: pino writes redacted messages and fields', () => {
  const url = new URL(`file://${examples.file('lib/logger.ts')}`).href;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', `
    const { logger } = await import(${JSON.stringify(url)});
    logger.info({ patient: { ssn: '219-09-9999', dob: '1962-03-14' } }, 'lookup for %s', 'Maria Garcia');
    logger.error(new Error('no record for 219-09-9999'));
  `], { encoding: 'utf8' });
  assert.equal(run.status, 0, 'the logger ran');
  const records = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(records.length, 2);
  noPhi('pino output', run.stdout);
  assert.equal(records[0].msg, 'lookup for [NAME]');
  assert.deepEqual(records[0].patient, { ssn: '[SSN]', dob: '[DATE]' });
  assert.match(records[1].err?.message ?? records[1].msg, /no record for \[SSN\]/);
});
