// Under Node a text of 1,024 UTF-16 units or more goes into the module as
// its units (Buffer's copy), 16,384 units a chunk, and the core makes each
// chunk's UTF-8 in place after the last one's (src/offsets.rs `FromUtf16`,
// src/wasm.rs `utf16Room` and `fromUtf16`); TextEncoder.encodeInto writes
// the UTF-8 of shorter texts, and of every text in the other runtimes.
// Both must give the core the same text: these tests scan and classify
// the same inputs through a guard of each kind, in one module instance,
// and compare everything they return. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard } from 'phi-guard';
import { WasmGuard, __wbg_reset_state, takeError, wasmMemory } from '../dist/wasm/phi_guard.js';
import { WasmInstance, wasmInstanceFor } from '../dist/common/instance.js';
import { Guard } from '../dist/common/guard.js';

// Every `fromUtf16` call's result, to tell which way each text went in: an
// address for each chunk but the last, then the UTF-8's length.
const NONE = 0xffffffff;
/** Numbers before the findings (src/wasm.rs `HEADER`). */
const HEADER = 12;
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
const nodeInstance = wasmInstanceFor({ WasmGuard, __wbg_reset_state, takeError, wasmMemory });
// The same module instance without it: every text encoded by encodeInto.
const viaEncoder = new Guard(new WasmInstance({ WasmGuard, __wbg_reset_state, takeError, wasmMemory }), undefined);

/**
 * A raw handle (`WasmGuard.create`) whose calls throw the error a failed
 * call leaves for `takeError`, as the package does (common/instance.ts
 * `throwLeft`): a call that fails returns NONE (`classifyInput`,
 * `undefined`) and leaves its error; `fromUtf16`'s NONE for a chunk not
 * made in place leaves none.
 */
function raw(config = '{}') {
  const h = WasmGuard.create(config);
  return new Proxy(h, {
    get(target, key) {
      const v = target[key];
      if (typeof v !== 'function') return v;
      return (...args) => {
        const out = v.apply(target, args);
        if (out === NONE || out === undefined) {
          const e = takeError();
          if (e !== undefined) throw e;
        }
        return out;
      };
    },
  });
}

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
  assert.equal(new WasmInstance({ WasmGuard, __wbg_reset_state, takeError, wasmMemory }).writeUtf16, undefined);
  // Made from its units: a long text with accents and CJK among ASCII, in one chunk.
  const text = mixed(3, 5000);
  assert.deepEqual(wentIn(() => viaUnits.scan(text)), [Buffer.byteLength(text.replace(/\p{Cs}/gu, '\ufffd'))]);
  // CJK first: three bytes a unit from the start, made in place all the same.
  const cjk = '中'.repeat(2000) + PHI;
  assert.deepEqual(wentIn(() => viaUnits.scan(cjk)), [Buffer.byteLength(cjk)]);
  // Past a chunk: three of them (16,384 units each, then the rest), each
  // but the last answered by the address of the next.
  const long = mixed(5, 40_000);
  const chunks = wentIn(() => viaUnits.scan(long));
  assert.equal(chunks.length, 3);
  assert.ok(chunks.every((x) => x !== NONE));
  assert.equal(chunks[2], Buffer.byteLength(long.replace(/\p{Cs}/gu, '\ufffd')));
  // Neither a short text nor the other guard goes that way.
  assert.deepEqual(wentIn(() => viaUnits.scan(PHI)), []);
  assert.deepEqual(wentIn(() => viaEncoder.scan(mixed(3, 5000))), []);
});

test('a chunk never ends inside a surrogate pair', () => {
  // A pair astride each chunk's edge (units 16,383 and 16,384): the chunk
  // ends a unit early, and the emoji stays one char, found in place.
  const before = 'a'.repeat(16_383);
  const text = before + '😀 ' + 'b'.repeat(16_380) + '😀' + PHI;
  // (`same` scans it twice through the guard that writes units.)
  const made = wentIn(() => same(text, 'text', 'pairs astride the edges'));
  assert.equal(made.length, 6);
  assert.equal(made[2], Buffer.byteLength(text));
  assert.equal(made[5], Buffer.byteLength(text));
  // A lone high half right at an edge, followed by a low half's neighbour: still U+FFFD.
  same(before + '\ud800' + 'x' + PHI.repeat(3), 'text', 'a lone high half at an edge');
  same(before + '\udc00' + PHI.repeat(3), 'text', 'a lone low half after an edge');
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
  // shorter text's end. A text of one chunk has its units after a lead as
  // long as itself and up to seven bytes more (so that they start at an
  // address divisible by eight; src/wasm.rs `Chunk`): the long text's
  // 2,016 units sit from about byte 2,016 to 6,048, the short one's 1,100
  // (not a whole number of 32-unit steps) from about 1,100 to 3,300, so
  // the stale bytes after it are the long text's units, about the 642nd
  // on, whichever way they pair up. None of them may be read as part of
  // the shorter text. Every 32 of them hold an SSN, which a scan that
  // read on would find.
  const long = ' ssn 219-09-9999;'.repeat(200).slice(0, 2016);
  const short = PHI.repeat(11).slice(0, 1100);
  for (let i = 600; i + 32 < 1000; i += 4) assert.ok(/219-09-9999/.test(long.slice(i, i + 32)));
  for (const g of [viaUnits, viaEncoder]) g.scan(long);
  same(short, 'text', 'short after long');
  assert.ok(viaUnits.scan(short).findings.every((f) => f.end <= short.length));
});

test('text that is all three-byte chars (the most UTF-8 a unit makes) and all pairs', () => {
  // More three-byte chars than the room made for ASCII: it grows, chunk by chunk.
  same('中'.repeat(50_000) + PHI + '中'.repeat(3000), 'text', 'three bytes a unit');
  // ASCII first, then three bytes a unit.
  same(PHI.repeat(400) + '中'.repeat(60_000) + PHI, 'text', 'ASCII, then three bytes a unit');
  same('😀'.repeat(30_000) + PHI + '\ud83d', 'text', 'pairs and a lone high half at the end');
  same('\udc00' + PHI.repeat(20), 'text', 'a lone low half first');
});

test('a text encoded after one made from units is read without its marks', () => {
  // The first is made from its units, with marks (where each accented char
  // ends); the second, as long in UTF-8, is encoded by encodeInto into the
  // same handle's room (`inputAt`, as the guard does for shorter texts
  // and the other runtimes for all): its findings' offsets must be its
  // own, not looked up in the first text's marks.
  const first = 'é'.repeat(40) + PHI.repeat(30);
  const bytes = (t) => Buffer.byteLength(t, 'utf8');
  let second = '中'.repeat(300) + PHI.repeat(20);
  second += ' '.repeat(bytes(first) - bytes(second));
  assert.equal(bytes(second), bytes(first));
  const h = raw();
  const scanOf = (len) => {
    const n = h.scan(len, 1, false, 0, 0); // 1: 'text'
    const words = new Uint32Array(wasmMemory().buffer, h.numbersAt(), n);
    return Array.from({ length: words[2] }, (_, i) => [words[HEADER + 4 * i + 1], words[HEADER + 4 * i + 2]]);
  };
  const viaRoom = (t) => {
    const at = h.inputAt(0, 3 * t.length);
    return new TextEncoder().encodeInto(t, new Uint8Array(wasmMemory().buffer, at, 3 * t.length)).written;
  };
  const viaChunk = (t) => {
    const at = h.utf16Room(t.length, t.length);
    Buffer.from(wasmMemory().buffer).write(t, at, 2 * t.length, 'utf16le');
    return h.fromUtf16(t.length, 0);
  };
  assert.equal(viaChunk(first), bytes(first));
  const own = scanOf(viaRoom(second));
  assert.ok(own.length > 0);
  assert.deepEqual(own, viaEncoder.scan(second, { format: 'text' }).findings.map((f) => [f.start, f.end]));
  // And the first, made from units, is read with them.
  assert.deepEqual(scanOf(viaChunk(first)), viaEncoder.scan(first, { format: 'text' }).findings.map((f) => [f.start, f.end]));
  h.free();
});

test('a text started after one made from units is read without that one\'s marks', () => {
  // The first text is made from its units, with marks (where each é ends).
  // Then utf16Room starts another and its first chunk's units are written
  // over the first text's leading é's (a chunk of 16 units, its lead 16 to
  // 23 bytes), and the input is scanned as it stands, unfinished: its
  // offsets must be counted over the bytes there, not looked up in the
  // first text's marks, which put the SSN eight units further on.
  const first = 'é'.repeat(40) + PHI.repeat(12);
  const h = raw();
  const at = h.utf16Room(first.length, first.length);
  Buffer.from(wasmMemory().buffer).write(first, at, 2 * first.length, 'utf16le');
  const len = h.fromUtf16(first.length, 0);
  assert.equal(len, Buffer.byteLength(first));
  const over = 'a'.repeat(16);
  const at2 = h.utf16Room(over.length, over.length);
  Buffer.from(wasmMemory().buffer).write(over, at2, 2 * over.length, 'utf16le');
  const n = h.scan(len, 1, false, 0, 0); // 1: 'text'
  const words = new Uint32Array(wasmMemory().buffer, h.numbersAt(), n).slice();
  const got = Array.from({ length: words[2] }, (_, i) => [words[HEADER + 4 * i + 1], words[HEADER + 4 * i + 2]]);
  // What the bytes there say, decoded and scanned the other way.
  const start = h.inputAt(0, 0);
  const there = new TextDecoder().decode(new Uint8Array(wasmMemory().buffer, start, len));
  assert.notEqual(there, first);
  assert.ok(got.length > 0);
  assert.deepEqual(got, viaEncoder.scan(there, { format: 'text' }).findings.map((f) => [f.start, f.end]));
  h.free();
});

test('the chunks must add up to the text they started', () => {
  const h = raw();
  const text = PHI.repeat(20);
  const err = (f) => assert.throws(f, (e) => /PhiGuardError\[input\]/.test(e.message) && !e.message.includes('219-09'));
  err(() => h.fromUtf16(10, 0)); // nothing started
  err(() => h.utf16Room(10, 11)); // a first chunk past the text
  h.utf16Room(text.length, 100);
  err(() => h.fromUtf16(99, text.length - 99)); // not the chunk it made room for
  err(() => h.fromUtf16(100, text.length - 100)); // the failed call ended the text
  h.utf16Room(text.length, 100);
  err(() => h.fromUtf16(100, 0)); // the text's end before its last unit
  h.utf16Room(text.length, 100);
  err(() => h.fromUtf16(100, text.length)); // more units than the text has
  h.free();
});

test('a scan between two chunks ends the text, and sizes past the memory are errors, not traps', () => {
  const h = raw();
  const err = (f) => assert.throws(f, (e) => /PhiGuardError\[input\]/.test(e.message));
  // A large text's room goes with the scan of whatever was there (a room
  // over 1 MB is released after any scan); its next chunk must not be made.
  const units = 600_000;
  const chunk = 'é'.repeat(16_384);
  const at = h.utf16Room(units, chunk.length);
  Buffer.from(wasmMemory().buffer).write(chunk, at, 2 * chunk.length, 'utf16le');
  const next = h.fromUtf16(chunk.length, chunk.length);
  assert.notEqual(next, NONE);
  h.scan(0, 1, true);
  err(() => h.fromUtf16(chunk.length, chunk.length));
  // More than the memory can hold: a typed error, and the handle still works.
  err(() => h.utf16Room(0xffff_fff0, 16_384));
  err(() => h.inputAt(0xffff_fff0, 0xffff_fff0));
  err(() => h.inputAt(0x7fff_0000, 0x7fff_0000));
  // Unwrapped: NONE, and the error left once, for the first takeError.
  const bare = WasmGuard.create('{}');
  assert.equal(takeError(), undefined);
  assert.equal(bare.inputAt(0x7fff_0000, 0x7fff_0000), NONE);
  assert.match(String(takeError()), /^Error: PhiGuardError\[input\]: the input is too large/);
  assert.equal(takeError(), undefined, 'taken');
  bare.free();
  const at2 = h.inputAt(0, 15);
  new TextEncoder().encodeInto('ssn 219-09-9999', new Uint8Array(wasmMemory().buffer, at2, 15));
  assert.ok(h.scan(15, 1, true) > 0);
  h.free();
  // And through the guard: text after all that scans as ever.
  same(mixed(9, 40_000), 'text', 'after the errors');
});

test('any order of the input calls, with any counts up to a few MB, gives typed errors, never a trap', () => {
  // The JS guard calls them in one order; these are the raw handle's calls
  // in seeded random orders, with counts that fit, that do not add up, and
  // that are past the text or the room. (Counts the memory could not hold
  // at all are the test above; ones it can, like 2 GB, it would grow to.)
  const r = random(77);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const count = () => pick([0, 1, 7, 8, 16, 100, 1024, 16_383, 16_384, 16_385, 65_536, 1 << 20, 3_000_000, Math.floor(r() * 50_000)]);
  const event = '{"channel":"server_log","route":"/api/visits","discoveredAt":"2026-03-01T12:00:00Z"}';
  let typed = 0;
  for (let round = 0; round < 6; round++) {
    const h = raw();
    for (let i = 0; i < 200; i++) {
      const op = Math.floor(r() * 6);
      let made;
      try {
        if (op === 0) {
          h.inputAt(count(), count());
        }
        else if (op === 1) h.utf16Room(count(), count());
        else if (op === 2) h.fromUtf16(count(), count());
        else if (op === 3) h.scan(count(), Math.floor(r() * 8), r() < 0.5);
        else if (op === 4) h.classifyInput(event, count());
        else {
          const at = h.utf16Room(PHI.length, PHI.length);
          Buffer.from(wasmMemory().buffer).write(PHI, at, 2 * PHI.length, 'utf16le');
          made = h.fromUtf16(PHI.length, 0);
        }
      } catch (e) {
        assert.ok(!(e instanceof WebAssembly.RuntimeError), `a trap in call ${i} of round ${round}: ${e.message}`);
        assert.match(e.message, /^PhiGuardError\[input\]/);
        typed++;
      }
      // A whole text made between any other calls is made whole.
      if (op === 5) assert.equal(made, PHI.length, `call ${i} of round ${round}`);
    }
    h.free();
  }
  assert.ok(typed > 100, `${typed} typed errors: the orders reach the checks`);
});

test('classify reads a text written as its units as the one encoded', () => {
  for (let seed = 1; seed <= 8; seed++) {
    const event = { text: mixed(seed, 2000), channel: 'server_log', route: '/api/visits', discoveredAt: '2026-03-01T12:00:00Z' };
    assert.deepEqual(viaUnits.classify(event), viaEncoder.classify(event), `seed ${seed}`);
  }
});

test('encodeInto writes each text into a view of its own room, kept only while that room is', () => {
  // The guard keeps the view it encoded the last text into while the
  // room's address, length and memory stay (common/guard.ts `#write`).
  // After a text over 1 MB the core frees its room, and the next text's
  // room can start where that one did, shorter: encoded into the old view,
  // a text of three-byte chars ran past it (a trap, without the view's
  // length in the guard's test of it).
  const big = 'status=ok '.repeat(120_000) + PHI;
  const redacted = 'Patient [NAME], SSN [SSN], MRN [MRN], call [PHONE], mail [EMAIL]; ';
  const tail = 'é'.repeat(900) + '中'.repeat(300) + PHI;
  for (let round = 0; round < 3; round++) {
    assert.ok(viaEncoder.redactText(big, 'text').endsWith(redacted), `round ${round}`);
    assert.ok(viaEncoder.redactText('中'.repeat(1_100_000) + PHI, 'text').endsWith(redacted), `round ${round}`);
    assert.ok(viaEncoder.redactText(big, 'text').endsWith(redacted), `round ${round}`);
    same(tail, 'text', `after the large text, round ${round}`);
    same('ssn 219-09-9999', 'text', `a short text, round ${round}`);
    same(tail + tail, 'text', `a text longer than the kept room, round ${round}`);
    same('é' + PHI, 'text', `a shorter one again, round ${round}`);
  }
});
