// CloudEvents and OTLP mappings, against the built package. Signals are synthetic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { CloudEvent, HTTP, ValidationError } from 'cloudevents';
import {
  toCloudEvent,
  toOtlpLogs,
  canonicalJson,
  signalHash,
  verifySignature,
  verifyChain,
  Transport,
  CLOUDEVENT_TYPE,
} from '../dist/signals/index.js';
import { PhiGuardError } from '../dist/common/errors.js';

const SECRET = 'test-secret-not-a-real-one-0123456789';

function syntheticSignal(seq, prevHash, severity = 'high') {
  return {
    schema: 'phi-guard.breach-signal/v1',
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    seq,
    emitterId: 'emitter-formats',
    prevHash,
    occurredAt: '2025-01-02T03:04:05.123Z',
    discoveredAt: '2025-01-02T03:04:06.456789Z',
    drill: true,
    channel: 'server_log',
    route: '/api/things/[id]',
    runtime: 'edge',
    deployment: 'test',
    region: 'local',
    kind: 'synthetic_kind',
    severity,
    notification: 'synthetic',
    reasons: ['synthetic_reason'],
    identifierTypes: { OTHER_ID: 1 },
    counts: { findings: 1, individuals: 1, records: 1 },
    fingerprints: { individuals: [], identifiers: [] },
    obligations: [],
    mitigation: 'none',
  };
}

async function chain(n, severities = []) {
  const out = [];
  let prev = null;
  for (let i = 1; i <= n; i++) {
    const s = syntheticSignal(i, prev, severities[i - 1] ?? 'high');
    s.hash = await signalHash(s);
    prev = s.hash;
    out.push(s);
  }
  return out;
}

async function collector() {
  const requests = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}/ingest`,
    requests,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

test('toCloudEvent builds a valid CloudEvents 1.0 event (checked by the official SDK)', async () => {
  const [signal] = await chain(1);
  const ce = toCloudEvent(signal, { source: '/apps/portal/test' });
  assert.deepEqual(ce, {
    specversion: '1.0',
    id: signal.id,
    type: 'dev.phi-guard.breach-signal.v1',
    source: '/apps/portal/test',
    time: signal.discoveredAt,
    datacontenttype: 'application/json',
    data: signal,
  });
  assert.equal(CLOUDEVENT_TYPE, ce.type);
  // strict construction validates against the CloudEvents 1.0 schema and throws ValidationError otherwise
  const event = new CloudEvent(ce, true);
  assert.equal(event.validate(), true);
  assert.equal(event.id, signal.id);
  assert.deepEqual(event.data, signal);
  // round trip through the SDK's structured-mode HTTP binding
  const parsed = HTTP.toEvent({ headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify(ce) });
  assert.equal(parsed.type, CLOUDEVENT_TYPE);
  assert.deepEqual(parsed.data, signal);
  // the SDK does reject a broken envelope, so the check above means something
  assert.throws(() => new CloudEvent({ ...ce, specversion: '1.0', source: '' }, true), ValidationError);
});

test('toCloudEvent refuses misuse with PhiGuardError(input)', async () => {
  const [signal] = await chain(1);
  assert.throws(() => toCloudEvent(signal, { source: '' }), (e) => e instanceof PhiGuardError && e.code === 'input');
  assert.throws(() => toCloudEvent({ ...signal, discoveredAt: 'yesterday' }, { source: '/x' }), (e) => e instanceof PhiGuardError && e.code === 'input');
});

test('toOtlpLogs builds an OTLP/HTTP JSON logs body, field by field', async () => {
  const sevs = ['info', 'low', 'medium', 'high', 'critical'];
  const signals = await chain(5, sevs);
  const body = toOtlpLogs(signals, { serviceName: 'portal-test' });
  assert.deepEqual(Object.keys(body), ['resourceLogs']);
  assert.equal(body.resourceLogs.length, 1);
  const [rl] = body.resourceLogs;
  assert.deepEqual(rl.resource, { attributes: [{ key: 'service.name', value: { stringValue: 'portal-test' } }] });
  assert.equal(rl.scopeLogs.length, 1);
  assert.equal(rl.scopeLogs[0].scope.name, 'phi-guard');
  const records = rl.scopeLogs[0].logRecords;
  assert.equal(records.length, 5);
  const expected = { info: [9, 'INFO'], low: [10, 'INFO2'], medium: [13, 'WARN'], high: [17, 'ERROR'], critical: [21, 'FATAL'] };
  records.forEach((r, i) => {
    const s = signals[i];
    // 2025-01-02T03:04:06.456789Z, to the nanosecond, as a decimal string
    assert.equal(r.timeUnixNano, '1735787046456789000');
    assert.equal(typeof r.timeUnixNano, 'string');
    assert.match(r.observedTimeUnixNano, /^\d{19}$/);
    assert.equal(r.severityNumber, expected[s.severity][0]);
    assert.equal(r.severityText, expected[s.severity][1]);
    assert.deepEqual(r.body, { stringValue: canonicalJson(s) });
    assert.deepEqual(JSON.parse(r.body.stringValue), s);
    assert.deepEqual(r.attributes, [
      { key: 'phi_guard.kind', value: { stringValue: 'synthetic_kind' } },
      { key: 'phi_guard.severity', value: { stringValue: s.severity } },
      { key: 'phi_guard.route', value: { stringValue: '/api/things/[id]' } },
      { key: 'phi_guard.channel', value: { stringValue: 'server_log' } },
    ]);
  });
  // zone offsets are honoured
  const [s] = await chain(1);
  const shifted = toOtlpLogs([{ ...s, discoveredAt: '2025-01-02T05:04:06+02:00' }], { serviceName: 'x' });
  assert.equal(shifted.resourceLogs[0].scopeLogs[0].logRecords[0].timeUnixNano, '1735787046000000000');
  assert.throws(() => toOtlpLogs([{ ...s, severity: 'extreme' }], { serviceName: 'x' }), (e) => e instanceof PhiGuardError && e.code === 'input');
  assert.throws(() => toOtlpLogs([{ ...s, discoveredAt: '2025-01-02' }], { serviceName: 'x' }), (e) => e instanceof PhiGuardError && e.code === 'input');
  assert.throws(() => toOtlpLogs(signals, {}), (e) => e instanceof PhiGuardError && e.code === 'input');
});

test('the cloudevents transport posts a signed batch the SDK accepts', async () => {
  const server = await collector();
  try {
    const signals = await chain(3);
    const t = new Transport({ endpoints: [server.url], secret: SECRET, format: 'cloudevents', source: '/apps/test', batchSize: 10 });
    for (const s of signals) assert.equal(t.enqueue(s), true);
    assert.equal(await t.flush(5000), true);
    assert.equal(server.requests.length, 1);
    const [req] = server.requests;
    assert.equal(req.headers['content-type'], 'application/cloudevents-batch+json');
    assert.deepEqual(await verifySignature(req.body, req.headers, SECRET), { ok: true });
    const events = HTTP.toEvent({ headers: { 'content-type': req.headers['content-type'] }, body: req.body });
    assert.equal(events.length, 3);
    for (const [i, e] of events.entries()) {
      assert.equal(e.validate(), true);
      assert.equal(e.id, signals[i].id);
      assert.equal(e.source, '/apps/test');
    }
    assert.equal((await verifyChain(events.map((e) => e.data))).ok, true);
  } finally {
    await server.close();
  }
});

test('the otlp transport posts a signed OTLP logs body whose records carry the signals', async () => {
  const server = await collector();
  try {
    const signals = await chain(2, ['medium', 'critical']);
    const t = new Transport({ endpoints: [server.url], secret: SECRET, format: 'otlp', serviceName: 'portal-test' });
    for (const s of signals) t.enqueue(s);
    assert.equal(await t.flush(5000), true);
    assert.equal(server.requests.length, 1);
    const [req] = server.requests;
    assert.equal(req.headers['content-type'], 'application/json');
    assert.deepEqual(await verifySignature(req.body, req.headers, SECRET), { ok: true });
    const body = JSON.parse(req.body);
    const reference = toOtlpLogs(signals, { serviceName: 'portal-test' });
    const strip = (b) => b.resourceLogs[0].scopeLogs[0].logRecords.map(({ observedTimeUnixNano, ...r }) => r);
    assert.deepEqual(body.resourceLogs[0].resource, reference.resourceLogs[0].resource);
    assert.deepEqual(body.resourceLogs[0].scopeLogs[0].scope, reference.resourceLogs[0].scopeLogs[0].scope);
    assert.deepEqual(strip(body), strip(reference));
    const carried = strip(body).map((r) => JSON.parse(r.body.stringValue));
    assert.equal((await verifyChain(carried)).ok, true);
  } finally {
    await server.close();
  }
});
