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
});

test('a text written as its units scans as the same text encoded as UTF-8', () => {
  for (let seed = 1; seed <= 40; seed++) {
    for (const units of [1024, 1025, 1087, 4096, 20_000]) {
      same(mixed(seed, units), 'text', `seed ${seed}, ${units} units`);
    }
  }
});

test('every format, and the lengths at either end of the range', () => {
  const json = JSON.stringify({ patients: Array.from({ length: 40 }, (_, i) => ({ name: 'José Núñez 中文', ssn: '219-09-9999', note: `visit ${i} 😀 \ud800` })) });
  assert.ok(json.length > 1024);
  same(json, 'json', 'json');
  same(`<table><tr><th>MRN</th><td>H747981</td></tr></table><p>Ana María López 😀</p>`.repeat(30), 'html', 'html');
  same(mixed(7, 3000), 'log', 'log');
  for (const units of [1023, 1024, 256 * 1024, 1_100_000]) same(mixed(units, units), 'text', `${units} units`);
});

test('a shorter text after a longer one is read to its own end', () => {
  // The room a longer text left behind holds its ASCII units past the
  // shorter text's end (its units sit from byte 3,100 to 9,300, its UTF-8
  // before them; the shorter one's end at byte 3,300, an even distance on,
  // so the stale bytes pair up as units; its 1,100 units are not a whole
  // number of 32-unit steps): none of them may be read as part of the
  // shorter text. They hold SSNs, which a scan that read on would find.
  const long = ' ssn 219-09-9999;'.repeat(200).slice(0, 3100);
  const short = PHI.repeat(11).slice(0, 1100);
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

test('classify reads a text written as its units as the one encoded', () => {
  for (let seed = 1; seed <= 8; seed++) {
    const event = { text: mixed(seed, 2000), channel: 'server_log', route: '/api/visits', discoveredAt: '2026-03-01T12:00:00Z' };
    assert.deepEqual(viaUnits.classify(event), viaEncoder.classify(event), `seed ${seed}`);
  }
});
