// phi-guard/sentry on the built package: end to end with the real
// @sentry/node SDK (its envelopes captured in memory by a custom transport,
// nothing sent), then each field of hand-built events, failures, bounds,
// idempotence, and the hooks inside the edge sandbox with the edge guard.
// Synthetic PHI only. The values are built from parts, so the SDK's source
// context lines (it reads this file around each in-app frame) quote none of
// them: every occurrence in an envelope comes from the captured data. Failure
// messages name a value by its index, never the value.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { EdgeRuntime } from 'edge-runtime';
import * as Sentry from '@sentry/node';
import { createGuard, createGuardSync, PhiGuardError } from 'phi-guard';
import {
  phiGuardBeforeBreadcrumb, phiGuardBeforeSend, phiGuardBeforeSendMetric, phiGuardBeforeSendSpan, phiGuardBeforeSendTransaction, phiGuardIntegration,
} from 'phi-guard/sentry';
import { EDGE_BUNDLE, wasmModuleGlobals } from './support/edge-bundle.mjs';
import { emitted } from './support/emit-log.mjs';
import { corpusValues } from './support/no-phi-escapes.mjs';

const NAME = ['Zoltan', 'Quibble'].join(' ');
const SSN = ['219', '09', '9999'].join('-');
const SSN_DIGITS = SSN.split('-').join('');
const EMAIL = ['zq', 'example.com'].join('@');
const PHONE = ['(312)', '555-0142'].join(' ');
const MRN = ['8842', '1337'].join('');
// One corpus SSN as well, so the suite's "no PHI escapes" collector checks the envelopes for it too.
const [CORPUS_SSN] = [...corpusValues()].find(([, w]) => w.type === 'SSN');
const PHI = [NAME, NAME.split(' ')[0], NAME.split(' ')[1], SSN, SSN_DIGITS, EMAIL, PHONE.split(' ')[1], MRN, CORPUS_SSN];

/** Fails, naming the identifier by its index, if `value` (any shape) holds one. */
function noPhi(what, value) {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  for (const [i, p] of PHI.entries()) assert.ok(!s.includes(p), `${what} holds synthetic identifier #${i}`);
}

const guard = await createGuard();

// --- end to end: @sentry/node ------------------------------------------------

/** Every envelope the SDK sent, as the bytes it would have posted. */
const envelopes = [];
/** A transport that keeps envelopes in memory: `createTransport` with a request executor that answers 200. */
const memoryTransport = (options) => Sentry.createTransport(options, async (request) => {
  envelopes.push(typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8'));
  return { statusCode: 200 };
});
const summaries = [];
let reachedHook = false;
// The emitter classifies the raw text, as a SignalEmitter does; onEvent gets the summary with the classification.
const emitter = { record: (g, event) => g.classify(event) };
const beforeSend = phiGuardBeforeSend({ guard, emitter, onEvent: (s) => { summaries.push(s); emitted('event-summary', s); } });
// console.info prints nothing in this process: the SDK records its calls as breadcrumbs.
console.info = () => {};

Sentry.init({
  dsn: 'https://public@o0.ingest.sentry.io/0',
  transport: memoryTransport,
  includeLocalVariables: true,
  tracesSampleRate: 1,
  // The event as the SDK built it reached the hook with the identifiers in it (the control).
  beforeSend: (event, hint) => { reachedHook ||= JSON.stringify(event).includes(SSN); return beforeSend(event, hint); },
  beforeBreadcrumb: phiGuardBeforeBreadcrumb({ guard }),
  beforeSendSpan: phiGuardBeforeSendSpan({ guard }),
  beforeSendMetric: phiGuardBeforeSendMetric({ guard }),
  integrations: [phiGuardIntegration({ guard })],
});
after(() => Sentry.close(2000));

/** The items of `list` (default: every envelope sent): `[header, itemHeader, payload]`, parsed. */
function items(list = envelopes) {
  const out = [];
  for (const e of list) {
    const lines = e.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    for (let i = 1; i + 1 < lines.length; i += 2) out.push({ envelope: lines[0], type: lines[i].type, payload: lines[i + 1] });
  }
  return out;
}

/**
 * Waits until the SDK's local-variables worker has attached to the
 * debugger (it starts after init): it then records a thrown error's
 * locals on the error. Bounded: 200 probes, no PHI in them.
 */
async function localVariablesReady() {
  for (let i = 0; i < 200; i++) {
    try { throw new Error('probe'); } catch (e) { if (e.__SENTRY_ERROR_LOCAL_VARIABLES__) return true; }
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

/** Throws the error the first e2e event carries; its locals are what the SDK captures. */
function openChart(patientName, ssn) {
  const chart = { patientName, ssn, mrn: `MRN ${MRN}` };
  if (chart) throw new Error(`no chart for patient ${patientName}, ssn ${ssn}`);
}

test('end to end with @sentry/node: no synthetic identifier in any envelope; types, function names, categories and plain tags survive', async () => {
  assert.ok(await localVariablesReady(), 'the SDK captures local variables');
  Sentry.setUser({ id: '42', email: EMAIL, username: NAME, ip_address: '203.0.113.7' });
  Sentry.setTag('patient', NAME);
  Sentry.setTag('feature', 'charts');
  Sentry.setExtra('note', `call ${PHONE}`);
  Sentry.setExtra('spouse', `ssn ${CORPUS_SSN}`);
  Sentry.setContext('patient', { name: NAME, mrn: MRN });
  console.info('SSN:', SSN_DIGITS);
  // What the SDK's http integration puts on a request's isolation scope.
  const normalizedRequest = {
    url: `https://portal.example.com/patients/${SSN}?ssn=${SSN}&name=${encodeURIComponent(NAME)}`,
    method: 'POST',
    query_string: `ssn=${SSN}&name=${NAME.replace(' ', '+')}`,
    data: JSON.stringify({ patient: { name: NAME, mrn: MRN } }),
    headers: { 'content-type': 'application/json', referer: `https://portal.example.com/search?email=${EMAIL}`, cookie: 'session=s3cr3t', 'x-patient-name': NAME },
  };
  await Sentry.withIsolationScope(async (scope) => {
    scope.setSDKProcessingMetadata({ normalizedRequest });
    await Sentry.startSpan({ name: `GET /patients/${SSN}`, op: 'http.server' }, async () => {
      try { openChart(NAME, SSN); } catch (e) { Sentry.captureException(e); }
      Sentry.startSpan({ name: `SELECT * FROM patients WHERE ssn = '${SSN}'`, op: 'db', attributes: { 'db.statement': `SELECT * FROM patients WHERE ssn = '${SSN}'` } }, () => {});
      Sentry.captureMessage(`lookup failed for ${EMAIL}`);
    });
  });
  assert.ok(await Sentry.flush(5000), 'the SDK flushed');
  emitted('sentry-envelopes', envelopes);

  assert.ok(reachedHook, 'the identifiers reached beforeSend (without it they would be sent)');
  assert.ok(envelopes.length >= 2, 'events and spans were sent');
  noPhi('an envelope', envelopes.join('\n'));

  const events = items().filter((i) => i.type === 'event');
  const error = events.find((i) => i.payload.exception?.values?.[0]?.type === 'Error' && i.payload.exception.values[0].mechanism?.synthetic !== true);
  assert.ok(error, 'the exception event was sent');
  const ex = error.payload.exception.values[0];
  assert.equal(ex.value, 'no chart for patient [NAME], ssn [SSN]');
  const frame = ex.stacktrace.frames.find((f) => f.function === 'openChart');
  assert.ok(frame, 'the frame keeps its function name');
  assert.ok(frame.lineno > 0 && frame.filename.endsWith('sentry.test.mjs'), 'and its file and line');
  assert.deepEqual(frame.vars, { patientName: '[NAME]', ssn: '[SSN]', chart: { patientName: '[NAME]', ssn: '[SSN]', mrn: 'MRN [MRN]' } });
  const e = error.payload;
  assert.deepEqual(e.tags, { patient: '[NAME]', feature: 'charts' });
  assert.deepEqual(e.extra, { note: 'call [PHONE]', spouse: 'ssn [SSN]' });
  assert.deepEqual(e.contexts.patient, { name: '[NAME]', mrn: '[MRN]' });
  assert.equal(e.contexts.runtime.name, 'node', 'technical contexts are kept');
  assert.deepEqual(e.user, { id: '42', email: '[EMAIL]', username: '[REDACTED]' });
  assert.equal(e.sdk.settings.infer_ip, 'never', 'Sentry is told not to infer the address');
  const crumb = e.breadcrumbs.find((b) => b.category === 'console');
  assert.deepEqual(crumb.data.arguments, ['SSN:', '[SSN]']);
  assert.equal(crumb.message, 'SSN: [SSN]');
  assert.equal(e.request.url, 'https://portal.example.com/patients/[id]?ssn=[SSN]&name=[NAME]');
  assert.equal(e.request.query_string, 'ssn=[SSN]&name=[NAME]');
  assert.equal(e.request.method, 'POST');
  assert.equal(e.request.headers['content-type'], 'application/json');
  assert.equal(e.request.headers['x-patient-name'], '[NAME]');
  assert.equal(e.request.headers.cookie, '[Filtered]');
  assert.equal(error.envelope.trace.transaction, 'GET /patients/[id]', 'the envelope header carries the templated route');

  const message = events.find((i) => i.payload.message !== undefined);
  assert.equal(message.payload.message, 'lookup failed for [EMAIL]');

  const spans = items().filter((i) => i.type === 'span').flatMap((i) => i.payload.items);
  const db = spans.find((s) => s.attributes['sentry.op']?.value === 'db');
  assert.equal(db.name, "SELECT * FROM patients WHERE ssn = '[SSN]'");
  assert.equal(db.attributes['db.statement'].value, "SELECT * FROM patients WHERE ssn = '[SSN]'");
  const root = spans.find((s) => s.is_segment);
  assert.equal(root.name, 'GET /patients/[id]');
  assert.equal(root.attributes['url.full'].value, 'https://portal.example.com/patients/[id]?ssn=[SSN]&name=[NAME]');
  assert.equal(root.attributes['sentry.sdk.name'].value, 'sentry.javascript.node', 'technical attributes are kept');
  assert.equal(root.attributes['sentry.op'].value, 'http.server');
  for (const i of items().filter((x) => x.type === 'span')) assert.equal(i.envelope.trace.transaction, 'GET /patients/[id]');

  assert.ok(summaries.length >= 2, 'each event that held PHI was reported');
  for (const s of summaries) {
    assert.equal(s.channel, 'server_error');
    assert.equal(s.route, '/patients/[id]');
    assert.equal(s.mitigation, 'redacted');
    assert.ok(!('text' in s), 'onEvent never sees the raw text');
  }
  const error0 = summaries.find((s) => s.classification?.identifierTypes?.SSN);
  assert.ok(error0, 'the emitter classified the raw text: SSNs were found in it');
  assert.equal(error0.signal.mitigation, 'redacted');
});

test('end to end with @sentry/node: a route name and a user segment in incoming baggage, user feedback, a metric', async () => {
  const from = envelopes.length;
  // What an upstream service sends: its route name and a user segment in baggage, which the SDK copies (frozen) into
  // the trace header of every envelope of this trace; createDsc is not called for it.
  const baggage = [
    'sentry-trace_id=12345678901234567890123456789012', `sentry-transaction=${encodeURIComponent(`GET /patients/${SSN}`)}`,
    'sentry-public_key=public', 'sentry-sampled=true', `sentry-user_segment=${encodeURIComponent(EMAIL)}`,
  ].join(',');
  await Sentry.continueTrace({ sentryTrace: '12345678901234567890123456789012-1234567890123456-1', baggage }, () => (
    Sentry.startSpan({ name: 'GET /api/charts', op: 'http.server' }, () => { Sentry.captureMessage('chart lookup failed'); })));
  // User feedback skips beforeSend; a metric carries the scope's user as attributes.
  Sentry.captureFeedback({ message: `My chart shows SSN ${SSN} for patient ${NAME}`, name: NAME, email: EMAIL });
  Sentry.metrics.count('chart.opened', 1, { attributes: { note: `patient ${NAME}` } });
  assert.ok(await Sentry.flush(5000), 'the SDK flushed');
  const sent = envelopes.slice(from);
  emitted('sentry-envelopes', sent);
  noPhi('an envelope', sent.join('\n'));

  const all = items(sent);
  const traced = all.filter((i) => i.envelope.trace?.trace_id === '12345678901234567890123456789012');
  assert.ok(traced.some((i) => i.type === 'span') && traced.some((i) => i.type === 'event'), 'the span and the message of the continued trace were sent');
  for (const i of traced) {
    assert.equal(i.envelope.trace.transaction, 'GET /patients/[id]', `the ${i.type} envelope's header templates the upstream route`);
    assert.equal(i.envelope.trace.user_segment, undefined, `the ${i.type} envelope's header leaves the user segment out`);
    assert.equal(i.envelope.trace.public_key, 'public');
  }
  const feedback = all.find((i) => i.type === 'feedback');
  assert.ok(feedback, 'the feedback was sent');
  assert.deepEqual(
    [feedback.payload.contexts.feedback.message, feedback.payload.contexts.feedback.contact_email, feedback.payload.contexts.feedback.name],
    ['My chart shows SSN [SSN] for patient [NAME]', '[EMAIL]', '[REDACTED]'],
  );
  assert.equal(feedback.payload.user.email, '[EMAIL]', "the scope's user on the feedback is redacted as an event's");
  const metric = all.filter((i) => i.type === 'trace_metric').flatMap((i) => i.payload.items).find((m) => m.name === 'chart.opened');
  assert.ok(metric, 'the metric was sent');
  assert.equal(metric.attributes.note.value, 'patient [NAME]');
  assert.equal(metric.attributes['user.email'].value, '[EMAIL]', "the scope's user copied into a metric's attributes is redacted");
  assert.equal(metric.attributes['user.id'].value, '42', 'user.id is kept (keepUser)');
});

// --- one field at a time ----------------------------------------------------

const send = phiGuardBeforeSend({ guard });

/** A rich event with an identifier in every field the hook redacts. */
function richEvent() {
  return {
    event_id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', timestamp: 1796483215.237, level: 'error', platform: 'node',
    release: 'portal@1.4.2', environment: 'production', server_name: 'web-1', sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
    modules: { react: '19.3.1' },
    message: `lookup failed for ${EMAIL}`,
    logentry: { message: 'SSN: %s', params: [SSN_DIGITS], formatted: `SSN: ${SSN_DIGITS}` },
    exception: { values: [{
      type: `PatientError for patient ${NAME}`, value: `no chart for patient ${NAME}, ssn ${SSN}`, mechanism: { type: 'generic', handled: true, data: { patient: NAME } },
      stacktrace: { frames: [
        { function: 'openChart', module: 'lib.charts', filename: `/app/patients/${SSN}/page.js`, abs_path: `/app/patients/${SSN}/page.js`, lineno: 12, colno: 7, in_app: true,
          pre_context: ['const patient = {', `  ssn: '${SSN}',`], context_line: `  name: 'patient ${NAME}',`, post_context: ['};'], vars: { patientName: NAME, mrn: MRN } },
        { function: 'render', filename: 'https://portal.example.com/_next/static/chunks/app/patients/%5Bid%5D/page-5f1a2b3c4d9e8f7a.js', abs_path: 'https://portal.example.com/_next/static/chunks/app/patients/%5Bid%5D/page-5f1a2b3c4d9e8f7a.js', lineno: 1, colno: 2040 },
        { function: '?', abs_path: `https://portal.example.com/patients?ssn=${SSN}`, lineno: 3 },
      ] },
    }] },
    threads: { values: [{ id: 1, stacktrace: { frames: [{ function: 'worker', vars: { email: EMAIL } }] } }] },
    breadcrumbs: [
      { category: 'fetch', type: 'http', data: { method: 'GET', url: `/api/patients?ssn=${SSN}&page=2`, status_code: 200 } },
      { category: 'navigation', data: { from: `/patients/${SSN}`, to: '/patients/new' } },
      { category: 'console', level: 'log', message: `SSN: ${SSN_DIGITS}`, data: { arguments: ['SSN:', SSN_DIGITS], logger: 'console' } },
      { category: 'custom', message: `opened chart of patient ${NAME}`, data: { mrn: MRN } },
    ],
    request: {
      url: `https://portal.example.com/patients/${SSN}?ssn=${SSN}&page=2#/notes`, method: 'POST',
      query_string: [['ssn', SSN], ['page', '2']], data: { patient: { name: NAME, phone: PHONE } },
      headers: { authorization: 'Bearer abc.def', referer: `https://portal.example.com/search?email=${EMAIL}`, 'x-patient-mrn': MRN, accept: 'application/json' },
      cookies: { session: 's3cr3t', last_patient: NAME }, env: { REMOTE_ADDR: '203.0.113.7' },
    },
    user: { id: '42', email: EMAIL, username: 'zquibble', name: NAME, ip_address: '203.0.113.7', geo: { city: 'Chicago', region: 'IL' } },
    tags: { patient: NAME, feature: 'charts', status: 500 },
    extra: { note: `call ${PHONE}`, attempts: 3 },
    contexts: {
      os: { name: 'Debian', version: '12.11' }, runtime: { name: 'node', version: 'v20.20.2' }, device: { name: `${NAME}'s phone`, arch: 'x64', memory_size: 25276194816 },
      trace: { trace_id: '6a80e8c424a64c0ea1b7f449a97260e6', span_id: '8319b9842c3562b1', op: 'http.server', data: { 'url.full': `https://portal.example.com/patients?ssn=${SSN}` } },
      patient: { mrn: MRN },
    },
    transaction: `GET /patients/${SSN}`,
    fingerprint: ['{{ default }}', EMAIL],
    custom_field: { email: EMAIL },
    sdkProcessingMetadata: { dynamicSamplingContext: { trace_id: '6a80e8c424a64c0ea1b7f449a97260e6', transaction: `GET /patients/${SSN}` } },
  };
}

test('beforeSend: every field listed in the docs is redacted, technical fields kept, and the event given is not modified', () => {
  const event = richEvent();
  const before = structuredClone(event);
  const out = send(event);
  assert.deepEqual(event, before, 'the input is not modified');
  emitted('sentry-event', out);
  noPhi('the redacted event', out);

  for (const k of ['event_id', 'timestamp', 'level', 'platform', 'release', 'environment', 'server_name', 'modules']) assert.deepEqual(out[k], event[k], `${k} is kept`);
  assert.equal(out.sdk.name, 'sentry.javascript.node');
  assert.equal(out.message, 'lookup failed for [EMAIL]');
  assert.deepEqual(out.logentry, { message: 'SSN: %s', params: ['[SSN]'], formatted: 'SSN: [SSN]' });
  const ex = out.exception.values[0];
  assert.equal(ex.type, 'PatientError for patient [NAME]');
  assert.equal(ex.value, 'no chart for patient [NAME], ssn [SSN]');
  assert.deepEqual(ex.mechanism, { type: 'generic', handled: true, data: { patient: '[NAME]' } });
  const [f0, f1, f2] = ex.stacktrace.frames;
  assert.deepEqual([f0.function, f0.module, f0.lineno, f0.colno, f0.in_app], ['openChart', 'lib.charts', 12, 7, true]);
  assert.equal(f0.filename, '/app/patients/[id]/page.js');
  assert.deepEqual(f0.vars, { patientName: '[NAME]', mrn: '[MRN]' });
  assert.deepEqual([...f0.pre_context, f0.context_line, ...f0.post_context], ['const patient = {', "  ssn: '[SSN]',", "  name: 'patient [NAME]',", '};']);
  assert.equal(f1.abs_path, event.exception.values[0].stacktrace.frames[1].abs_path, "a build's chunk URL is kept, so its source map matches");
  assert.equal(f2.abs_path, 'https://portal.example.com/patients?ssn=[SSN]');
  assert.deepEqual(out.threads.values[0].stacktrace.frames[0].vars, { email: '[EMAIL]' });

  const [fetchCrumb, nav, consoleCrumb, custom] = out.breadcrumbs;
  assert.deepEqual(fetchCrumb, { category: 'fetch', type: 'http', data: { method: 'GET', url: '/api/patients?ssn=[SSN]&page=2', status_code: 200 } });
  assert.deepEqual(nav.data, { from: '/patients/[id]', to: '/patients/new' });
  assert.deepEqual(consoleCrumb.data, { arguments: ['SSN:', '[SSN]'], logger: 'console' });
  assert.equal(consoleCrumb.message, 'SSN: [SSN]');
  assert.deepEqual([custom.category, custom.message, custom.data.mrn], ['custom', 'opened chart of patient [NAME]', '[MRN]']);

  const r = out.request;
  assert.equal(r.url, 'https://portal.example.com/patients/[id]?ssn=[SSN]&page=2#/notes');
  assert.deepEqual(r.query_string, [['ssn', '[SSN]'], ['page', '2']]);
  assert.deepEqual(r.data, { patient: { name: '[NAME]', phone: '[PHONE]' } });
  assert.equal(r.headers.authorization, '[Filtered]');
  assert.equal(r.headers.referer, 'https://portal.example.com/search?email=[EMAIL]');
  assert.equal(r.headers['x-patient-mrn'], '[MRN]');
  assert.equal(r.headers.accept, 'application/json');
  assert.deepEqual(r.cookies, { session: '[Filtered]', last_patient: '[Filtered]' });
  assert.equal(r.env.REMOTE_ADDR, '[IP_ADDRESS]');

  assert.deepEqual(out.user, { id: '42', email: '[EMAIL]', username: '[REDACTED]', name: '[REDACTED]' }, 'ip_address and geo removed, the rest replaced whole, id kept');
  assert.equal(out.sdk.settings.infer_ip, 'never');
  assert.deepEqual(out.tags, { patient: '[NAME]', feature: 'charts', status: 500 });
  assert.deepEqual(out.extra, { note: 'call [PHONE]', attempts: 3 });
  assert.deepEqual(out.contexts.os, { name: 'Debian', version: '12.11' });
  assert.equal(out.contexts.device.arch, 'x64');
  assert.equal(out.contexts.device.memory_size, 25276194816);
  assert.equal(out.contexts.device.name, '[REDACTED]', "a device's name is replaced whole");
  assert.equal(out.contexts.trace.trace_id, event.contexts.trace.trace_id);
  assert.equal(out.contexts.trace.data['url.full'], 'https://portal.example.com/patients?ssn=[SSN]');
  assert.deepEqual(out.contexts.patient, { mrn: '[MRN]' });
  assert.equal(out.transaction, 'GET /patients/[id]');
  assert.deepEqual(out.fingerprint, ['{{ default }}', '[EMAIL]']);
  assert.deepEqual(out.custom_field, { email: '[EMAIL]' });
  assert.equal(out.sdkProcessingMetadata.dynamicSamplingContext.transaction, 'GET /patients/[id]');
  assert.equal(out.sdkProcessingMetadata.dynamicSamplingContext.trace_id, event.contexts.trace.trace_id);
});

test('beforeSend: keepUser keeps what it lists, scanned; query strings as strings and objects; request bodies as text', () => {
  const keep = phiGuardBeforeSend({ guard, keepUser: ['id', 'username', 'ip_address'] });
  const out = keep({ user: { id: `MRN ${MRN}`, username: 'zquibble', email: EMAIL, ip_address: '203.0.113.7' }, request: { query_string: { ssn: SSN, page: '2' }, data: `{"name":"${NAME}"}` } });
  assert.deepEqual(out.user, { id: 'MRN [MRN]', username: 'zquibble', email: '[EMAIL]', ip_address: '[IP_ADDRESS]' });
  assert.equal(out.sdk, undefined, 'with ip_address kept, nothing is said about inferring it');
  assert.deepEqual(out.request.query_string, { ssn: '[SSN]', page: '2' });
  assert.equal(out.request.data, '{"name":"[NAME]"}');
  const none = phiGuardBeforeSend({ guard, keepUser: [] })({ user: { id: '42', ip_address: '{{auto}}' } });
  assert.deepEqual(none.user, { id: '[REDACTED]' });
  assert.equal(send({ request: { query_string: `ssn=${SSN}&name=${NAME.replace(' ', '+')}&q` } }).request.query_string, 'ssn=[SSN]&name=[NAME]&q');
});

test('beforeSendTransaction: the route name, static spans (SQL, URLs, data) and the trace context', () => {
  const tx = phiGuardBeforeSendTransaction({ guard });
  const out = tx({
    type: 'transaction', transaction: `GET /patients/${SSN}`, contexts: { trace: { trace_id: 't', span_id: 's', op: 'http.server', data: { 'http.query': `?email=${EMAIL}`, 'sentry.op': 'http.server' } } },
    spans: [
      { span_id: '1', op: 'db', description: `SELECT * FROM patients WHERE ssn = '${SSN}'`, data: { 'db.system': 'postgresql', 'db.statement': `SELECT * FROM patients WHERE ssn = '${SSN}'` } },
      { span_id: '2', op: 'http.client', description: `GET https://api.example.com/v1/patients?mrn=${MRN}`, data: { 'http.url': `https://api.example.com/v1/patients?mrn=${MRN}`, 'http.response.status_code': 200, 'url.full': `https://api.example.com/v1/patients/${SSN}` } },
      { span_id: '3', op: 'function', description: 'render PatientPage', data: { patientName: NAME } },
    ],
  });
  noPhi('the transaction', out);
  assert.equal(out.transaction, 'GET /patients/[id]');
  assert.equal(out.contexts.trace.data['http.query'], '?email=[EMAIL]');
  assert.equal(out.spans[0].description, "SELECT * FROM patients WHERE ssn = '[SSN]'");
  assert.deepEqual(out.spans[0].data, { 'db.system': 'postgresql', 'db.statement': "SELECT * FROM patients WHERE ssn = '[SSN]'" });
  assert.equal(out.spans[1].description, 'GET https://api.example.com/v1/patients?mrn=[MRN]');
  assert.equal(out.spans[1].data['http.response.status_code'], 200);
  assert.equal(out.spans[1].data['url.full'], 'https://api.example.com/v1/patients/[id]');
  assert.deepEqual([out.spans[2].description, out.spans[2].data.patientName], ['render PatientPage', '[NAME]']);
});

test('beforeSendSpan: a streamed span keeps its shape; its name and attributes are redacted, credentials filtered', () => {
  const span = phiGuardBeforeSendSpan({ guard });
  const input = {
    trace_id: 't', span_id: 's', name: `GET /patients/${SSN}`, is_segment: true, status: 'ok', start_timestamp: 1, end_timestamp: 2,
    attributes: {
      'sentry.op': { value: 'http.server', type: 'string' }, 'url.full': { value: `https://portal.example.com/patients/${SSN}?ssn=${SSN}`, type: 'string' },
      'sentry.segment.name': { value: `GET /patients/${SSN}`, type: 'string' }, 'user.email': { value: EMAIL, type: 'string' }, 'user.id': { value: '42', type: 'string' },
      'http.request.header.cookie': { value: ['session=s3cr3t'], type: 'array' }, 'http.request.body.data': { value: `{"ssn":"${SSN}"}`, type: 'string' },
      'os.name': { value: 'Debian', type: 'string' }, 'client.address': { value: '203.0.113.7', type: 'string' }, plain: 42,
    },
    links: [{ context: { traceId: 't2' }, attributes: { note: `patient ${NAME}` } }],
  };
  const out = span(input);
  noPhi('the span', out);
  assert.equal(out.name, 'GET /patients/[id]');
  assert.deepEqual(out.attributes['url.full'], { value: 'https://portal.example.com/patients/[id]?ssn=[SSN]', type: 'string' });
  assert.deepEqual(out.attributes['sentry.segment.name'], { value: 'GET /patients/[id]', type: 'string' });
  assert.deepEqual(out.attributes['user.email'], { value: '[EMAIL]', type: 'string' });
  assert.deepEqual(out.attributes['user.id'], { value: '42', type: 'string' });
  assert.deepEqual(out.attributes['http.request.header.cookie'], { value: ['[Filtered]'], type: 'array' });
  assert.deepEqual(out.attributes['http.request.body.data'], { value: '{"ssn":"[SSN]"}', type: 'string' });
  assert.deepEqual(out.attributes['os.name'], { value: 'Debian', type: 'string' });
  assert.equal(out.attributes['client.address'], undefined);
  assert.equal(out.attributes.plain, 42);
  assert.deepEqual(out.links, [{ context: { traceId: 't2' }, attributes: { note: 'patient [NAME]' } }]);
  for (const k of ['trace_id', 'span_id', 'is_segment', 'status', 'start_timestamp', 'end_timestamp']) assert.equal(out[k], input[k]);
});

test('span attributes: only the keys the SDK sets from the machine are kept; the app\'s app.*, device.*, cloud.* keys and links are scanned', () => {
  const attr = (value) => ({ value, type: typeof value === 'number' ? 'integer' : 'string' });
  const machine = {
    'os.name': attr('Debian'), 'os.version': attr('12.11'), 'device.memory_size': attr(25276194816), 'app.start_time': attr('2026-01-01T00:00:00.000Z'),
    'culture.timezone': attr('America/Chicago'), 'process.runtime.engine.version': attr('11.3.244.8-node.33'), 'cloud.region': attr('us-east-1'),
  };
  const app = { 'app.ssn': attr(SSN), 'app.patient_name': attr(`patient ${NAME}`), 'device.id': attr(EMAIL), 'cloud.account.id': attr(EMAIL), 'os.description': attr(`ssn ${SSN}`) };
  const out = phiGuardBeforeSendSpan({ guard })({ name: 'GET /api/chart', attributes: { 'sentry.op': attr('http.server'), ...machine, ...app }, links: [{ trace_id: 't', span_id: 's', attributes: { 'app.patient': attr(`patient ${NAME}`) } }] });
  noPhi('the span', out);
  for (const k of Object.keys(machine)) assert.deepEqual(out.attributes[k], machine[k], `${k} is kept`);
  assert.deepEqual(Object.fromEntries(Object.keys(app).map((k) => [k, out.attributes[k].value])),
    { 'app.ssn': '[SSN]', 'app.patient_name': '[NAME]', 'device.id': '[EMAIL]', 'cloud.account.id': '[EMAIL]', 'os.description': 'ssn [SSN]' });
  assert.deepEqual(out.links[0].attributes['app.patient'], attr('[NAME]'));

  // A static transaction: its trace context's data and links, and its spans' data.
  const tx = phiGuardBeforeSendTransaction({ guard })({
    type: 'transaction', transaction: 'GET /api/chart',
    contexts: { trace: { trace_id: 't', span_id: 's', data: { 'os.name': 'Debian', 'app.patient_name': `patient ${NAME}` }, links: [{ trace_id: 't2', span_id: 's2', sampled: true, attributes: { reason: `follow-up for ${EMAIL}`, 'sentry.link.type': 'previous_trace' } }] } },
    spans: [{ span_id: '1', op: 'function', description: 'child', data: { 'app.ssn': SSN } }],
  });
  noPhi('the transaction', tx);
  assert.deepEqual(tx.contexts.trace.data, { 'os.name': 'Debian', 'app.patient_name': '[NAME]' });
  assert.deepEqual(tx.contexts.trace.links, [{ trace_id: 't2', span_id: 's2', sampled: true, attributes: { reason: 'follow-up for [EMAIL]', 'sentry.link.type': 'previous_trace' } }]);
  assert.deepEqual(tx.spans[0].data, { 'app.ssn': '[SSN]' });
});

test('request bodies sent as a form, and baggage headers: each value decoded and redacted with its name as context', () => {
  const form = `name=${NAME.replace(' ', '+')}&ssn=${SSN_DIGITS}&phone=${encodeURIComponent(PHONE).replace(/%20/g, '+')}&page=2`;
  const byType = send({ request: { headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }, data: form } });
  assert.equal(byType.request.data, 'name=[NAME]&ssn=[SSN]&phone=[PHONE]&page=2', 'a form by its content type');
  assert.equal(send({ request: { data: form } }).request.data, 'name=[NAME]&ssn=[SSN]&phone=[PHONE]&page=2', 'a form by its shape');
  assert.equal(send({ request: { data: `{"name":"${NAME}"}`, headers: { 'content-type': 'application/json' } } }).request.data, '{"name":"[NAME]"}', 'JSON is still text');

  const bag = [
    'sentry-trace_id=12345678901234567890123456789012', `sentry-transaction=${encodeURIComponent(`GET /patients/${SSN}`)}`, 'sentry-public_key=public',
    `sentry-user_segment=${encodeURIComponent(EMAIL)}`, `patient=${encodeURIComponent(NAME)};note=${encodeURIComponent(`ssn ${SSN}`)}`,
  ].join(',');
  const redactedBag = 'sentry-trace_id=12345678901234567890123456789012,sentry-transaction=GET%20/patients/[id],sentry-public_key=public,sentry-user_segment=[EMAIL],patient=[NAME];note=ssn%20[SSN]';
  assert.equal(send({ request: { headers: { baggage: bag } } }).request.headers.baggage, redactedBag);
  assert.equal(send({ request: { headers: { baggage: 'sentry-trace_id=abc,sentry-sample_rate=1' } } }).request.headers.baggage, 'sentry-trace_id=abc,sentry-sample_rate=1', 'nothing found: as it was');

  const attr = (value) => ({ value, type: Array.isArray(value) ? 'array' : 'string' });
  const span = phiGuardBeforeSendSpan({ guard })({ name: 'POST /api/intake', attributes: {
    'http.request.header.content-type': attr(['application/x-www-form-urlencoded']), 'http.request.body.data': attr(form),
    'http.request.header.baggage': attr([bag]), 'http.request.header.referer': attr([`https://portal.example.com/patients/${SSN}?email=${encodeURIComponent(EMAIL)}`]),
  } });
  noPhi('the span', span);
  assert.deepEqual(span.attributes['http.request.body.data'], attr('name=[NAME]&ssn=[SSN]&phone=[PHONE]&page=2'));
  assert.deepEqual(span.attributes['http.request.header.baggage'], attr([redactedBag]));
  assert.deepEqual(span.attributes['http.request.header.referer'], attr(['https://portal.example.com/patients/[id]?email=[EMAIL]']), "a referer by its parts, as an event's");
});

test('frames: a module name, which the SDK derives from the path, is templated as the path is; a symbol in a console breadcrumb is its text', () => {
  const out = send({ exception: { values: [{ type: 'Error', value: 'x', module: `uploads.${SSN}:chart`, stacktrace: { frames: [
    { function: 'render', module: `uploads.${SSN}:chart`, filename: `/app/uploads/${SSN}/chart.mjs` },
    { function: 'load', module: 'lib.charts', filename: '/app/lib/charts.js' },
  ] } }] } });
  const ex = out.exception.values[0];
  assert.equal(ex.module, 'uploads.[id]:chart');
  assert.deepEqual(ex.stacktrace.frames.map((f) => [f.module, f.filename]), [['uploads.[id]:chart', '/app/uploads/[id]/chart.mjs'], ['lib.charts', '/app/lib/charts.js']]);

  const crumb = phiGuardBeforeBreadcrumb({ guard });
  assert.deepEqual(crumb({ category: 'console', message: 'cache miss for Symbol(chart)', data: { arguments: ['cache miss for', Symbol.for('chart')], logger: 'console' } }),
    { category: 'console', message: 'cache miss for Symbol(chart)', data: { arguments: ['cache miss for', 'Symbol(chart)'], logger: 'console' } });
  assert.deepEqual(crumb({ category: 'console', data: { arguments: ['SSN:', SSN_DIGITS, Symbol.for('chart')] } }).data.arguments, ['SSN:', '[SSN]', 'Symbol(chart)']);
  // A BigInt under %d: its digits are scanned after the label.
  assert.deepEqual(crumb({ category: 'console', data: { arguments: ['SSN: %d', BigInt(SSN_DIGITS)], logger: 'console' } }).data.arguments, ['SSN: %s', '[SSN]']);
});

test('reporting: an event whose only change is a user address placeholder or geo removed is not an exposure', async () => {
  const reports = [];
  const report = phiGuardBeforeSend({ guard, onEvent: (s) => { reports.push(s); emitted('event-summary', s); } });
  report({ message: 'TypeError: x is undefined', user: { id: '42', ip_address: '{{auto}}' } });
  report({ message: 'plain', user: { id: '42', geo: { country_code: 'US', city: 'Chicago' } } });
  phiGuardBeforeSendSpan({ guard })({ name: 'x', attributes: { 'user.ip_address': '{{auto}}', 'user.geo.country_code': 'US' } });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(reports, []);
  report({ message: 'plain', user: { id: '42', ip_address: '203.0.113.7' } });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(reports.length, 1, 'an address the user carried is');
});

test('beforeBreadcrumb and the integration: one breadcrumb, and the DSC route name templated in place', () => {
  const crumb = phiGuardBeforeBreadcrumb({ guard });
  assert.deepEqual(crumb({ category: 'xhr', data: { method: 'POST', url: `https://portal.example.com/api/patients?email=${EMAIL}`, status_code: 201 } }),
    { category: 'xhr', data: { method: 'POST', url: 'https://portal.example.com/api/patients?email=[EMAIL]', status_code: 201 } });
  assert.deepEqual(crumb({ category: 'ui.click', message: 'body > button.save' }), { category: 'ui.click', message: 'body > button.save' });

  const hooks = [];
  const integration = phiGuardIntegration({ guard });
  assert.equal(integration.name, 'PhiGuard');
  integration.setup({ on: (name, callback) => hooks.push([name, callback]) });
  assert.deepEqual(hooks.map(([n]) => n), ['createDsc', 'beforeEnvelope']);
  const dsc = { trace_id: 't', transaction: `GET /patients/${SSN}` };
  hooks[0][1](dsc);
  assert.deepEqual(dsc, { trace_id: 't', transaction: 'GET /patients/[id]' });
});

// --- failures ----------------------------------------------------------------

/** A guard whose every call fails as a trapped wasm instance does. */
const broken = {
  scan() { throw new PhiGuardError('trap', 'the wasm module trapped (unreachable)'); },
  redactText() { throw new PhiGuardError('trap', 'the wasm module trapped (unreachable)'); },
  redactValue() { throw new PhiGuardError('trap', 'the wasm module trapped (unreachable)'); },
  redactPieces() { throw new PhiGuardError('trap', 'the wasm module trapped (unreachable)'); },
};

test('a guard that throws: the event is dropped and a guard_failure reported; send-minimal sends a skeleton without text', async () => {
  const failures = [];
  const onEvent = (s) => { failures.push(s); emitted('event-summary', s); };
  assert.equal(phiGuardBeforeSend({ guard: broken, onEvent })(richEvent()), null);
  const minimal = phiGuardBeforeSend({ guard: broken, onEvent, onFailure: 'send-minimal' })(richEvent());
  emitted('sentry-event', minimal);
  noPhi('the skeleton', minimal);
  const ex = minimal.exception.values[0];
  assert.equal(ex.value, undefined);
  assert.equal(ex.type, '[withheld]', 'a type with spaces is not a name from code');
  assert.deepEqual(ex.stacktrace.frames.map((f) => f.function), ['openChart', 'render', '?'.replace('?', '[withheld]')]);
  assert.ok(ex.stacktrace.frames.every((f) => f.vars === undefined && f.context_line === undefined));
  assert.equal(ex.stacktrace.frames[0].filename, '/app/patients/[id]/page.js');
  assert.equal(ex.stacktrace.frames[2].abs_path, 'https://portal.example.com/patients', 'no query string');
  assert.deepEqual(minimal.tags, { phi_guard: 'withheld' });
  for (const k of ['message', 'logentry', 'breadcrumbs', 'request', 'user', 'extra']) assert.equal(minimal[k], undefined, `${k} is not sent`);
  assert.equal(minimal.transaction, 'GET /patients/[id]');
  assert.equal(minimal.release, 'portal@1.4.2');
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(failures.length, 2);
  for (const f of failures) assert.deepEqual([f.channel, f.failure, f.route], ['guard_failure', 'trap', '/patients/[id]']);

  assert.equal(phiGuardBeforeBreadcrumb({ guard: broken })({ category: 'console', message: SSN }), null);
  assert.deepEqual(phiGuardBeforeBreadcrumb({ guard: broken, onFailure: 'send-minimal' })({ category: 'console', level: 'log', message: SSN, timestamp: 5 }), { category: 'console', level: 'log', timestamp: 5 });
  const span = phiGuardBeforeSendSpan({ guard: broken })({ span_id: 's', name: `GET /patients/${SSN}`, attributes: { 'sentry.op': { value: 'http.server', type: 'string' }, 'url.full': { value: SSN, type: 'string' } } });
  assert.deepEqual(span, { span_id: 's', name: 'http.server', attributes: { 'sentry.op': { value: 'http.server', type: 'string' } } }, 'a span falls back to its skeleton, never the original');
  const machine = phiGuardBeforeSendSpan({ guard: broken })({ span_id: 's', name: 'x', attributes: {
    'sentry.op': 'http.server', 'os.name': 'Debian', 'cloud.region': 'us-east-1', 'app.patient_name': NAME, 'device.id': EMAIL, 'cloud.account.id': SSN,
  } });
  assert.deepEqual(machine.attributes, { 'sentry.op': 'http.server', 'os.name': 'Debian', 'cloud.region': 'us-east-1' }, "the skeleton keeps exactly the SDK's own attributes");
});

test('the integration: envelope headers (Sentry\'s keys kept, the route templated, the rest left out), sessions, feedback; metrics', async () => {
  const envelopeHook = (options) => {
    const hooks = [];
    const integration = phiGuardIntegration(options);
    integration.setup({ on: (name, callback) => hooks.push([name, callback]) });
    return { integration, onEnvelope: hooks.find(([n]) => n === 'beforeEnvelope')[1] };
  };
  const envelope = () => [
    { event_id: 'e', trace: { trace_id: 't', public_key: 'public', sample_rand: '0.5', sampled: 'true', release: 'portal@1.4.2', transaction: `GET /patients/${SSN}`, user_segment: EMAIL, note: NAME } },
    [[{ type: 'session' }, { sid: 's', did: EMAIL, status: 'exited', attrs: { release: 'portal@1.4.2', ip_address: '203.0.113.7', user_agent: 'node' } }], [{ type: 'event' }, { message: 'x' }]],
  ];
  const env = envelope();
  envelopeHook({ guard }).onEnvelope(env);
  assert.deepEqual(env, [
    { event_id: 'e', trace: { trace_id: 't', public_key: 'public', sample_rand: '0.5', sampled: 'true', release: 'portal@1.4.2', transaction: 'GET /patients/[id]' } },
    [[{ type: 'session' }, { sid: 's', did: '[EMAIL]', status: 'exited', attrs: { release: 'portal@1.4.2', user_agent: 'node' } }], [{ type: 'event' }, { message: 'x' }]],
  ]);
  const broke = envelope();
  envelopeHook({ guard: broken }).onEnvelope(broke);
  noPhi('the envelope without a guard', broke);
  assert.deepEqual(broke[0].trace, { trace_id: 't', public_key: 'public', sample_rand: '0.5', sampled: 'true', release: 'portal@1.4.2' });
  assert.deepEqual(broke[1][0][1], { sid: 's', status: 'exited', attrs: { release: 'portal@1.4.2', user_agent: 'node' } });

  // Feedback is redacted by the integration's processEvent (it skips beforeSend); other events pass to beforeSend as they are.
  const { integration } = envelopeHook({ guard });
  const event = { message: `ssn ${SSN}` };
  assert.equal(integration.processEvent(event), event);
  const feedback = integration.processEvent({ type: 'feedback', contexts: { feedback: {
    contact_email: EMAIL, name: NAME, message: `My chart shows SSN ${SSN}`, url: `https://portal.example.com/patients/${SSN}?tab=notes`, source: 'api', associated_event_id: 'a1b2c3',
  } } });
  assert.deepEqual(feedback.contexts.feedback, {
    contact_email: '[EMAIL]', name: '[REDACTED]', message: 'My chart shows SSN [SSN]', url: 'https://portal.example.com/patients/[id]?tab=notes', source: 'api', associated_event_id: 'a1b2c3',
  });
  assert.equal(envelopeHook({ guard: broken }).integration.processEvent({ type: 'feedback', contexts: { feedback: { message: SSN } } }), null, 'without a guard, feedback is dropped');

  const metric = { name: 'chart.opened', type: 'counter', value: 1, attributes: { note: `patient ${NAME}`, 'user.id': '42', 'user.email': EMAIL, 'user.name': 'zquibble', 'sentry.release': 'portal@1.4.2' } };
  assert.deepEqual(phiGuardBeforeSendMetric({ guard })(metric), {
    name: 'chart.opened', type: 'counter', value: 1, attributes: { note: 'patient [NAME]', 'user.id': '42', 'user.email': '[EMAIL]', 'user.name': '[REDACTED]', 'sentry.release': 'portal@1.4.2' },
  });
  assert.equal(phiGuardBeforeSendMetric({ guard: broken })(metric), null);
  assert.deepEqual(phiGuardBeforeSendMetric({ guard: broken, onFailure: 'send-minimal' })(metric), { name: 'chart.opened', type: 'counter', value: 1, attributes: { 'sentry.release': 'portal@1.4.2' } });
});

test('a guard that never comes keeps no Node process alive: an event captured as it exits does not hold it for guardTimeoutMs', () => {
  const sentry = new URL('../dist/sentry/index.js', import.meta.url).href;
  const code = `import { phiGuardBeforeSend } from ${JSON.stringify(sentry)};
    void phiGuardBeforeSend({ guard: new Promise(() => {}), guardTimeoutMs: 60_000 })({ message: 'x' });`;
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(Date.now() - started < 20_000, 'the process exited without waiting out the timer');
});

test('a guard that is still loading: beforeSend waits for it (a promise), and drops the event when it does not come in time', async () => {
  let resolve;
  const later = new Promise((r) => { resolve = r; });
  const waiting = phiGuardBeforeSend({ guard: later })({ message: `ssn ${SSN}` });
  assert.equal(typeof waiting.then, 'function', 'a promise, which Sentry awaits');
  assert.equal(phiGuardBeforeBreadcrumb({ guard: later })({ category: 'console', message: SSN }), null, 'a breadcrumb cannot wait');
  resolve(guard);
  assert.deepEqual(await waiting, { message: 'ssn [SSN]', sdk: { settings: { infer_ip: 'never' } } });

  const never = new Promise(() => {});
  const failures = [];
  // The hook's timer is unref'd (it keeps no process alive); this one keeps the test's alive meanwhile.
  const alive = setTimeout(() => {}, 10_000);
  const dropped = phiGuardBeforeSend({ guard: never, guardTimeoutMs: 20, onEvent: (s) => failures.push(s) })({ message: `ssn ${SSN}` });
  assert.equal(await dropped, null);
  clearTimeout(alive);
  await new Promise((r) => setImmediate(r));
  assert.equal(failures[0]?.failure, 'init');
  const rejected = Promise.reject(new Error('wasm fetch failed'));
  assert.equal(await phiGuardBeforeSend({ guard: rejected })({ message: `ssn ${SSN}` }), null);
  assert.equal(await phiGuardBeforeSend({ guard: () => { throw new Error('no engine'); } })({ message: `ssn ${SSN}` }), null);
});

test('misuse throws at configuration: no guard, an unknown onFailure, a bad limit', () => {
  assert.throws(() => phiGuardBeforeSend({}), (e) => e instanceof PhiGuardError && e.code === 'input');
  assert.throws(() => phiGuardBeforeSend({ guard, onFailure: 'dorp' }), /onFailure must be 'drop' or 'send-minimal'/);
  assert.throws(() => phiGuardBeforeSend({ guard, maxTextChars: -1 }), /maxTextChars must be an integer/);
  assert.throws(() => phiGuardBeforeSend({ guard, keepUser: 'id' }), /keepUser must be an array/);
});

// --- bounds ------------------------------------------------------------------

test('bounds: a 10 MB message is cut before it is scanned, never inside a value; 100 000 breadcrumbs and their data; deep variables', () => {
  const huge = `ssn ${SSN} `.repeat(Math.ceil(10_000_000 / 16));
  const out = send({ message: huge, exception: { values: [{ type: 'Error', value: huge }] } });
  assert.ok(out.message.length <= 8_000, 'the message fits maxTextChars, its marker included');
  assert.match(out.message, /^ssn \[SSN\] .* … \[\d+ characters cut\]$/);
  assert.ok(!/\d{3}-\d{2}(?!\d)|219-0/.test(out.message.replace(/\[\d+ characters cut\]$/, '')), 'no part of a value at the cut');
  assert.ok(out.exception.values[0].value.length <= 8_000);

  const crumbs = Array.from({ length: 100_000 }, (_, i) => ({ category: 'console', message: `step ${i}`, data: { i } }));
  crumbs.push({ category: 'custom', message: 'last', data: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])) });
  const bounded = send({ breadcrumbs: crumbs });
  assert.equal(bounded.breadcrumbs.length, 1_000, 'the newest 1 000 breadcrumbs are kept');
  assert.equal(bounded.breadcrumbs.at(-1).message, 'last');
  assert.equal(Object.keys(bounded.breadcrumbs.at(-1).data).length, 1_001, '1 000 keys, then a marker');

  let deep = { ssn: SSN };
  for (let i = 0; i < 5_000; i++) deep = { next: deep };
  const vars = send({ exception: { values: [{ stacktrace: { frames: [{ function: 'f', vars: { deep } }] } }] } }).exception.values[0].stacktrace.frames[0].vars;
  assert.match(JSON.stringify(vars), /"\[Object\]"/, 'nesting past 20 levels becomes a marker');

  // Keys are charged too (and one character an entry): a 92, b 184, then c has 64 left and its one token does not fit.
  const budget = phiGuardBeforeSend({ guard, maxTextChars: 100, maxEventChars: 250 })({ extra: { a: 'a'.repeat(90), b: 'b'.repeat(90), c: 'c'.repeat(90), d: `ssn ${SSN}` } });
  assert.deepEqual(Object.keys(budget.extra), ['a', 'b', 'c', '…']);
  assert.match(budget.extra.c, /^… \[90 characters cut\]$/, 'past the event budget a text is its marker only');
  assert.equal(budget.extra['…'], '1 more key withheld (maxEventChars)', 'and once it is spent, the rest of a container is one marker');
});

test('bounds: maxEventChars bounds what the guard sees, keys included; past it a container is one marker, unscanned', () => {
  // A guard that counts the characters it is given (strings, keys, numbers), whatever the call.
  let seen = 0;
  const chars = (v) => (typeof v === 'string' ? v.length : typeof v === 'number' ? String(v).length : Array.isArray(v) ? v.reduce((n, x) => n + chars(x), 0)
    : v !== null && typeof v === 'object' ? Object.entries(v).reduce((n, [k, x]) => n + k.length + chars(x), 0) : 0);
  const counting = {
    scan: (t, o) => { seen += chars(t); return guard.scan(t, o); },
    redactText: (t, f) => { seen += chars(t); return guard.redactText(t, f); },
    redactValue: (v) => { seen += chars(v); return guard.redactValue(v); },
    redactPieces: (p, f) => { seen += chars(p); return guard.redactPieces(p, f); },
  };
  const max = 500_000;
  // The last text or key charged may overrun the budget by at most maxTextChars, and a cut scans a window past it.
  const bound = max + 8_000 + 1_000;
  const counted = (hook, event) => { seen = 0; const out = hook(event); return [seen, out]; };
  const send = phiGuardBeforeSend({ guard: counting });

  const extra = Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`k${i}_${'x'.repeat(7_990)}`, i]));
  const [keys, out] = counted(send, { extra, message: `ssn ${SSN}` });
  assert.ok(keys <= bound, `1 000 keys of 8 000 characters: the guard saw ${keys} characters`);
  assert.equal(out.extra['…'], `${1_000 - Object.keys(out.extra).length + 1} more keys withheld (maxEventChars)`);
  assert.match(out.message, /^… \[\d+ characters cut\]$/);

  const crumbs = Array.from({ length: 1_000 }, (_, n) => ({ category: 'redux.action', data: Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`field_${n}_${i}`, `value ${i} of record ${n}`])) }));
  const [breadcrumbs, withCrumbs] = counted(send, { breadcrumbs: crumbs });
  assert.ok(breadcrumbs <= bound, `1 000 breadcrumbs of 1 000 keys: the guard saw ${breadcrumbs} characters`);
  assert.deepEqual(withCrumbs.breadcrumbs.at(-1), { category: 'redux.action', data: { '…': '1000 more keys withheld (maxEventChars)' } });

  const args = Array.from({ length: 1_000 }, () => ({ category: 'console', data: { arguments: ['row', Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`f${i}`, `value ${i}`]))] } }));
  const [lines] = counted(send, { breadcrumbs: args });
  assert.ok(lines <= bound, `1 000 console lines of an object of 1 000 keys: the guard saw ${lines} characters`);

  const spans = Array.from({ length: 1_000 }, (_, n) => ({ span_id: String(n), op: 'function', description: `render ${n}`, data: { 'sentry.op': 'function', ...Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`a${i}`, `value ${i}`])) } }));
  const [spanChars, tx] = counted(phiGuardBeforeSendTransaction({ guard: counting }), { type: 'transaction', spans });
  assert.ok(spanChars <= bound, `1 000 spans of 1 000 attributes: the guard saw ${spanChars} characters`);
  assert.deepEqual(tx.spans.at(-1).data, { 'sentry.op': 'function', '…': '1000 more keys withheld (maxEventChars)' }, "past the budget a span keeps the SDK's attributes");
});

test('idempotence: a second pass over a redacted event changes nothing', () => {
  const once = send({ ...richEvent(), message: `${'note '.repeat(3_000)}ssn ${SSN}` });
  const twice = send(once);
  assert.deepEqual(twice, once);
  const span = phiGuardBeforeSendSpan({ guard });
  const s = span({ name: `GET /patients/${SSN}`, attributes: { 'url.full': { value: `https://x.example.com/p?ssn=${SSN}`, type: 'string' } } });
  assert.deepEqual(span(s), s);
});

// --- other runtimes' guards ---------------------------------------------------

test('the hooks with a synchronous Node guard, and inside the edge sandbox with the edge entry\'s guard', async () => {
  assert.equal(phiGuardBeforeSend({ guard: createGuardSync() })({ message: `ssn ${SSN}` }).message, 'ssn [SSN]', 'a ready guard answers at once');

  const dist = fileURLToPath(new URL('../dist/', import.meta.url));
  const bindings = new Map();
  const out = await build({
    ...EDGE_BUNDLE,
    plugins: [wasmModuleGlobals(bindings)],
    stdin: {
      resolveDir: dist, loader: 'js',
      contents: `import { createGuard } from './edge.js';
        import { phiGuardBeforeSend } from './sentry/index.js';
        export async function run(event) { return phiGuardBeforeSend({ guard: createGuard() })(event); }`,
    },
  });
  const wasm = new WebAssembly.Module(await (await import('node:fs/promises')).readFile(`${dist}wasm/phi_guard_bg.wasm`));
  const vm = new EdgeRuntime({
    codeGeneration: { strings: false, wasm: false },
    extend: (context) => { for (const name of bindings.keys()) context[name] = wasm; return context; },
  });
  vm.evaluate(out.outputFiles[0].text);
  const result = JSON.parse(JSON.stringify(await vm.evaluate('__entry').run({ message: `ssn ${SSN}`, transaction: `GET /patients/${SSN}` })));
  assert.deepEqual(result, { message: 'ssn [SSN]', transaction: 'GET /patients/[id]', sdk: { settings: { infer_ip: 'never' } } });
});

test('a console breadcrumb that holds the logger\'s placeholder text is no failure: later events are sent; a line the guard fails on still is one', () => {
  const WITHHELD = '[phi-guard: redaction failed, value withheld]';
  const crumbOf = (args) => ({ category: 'console', message: args.join(' '), data: { logger: 'console', arguments: args } });
  const event = () => ({ exception: { values: [{ type: 'Error', value: 'db timeout' }] }, breadcrumbs: [crumbOf(['session', WITHHELD]), crumbOf(['SSN:', SSN_DIGITS])] });
  const out = send(event());
  assert.ok(out !== null, 'the event is sent');
  assert.deepEqual(out.breadcrumbs.map((b) => b.data.arguments), [['session', WITHHELD], ['SSN:', '[SSN]']]);
  assert.deepEqual(phiGuardBeforeBreadcrumb({ guard })(crumbOf(['session', WITHHELD])).data.arguments, ['session', WITHHELD]);
  // The line's own scan failing is still a failure, though each value alone scans.
  const lineFails = { scan: (t, o) => guard.scan(t, o), redactText: (t, f) => guard.redactText(t, f), redactValue: (v) => guard.redactValue(v), redactPieces() { throw new PhiGuardError('trap', 'the wasm module trapped (unreachable)'); } };
  assert.equal(phiGuardBeforeSend({ guard: lineFails })(event()), null);
});
