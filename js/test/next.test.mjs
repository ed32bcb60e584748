// phi-guard/next against the built package (js/dist). Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard, PhiGuardError } from 'phi-guard';
import { SignalEmitter } from 'phi-guard/signals';
import {
  withPhiGuard, wrapRouteHandler, wrapApiHandler, createRedactingLogger, redactConsole, pinoRedactHooks,
  captureRequestError, createSignalRelay,
} from 'phi-guard/next';
import pino from 'pino';
import { Writable } from 'node:stream';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { emitted } from './support/emit-log.mjs';

const guard = await createGuard();
const PHI = ['219-09-9999', 'maria.garcia@example.com', '555-0142', 'Maria Garcia'];
const noPhi = (s) => { for (const p of PHI) assert.ok(!String(s).includes(p), `leaked ${p}`); };
const collector = () => {
  const events = [];
  const recorded = [];
  // The emitter gets the raw text on purpose (the core classifies it); onEvent gets a PHI-free
  // summary, which is handed whole to the suite's "no PHI escapes" check.
  return {
    events, recorded,
    onEvent: (e) => { assert.ok(!('text' in e), 'onEvent never sees the raw text'); events.push(e); emitted('event-summary', e); },
    emitter: { record: (g, e) => { recorded.push([g, e]); } },
  };
};
const fetchEvent = () => { const p = []; return { waited: p, waitUntil: (x) => p.push(x) }; };
const trapGuard = { scan() { throw new PhiGuardError('trap', 'the wasm module trapped (unreachable)'); }, redactText() { throw new PhiGuardError('trap', 'trap'); }, redactValue() { throw new PhiGuardError('trap', 'trap'); } };
const next = () => new Response(null, { headers: { 'x-middleware-next': '1' } });

test('middleware strip: 307 to the same URL without PHI params, non-PHI params kept', async () => {
  const c = collector();
  const ev = fetchEvent();
  const mw = withPhiGuard(next, { guard, onEvent: c.onEvent, emitter: c.emitter });
  const res = await mw(new Request('https://app.example.com/patients/42/chart?ssn=219-09-9999&tab=labs&email=maria.garcia%40example.com'), ev);
  assert.equal(res.status, 307);
  assert.equal(res.headers.get('location'), 'https://app.example.com/patients/42/chart?tab=labs');
  assert.equal(res.headers.get('x-phi-guard'), 'stripped');
  await Promise.all(ev.waited);
  assert.equal(ev.waited.length, 1);
  assert.equal(c.events.length, 1);
  assert.equal(c.recorded.length, 1);
  assert.equal(c.recorded[0][0], guard);
  const e = c.events[0];
  assert.equal(e.channel, 'edge_middleware');
  assert.equal(e.mitigation, 'stripped');
  assert.equal(e.route, '/patients/[id]/chart');
  noPhi(e.route);
});

test('middleware with nothing to report to: still strips PHI, hands nothing to waitUntil', async () => {
  const ev = fetchEvent();
  const mw = withPhiGuard(next, { guard });
  const res = await mw(new Request('https://app.example.com/patients/42/chart?ssn=219-09-9999&tab=labs'), ev);
  assert.equal(res.status, 307);
  assert.equal(res.headers.get('location'), 'https://app.example.com/patients/42/chart?tab=labs');
  assert.equal(ev.waited.length, 0, 'no emitter and no onEvent: nothing held');
});

test('middleware: clean URL runs the user middleware; allow passes PHI through', async () => {
  const c = collector();
  const mw = withPhiGuard(next, { guard, onEvent: c.onEvent, routes: [{ match: '/search', onUrlPhi: 'allow' }] });
  assert.equal((await mw(new Request('https://app.example.com/patients/42?tab=labs'))).headers.get('x-middleware-next'), '1');
  assert.equal((await mw(new Request('https://app.example.com/search?q=219-09-9999'))).headers.get('x-middleware-next'), '1');
  assert.equal(c.events.length, 0);
});

test('middleware block and redirect per route, with templates', async () => {
  const c = collector();
  const mw = withPhiGuard(next, {
    guard, onEvent: c.onEvent,
    routes: [
      { match: '/api/', onUrlPhi: 'block' },
      { match: /^\/visits\/[^/]+$/, onUrlPhi: 'redirect', redirectTo: '/visits', template: '/visits/[visitId]' },
    ],
  });
  const blocked = await mw(new Request('https://app.example.com/api/lookup?phone=(312)%20555-0142'));
  assert.equal(blocked.status, 400);
  noPhi(await blocked.text());
  const redirected = await mw(new Request('https://app.example.com/visits/7?email=maria.garcia%40example.com'));
  assert.equal(redirected.status, 307);
  assert.equal(redirected.headers.get('location'), 'https://app.example.com/visits');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(c.events.map((e) => [e.route, e.mitigation]), [['/api/', 'blocked'], ['/visits/[visitId]', 'blocked']]);
});

test('middleware: PHI in the path cannot be stripped, so it is blocked; route never holds it', async () => {
  const c = collector();
  const mw = withPhiGuard(next, { guard, onEvent: c.onEvent });
  const res = await mw(new Request('https://app.example.com/patients/maria.garcia@example.com/chart'));
  assert.equal(res.status, 400);
  await new Promise((r) => setImmediate(r));
  assert.equal(c.events[0].route, '/patients/[id]/chart');
});

test('middleware: a person named in the path after a collection of people is [id] in the route, pages of it are kept', async () => {
  const c = collector();
  const mw = withPhiGuard(next, { guard, onEvent: c.onEvent });
  const paths = ['/patients/Zoltan_Quibble/chart', '/members/zoltan-quibble', '/api/users/Zoltan%20Quibble/visits', '/patients/new', '/patients/search', '/reports/quarterly/summary', '/patients/[id]/chart', '/patients/search/zoltan-quibble', '/members/lookup/zoltan-quibble', '/patients/all/Zoltan_Quibble/chart'];
  for (const p of paths) assert.equal((await mw(new Request(`https://app.example.com${p}?ssn=219-09-9999`))).status, 307, p);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(c.events.map((e) => e.route), ['/patients/[id]/chart', '/members/[id]', '/api/users/[id]/visits', '/patients/new', '/patients/search', '/reports/quarterly/summary', '/patients/[id]/chart', '/patients/search/[id]', '/members/lookup/[id]', '/patients/all/[id]/chart']);
  for (const e of c.events) assert.doesNotMatch(e.route, /zoltan|quibble/i);
});

test('middleware: PHI in the referer header is reported', async () => {
  const c = collector();
  const mw = withPhiGuard(next, { guard, onEvent: c.onEvent });
  const res = await mw(new Request('https://app.example.com/home', { headers: { referer: 'https://app.example.com/x?ssn=219-09-9999' } }));
  assert.equal(res.headers.get('x-middleware-next'), '1');
  await new Promise((r) => setImmediate(r));
  assert.equal(c.events.length, 1);
  assert.equal(c.events[0].route, '/home');
});

test('middleware: NEXT_REDIRECT and user errors pass unchanged', async () => {
  const redirect = Object.assign(new Error('NEXT_REDIRECT'), { digest: 'NEXT_REDIRECT;replace;/login;307;' });
  const mine = new TypeError('boom');
  await assert.rejects(withPhiGuard(() => { throw redirect; }, { guard })(new Request('https://a.example/x')), (e) => e === redirect);
  await assert.rejects(withPhiGuard(async () => { throw mine; }, { guard })(new Request('https://a.example/x')), (e) => e === mine);
  const notFound = Object.assign(new Error('NEXT_HTTP_ERROR_FALLBACK;404'), { digest: 'NEXT_HTTP_ERROR_FALLBACK;404' });
  await assert.rejects(withPhiGuard(() => { throw notFound; }, { guard })(new Request('https://a.example/x')), (e) => e === notFound);
});

test('middleware: a trapping guard fails open or closed, both emit guard_failure without PHI', async () => {
  const c = collector();
  const url = 'https://app.example.com/api/x?ssn=219-09-9999';
  const open = await withPhiGuard(next, { guard: trapGuard, onEvent: c.onEvent })(new Request(url));
  assert.equal(open.headers.get('x-middleware-next'), '1');
  const closed = await withPhiGuard(next, { guard: trapGuard, onEvent: c.onEvent, routes: [{ match: '/api', failMode: 'closed' }] })(new Request(url));
  assert.equal(closed.status, 503);
  await new Promise((r) => setImmediate(r));
  assert.equal(c.events.length, 2);
  for (const e of c.events) {
    assert.equal(e.channel, 'guard_failure');
    assert.equal(e.failure, 'trap');
    assert.equal(e.text, undefined);
    noPhi(JSON.stringify(e));
  }
  // A guard factory that rejects is a guard failure too.
  const viaFactory = await withPhiGuard(next, { guard: () => Promise.reject(new Error('no wasm')) })(new Request(url));
  assert.equal(viaFactory.headers.get('x-middleware-next'), '1');
});

const patient = { name: 'Maria Garcia', ssn: '219-09-9999', phone: '(312) 555-0142', plan: 'gold' };
const req = () => new Request('https://app.example.com/api/patients/42');

test('route handler redacts JSON, reports response_body, drops content-length', async () => {
  const c = collector();
  const GET = wrapRouteHandler(() => {
    const body = JSON.stringify(patient);
    return new Response(body, { headers: { 'content-type': 'application/json', 'content-length': String(body.length), 'x-app': '1' } });
  }, { guard, route: '/api/patients/[id]', returnsPhi: 'never', onEvent: c.onEvent });
  const res = await GET(req(), {});
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  assert.equal(res.headers.get('content-length'), null);
  assert.equal(res.headers.get('x-app'), '1');
  const body = await res.json();
  assert.equal(body.plan, 'gold');
  noPhi(JSON.stringify(body));
  await new Promise((r) => setImmediate(r));
  assert.equal(c.events[0].channel, 'response_body');
  assert.equal(c.events[0].mitigation, 'redacted');
  assert.equal(c.events[0].policy, 'no_phi');
  assert.equal(c.events[0].route, '/api/patients/[id]');
});

test('route handler with nothing to report to: still redacts, holds no reporting work; events carry no undefined fields', async () => {
  const waited = [];
  const body = () => new Response(JSON.stringify(patient), { headers: { 'content-type': 'application/json' } });
  const GET = wrapRouteHandler(body, { guard, route: '/api/patients/[id]', returnsPhi: 'never', waitUntil: (p) => waited.push(p) });
  const res = await GET(req(), {});
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  noPhi(await res.text());
  assert.equal(waited.length, 0, 'no emitter and no onEvent: nothing handed to waitUntil');
  // With a listener, the same exposure is handed over, and its event lists
  // only the fields that are set (the principal has no role here).
  const c = collector();
  const heard = wrapRouteHandler(body, { guard, route: '/api/patients/[id]', returnsPhi: 'never', onEvent: c.onEvent, emitter: c.emitter, waitUntil: (p) => waited.push(p) });
  noPhi(await (await heard(req(), {})).text());
  await Promise.all(waited);
  assert.equal(waited.length, 1);
  const [, event] = c.recorded[0];
  assert.ok(!('role' in event), 'an unset field is absent, not undefined');
  assert.deepEqual(Object.entries(event).filter(([, v]) => v === undefined), []);
  assert.equal(event.runtime, 'nodejs');
  assert.equal(event.channel, 'response_body');
  assert.equal(typeof event.text, 'string');
});

test('route handler redacts HTML and text; clean bodies are marked clean', async () => {
  const policy = { guard, route: '/p', returnsPhi: 'never' };
  const html = await wrapRouteHandler(() => new Response('<p>Patient Maria Garcia, SSN 219-09-9999</p>', { headers: { 'content-type': 'text/html; charset=utf-8' } }), policy)(req(), {});
  assert.equal(await html.text(), '<p>Patient [NAME], SSN [SSN]</p>');
  const text = await wrapRouteHandler(() => new Response('call (312) 555-0142 or mail maria.garcia@example.com'), policy)(req(), {});
  noPhi(await text.text());
  const clean = await wrapRouteHandler(() => Response.json({ ok: true }), policy)(req(), {});
  assert.equal(clean.headers.get('x-phi-guard'), 'clean');
  assert.deepEqual(await clean.json(), { ok: true });
});

test('route handler: policy allows the owner; report and block modes', async () => {
  const body = () => Response.json(patient);
  const owner = await wrapRouteHandler(body, { guard, route: '/p', returnsPhi: 'owner_only', principal: () => ({ authenticated: true, subjectIsCaller: true }) })(req(), {});
  assert.equal(owner.headers.get('x-phi-guard'), 'unscanned-allowed');
  assert.equal((await owner.json()).ssn, '219-09-9999');
  const c = collector();
  const other = await wrapRouteHandler(body, { guard, route: '/p', returnsPhi: 'owner_only', mode: 'report', onEvent: c.onEvent, principal: async () => ({ authenticated: true, role: 'patient', subjectIsCaller: false }) })(req(), {});
  assert.equal(other.headers.get('x-phi-guard'), 'reported');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual([c.events[0].mitigation, c.events[0].role, c.events[0].authenticated], ['none', 'patient', true]);
  const blocked = await wrapRouteHandler(body, { guard, route: '/p', returnsPhi: 'never', mode: 'block' })(req(), {});
  assert.equal(blocked.status, 500);
  noPhi(await blocked.text());
});

test('route handler skips binary and marks encoded bodies it cannot decode', async () => {
  const policy = { guard, route: '/p', returnsPhi: 'never' };
  const png = await wrapRouteHandler(() => new Response(new Uint8Array([137, 80, 78, 71]), { headers: { 'content-type': 'image/png' } }), policy)(req(), {});
  assert.equal(png.headers.get('x-phi-guard'), 'unscanned-binary');
  assert.deepEqual([...new Uint8Array(await png.arrayBuffer())], [137, 80, 78, 71]);
  const pdf = await wrapRouteHandler(() => new Response('%PDF-1.7 219-09-9999', { headers: { 'content-type': 'application/pdf' } }), policy)(req(), {});
  assert.equal(pdf.headers.get('x-phi-guard'), 'unscanned-binary');
  const zstd = await wrapRouteHandler(() => new Response('xx', { headers: { 'content-type': 'application/json', 'content-encoding': 'zstd-unknown' } }), policy)(req(), {});
  assert.equal(zstd.headers.get('x-phi-guard'), 'unscanned-encoded');
});

test('route handler decompresses gzip with DecompressionStream and redacts', async () => {
  const gz = new Response(new Blob([JSON.stringify(patient)]).stream().pipeThrough(new CompressionStream('gzip')));
  const bytes = new Uint8Array(await gz.arrayBuffer());
  const res = await wrapRouteHandler(() => new Response(bytes, { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }), { guard, route: '/p', returnsPhi: 'never' })(req(), {});
  assert.equal(res.headers.get('content-encoding'), null);
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  noPhi(await res.text());
});

function tinyChunks(text, size) {
  const bytes = new TextEncoder().encode(text);
  let i = 0;
  return new ReadableStream({ pull(c) { if (i >= bytes.length) c.close(); else { c.enqueue(bytes.slice(i, i + size)); i += size; } } });
}

test('streamed body in tiny chunks with PHI straddling boundaries comes out fully redacted', async () => {
  const lines = [];
  for (let i = 0; i < 60; i++) lines.push(`data: {"n":${i},"note":"ssn 219-09-9999 mail maria.garcia@example.com"}\n\n`);
  const text = lines.join('');
  for (const size of [1, 3, 7, 64]) {
    const c = collector();
    const res = await wrapRouteHandler(() => new Response(tinyChunks(text, size), { headers: { 'content-type': 'text/event-stream' } }), { guard, route: '/api/stream', returnsPhi: 'never', onEvent: c.onEvent })(req(), {});
    assert.equal(res.headers.get('x-phi-guard'), 'redacted');
    const out = await res.text();
    noPhi(out);
    assert.equal(out.split('[SSN]').length - 1, 60, `chunk size ${size}`);
    assert.equal(out.split('[EMAIL]').length - 1, 60, `chunk size ${size}`);
    await new Promise((r) => setImmediate(r));
    // One event when the first findings went out, one at the end for all found after.
    assert.equal(c.events.length, 2);
  }
});

test('a body larger than maxBufferBytes takes the streaming path', async () => {
  const rows = Array.from({ length: 400 }, (_, i) => ({ i, ssn: '219-09-9999', email: 'maria.garcia@example.com', pad: 'x'.repeat(20) }));
  const res = await wrapRouteHandler(() => new Response(tinyChunks(JSON.stringify(rows), 97), { headers: { 'content-type': 'application/json' } }), { guard, route: '/p', returnsPhi: 'never', maxBufferBytes: 1024 })(req(), {});
  const out = await res.text();
  noPhi(out);
  assert.equal(JSON.parse(out).length, 400);
});

test('route handler: trapping guard fails open / closed and reports guard_failure', async () => {
  const c = collector();
  const open = await wrapRouteHandler(() => Response.json(patient), { guard: trapGuard, route: '/p', returnsPhi: 'never', onEvent: c.onEvent })(req(), {});
  assert.equal(open.headers.get('x-phi-guard'), 'unscanned-failure');
  const closed = await wrapRouteHandler(() => Response.json(patient), { guard: trapGuard, route: '/p', returnsPhi: 'never', failMode: 'closed', onEvent: c.onEvent })(req(), {});
  assert.equal(closed.status, 503);
  noPhi(await closed.text());
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(c.events.map((e) => [e.channel, e.failure]), [['guard_failure', 'trap'], ['guard_failure', 'trap']]);
  const mine = new RangeError('handler failed');
  await assert.rejects(wrapRouteHandler(() => { throw mine; }, { guard, route: '/p', returnsPhi: 'never' })(req(), {}), (e) => e === mine);
});

function fakeRes() {
  const res = { statusCode: 200, headers: {}, body: undefined, ends: 0, headersSent: false };
  res.setHeader = (k, v) => { res.headers[k.toLowerCase()] = v; };
  res.getHeader = (k) => res.headers[k.toLowerCase()];
  res.removeHeader = (k) => { delete res.headers[k.toLowerCase()]; };
  res.end = (b) => { res.body = b; res.ends++; return res; };
  // As in Next: json → send → end.
  res.send = (b) => { if (typeof b === 'object') { res.setHeader('content-type', 'application/json'); return res.end(JSON.stringify(b)); } return res.end(b); };
  res.json = (b) => { res.setHeader('content-type', 'application/json'); return res.send(JSON.stringify(b)); };
  return res;
}

test('Pages API handler: res.json / res.send / res.end are redacted once', async () => {
  const c = collector();
  const policy = { guard, route: '/api/patients/[id]', returnsPhi: 'never', onEvent: c.onEvent };
  const r1 = fakeRes();
  await wrapApiHandler((q, s) => { s.json(patient); }, policy)({ headers: {} }, r1);
  noPhi(r1.body);
  assert.equal(JSON.parse(r1.body).plan, 'gold');
  assert.equal(r1.headers['x-phi-guard'], 'redacted');
  const r2 = fakeRes();
  await wrapApiHandler((q, s) => { s.setHeader('content-type', 'text/plain'); s.send('ssn 219-09-9999'); }, policy)({ headers: {} }, r2);
  assert.equal(r2.body, 'ssn [SSN]');
  const r3 = fakeRes();
  await wrapApiHandler((q, s) => { s.setHeader('content-type', 'text/html'); s.end(new TextEncoder().encode('<p>mail maria.garcia@example.com</p>')); }, policy)({ headers: {} }, r3);
  noPhi(r3.body);
  await new Promise((r) => setImmediate(r));
  assert.equal(c.events.length, 3);
});

test('redacting logger, console patch and pino output contain no PHI', async () => {
  const lines = [];
  const log = createRedactingLogger({ guard, sink: { info: (...a) => lines.push(a), error: (...a) => lines.push(a), log: (...a) => lines.push(a) } });
  log.info('lookup ssn 219-09-9999', { email: 'maria.garcia@example.com', n: 1 });
  log.error(new Error('no chart for 219-09-9999'));
  emitted('logger', lines);
  noPhi(JSON.stringify(lines[0]));
  assert.equal(lines[0][1].n, 1);
  assert.ok(lines[1][0] instanceof Error);
  noPhi(lines[1][0].message);
  noPhi(lines[1][0].stack);

  const seen = [];
  const orig = console.warn;
  console.warn = (...a) => seen.push(a);
  try {
    const { unpatch } = redactConsole(guard, { methods: ['warn'] });
    assert.equal(redactConsole(guard).unpatch, unpatch, 'idempotent');
    console.warn('phone (312) 555-0142', { ssn: '219-09-9999' });
    unpatch();
    console.warn('after');
  } finally {
    console.warn = orig;
  }
  emitted('console', seen);
  noPhi(JSON.stringify(seen[0]));
  assert.deepEqual(seen[1], ['after']);

  let out = '';
  const dest = new Writable({ write(chunk, _e, cb) { out += chunk; cb(); } });
  const logger = pino(pinoRedactHooks(guard), dest);
  logger.info({ patient: { ssn: '219-09-9999' } }, 'patient %s called', 'maria.garcia@example.com');
  logger.error(new Error('failed for 219-09-9999'));
  logger.warn('phone (312) 555-0142');
  emitted('pino', out);
  const records = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(records.length, 3);
  noPhi(out);
  assert.equal(records[0].patient.ssn, '[SSN]');
});

test('captureRequestError logs the redacted error and never throws', async () => {
  const c = collector();
  const logged = [];
  const hook = captureRequestError({ guard, onEvent: c.onEvent, log: (l) => logged.push(l) });
  const err = Object.assign(new Error('no record for maria.garcia@example.com'), { digest: '12345' });
  await hook(err, { path: '/patients?ssn=219-09-9999', method: 'GET', headers: {} }, { routerKind: 'App Router', routePath: '/patients/[id]', routeType: 'render', revalidateReason: undefined });
  assert.equal(logged.length, 1);
  noPhi(logged[0]);
  assert.match(logged[0], /\/patients\/\[id\]/);
  assert.match(logged[0], /digest 12345/);
  assert.equal(c.events[0].channel, 'server_error');
  assert.equal(c.events[0].route, '/patients/[id]');
  // Never throws: a trapping guard, a throwing logger, a non-Error value.
  const bad = captureRequestError({ guard: trapGuard, log: () => { throw new Error('x'); }, onEvent: () => { throw new Error('y'); } });
  await bad('ssn 219-09-9999', { path: '/', method: 'GET', headers: {} }, { routerKind: 'App Router', routePath: '/', routeType: 'route' });
  const logged2 = [];
  await captureRequestError({ guard: trapGuard, log: (l) => logged2.push(l) })(new Error('219-09-9999'), {}, { routePath: '/x' });
  noPhi(logged2.join());
});

test('signal relay: origin, size and JSON checks; re-redacts on the server', async () => {
  const c = collector();
  const logged = [];
  const POST = createSignalRelay({ guard, onEvent: c.onEvent, emitter: c.emitter, allowedOrigins: ['https://app.example.com'], maxBytes: 2000, log: (l) => logged.push(l) });
  const post = (body, headers = {}) => POST(new Request('https://relay.example.com/api/phi-guard/relay', { method: 'POST', body, headers: { origin: 'https://app.example.com', ...headers } }));
  const evil = await post(JSON.stringify({ message: 'x' }), { origin: 'https://evil.example' });
  assert.equal(evil.status, 403);
  const big = await post(JSON.stringify({ message: 'ssn 219-09-9999 '.repeat(500) }));
  assert.equal(big.status, 413);
  noPhi(await big.text());
  const bad = await post('{"message": "219-09-9999", ');
  assert.equal(bad.status, 400);
  noPhi(await bad.text());
  const same = await POST(new Request('https://relay.example.com/r', { method: 'POST', body: JSON.stringify({ message: 'ok' }), headers: { origin: 'https://relay.example.com', host: 'relay.example.com' } }));
  assert.equal(same.status, 202);
  const ok = await post(JSON.stringify({ message: 'missed ssn 219-09-9999', stack: 'Error\n at f (maria.garcia@example.com)', route: '/patients/42?x=1' }));
  assert.equal(ok.status, 202);
  await new Promise((r) => setImmediate(r));
  const e = c.events.at(-1);
  assert.equal(e.channel, 'client_error');
  assert.equal(e.runtime, 'browser');
  assert.equal(e.route, '/patients/[id]');
  assert.equal(c.recorded.length, 2);
  assert.equal(logged.length, 2);
  assert.match(logged[1], /missed ssn \[SSN\]/);
  noPhi(logged.join('\n'));
});

// --- onEvent receives a PHI-free summary; the emitter the full event -------

/** A real SignalEmitter whose signals are kept (and handed to the no-PHI check). */
function signalEmitter() {
  const signals = [];
  const emitter = new SignalEmitter({ emitterId: 'next-test', transport: { enqueue: (s) => { signals.push(s); emitted('signal', s); return true; }, flush: async () => true } });
  // What the example app's sink does: record, and hand the result back to the wrapper.
  const raw = [];
  return { signals, raw, emitter: { record: (g, e) => { raw.push(e); return emitter.record(g, e); } } };
}

test('onEvent gets the event without text plus the emitter\'s classification and signal', async () => {
  const c = collector();
  const s = signalEmitter();
  const waited = [];
  const GET = wrapRouteHandler(() => Response.json(patient), { guard, route: '/api/patients/[id]', returnsPhi: 'never', onEvent: c.onEvent, emitter: s.emitter, waitUntil: (p) => waited.push(p) });
  await GET(req(), {});
  await Promise.all(waited);
  // The emitter needs the raw body: the core classifies it (negative control for the checks below).
  assert.equal(s.raw.length, 1);
  assert.ok(s.raw[0].text.includes('219-09-9999'), 'the emitter received the raw text');
  assert.equal(c.events.length, 1);
  const summary = c.events[0];
  assert.equal(summary.text, undefined);
  noPhi(JSON.stringify(summary));
  assert.deepEqual([summary.channel, summary.route, summary.mitigation, summary.policy], ['response_body', '/api/patients/[id]', 'redacted', 'no_phi']);
  assert.equal(summary.classification.exposureKind, 'unauthorized_disclosure');
  assert.equal(summary.classification.identifierTypes.SSN, 1);
  assert.equal(summary.signal.hash, s.signals[0].hash, 'the very signal the emitter sent');
});

test('onEvent summaries of every wrapper carry no raw text', async () => {
  const c = collector();
  const waited = [];
  const opts = { onEvent: c.onEvent, waitUntil: (p) => waited.push(p) };
  await withPhiGuard(next, { guard, ...opts })(new Request('https://app.example.com/visits?ssn=219-09-9999&email=maria.garcia%40example.com'));
  await wrapRouteHandler(() => new Response('<p>Maria Garcia 219-09-9999</p>', { headers: { 'content-type': 'text/html' } }), { guard, route: '/p', returnsPhi: 'never', ...opts })(req(), {});
  const r = fakeRes();
  await wrapApiHandler((q, s) => { s.json(patient); }, { guard, route: '/api/p', returnsPhi: 'never', ...opts })({ headers: {} }, r);
  await captureRequestError({ guard, ...opts, log: () => undefined })(new Error('no chart for Maria Garcia 219-09-9999'), { path: '/', method: 'GET', headers: {} }, { routerKind: 'App Router', routePath: '/x', routeType: 'route' });
  const relay = createSignalRelay({ guard, ...opts, log: null, allowedOrigins: ['https://app.example.com'] });
  await relay(new Request('https://app.example.com/r', { method: 'POST', headers: { origin: 'https://app.example.com' }, body: JSON.stringify({ message: 'missed ssn 219-09-9999' }) }));
  await Promise.all(waited);
  assert.deepEqual(c.events.map((e) => e.channel), ['edge_middleware', 'response_body', 'response_body', 'server_error', 'client_error']);
  for (const e of c.events) {
    assert.ok(!('text' in e), e.channel);
    noPhi(JSON.stringify(e));
  }
});

test('onEvent still runs when the emitter throws, rejects or never settles', async () => {
  const emitters = {
    throws: { record() { throw new Error('boom'); } },
    rejects: { record: async () => { throw new Error('boom'); } },
    hangs: { record: () => new Promise(() => {}) },
    oddResult: { record: () => ({ classification: 'not an object' }) },
  };
  for (const [name, emitter] of Object.entries(emitters)) {
    const c = collector();
    const waited = [];
    const res = await wrapRouteHandler(() => Response.json(patient), { guard, route: '/p', returnsPhi: 'never', onEvent: c.onEvent, emitter, flushTimeoutMs: 50, waitUntil: (p) => waited.push(p) })(req(), {});
    assert.equal(res.headers.get('x-phi-guard'), 'redacted', name);
    await Promise.all(waited);
    assert.equal(c.events.length, 1, name);
    assert.equal(c.events[0].classification, undefined, name);
    assert.equal(c.events[0].channel, 'response_body', name);
  }
});

// --- Pages API handler: bodies without a content type ----------------------

test('Pages API handler: untyped bytes are sniffed; binary passes untouched, text is scanned with auto', async () => {
  const policy = { guard, route: '/api/files/[id]', returnsPhi: 'never' };
  const png = new Uint8Array(128).fill(0x20);
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);
  png.set(new TextEncoder().encode('ssn 219-09-9999'), 40);
  const r1 = fakeRes();
  await wrapApiHandler((q, s) => { s.end(png); }, policy)({ headers: {} }, r1);
  assert.equal(r1.headers['x-phi-guard'], 'unscanned-binary');
  assert.ok(r1.body instanceof Uint8Array);
  assert.deepEqual(r1.body, png, 'the bytes as the handler wrote them');
  // Control: the same bytes declared as text are scanned.
  const r2 = fakeRes();
  await wrapApiHandler((q, s) => { s.setHeader('content-type', 'text/plain'); s.end(png); }, policy)({ headers: {} }, r2);
  assert.equal(r2.headers['x-phi-guard'], 'redacted');
  // An untyped JSON string is scanned as JSON (format auto): its keys label the names.
  const r3 = fakeRes();
  await wrapApiHandler((q, s) => { s.send('{"first":"Maria","last":"Garcia"}'); }, policy)({ headers: {} }, r3);
  assert.equal(r3.headers['x-phi-guard'], 'redacted');
  assert.deepEqual(JSON.parse(r3.body), { first: '[NAME]', last: '[NAME]' });
});

// --- withPhiGuard: an engine that never initialises ------------------------

/**
 * Runs `body` as an ES module in a fresh Node process (the test runner turns
 * any unhandled rejection of its own process into a failure) and returns its
 * exit status: an unhandled rejection ends a Node process with status 1.
 */
function exitStatusOf(body) {
  const code = `import { withPhiGuard } from 'phi-guard/next';\n${body}\nawait new Promise((r) => setImmediate(r));\nawait new Promise((r) => setImmediate(r));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' });
  return run.status;
}

test('a guard promise that rejects before the first request is not an unhandled rejection', () => {
  assert.equal(exitStatusOf("withPhiGuard(undefined, { guard: Promise.reject(new Error('no wasm')) });"), 0);
  // Control: the same rejection, not given to withPhiGuard, ends the process.
  assert.equal(exitStatusOf("void withPhiGuard; Promise.reject(new Error('no wasm'));"), 1);
});

test('middleware: a guard promise that rejects follows failMode and reports guard_failure (init)', async () => {
  const c = collector();
  const ev = fetchEvent();
  const mw = withPhiGuard(next, {
    guard: Promise.reject(new Error('could not instantiate the wasm module')), onEvent: c.onEvent, emitter: c.emitter,
    routes: [{ match: '/api/', onUrlPhi: 'block', failMode: 'closed', template: '/api/[rest]' }],
  });

  const open = await mw(new Request('https://app.example.com/patients/42?ssn=219-09-9999'), ev);
  assert.equal(open.headers.get('x-middleware-next'), '1', 'fail-open: the request goes on');
  const closed = await mw(new Request('https://app.example.com/api/lookup?ssn=219-09-9999&name=Maria%20Garcia'), ev);
  assert.equal(closed.status, 503);
  assert.equal(closed.headers.get('content-type'), 'application/json');
  assert.equal(closed.headers.get('x-phi-guard'), 'unscanned-failure');
  assert.equal(closed.headers.get('cache-control'), 'no-store');
  const body = await closed.text();
  assert.deepEqual(JSON.parse(body), { error: 'service_unavailable' });
  noPhi(body);
  await Promise.all(ev.waited);
  assert.equal(ev.waited.length, 2, 'the reporting went to event.waitUntil');
  assert.deepEqual(c.events.map((e) => [e.channel, e.failure, e.route]), [['guard_failure', 'init', '/patients/[id]'], ['guard_failure', 'init', '/api/[rest]']]);
  for (const e of c.events) noPhi(JSON.stringify(e));
  assert.equal(c.recorded.length, 0, 'no engine, so nothing for the emitter to classify with');
});

test('middleware: an engine that is down is logged once, without PHI, when no onEvent hears it', async () => {
  const lines = [];
  const orig = console.error;
  console.error = (...a) => lines.push(a.join(' '));
  try {
    const mw = withPhiGuard(next, { guard: () => Promise.reject(new Error('no wasm')), emitter: { record() { throw new Error('unreachable'); } } });
    for (let i = 0; i < 3; i++) await mw(new Request(`https://app.example.com/patients/${i}?ssn=219-09-9999`));
    // Control: with onEvent the failure is heard there, and nothing is logged.
    const heard = [];
    await withPhiGuard(next, { guard: () => Promise.reject(new Error('no wasm')), onEvent: (e) => heard.push(e) })(new Request('https://app.example.com/x'));
    await new Promise((r) => setImmediate(r));
    assert.equal(heard.length, 1);
  } finally {
    console.error = orig;
  }
  emitted('console', lines);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /guard failure \(init\) on \/patients\/\[id\]/);
  noPhi(lines[0]);
});

// --- withPhiGuard: blockAs and allowInPath ----------------------------------

const GENERIC_BLOCK = 'This address contains personal information and cannot be served. Remove it and try again.';

test('middleware blockAs json: 400 with a JSON body that echoes nothing; text stays the default', async () => {
  const c = collector();
  const mw = withPhiGuard(next, {
    guard, onEvent: c.onEvent,
    routes: [{ match: '/api/', onUrlPhi: 'block', blockAs: 'json' }, { match: '/files/', onUrlPhi: 'block' }, { match: '/p/', onUrlPhi: 'strip', blockAs: 'json' }],
  });
  const url = '/api/lookup?ssn=219-09-9999&email=maria.garcia%40example.com&name=Maria%20Garcia';
  const res = await mw(new Request(`https://app.example.com${url}`));
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.equal(res.headers.get('x-phi-guard'), 'blocked');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  const body = await res.text();
  assert.deepEqual(JSON.parse(body), { error: 'phi_in_url', message: GENERIC_BLOCK });
  noPhi(body);
  assert.ok(!body.includes('lookup') && !body.includes('ssn'), 'not even the non-PHI parts of the URL');
  // Control: without blockAs the block is the plain sentence.
  const text = await mw(new Request('https://app.example.com/files/x?ssn=219-09-9999'));
  assert.equal(text.status, 400);
  assert.match(text.headers.get('content-type'), /^text\/plain/);
  assert.equal(await text.text(), GENERIC_BLOCK);
  // A strip rule that must block (PHI in the path) answers in JSON too.
  const path = await mw(new Request('https://app.example.com/p/maria.garcia@example.com'));
  assert.equal(path.status, 400);
  assert.deepEqual(await path.json(), { error: 'phi_in_url', message: GENERIC_BLOCK });
  // A clean URL on a blockAs json route runs the middleware.
  assert.equal((await mw(new Request('https://app.example.com/api/lookup?tab=labs'))).headers.get('x-middleware-next'), '1');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(c.events.map((e) => [e.route, e.mitigation]), [['/api/', 'blocked'], ['/files/', 'blocked'], ['/p/', 'blocked']]);
});

test('middleware allowInPath: the allowed type passes in the path only; other types are still acted on', async () => {
  const rule = { match: /^\/api\/patients\/[^/]+$/, template: '/api/patients/[id]', onUrlPhi: 'block', blockAs: 'json', allowInPath: ['OTHER_ID'] };
  const c = collector();
  const mw = withPhiGuard(next, { guard, onEvent: c.onEvent, routes: [rule] });
  const ok = await mw(new Request('https://app.example.com/api/patients/PT-00482913'));
  assert.equal(ok.headers.get('x-middleware-next'), '1', 'an opaque record id in the path is allowed');
  // Control: the same URL without allowInPath is blocked (so the id really is found).
  const strict = await withPhiGuard(next, { guard, routes: [{ ...rule, allowInPath: undefined }] })(new Request('https://app.example.com/api/patients/PT-00482913'));
  assert.equal(strict.status, 400);
  const blocked = async (url) => {
    const res = await mw(new Request(`https://app.example.com${url}`));
    assert.equal(res.status, 400, url);
    noPhi(await res.text());
  };
  await blocked('/api/patients/PT-00482913?ssn=219-09-9999'); // other types in the query
  await blocked('/api/patients/PT-00482913?id=PT-00999999'); // the allowed type, but in the query
  await blocked('/api/patients/maria.garcia@example.com'); // another type in the path
  await blocked('/api/patients/219-09-9999'); // an SSN in the path, which the URL scanner alone calls an id
  await new Promise((r) => setImmediate(r));
  assert.equal(c.events.length, 4);
  for (const e of c.events) assert.deepEqual([e.route, e.mitigation], ['/api/patients/[id]', 'blocked']);
});

test('middleware: a path segment with five digits or more is templated, so its exposure becomes a signal', async () => {
  const s = signalEmitter();
  const ev = fetchEvent();
  const mw = withPhiGuard(next, { guard, emitter: s.emitter });
  for (const path of ['/api/v20240101/patients', '/files/scan_00012/view']) {
    const res = await mw(new Request(`https://app.example.com${path}?ssn=219-09-9999`), ev);
    assert.equal(res.status, 307, path);
  }
  await Promise.all(ev.waited);
  assert.deepEqual(s.raw.map((e) => e.route), ['/api/[id]/patients', '/files/[id]/view']);
  assert.equal(s.signals.length, 2, 'each exposure became a signal');
});

test('an event the classifier refuses is said once on console.error, with no PHI', async () => {
  const s = signalEmitter();
  const said = [];
  const error = console.error;
  console.error = (...a) => said.push(a.join(' '));
  try {
    // A route that holds an identifier, as a wrapper given the request path would send.
    const h = wrapRouteHandler(async () => Response.json({ ssn: '219-09-9999' }), { guard, route: '/api/patients/MR884213', returnsPhi: 'never', emitter: s.emitter });
    for (let i = 0; i < 2; i++) {
      const ev = fetchEvent();
      const res = await h(new Request('https://app.example.com/api/patients/MR884213'), {}, ev);
      await res.text();
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    console.error = error;
  }
  assert.equal(s.signals.length, 0);
  assert.equal(said.length, 1, said.join('\n'));
  assert.match(said[0], /could not be recorded as a signal: route contains an identifier/);
  assert.ok(!said[0].includes('884213') && !said[0].includes('9999'), said[0]);
});
