// schema/breach-signal.v1.json (draft 2020-12) against signals the built
// package really emits: from guard.classify on every channel, through the
// emitter's chain, over the transport to a local HTTP server, and from the
// CLI. Then the schema's strictness: extra fields, raw URLs and free text fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createGuard } from 'phi-guard';
import { SignalEmitter, Transport } from 'phi-guard/signals';
import { emitted } from './support/emit-log.mjs';

const schema = JSON.parse(readFileSync(new URL('../../schema/breach-signal.v1.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);
const valid = (s) => {
  const ok = validate(s);
  assert.ok(ok, `schema errors: ${JSON.stringify(validate.errors)}`);
};

const guard = await createGuard({ fingerprintKey: 'schema-test-fingerprint-key-0123', deployment: 'prod-eu', region: 'eu-west-1' });
const CHANNELS = ['response_body', 'request_url', 'request_body', 'server_log', 'server_error', 'client_error', 'edge_middleware', 'guard_failure'];
const TEXTS = [
  '{"patientName":"Maria Garcia","ssn":"219-09-9999","dob":"1962-03-14"}',
  'https://portal.example.com/p?email=maria.garcia%40example.com&dob=1962-03-14',
  'lookup for MRN 00482913 failed, call (312) 555-0142',
  'nothing here',
  '',
];

test('every channel, policy and text gives a signal the schema accepts', () => {
  let n = 0;
  for (const channel of CHANNELS) {
    for (const text of TEXTS) {
      for (const [authenticated, policy, mitigation] of [[false, 'owner_only', 'none'], [true, 'no_phi', 'redacted'], [true, 'authenticated', 'blocked']]) {
        const { signal } = guard.classify({
          text, channel, route: '/api/patients/[id]', runtime: 'nodejs', authenticated, policy, mitigation,
          discoveredAt: '2026-03-01T12:00:00Z', euSubjects: true, residentStates: { CA: 600, CO: 3 }, drill: n % 2 === 0,
          failure: channel === 'guard_failure' ? 'trap' : undefined,
        });
        valid(signal);
        n++;
      }
    }
  }
  assert.equal(n, CHANNELS.length * TEXTS.length * 3);
});

test('a chain of signals from the emitter, delivered over HTTP, validates', async () => {
  const received = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => { received.push(...JSON.parse(body).signals); res.writeHead(204).end(); });
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  try {
    const transport = new Transport({ endpoints: [`http://127.0.0.1:${srv.address().port}/`], secret: 'schema-test-secret-0123456789', flushIntervalMs: 5 });
    const emitter = new SignalEmitter({ transport });
    for (const text of TEXTS.slice(0, 3)) {
      await emitter.record(guard, { text, channel: 'server_log', route: '/api/visits', runtime: 'nodejs', discoveredAt: new Date().toISOString() });
    }
    assert.equal(await emitter.flush(5000), true);
  } finally {
    srv.close();
  }
  assert.equal(received.length, 3);
  received.forEach(valid);
  assert.equal(received[0].prevHash, null);
  assert.equal(received[1].prevHash, received[0].hash);
});

test('the CLI classify output validates', () => {
  const bin = fileURLToPath(new URL('../bin/phi-guard.js', import.meta.url));
  const input = JSON.stringify({ text: '{"ssn":"219-09-9999"}', channel: 'response_body', route: '/api/patients/[id]', discoveredAt: '2026-03-01T12:00:00Z', authenticated: false });
  const out = JSON.parse(execFileSync('node', [bin, 'classify'], { input }).toString());
  valid(out.signal);
});

test('the schema is strict: extra fields, raw URLs and free text fail', () => {
  const { signal } = guard.classify({ text: 'ssn 219-09-9999', channel: 'server_log', route: '/api/visits', runtime: 'nodejs', discoveredAt: '2026-03-01T12:00:00Z' });
  valid(signal);
  const bad = {
    'an extra field': { ...signal, patientName: 'x' },
    'a raw URL as route': { ...signal, route: 'https://portal.example.com/p?ssn=219-09-9999' },
    'a path with a query': { ...signal, route: '/p?ssn=219-09-9999' },
    'an e-mail in the route': { ...signal, route: '/patients/maria.garcia@example.com' },
    'free text as runtime': { ...signal, runtime: 'Maria Garcia' },
    'a missing field': (({ hash: _h, ...rest }) => rest)(signal),
    'an unknown type': { ...signal, identifierTypes: { PATIENT_NAME: 1 } },
    'an extra count': { ...signal, counts: { ...signal.counts, ssn: 1 } },
    'a raw value as fingerprint': { ...signal, fingerprints: { individuals: ['219-09-9999'], identifiers: [] } },
    'a non-UTC time': { ...signal, discoveredAt: '2026-03-01T12:00:00+01:00' },
    'an upper-case hash': { ...signal, hash: signal.hash.toUpperCase() },
  };
  for (const [what, s] of Object.entries(bad)) {
    emitted('schema-negative', what);
    assert.equal(validate(s), false, `${what} must fail`);
  }
});

test('the core refuses events that would make a signal the schema rejects', () => {
  const base = { channel: 'server_log', discoveredAt: '2026-03-01T12:00:00Z' };
  for (const extra of [
    { route: '/patients/maria.garcia@example.com' },
    { route: '/p#ssn' },
    { runtime: 'Node JS' },
    { deployment: 'prod eu' },
    { signalId: 'id with spaces' },
    { chain: { emitterId: 'a b', seq: 1, prevHash: null } },
    { chain: { emitterId: 'e', seq: 0, prevHash: null } },
    { channel: 'guard_failure', failure: 'trap for 219-09-9999' },
  ]) {
    assert.throws(() => guard.classify({ ...base, ...extra }), (e) => e.code === 'event' && !e.message.includes('219') && !e.message.includes('garcia'), JSON.stringify(Object.keys(extra)));
  }
});
