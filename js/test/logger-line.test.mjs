// The redacting logger scans a call's primitive arguments as the console
// prints them, one line: a label in one argument gives context to a value in
// another, numbers are scanned, and a format string's placeholders take
// their arguments as util.format does. The output keeps the arguments'
// shape. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { format, inspect } from 'node:util';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createGuard, PhiGuardError } from 'phi-guard';
import { createRedactingLogger, redactConsole } from 'phi-guard/next';
import { __phiGuardArmTrap } from '../dist/wasm/phi_guard.js';
import { emitted } from './support/emit-log.mjs';

const SSN = '219-09-9999';
const BARE_SSN = '219099999';
const MRN = 88421337;
const PHI = [SSN, BARE_SSN, String(MRN), 'Zoltan', 'Quibble'];
const guard = await createGuard();
const WITHHELD = '[phi-guard: redaction failed, value withheld]';

/** What a console prints for `args` (util.format, as Node's console does). */
function printed(args) {
  return format(...args);
}

/** Logs `args` at info through `g` and returns what reached the sink. */
function loggedWith(g, ...args) {
  const calls = [];
  createRedactingLogger({ guard: g, sink: { info: (...a) => calls.push(a) } }).info(...args);
  assert.equal(calls.length, 1);
  emitted('logger-line', calls[0].map((a) => inspect(a, { depth: null })));
  return calls[0];
}

/** Logs `args` and returns what reached the sink, checking that what the console would print holds no PHI. */
function logged(...args) {
  const out = loggedWith(guard, ...args);
  const line = printed(out);
  for (const p of PHI) assert.ok(!line.includes(p), `leaked ${p}: ${line}`);
  assert.ok(!line.includes(WITHHELD), 'nothing withheld');
  assert.equal(out.length, args.length, 'as many arguments as were passed');
  return out;
}

test('a label in one argument gives context to the value in the next', () => {
  // Alone, nine digits are not an SSN; after "SSN:" they are.
  assert.equal(guard.redactText(BARE_SSN), BARE_SSN);
  assert.deepEqual(logged('SSN:', BARE_SSN), ['SSN:', '[SSN]']);
  assert.deepEqual(logged('patient ssn', BARE_SSN, 'found'), ['patient ssn', '[SSN]', 'found']);
  assert.equal(printed(logged('SSN:', BARE_SSN)), 'SSN: [SSN]');
});

test('numbers are scanned with their neighbours; one with nothing found stays a number', () => {
  assert.deepEqual(logged('patient ssn', 219099999), ['patient ssn', '[SSN]']);
  assert.deepEqual(logged('mrn:', MRN), ['mrn:', '[MRN]']);
  assert.deepEqual(logged('mrn:', MRN, 'visits', 12), ['mrn:', '[MRN]', 'visits', 12]);
  assert.deepEqual(logged('patient ssn', 219099999n), ['patient ssn', '[SSN]']);
  // Booleans, null and undefined are printed as words and kept as they are.
  assert.deepEqual(logged('mrn:', MRN, true, null, undefined), ['mrn:', '[MRN]', true, null, undefined]);
});

test('%s, %d, %i and %f take their arguments as util.format does; a number redacted to text is printed with %s', () => {
  assert.deepEqual(logged('SSN: %s', BARE_SSN), ['SSN: %s', '[SSN]']);
  assert.deepEqual(logged('ssn %d', 219099999), ['ssn %s', '[SSN]']);
  assert.deepEqual(logged('ssn %i', 219099999), ['ssn %s', '[SSN]']);
  assert.deepEqual(logged('mrn: %f', MRN), ['mrn: %s', '[MRN]']);
  const out = logged('ssn %d, visits %d, of %s', 219099999, 3, 'ward 4', 'tail');
  assert.deepEqual(out, ['ssn %s, visits %d, of %s', '[SSN]', 3, 'ward 4', 'tail']);
  assert.equal(printed(out), 'ssn [SSN], visits 3, of ward 4 tail');
  // The value in the format string itself, the label in an argument.
  assert.deepEqual(logged('%s: %s', 'SSN', BARE_SSN), ['%s: %s', 'SSN', '[SSN]']);
  // %c takes its argument and prints nothing: the text on both sides is one.
  assert.deepEqual(logged('%cSSN: %s', 'color: red', BARE_SSN), ['%cSSN: %s', 'color: red', '[SSN]']);
});

test('%% stays a literal percent sign, in a format string redacted or not', () => {
  const out = logged('100%% of ssn %s', BARE_SSN, 'done');
  assert.deepEqual(out, ['100%% of ssn %s', '[SSN]', 'done']);
  assert.equal(printed(out), '100% of ssn [SSN] done');
  // A redacted literal is written back with its percent signs doubled:
  // `%%` and a `%x` that takes nothing print as they did.
  const redacted = logged('SSN: 219099999 (100%% %x) %s', 'ok');
  assert.deepEqual(redacted, ['SSN: [SSN] (100%% %%x) %s', 'ok']);
  assert.equal(printed(redacted), 'SSN: [SSN] (100% %x) ok');
  // A placeholder past the last argument prints as written.
  assert.equal(printed(logged('SSN: %s %s', BARE_SSN)), 'SSN: [SSN] %s');
});

test('a value split across arguments leaves no part of it in any of them', () => {
  assert.equal(guard.redactText('Patient Zoltan Quibble'), 'Patient [NAME]');
  assert.deepEqual(logged('Patient', 'Zoltan', 'Quibble'), ['Patient', '[NAME]', '']);
  assert.deepEqual(logged('Patient Zoltan', 'Quibble', 7), ['Patient [NAME]', '', 7]);
  // Across the format string and its argument: the replacement goes in the
  // first piece the value touches, the placeholder stays.
  const out = logged('SSN: 219-09-%s', '9999');
  assert.deepEqual(out, ['SSN: [SSN]%s', '']);
  assert.equal(printed(out), 'SSN: [SSN]');
  // A number whose digits are all in the value becomes empty text, printed with %s.
  assert.deepEqual(logged('ssn 219-09-%d', 9999), ['ssn [SSN]%s', '']);
});

test('objects and Errors between primitives are redacted as before, with keys as context', () => {
  const out = logged('SSN:', { ssn: SSN, plan: 'gold', mrn: MRN }, BARE_SSN);
  assert.deepEqual(out, ['SSN:', { ssn: '[SSN]', plan: 'gold', mrn: '[MRN]' }, '[SSN]']);
  assert.deepEqual(logged('lookup', { ssn: BARE_SSN }, 'mrn:', MRN), ['lookup', { ssn: '[SSN]' }, 'mrn:', '[MRN]']);
  const [label, err, n] = logged('SSN:', new Error(`failed for ${SSN}`), 219099999);
  assert.equal(label, 'SSN:');
  assert.ok(err instanceof Error);
  assert.equal(err.message, 'failed for [SSN]');
  assert.equal(n, '[SSN]');
  // An object under %o keeps its placeholder; the text after it is scanned with the label before.
  assert.deepEqual(logged('SSN: %o %s', { ssn: SSN }, BARE_SSN), ['SSN: %o %s', { ssn: '[SSN]' }, '[SSN]']);
});

test('a scan dense with findings (the core returns the text whole) still maps each finding to its argument', () => {
  const many = `${BARE_SSN} ${Array.from({ length: 1100 }, () => SSN).join(' ')}`;
  const line = `SSN: ${many}`;
  // The core's dense path: src/wasm.rs DENSE_FINDINGS (1,024) and one finding every DENSE_BYTES (64).
  const { findings } = guard.scan(line);
  assert.ok(findings.length >= 1024 && findings.length >= line.length / 64, `dense: ${findings.length} findings`);
  const out = logged('SSN:', many);
  assert.equal(out[0], 'SSN:');
  assert.ok(out[1].startsWith('[SSN] [SSN] '), out[1].slice(0, 30));
  assert.equal(printed(out), guard.redactText(line));
  // A value split across the two, on the dense path too.
  const pieces = guard.redactPieces(['SSN: 219-09-', `9999 ${many}`]);
  assert.equal(pieces[0], 'SSN: [SSN]');
  assert.ok(pieces[1].startsWith(' [SSN] [SSN] '), pieces[1].slice(0, 30));
  assert.equal(pieces.join(''), guard.redactText(`SSN: 219-09-9999 ${many}`));
});

test('lone surrogates are U+FFFD as redactText gives them; a pair split across pieces stays a pair', () => {
  assert.deepEqual(logged('ssn \uD800 SSN:', BARE_SSN, 'tail\uDC00'), ['ssn \uFFFD SSN:', '[SSN]', 'tail\uFFFD']);
  // U+1F600 with its high half in the format string and its low half in the argument.
  const out = logged('note \uD83D%s SSN: %s', '\uDE00', BARE_SSN);
  assert.deepEqual(out, ['note \uD83D%s SSN: %s', '\uDE00', '[SSN]']);
  assert.equal(printed(out), 'note \u{1F600} SSN: [SSN]');
});

test('a guard that fails gives the placeholder for every argument of the line, never the raw value', () => {
  // A real trap in the wasm core: the line's scan is the call that traps.
  __phiGuardArmTrap(false);
  assert.deepEqual(loggedWith(guard, 'SSN:', BARE_SSN, 219099999), [WITHHELD, WITHHELD, WITHHELD]);
  assert.deepEqual(logged('SSN:', BARE_SSN), ['SSN:', '[SSN]'], 'the guard works again after');
  // A failing line scan leaves the objects redacted as they were.
  const broken = {
    redactText: (t, f) => guard.redactText(t, f),
    redactValue: (v) => guard.redactValue(v),
    redactPieces() { throw new PhiGuardError('trap', 'the wasm module trapped (unreachable)'); },
  };
  assert.deepEqual(loggedWith(broken, 'SSN: %s', BARE_SSN, { ssn: SSN }), [WITHHELD, WITHHELD, { ssn: '[SSN]' }]);
});

test('redactConsole scans a console call as one line too', () => {
  const seen = [];
  const orig = console.warn;
  console.warn = (...a) => seen.push(a);
  try {
    const { unpatch } = redactConsole(guard, { methods: ['warn'] });
    try {
      console.warn('SSN: %s', BARE_SSN);
      console.warn('mrn:', MRN);
    } finally {
      unpatch();
    }
  } finally {
    console.warn = orig;
  }
  emitted('console', seen);
  assert.deepEqual(seen, [['SSN: %s', '[SSN]'], ['mrn:', '[MRN]']]);
});

test('redactConsole redacts what console.dir and console.table print, their options passed on', () => {
  const seen = [];
  const orig = { dir: console.dir, table: console.table };
  const dir = (...a) => seen.push(['dir', ...a]);
  console.dir = dir;
  console.table = (...a) => seen.push(['table', ...a]);
  try {
    const { unpatch } = redactConsole(guard);
    try {
      console.dir({ ssn: SSN }, { depth: 0 });
      console.table([{ ssn: SSN, visits: 3 }], ['ssn']);
    } finally {
      unpatch();
    }
    assert.equal(console.dir, dir, 'unpatch puts dir back');
  } finally {
    Object.assign(console, orig);
  }
  emitted('console', seen);
  assert.deepEqual(seen, [['dir', { ssn: '[SSN]' }, { depth: 0 }], ['table', [{ ssn: '[SSN]', visits: 3 }], ['ssn']]]);
});

test('pino: a message and its printf-style values are redacted as the line pino prints, the merging object as before', async () => {
  const { default: pino } = await import('pino');
  const { pinoRedactHooks } = await import('phi-guard/next');
  const { Writable } = await import('node:stream');
  let out = '';
  const dest = new Writable({ write(chunk, _enc, cb) { out += chunk; cb(); } });
  const logger = pino(pinoRedactHooks(guard), dest);
  logger.info(`SSN: %s`, BARE_SSN);
  logger.info('mrn %d, visits %d', MRN, 3);
  logger.info({ patient: { ssn: SSN } }, 'patient ssn %s', BARE_SSN);
  logger.info('no values, SSN: 219-09-9999');
  emitted('pino-line', out);
  const msgs = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(msgs.map((m) => m.msg), ['SSN: [SSN]', 'mrn [MRN], visits 3', 'patient ssn [SSN]', 'no values, SSN: [SSN]']);
  assert.equal(msgs[2].patient.ssn, '[SSN]');
  for (const p of PHI) assert.ok(!out.includes(p), `leaked ${p}`);
});

test('a string argument is still read alone first: a JSON body after a label keeps its JSON rules', () => {
  const body = JSON.stringify({ name: { first: 'Zoltan', last: 'Quibble' } });
  const fhir = JSON.stringify({ resourceType: 'Patient', identifier: [{ system: 'urn:oid:1.2.36.146.595.217.0.1', value: String(MRN) }], name: [{ family: 'Quibble', given: ['Zoltan'] }] });
  assert.equal(printed(logged('response body', body)), 'response body {"name":{"first":"[NAME]","last":"[NAME]"}}');
  assert.equal(printed(logged('fetched patient %s', fhir)), `fetched patient ${guard.redactText(fhir)}`);
});

test('%d, %i and %f are scanned as the number they print, whatever the argument is', () => {
  // Each prints 219099999 after "SSN:".
  for (const [f, a] of [['SSN: %d', '2.19099999e8'], ['SSN: %i', '219099999abc'], ['SSN: %f', '219099999xyz'], ['SSN: %d', [219099999]], ['SSN: %i', 219099999.7]]) {
    assert.equal(format(f, a), 'SSN: 219099999', `${f} ${a}`);
    assert.equal(printed(logged(f, a)), 'SSN: [SSN]', `${f} ${a}`);
  }
  // What prints no PHI prints as it did: the argument is kept under its placeholder.
  const email = 'zq@example.com';
  assert.deepEqual(loggedWith(guard, 'ssn %d', email), ['ssn %d', email]);
  assert.equal(printed(loggedWith(guard, 'ssn %d', email)), 'ssn NaN');
  assert.deepEqual(logged('visits %d, %i, %f', 3, '4', 2.5), ['visits %d, %i, %f', 3, '4', 2.5]);
});

test('a BigInt under %d or %i is scanned as its digits (util.format prints them with an n), so the label applies', () => {
  assert.equal(format('SSN: %d', 219099999n), 'SSN: 219099999n');
  for (const f of ['SSN: %d', 'SSN: %i']) {
    const out = logged(f, 219099999n);
    assert.deepEqual(out, ['SSN: %s', '[SSN]'], f);
    assert.equal(printed(out), 'SSN: [SSN]', f);
  }
  assert.equal(printed(logged('SSN:', 219099999n)), 'SSN: [SSN]');
  // Nothing found: kept a BigInt under its placeholder, printed as before.
  assert.deepEqual(loggedWith(guard, 'visits %d', 3n), ['visits %d', 3n]);
  // redactConsole takes the same path.
  const seen = [];
  const orig = console.info;
  console.info = (...a) => seen.push(a);
  try {
    const { unpatch } = redactConsole(guard, { methods: ['info'] });
    try { console.info('SSN: %i', 219099999n); } finally { unpatch(); }
  } finally {
    console.info = orig;
  }
  emitted('console', seen);
  assert.deepEqual(seen, [['SSN: %s', '[SSN]']]);
});

test('redactConsole: every console method that prints its arguments prints them redacted (dirxml too, which Node binds to the original log)', () => {
  // In a child process, so Node's own console writes to real streams.
  const code = `
    import { createGuard } from 'phi-guard';
    import { redactConsole } from 'phi-guard/next';
    const SSN = ['219', '09', '9999'].join('-');
    const dirxml = console.dirxml;
    const { unpatch } = redactConsole(await createGuard());
    for (const m of ['log', 'info', 'warn', 'error', 'debug', 'dirxml']) console[m](m + ': ssn %s', SSN);
    console.trace('trace: ssn %s', SSN);
    console.dir({ m: 'dir:', ssn: SSN });
    console.table([{ m: 'table:', ssn: SSN }]);
    console.assert(false, 'assert: ssn %s', SSN);
    console.group('group: ssn', SSN);
    console.groupEnd();
    console.groupCollapsed('groupCollapsed: ssn', SSN);
    console.groupEnd();
    console.count('count: ssn ' + SSN);
    console.time('timeLog: ssn ' + SSN);
    console.timeLog('timeLog: ssn ' + SSN, 'ssn', SSN);
    unpatch();
    if (console.dirxml !== dirxml) throw new Error('unpatch leaves dirxml patched');
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' });
  const out = run.stdout + run.stderr;
  emitted('console', out);
  assert.equal(run.status, 0, run.stderr.replace(/\d{3}-\d{2}-\d{4}/g, '#'));
  assert.ok(!out.includes(SSN), 'no SSN printed');
  const lines = out.split('\n');
  for (const m of ['log', 'info', 'warn', 'error', 'debug', 'dirxml', 'trace', 'dir', 'table', 'assert', 'group', 'groupCollapsed', 'count', 'timeLog']) {
    const line = lines.find((l) => l.includes(`${m}:`) || l.includes(`'${m}:'`));
    assert.ok(line !== undefined, `${m} printed`);
    assert.ok(line.includes('[SSN]'), `${m} printed the SSN redacted`);
  }
});

test('%s with an object that has its own toString prints and scans what it returns; pino never throws into the app', async () => {
  const visit = { id: 7, toString() { return `ssn ${SSN}`; } };
  class Visit { toString() { return BARE_SSN; } }
  // The label in the format string applies to the text the object prints.
  assert.deepEqual(logged('SSN: %s', new Visit()), ['SSN: %s', '[SSN]']);
  assert.deepEqual(logged('opened %s', visit), ['opened %s', 'ssn [SSN]']);
  assert.equal(printed(logged('opened %s', visit, 'mrn:', MRN)), guard.redactText(`opened ssn ${SSN} mrn: ${MRN}`));
  // Arrays and plain objects are data under %s, as before.
  assert.deepEqual(logged('ids %s', [{ ssn: SSN }]), ['ids %s', [{ ssn: '[SSN]' }]]);
  const { default: pino } = await import('pino');
  const { pinoRedactHooks } = await import('phi-guard/next');
  const { Writable } = await import('node:stream');
  let out = '';
  const dest = new Writable({ write(chunk, _enc, cb) { out += chunk; cb(); } });
  const logger = pino({ ...pinoRedactHooks(guard), serializers: { bad: () => { throw new Error(`serializer saw ${SSN}`); } } }, dest);
  logger.info('SSN: %s', new Visit());
  logger.info('opened %s', { id: 7, toString() { return `chart, ssn ${SSN}`; } });
  // A toString that throws, and a serializer that throws: a placeholder line, nothing thrown.
  assert.doesNotThrow(() => logger.info('opened %s', { toString() { throw new Error(SSN); } }));
  assert.doesNotThrow(() => logger.info({ bad: 1 }, 'x'));
  emitted('pino-line', out);
  for (const p of PHI) assert.ok(!out.includes(p), `leaked ${p}`);
  const msgs = out.trim().split('\n').map((l) => JSON.parse(l).msg);
  assert.deepEqual(msgs, ['SSN: [SSN]', 'opened chart, ssn [SSN]', WITHHELD, WITHHELD]);
});
