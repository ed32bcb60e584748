// Under Node a text of 1,024 UTF-16 units or more goes into the module as
// its units (Buffer's copy), and the core makes the UTF-8 in place
// (src/offsets.rs `utf8_from_utf16_in_place`, src/wasm.rs `fromUtf16`),
// unless its three-byte chars outrun the room's lead (CJK first), when
// TextEncoder.encodeInto writes the UTF-8, as it does for shorter texts
// and in the other runtimes.
// Both must give the core the same text: these tests scan and classify
// the same inputs through a guard of each kind, in one module instance,
// and compare everything they return. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard } from 'phi-guard';
import { WasmGuard, __wbg_reset_state, wasmMemory } from '../dist/wasm/phi_guard.js';
import { WasmInstance, wasmInstanceFor } from '../dist/common/instance.js';
import { Guard } from '../dist/common/guard.js';

// Every `fromUtf16` call's result, to tell which way each text went in.
const NONE = 0xffffffff;
const madeFromUnits = [];
const fromUtf16 = WasmGuard.prototype.fromUtf16;
WasmGuard.prototype.fromUtf16 = function (...args) {
  const out = fromUtf16.apply(this, args);
  madeFromUnits.push(out);
  return out;
};
/** What `fromUtf16` returned while `f` ran. */
function wentIn(f) {
  madeFromUnits.length = 0;
  f();
  return [...madeFromUnits];
}

const viaUnits = await createGuard();
// The node entry's instance (one per glue module), which has the copy.
const nodeInstance = wasmInstanceFor({ WasmGuard, __wbg_reset_state, wasmMemory });
// The same module instance without it: every text encoded by encodeInto.
const viaEncoder = new Guard(new WasmInstance({ WasmGuard, __wbg_reset_state, wasmMemory }), undefined);

const PHI = 'Patient Maria Garcia, SSN 219-09-9999, MRN H747981, call (312) 555-0142, mail maria.garcia@example.com; ';

/** A seeded generator (mulberry32), so a failure names its text by seed. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A text of about `units` units: ASCII runs (PHI among them) broken by
 * two- and three-byte chars, surrogate pairs and lone halves, at places
 * that fall on and across the core's 32-unit steps.
 */
function mixed(seed, units) {
  const r = random(seed);
  const odd = ['é', 'ß', '\u07ff', '\u0800', '中', '\uffff', '😀', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ud83d\ude00', '\u0080'];
  let s = '';
  while (s.length < units) {
    const k = r();
    if (k < 0.3) s += PHI.slice(0, 1 + Math.floor(r() * PHI.length));
    else if (k < 0.6) s += 'a'.repeat(Math.floor(r() * 70));
    else s += odd[Math.floor(r() * odd.length)];
  }
  return s.slice(0, units);
}

function same(text, format, label) {
  const a = viaUnits.scan(text, { format });
  const b = viaEncoder.scan(text, { format });
  assert.deepEqual(a, b, label);
  assert.equal(viaUnits.redactText(text, format), viaEncoder.redactText(text, format), label);
}

test('the node entry writes a text as its units', () => {
  assert.equal(typeof nodeInstance.writeUtf16, 'function');
  assert.equal(new WasmInstance({ WasmGuard, __wbg_reset_state, wasmMemory }).writeUtf16, undefined);
  // Made from its units: a long text with accents and CJK among ASCII.
  const made = wentIn(() => viaUnits.scan(mixed(3, 5000)));
  assert.equal(made.length, 1);
  assert.notEqual(made[0], NONE);
  // Refused, and encoded after all: CJK first, more than the lead holds.
  assert.deepEqual(wentIn(() => viaUnits.scan('中'.repeat(2000) + PHI)), [NONE]);
  // Neither a short text nor the other guard goes that way.
  assert.deepEqual(wentIn(() => viaUnits.scan(PHI)), []);
  assert.deepEqual(wentIn(() => viaEncoder.scan(mixed(3, 5000))), []);
});

test('a text written as its units scans as the same text encoded as UTF-8', () => {
  for (let seed = 1; seed <= 40; seed++) {
    for (const units of [1024, 1025, 1087, 4096, 20_000]) {
      same(mixed(seed, units), 'text', `seed ${seed}, ${units} units`);
    }
  }
});

test('every format, and lengths around the shortest and past a MB', () => {
  const json = JSON.stringify({ patients: Array.from({ length: 40 }, (_, i) => ({ name: 'José Núñez 中文', ssn: '219-09-9999', note: `visit ${i} 😀 \ud800` })) });
  assert.ok(json.length > 1024);
  same(json, 'json', 'json');
  same(`<table><tr><th>MRN</th><td>H747981</td></tr></table><p>Ana María López 😀</p>`.repeat(30), 'html', 'html');
  same(mixed(7, 3000), 'log', 'log');
  for (const units of [1023, 1024, 256 * 1024, 1_100_000]) same(mixed(units, units), 'text', `${units} units`);
});

test('a shorter text after a longer one is read to its own end', () => {
  // The room a longer text left behind holds its ASCII units past the
  // shorter text's end. With the lead of 64 + units / 16 bytes
  // (common/guard.ts `#write`), the long text's 2,016 units sit from byte
  // 190 to 4,222 and its UTF-8 ends at 2,016; the short one's 1,100 units
  // (not a whole number of 32-unit steps) end at byte 132 + 2,200 =
  // 2,332, an even distance past 190, so the stale bytes after it pair up
  // as the long text's units 1,071 on. None of them may be read as part
  // of the shorter text. They hold SSNs, which a scan that read on would
  // find.
  const long = ' ssn 219-09-9999;'.repeat(200).slice(0, 2016);
  const short = PHI.repeat(11).slice(0, 1100);
  assert.ok(/219-09-9999/.test(long.slice(1071, 1103)));
  for (const g of [viaUnits, viaEncoder]) g.scan(long);
  same(short, 'text', 'short after long');
  assert.ok(viaUnits.scan(short).findings.every((f) => f.end <= short.length));
});

test('text that is all three-byte chars (the most UTF-8 a unit makes) and all pairs', () => {
  // Too many three-byte chars for the lead: encoded by encodeInto after all.
  same('中'.repeat(5000) + PHI + '中'.repeat(3000), 'text', 'three bytes a unit');
  // ASCII first, then more three-byte chars than the lead alone would hold.
  same(PHI.repeat(40) + '中'.repeat(3000) + PHI, 'text', 'ASCII, then three bytes a unit');
  same('😀'.repeat(3000) + PHI + '\ud83d', 'text', 'pairs and a lone high half at the end');
  same('\udc00' + PHI.repeat(20), 'text', 'a lone low half first');
});

test('a refused text of the same UTF-8 length as the last one made from units is read without its marks', () => {
  // The first is made from its units, with marks (where each accented char
  // ends); the second, CJK first, is refused and encoded by encodeInto into
  // the same room, to the same byte length: its findings' offsets must be
  // its own, not looked up in the first text's marks.
  const first = 'é'.repeat(40) + PHI.repeat(30);
  const bytes = (t) => Buffer.byteLength(t, 'utf8');
  let second = '中'.repeat(300) + PHI.repeat(20);
  second += ' '.repeat(bytes(first) - bytes(second));
  assert.equal(bytes(second), bytes(first));
  const [made] = wentIn(() => same(first, 'text', 'first'));
  assert.notEqual(made, NONE);
  assert.deepEqual(wentIn(() => same(second, 'text', 'second')).slice(0, 1), [NONE]);
});

test('classify reads a text written as its units as the one encoded', () => {
  for (let seed = 1; seed <= 8; seed++) {
    const event = { text: mixed(seed, 2000), channel: 'server_log', route: '/api/visits', discoveredAt: '2026-03-01T12:00:00Z' };
    assert.deepEqual(viaUnits.classify(event), viaEncoder.classify(event), `seed ${seed}`);
  }
});
