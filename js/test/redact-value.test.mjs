// redactValue and scan on values JSON cannot write and on misuse: a result
// where one makes sense (BigInt, cycles), else a typed PhiGuardError whose
// message and cause hold nothing of the input. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { createGuard, PhiGuardError } from 'phi-guard';

const SSN = '219-09-9999';
const NAME = 'Zoltan Quibble';
const guard = await createGuard();

/** A PhiGuardError of `code` that says nothing of the input, in its message or anything Node prints with it. */
const typed = (code) => (e) => {
  assert.ok(e instanceof PhiGuardError, `a PhiGuardError, not ${e?.name}`);
  assert.equal(e.code, code);
  assert.equal(e.cause, undefined, 'no cause: what the caller\'s code threw may quote the value');
  const printed = inspect(e) + JSON.stringify(e) + e.message;
  for (const phi of [SSN, '219099999', NAME, 'Zoltan']) assert.ok(!printed.includes(phi), `leaked ${phi}`);
  return true;
};

test('redactValue: a BigInt is its decimal string, scanned with its key', () => {
  assert.deepEqual(guard.redactValue({ n: 1n }), { n: '1' });
  assert.deepEqual(guard.redactValue({ ssn: 219099999n, count: 3n, list: [5n] }), { ssn: '[SSN]', count: '3', list: ['5'] });
  assert.equal(guard.redactValue(12n), '12');
});

test('redactValue: a reference back to an ancestor is [Circular]; a shared object is copied', () => {
  const a = { note: `ssn ${SSN}` };
  a.self = a;
  a.list = [a, { up: a }];
  assert.deepEqual(guard.redactValue(a), { note: 'ssn [SSN]', self: '[Circular]', list: ['[Circular]', { up: '[Circular]' }] });
  const shared = { ssn: SSN };
  assert.deepEqual(guard.redactValue({ x: shared, y: [shared, shared] }), { x: { ssn: '[SSN]' }, y: [{ ssn: '[SSN]' }, { ssn: '[SSN]' }] });
  // A cycle through toJSON's result.
  const b = { name: NAME };
  b.me = { toJSON: () => b };
  assert.deepEqual(guard.redactValue(b), { name: '[NAME]', me: '[Circular]' });
});

test('redactValue: a toJSON or getter that throws is a PhiGuardError without its message', () => {
  const cases = [
    { toJSON() { throw new Error(`${NAME} ${SSN}`); } },
    { get ssn() { throw new Error(`${NAME} ${SSN}`); } },
    { deep: { toJSON() { throw new TypeError(SSN); } } },
    { thrower: { toJSON() { throw `${NAME} ${SSN}`; } } }, // a thrown string
  ];
  for (const c of cases) assert.throws(() => guard.redactValue(c), typed('input'));
  // Nested past the engine's stack: typed too.
  let deep = { ssn: SSN };
  for (let i = 0; i < 200_000; i++) deep = { a: deep };
  assert.throws(() => guard.redactValue(deep), typed('input'));
  assert.equal(guard.redactText(`ssn ${SSN}`), 'ssn [SSN]', 'the guard still works');
});

test('classify: a getter that throws is a PhiGuardError without a cause that quotes it', () => {
  const event = { channel: 'server_log', discoveredAt: '2026-03-01T12:00:00Z', get text() { throw new Error(`${NAME} ${SSN}`); } };
  assert.throws(() => guard.classify(event), typed('input'));
});

test('scan: options that are null are no options; others not an object are a typed error', () => {
  assert.equal(guard.scan(`ssn ${SSN}`, null).redacted, 'ssn [SSN]');
  assert.equal(guard.scan(`ssn ${SSN}`, undefined).redacted, 'ssn [SSN]');
  for (const bad of ['json', 42, true]) assert.throws(() => guard.scan(`ssn ${SSN}`, bad), typed('input'));
  assert.throws(() => guard.scan(`ssn ${SSN}`, { get format() { throw new Error(SSN); } }), typed('input'));
  assert.throws(() => guard.scan(`ssn ${SSN}`, { format: 'jsonn' }), typed('input'));
  assert.equal(guard.scan(`ssn ${SSN}`, { includeValues: true }).findings[0].value, SSN, 'includeValues still read');
});
