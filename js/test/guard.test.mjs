// Runs against the built package (js/dist), as a user would import it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createGuard, PhiGuardError } from 'phi-guard';

const bin = fileURLToPath(new URL('../bin/phi-guard.js', import.meta.url));

test('the thin slice: SSN, e-mail and phone from Node', async () => {
  const guard = await createGuard();
  assert.equal(guard.redactText('call 555-123-4567'), 'call [PHONE]');
  assert.equal(guard.redactText('ssn 219-09-9999'), 'ssn [SSN]');
  assert.equal(guard.redactText('mail maria.garcia@example.com'), 'mail [EMAIL]');
});

test('findings use UTF-16 offsets and carry no value', async () => {
  const guard = await createGuard();
  const text = '😀 é ssn 219-09-9999';
  const { findings } = guard.scan(text);
  assert.equal(findings.length, 1);
  assert.equal(text.slice(findings[0].start, findings[0].end), '219-09-9999');
  assert.equal(findings[0].value, undefined);
  assert.ok(!JSON.stringify(findings).includes('219-09'));
  const local = guard.scan(text, { includeValues: true });
  assert.equal(local.findings[0].value, '219-09-9999');
});

test('JSON keeps its shape; malformed JSON falls back to text', async () => {
  const guard = await createGuard();
  assert.deepEqual(guard.redactValue({ dob: '1962-03-14', n: [1, 2], plan: 'gold' }), { dob: '[DATE]', n: [1, 2], plan: 'gold' });
  const bad = guard.scan('{"ssn": "219-09-9999", ', { format: 'json' });
  assert.equal(bad.format, 'text');
  assert.equal(bad.fallback, 'malformed_json');
  assert.ok(!bad.redacted.includes('219-09-9999'));
});

test('bad config throws a typed error without echoing values', async () => {
  await assert.rejects(createGuard({ operatorz: {} }), (e) => e instanceof PhiGuardError && e.code === 'config' && /did you mean `operators`/.test(e.message) && !/operatorz/.test(e.message));
  await assert.rejects(createGuard({ customPatterns: [{ id: 'x', pattern: '(', type: 'MRN' }] }), (e) => e.code === 'pattern');
  const guard = await createGuard();
  assert.throws(() => guard.scan(42), (e) => e instanceof PhiGuardError && e.code === 'input');
});

test('lone surrogates and NUL bytes are handled', async () => {
  const guard = await createGuard();
  const text = 'a\uD800b\u0000 ssn 219-09-9999 \uDC00';
  const { findings, redacted } = guard.scan(text);
  assert.equal(text.slice(findings[0].start, findings[0].end), '219-09-9999');
  assert.ok(redacted.includes('[SSN]'));
});

test('input of any mix of byte widths reaches the core intact', async () => {
  // Guard.scan writes the UTF-8 into the core in two steps: room for one
  // byte a unit, then, if encodeInto stopped short, room for the rest.
  // Every split of one-, two-, three- and four-byte characters (and lone
  // surrogates, written as U+FFFD) across that boundary must give the same
  // finding at the same UTF-16 offset, and the same text around it.
  const guard = await createGuard();
  const tail = 'ssn 219-09-9999';
  const prefixes = ['', 'a', 'é', '名', '😀', '\uD800', '\uDC00x'];
  for (const n of [1, 2, 3, 7, 1000]) {
    for (const ch of ['é', '名', '😀', '\uD83D', 'a']) {
      prefixes.push(ch.repeat(n), 'a'.repeat(n) + ch, ch + 'a'.repeat(n), (ch + 'ab').repeat(n));
    }
  }
  for (const p of prefixes) {
    const { findings, redacted } = guard.scan(p + tail);
    const where = `prefix of ${p.length} units`;
    assert.deepEqual(findings.map((f) => [f.type, f.start, f.end]), [['SSN', p.length + 4, p.length + tail.length]], where);
    assert.equal(redacted, p.toWellFormed() + 'ssn [SSN]', where);
    assert.equal(guard.redactText(p + 'x'), (p + 'x').toWellFormed(), where);
  }
});

test('a large body, then small ones, scan as they would alone', async () => {
  // Input buffers over 1 MB are released after their scan; smaller ones are
  // reused. Neither may leak bytes of one scan into the next.
  const guard = await createGuard();
  const big = `${'status=ok é '.repeat(120_000)}ssn 219-09-9999`;
  assert.ok(guard.redactText(big).endsWith('ssn [SSN]'));
  for (const text of ['ssn 219-09-99', 'x', '', `${'a'.repeat(5000)} ssn 219-09-9999`, 'ssn']) {
    const fresh = await createGuard();
    assert.deepEqual(guard.scan(text), fresh.scan(text), `${text.length} units`);
  }
  // The same through classify, whose text goes into the same buffer.
  const event = { channel: 'server_log', route: '/api/visits', discoveredAt: '2026-03-01T12:00:00Z', signalId: 'sig-1' };
  assert.equal(guard.classify({ ...event, text: big }).classification.identifierTypes.SSN, 1);
  for (const text of ['ssn 219-09-99', 'x', '', 'ssn 219-09-9999']) {
    const fresh = await createGuard();
    assert.deepEqual(guard.classify({ ...event, text }), fresh.classify({ ...event, text }), `classify, ${text.length} units`);
    assert.deepEqual(guard.scan(text), fresh.scan(text), `scan after classify, ${text.length} units`);
  }
});

test('CLI scan follows the JSON Lines contract, in order', () => {
  const input = [
    JSON.stringify({ text: '219-09-9999 is the ssn' }),
    JSON.stringify({ text: '{"email":"maria@example.com"}', kind: 'json' }),
    'not json',
    JSON.stringify({ text: 'nothing here', kind: 'log' }),
  ].join('\n');
  const lines = execFileSync('node', [bin, 'scan'], { input }).toString().trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 4);
  assert.deepEqual(Object.keys(lines[0].findings[0]), ['start', 'end', 'type', 'score', 'detector', 'reason']);
  assert.deepEqual([lines[0].findings[0].start, lines[0].findings[0].end, lines[0].findings[0].type], [0, 11, 'SSN']);
  assert.equal(lines[0].redacted, '[SSN] is the ssn');
  assert.equal(lines[1].redacted, '{"email":"[EMAIL]"}');
  assert.equal(lines[2].error.code, 'input');
  assert.deepEqual(lines[3], { findings: [], redacted: 'nothing here' });
});

test('CLI redact works line by line', () => {
  const out = execFileSync('node', [bin, 'redact'], { input: 'a 219-09-9999\nb (312) 555-0142\n' }).toString();
  assert.equal(out, 'a [SSN]\nb [PHONE]\n');
});

test('CLI classify: the issue example gives the 60-day individual notice and no PHI', () => {
  const input = JSON.stringify({ text: '{"patientName":"Maria Garcia","ssn":"219-09-9999"}', channel: 'response_body', route: '/api/patients/[id]', discoveredAt: '2026-03-01T12:00:00Z', authenticated: false });
  const raw = execFileSync('node', [bin, 'classify'], { input }).toString();
  const out = JSON.parse(raw);
  assert.equal(out.classification.exposureKind, 'unauthorized_disclosure');
  const ind = out.signal.obligations.find((o) => o.kind === 'individual_notice');
  assert.equal(ind.dueBy, '2026-04-30T12:00:00Z');
  assert.equal(out.signal.schema, 'phi-guard.breach-signal/v1');
  assert.ok(!raw.includes('Garcia') && !raw.includes('219-09-9999'));
});

test('classify rejects unknown keys and raw URLs with a typed error', async () => {
  const guard = await createGuard();
  assert.throws(() => guard.classify({ channel: 'server_log', discoveredAt: '2026-03-01T12:00:00Z', bogus: 1 }), (e) => e.code === 'event');
  assert.throws(() => guard.classify({ channel: 'request_url', route: '/p?ssn=219-09-9999', discoveredAt: '2026-03-01T12:00:00Z' }), (e) => e.code === 'event' && !e.message.includes('219'));
});
