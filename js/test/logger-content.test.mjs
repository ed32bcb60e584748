// The redacting logger keeps a log's content and redacts the PHI in it:
// cycles, BigInts, Error causes, own properties and AggregateError.errors,
// Maps, Sets, URLSearchParams and byte arrays. Bounded, and it never throws
// into the caller. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createGuard } from 'phi-guard';
import { createRedactingLogger, pinoRedactHooks } from 'phi-guard/next';
import { emitted } from './support/emit-log.mjs';

const SSN = '219-09-9999';
const NAME = 'Zoltan Quibble';
const PHI = [SSN, '219099999', NAME, 'Quibble', 'maria.garcia@example.com'];
const guard = await createGuard();
const WITHHELD = '[phi-guard: redaction failed, value withheld]';

/** Logs `args` at info and returns what reached the sink, checking that neither it nor what console would print holds PHI. */
function logged(...args) {
  const calls = [];
  const log = createRedactingLogger({ guard, sink: { info: (...a) => calls.push(a) } });
  log.info(...args);
  assert.equal(calls.length, 1);
  const out = calls[0];
  emitted('logger-content', out.map((a) => inspect(a, { depth: null })));
  const printed = out.map((a) => inspect(a, { depth: null, maxArrayLength: null, maxStringLength: null })).join(' ');
  for (const p of PHI) assert.ok(!printed.includes(p), `leaked ${p}: ${printed}`);
  // Byte values never: "219" as the bytes 50, 49, 57.
  assert.ok(!/\b50,\s*49,\s*57\b/.test(printed), 'no byte values');
  assert.ok(!printed.includes(WITHHELD), 'nothing withheld');
  return out;
}

test('a circular object and a BigInt are logged with their content, not withheld', () => {
  const o = { note: `ssn ${SSN}`, ok: 'visible' };
  o.self = o;
  assert.deepEqual(logged(o), [{ note: 'ssn [SSN]', ok: 'visible', self: '[Circular]' }]);
  assert.deepEqual(logged({ ssn: 219099999n, count: 2n }), [{ ssn: '[SSN]', count: '2' }]);
});

test('an Error keeps its cause chain, own properties and AggregateError.errors, redacted', () => {
  const inner = new Error(`inner ssn ${SSN}`);
  inner.patient = NAME;
  const err = new Error(`outer ssn ${SSN}`, { cause: inner });
  err.code = 'E_LOOKUP';
  err.name = 'LookupError';
  err.patientName = NAME;
  const [out] = logged(err);
  assert.ok(out instanceof Error);
  assert.equal(out.name, 'LookupError');
  assert.equal(out.message, 'outer ssn [SSN]');
  assert.equal(out.code, 'E_LOOKUP');
  assert.equal(out.patientName, '[NAME]');
  assert.ok(out.cause instanceof Error, 'the cause is an Error again');
  assert.equal(out.cause.message, 'inner ssn [SSN]');
  assert.equal(out.cause.patient, '[NAME]');
  assert.ok(out.cause.stack.includes('inner ssn [SSN]'));
  // A cause that is not an Error, and one that loops back.
  assert.deepEqual(logged(new Error('x', { cause: { ssn: SSN } }))[0].cause, { ssn: '[SSN]' });
  const loop = new Error('loop');
  loop.cause = loop;
  assert.equal(logged(loop)[0].cause, '[Circular]');

  const agg = new AggregateError([new Error(`a ${SSN}`), `b ${SSN}`, { ssn: SSN }], `all failed for ${SSN}`);
  const [a] = logged(agg);
  assert.ok(a instanceof AggregateError);
  assert.equal(a.message, 'all failed for [SSN]');
  assert.equal(a.errors.length, 3);
  assert.ok(a.errors[0] instanceof Error);
  assert.equal(a.errors[0].message, 'a [SSN]');
  assert.equal(a.errors[1], 'b [SSN]');
  assert.deepEqual(a.errors[2], { ssn: '[SSN]' });
});

test('an Error inside an object is plain data with its cause, properties and errors', () => {
  const err = new Error(`failed ${SSN}`, { cause: new Error(`because ${SSN}`) });
  err.status = 404;
  const [{ err: out }] = logged({ err });
  assert.equal(out.message, 'failed [SSN]');
  assert.equal(out.status, 404);
  assert.equal(out.cause.message, 'because [SSN]');
  const [{ agg }] = logged({ agg: new AggregateError([new Error(SSN)], 'agg') });
  assert.equal(agg.errors[0].message, '[SSN]');
});

test('Map, Set and URLSearchParams show their entries, redacted', () => {
  assert.deepEqual(logged(new Map([['ssn', SSN], ['plan', 'gold']])), [{ ssn: '[SSN]', plan: 'gold' }]);
  assert.deepEqual(logged(new Map([[{ id: 1 }, `ssn ${SSN}`]])), [[[{ id: 1 }, 'ssn [SSN]']]], 'object keys: [key, value] pairs');
  assert.deepEqual(logged(new Set([`ssn ${SSN}`, 'ok'])), [['ssn [SSN]', 'ok']]);
  assert.deepEqual(logged(new URLSearchParams(`ssn=${SSN}&tag=a&tag=b`)), [{ ssn: '[SSN]', tag: ['a', 'b'] }]);
  assert.deepEqual(logged({ nested: new Map([['name', NAME]]) }), [{ nested: { name: '[NAME]' } }]);
});

test('byte arrays: text is decoded and redacted, anything else is its size, never its byte values', () => {
  const text = new TextEncoder().encode(`ssn ${SSN}`);
  assert.deepEqual(logged(Buffer.from(text)), ['<Buffer 15 bytes: ssn [SSN]>']);
  assert.deepEqual(logged(text), ['<Uint8Array 15 bytes: ssn [SSN]>']);
  assert.deepEqual(logged({ body: text.buffer }), [{ body: '<ArrayBuffer 15 bytes: ssn [SSN]>' }]);
  const binary = new Uint8Array(1234);
  binary.set(text, 100); // NUL bytes around it: not text
  assert.deepEqual(logged(binary), ['<Uint8Array 1234 bytes>']);
  assert.deepEqual(logged(Buffer.from([0x73, 0x73, 0x6e, 0x20, 0xff, ...text])), ['<Buffer 20 bytes>'], 'invalid UTF-8');
  assert.deepEqual(logged(new Uint16Array([50, 49, 57])), ['<Uint16Array 3 items>']);
});

test('huge and deep values are bounded and never throw', () => {
  let deep = { ssn: SSN };
  for (let i = 0; i < 100_000; i++) deep = { a: deep };
  const [d] = logged(deep);
  let depth = 0;
  for (let x = d; typeof x === 'object'; x = x.a) depth++;
  assert.ok(depth > 5 && depth <= 25, `cut at depth ${depth}`);
  const [big] = logged(Array.from({ length: 50_000 }, (_, i) => ({ i, ssn: SSN })));
  assert.ok(big.length <= 1001);
  assert.match(big.at(-1), /more items/);
  const wide = {};
  for (let i = 0; i < 5000; i++) wide[`k${i}`] = SSN;
  assert.ok(Object.keys(logged(wide)[0]).length <= 1001);
  // Getters and toJSON that throw give a marker for that value only.
  const [g] = logged({ ok: 1, get bad() { throw new Error(SSN); }, j: { toJSON() { throw new Error(SSN); } } });
  assert.deepEqual(g, { ok: 1, bad: '[getter threw]', j: '[toJSON threw]' });
  // A key named __proto__ (as JSON.parse makes one) is data, not a prototype.
  const [p] = logged(JSON.parse(`{"__proto__": {"ssn": "${SSN}"}}`));
  assert.deepEqual(Object.getOwnPropertyDescriptor(p, '__proto__')?.value, { ssn: '[SSN]' });
});

test('pino: a circular merge object and an Error cause are logged redacted', () => {
  let out = '';
  const dest = new Writable({ write(chunk, _e, cb) { out += chunk; cb(); } });
  const logger = pino(pinoRedactHooks(guard), dest);
  const o = { patient: { ssn: SSN, ids: new Set([SSN]) } };
  o.patient.self = o;
  logger.info(o, 'lookup');
  logger.error(new Error(`failed ${SSN}`, { cause: new Error(`because ${SSN}`) }));
  emitted('logger-content-pino', out);
  for (const p of PHI) assert.ok(!out.includes(p), `leaked ${p}`);
  const [first, second] = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(first.patient, { ssn: '[SSN]', ids: ['[SSN]'], self: '[Circular]' });
  assert.ok(JSON.stringify(second).includes('because [SSN]'), 'the cause is logged, redacted');
});

test('an Error\'s name, a symbol and a BigInt passed alone are redacted too', () => {
  class PatientError extends Error {
    constructor(who) { super('lookup failed'); this.name = `PatientError[${who}]`; }
  }
  const [err] = logged(new PatientError(`ssn ${SSN}`));
  assert.ok(err instanceof Error);
  assert.match(err.name, /^PatientError\[/);
  const [nested] = logged({ error: new PatientError(`ssn ${SSN}`) });
  assert.match(inspect(nested), /PatientError/);
  assert.deepEqual(logged(Symbol(`ssn ${SSN}`)), ['Symbol(ssn [SSN])']);
  assert.deepEqual(logged('ok', 7n, Symbol('tag')), ['ok', '7', 'Symbol(tag)']);
});

test('an Error\'s digest: the Next.js hash kept as it is, one the app set redacted as text', () => {
  const next = new Error('render failed');
  next.digest = '2437698463';
  assert.equal(logged(next)[0].digest, '2437698463');
  const own = new Error('lookup failed');
  own.digest = `lookup ${SSN}`;
  assert.equal(logged(own)[0].digest, 'lookup [SSN]');
  const email = new Error('lookup failed');
  email.digest = 'maria.garcia@example.com';
  assert.equal(logged(email)[0].digest, '[EMAIL]');
});

test('pino: a child\'s bindings and msgPrefix are redacted', () => {
  let out = '';
  const dest = new Writable({ write(chunk, _enc, cb) { out += chunk; cb(); } });
  const logger = pino(pinoRedactHooks(guard), dest);
  logger.child({ patientEmail: 'maria.garcia@example.com', ssn: SSN, shift: 'night', mrn: 88421337 }).info('chart opened');
  const prefixed = logger.child({}, { msgPrefix: '[maria.garcia@example.com] ' });
  prefixed.info('hi');
  prefixed.info('again');
  prefixed.child({}, { msgPrefix: `ssn ${SSN}: ` }).info('nested');
  logger.child({}, { msgPrefix: '[billing] ' }).info('no PHI');
  emitted('pino-child', out);
  const lines = out.trim().split('\n').map((l) => JSON.parse(l));
  for (const p of PHI) assert.ok(!out.includes(p), `leaked ${p}: ${out}`);
  assert.equal(lines[0].patientEmail, '[EMAIL]');
  assert.equal(lines[0].ssn, '[SSN]');
  assert.equal(lines[0].shift, 'night');
  assert.equal(typeof lines[0].pid, 'number');
  assert.equal(lines[1].msg, '[[EMAIL]] hi');
  assert.equal(lines[2].msg, '[[EMAIL]] again');
  assert.equal(lines[3].msg, '[[EMAIL]] ssn [SSN]: nested');
  assert.equal(lines[4].msg, '[billing] no PHI');
  assert.equal(lines[0].mrn, '[MRN]');

  // A mixin's fields, and a guard that fails: the line stays JSON, its PHI withheld.
  out = '';
  pino({ ...pinoRedactHooks(guard), mixin: () => ({ patientName: NAME }) }, dest).info('x');
  assert.equal(JSON.parse(out).patientName, '[NAME]');
  out = '';
  const broken = { redactText: () => { throw new Error('boom'); }, redactValue: () => { throw new Error('boom'); }, scan: () => { throw new Error('boom'); }, redactPieces: () => { throw new Error('boom'); } };
  pino({ ...pinoRedactHooks(broken), mixin: () => ({ patientName: NAME }) }, dest).info('x');
  const line = JSON.parse(out);
  assert.equal(line.msg, WITHHELD);
  assert.equal(line.level, 30);
  assert.ok(!out.includes('Quibble'));
});

test('pino: byte arrays in a child\'s bindings are their text, redacted, never their byte values; the root\'s bindings are rendered as merged objects', () => {
  let out = '';
  const dest = new Writable({ write(chunk, _enc, cb) { out += chunk; cb(); } });
  const logger = pino({ ...pinoRedactHooks(guard), base: { ids: new Set([SSN]), service: 'charts' } }, dest);
  logger.child({ body: Buffer.from(`ssn ${SSN}`) }).info('request');
  logger.child({ body: new TextEncoder().encode(`patient ${NAME}`), bin: Buffer.from([0, 1, 2, 255]) }).info('request');
  // Indexed small integers that are no text are data, kept as they are.
  logger.child({ counts: { 0: 3, 1: 4 } }).info('counts');
  // Nor are those that spell text with no finding in it ("ZUM", "Hi!"), in bindings or logged.
  logger.child({ scores: { 0: 90, 1: 85, 2: 77 } }).info({ hist: { 0: 72, 1: 105, 2: 33 } }, 'scores');
  logger.setBindings({ notes: new Map([['ssn', SSN]]) });
  logger.info('set');
  emitted('pino-child', out);
  for (const p of PHI) assert.ok(!out.includes(p), `leaked ${p}: ${out}`);
  assert.ok(!out.includes('"data":['), 'no byte values');
  const lines = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines[0].body, '<Buffer 15 bytes: ssn [SSN]>');
  assert.deepEqual(lines[0].ids, ['[SSN]']);
  assert.equal(lines[0].service, 'charts');
  assert.equal(lines[1].body, '<Uint8Array 22 bytes: patient [NAME]>');
  assert.equal(lines[1].bin, '<Buffer 4 bytes>');
  assert.deepEqual(lines[2].counts, { 0: 3, 1: 4 });
  assert.deepEqual(lines[3].scores, { 0: 90, 1: 85, 2: 77 });
  assert.deepEqual(lines[3].hist, { 0: 72, 1: 105, 2: 33 });
  assert.deepEqual(lines[4].notes, { ssn: '[SSN]' });
  assert.equal(lines[4].msg, 'set');
});

test('pino: serializers get the values logged (a Date, the app\'s class, a request, an Error as a redacted Error of its class); their output is scanned', () => {
  let out = '';
  const dest = new Writable({ write(chunk, _enc, cb) { out += chunk; cb(); } });
  class User { constructor() { this.id = 7; this.email = 'maria.garcia@example.com'; } toLog() { return { id: this.id, email: this.email }; } }
  const serializers = { when: (d) => d.toISOString(), user: (u) => u.toLog(), req: pino.stdSerializers.req };
  const logger = pino({ ...pinoRedactHooks(guard), serializers }, dest);
  const req = { method: 'GET', url: `/patients?ssn=${SSN}`, headers: { 'x-request-id': 'abc', 'x-patient-name': NAME }, socket: { remoteAddress: '10.0.0.5', remotePort: 5432 } };
  logger.info({ when: new Date(0), user: new User(), req, note: `ssn ${SSN}` }, 'hi');
  logger.error(new TypeError(`bad input for ${SSN}`));
  logger.error(new AggregateError([new Error(`ssn ${SSN}`)], 'all failed'));
  emitted('logger-content-pino', out);
  for (const p of PHI) assert.ok(!out.includes(p), `leaked ${p}: ${out}`);
  const [hi, type, agg] = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(hi.when, '1970-01-01T00:00:00.000Z');
  // A `user` object is a person's (Sentry's and Datadog's user context), so
  // its id is an identifier of that person.
  assert.deepEqual(hi.user, { id: '[OTHER_ID]', email: '[EMAIL]' });
  assert.equal(hi.req.url, '/patients?ssn=[SSN]');
  assert.deepEqual([hi.req.headers['x-request-id'], hi.req.headers['x-patient-name'], hi.req.remoteAddress, hi.req.remotePort], ['abc', '[NAME]', '10.0.0.5', 5432]);
  assert.equal(hi.note, 'ssn [SSN]');
  assert.deepEqual([type.err.type, type.err.message, type.msg], ['TypeError', 'bad input for [SSN]', 'bad input for [SSN]']);
  assert.deepEqual(Object.keys(agg.err).sort(), ['aggregateErrors', 'message', 'stack', 'type']);
  assert.deepEqual(agg.err.aggregateErrors.map((e) => e.message), ['ssn [SSN]']);
});

test('a Proxy whose traps throw for keys it does not know keeps its readable keys; a revoked one is a marker; neither throws anywhere', async () => {
  const strict = (o) => new Proxy(o, { get(t, k) { if (!(k in t)) throw new Error(`unknown key ${String(k)}`); return t[k]; } });
  const cfg = strict({ region: 'us-east-1', ssn: SSN });
  assert.deepEqual(logged('config', cfg), ['config', { region: 'us-east-1', ssn: '[SSN]' }]);
  assert.deepEqual(logged({ cfg }), [{ cfg: { region: 'us-east-1', ssn: '[SSN]' } }]);
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  assert.deepEqual(logged('session', proxy), ['session', '[unreadable]']);
  const { phiGuardBeforeBreadcrumb } = await import('phi-guard/sentry');
  const crumb = phiGuardBeforeBreadcrumb({ guard })({ category: 'console', message: 'config', data: { logger: 'console', arguments: ['config', cfg, proxy] } });
  assert.ok(crumb !== null, 'the breadcrumb is kept');
  assert.deepEqual(crumb.data.arguments, ['config', { region: 'us-east-1', ssn: '[SSN]' }, '[unreadable]']);
  let out = '';
  const dest = new Writable({ write(chunk, _enc, cb) { out += chunk; cb(); } });
  assert.doesNotThrow(() => pino(pinoRedactHooks(guard), dest).info(proxy, 'session closed'));
  assert.equal(JSON.parse(out).msg, 'session closed');
});

test('an Error whose errors is no array (a Mongoose ValidationError) keeps them with its other own properties, redacted', () => {
  const err = new Error('Patient validation failed: email: Path `email` is invalid');
  err.name = 'ValidationError';
  const inner = new Error(`Path \`email\` is invalid (maria.garcia@example.com).`);
  Object.assign(inner, { kind: 'regexp', path: 'email', value: 'maria.garcia@example.com' });
  err.errors = { email: inner };
  err.code = 'E_VALIDATION';
  const [out] = logged(err);
  assert.ok(out instanceof Error);
  assert.equal(out.code, 'E_VALIDATION');
  assert.deepEqual([out.errors.email.message, out.errors.email.path, out.errors.email.value], ['Path `email` is invalid ([EMAIL]).', 'email', '[EMAIL]']);
});

test('Headers, FormData, Request and Response show their entries and what identifies them, redacted', () => {
  const headers = new Headers({ 'x-patient-name': NAME, accept: 'application/json' });
  assert.deepEqual(logged(headers), [{ accept: 'application/json', 'x-patient-name': '[NAME]' }]);
  const form = new FormData();
  form.set('ssn', SSN);
  form.append('plan', 'gold');
  form.append('plan', 'silver');
  assert.deepEqual(logged({ form }), [{ form: { ssn: '[SSN]', plan: ['gold', 'silver'] } }]);
  const [req] = logged(new Request('https://app.test/api/patients', { method: 'POST', headers }));
  assert.deepEqual(req, { method: 'POST', url: 'https://app.test/api/patients', headers: { accept: 'application/json', 'x-patient-name': '[NAME]' } });
  const [res] = logged(new Response('{}', { status: 404, headers: { 'x-patient-name': NAME } }));
  assert.deepEqual(res, { status: 404, url: '', headers: { 'content-type': 'text/plain;charset=UTF-8', 'x-patient-name': '[NAME]' } });
  // A URL with PHI in it is not logged as it is.
  const [withSsn] = logged(new Request(`https://app.test/api/patients?ssn=${SSN}`));
  assert.notEqual(withSsn.url, undefined);
});
