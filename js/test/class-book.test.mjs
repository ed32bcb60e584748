// The classes (type, score, detector, reason) and tags (`[SSN]`) a wasm
// handle sends JavaScript once for its life, not once a scan (src/wasm.rs
// `Book`), and what the package does when it and the core disagree about
// what it holds. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard, PhiGuardError } from 'phi-guard';
import { WasmGuard, wasmMemory } from '../dist/wasm/phi_guard.js';

/** Numbers before the findings (src/wasm.rs `HEADER`). */
const HEADER = 12;
const BOOK_PIECE = 0x80000000;
const SSN = '219-09-9999';
// Loads the module the raw handles below run in.
await createGuard();

/** The header of a raw scan of `text` (ASCII) holding `known` classes and tags, and its findings' class and piece numbers. */
function rawScan(handle, text, known = [0, 0]) {
  const at = handle.inputAt(0, text.length);
  new TextEncoder().encodeInto(text, new Uint8Array(wasmMemory().buffer, at, text.length));
  const size = handle.scan(text.length, 1, true, known[0], known[1]); // 1: 'text'
  const n = new Uint32Array(wasmMemory().buffer, handle.numbersAt(), size).slice();
  const findings = Array.from({ length: n[2] }, (_, i) => [n[HEADER + 4 * i], n[HEADER + 4 * i + 3]]);
  return { classes: n[3], firstClass: n[9], tags: n[10], firstTag: n[11], tableBytes: n[7], findings, size };
}

test('a handle sends each class and tag once: a scan holding them all has an empty table', () => {
  const h = WasmGuard.create('{}');
  const text = `ssn ${SSN}, call (312) 555-0142`;
  const first = rawScan(h, text);
  assert.deepEqual([first.classes, first.firstClass, first.tags, first.firstTag], [2, 0, 2, 0]);
  assert.ok(first.tableBytes > 0);
  // Classes as ids of the handle, in the order first seen; tags as book ids.
  assert.deepEqual(first.findings.map(([c]) => c), [0, 1]);
  assert.deepEqual(first.findings.map(([, p]) => p - BOOK_PIECE).sort(), [0, 1]);
  const ssnTag = first.findings[0][1] - BOOK_PIECE;
  const again = rawScan(h, text, [2, 2]);
  assert.deepEqual([again.classes, again.firstClass, again.tags, again.firstTag, again.tableBytes], [2, 2, 2, 2, 0]);
  assert.deepEqual(again.findings, first.findings);
  assert.equal(again.size, HEADER + 2 * 4, 'the header and the findings: no class, tag or table entry sent');
  // One class held of two: the second sent again, with its words.
  const part = rawScan(h, text, [1, 2]);
  assert.deepEqual([part.firstClass, part.firstTag], [1, 2]);
  assert.ok(part.tableBytes > 0);
  // A new type adds a class and a tag after the others.
  const more = rawScan(h, `mail maria.garcia@example.com ssn ${SSN}`, [2, 2]);
  assert.deepEqual([more.classes, more.firstClass, more.tags, more.firstTag], [3, 2, 3, 2]);
  assert.deepEqual(more.findings.map(([c, p]) => [c, p - BOOK_PIECE]), [[2, 2], [0, ssnTag]]);
  h.free();
});

test('a scan that finds nothing sends the header alone, and the classes and tags held stay as they are', () => {
  const h = WasmGuard.create('{}');
  const both = rawScan(h, `ssn ${SSN}, call (312) 555-0142`);
  assert.deepEqual([both.classes, both.tags], [2, 2]);
  // Holding one of each: nothing found, nothing sent, the holding kept.
  const clean = rawScan(h, 'GET /health 200 3ms', [1, 1]);
  assert.deepEqual([clean.classes, clean.firstClass, clean.tags, clean.firstTag, clean.tableBytes, clean.size], [1, 1, 1, 1, 0, HEADER]);
  // Holding more than the book: none kept.
  const over = rawScan(h, 'GET /health 200 3ms', [5, 5]);
  assert.deepEqual([over.classes, over.firstClass, over.tags, over.firstTag], [0, 0, 0, 0]);
  // The class and tag not held go with the next scan that finds something.
  const phone = rawScan(h, 'call (312) 555-0142', [1, 1]);
  assert.deepEqual([phone.classes, phone.firstClass, phone.tags, phone.firstTag], [2, 1, 2, 1]);
  assert.deepEqual(phone.findings.map(([c]) => c), [1]);
  // Malformed JSON with nothing found still names its fallback (a table entry).
  const at = h.inputAt(0, 5);
  new TextEncoder().encodeInto('{"a":', new Uint8Array(wasmMemory().buffer, at, 5));
  const size = h.scan(5, 4, true, 2, 2); // 4: 'json'
  const n = new Uint32Array(wasmMemory().buffer, h.numbersAt(), size);
  assert.ok(n[1] !== 0xffffffff && n[7] > 0, 'the fallback is sent');
  h.free();
});

test('holding more than the handle sent counts as holding none: everything is sent from the first', () => {
  const h = WasmGuard.create('{}');
  const fresh = rawScan(h, `ssn ${SSN}`, [5000, 7]);
  assert.deepEqual([fresh.classes, fresh.firstClass, fresh.tags, fresh.firstTag], [1, 0, 1, 0]);
  const over = rawScan(h, `ssn ${SSN}`, [2, 1]);
  assert.deepEqual([over.firstClass, over.firstTag], [0, 1]);
  h.free();
});

test('a handle with more than 1,024 classes empties its book, and the package starts again with it', async () => {
  // 1,100 custom patterns, each its own class (its id is the detector).
  const ids = Array.from({ length: 1100 }, (_, i) => `p${i}`);
  const config = { customPatterns: ids.map((id, i) => ({ id, pattern: `Q${i}Q`, type: 'OTHER_ID' })) };
  const many = ids.map((_, i) => `Q${i}Q`).join(' ');
  const guard = await createGuard(config);
  const h = WasmGuard.create(JSON.stringify(config));
  const all = rawScan(h, many);
  assert.equal(all.classes, 1100);
  // The next scan starts with the book emptied: its classes from 0.
  const after = rawScan(h, `Q7Q ssn ${SSN} Q1099Q`, [1100, 0]);
  assert.deepEqual([after.classes, after.firstClass], [3, 0]);
  h.free();
  // Through the package: the classes it held are dropped, not read for the new ids.
  const detectors = (g, t) => g.scan(t, { format: 'text' }).findings.map((f) => [f.type, f.detector, f.start]);
  assert.equal(guard.scan(many, { format: 'text' }).findings.length, 1100);
  const text = `Q1099Q ssn ${SSN} Q7Q`;
  const want = detectors(await createGuard(config), text);
  assert.deepEqual(want.map(([, d]) => d).sort(), ['p1099', 'p7', 'ssn'].sort());
  assert.deepEqual(detectors(guard, text), want);
  assert.deepEqual(detectors(guard, many).slice(0, 3), detectors(await createGuard(config), many).slice(0, 3));
});

test('a scan lost after the core answered (the instance replaced) leaves the package reading the right classes', async () => {
  const guard = await createGuard();
  const fresh = await createGuard();
  const said = (g, t) => g.scan(t, { format: 'text' }).findings.map((f) => [f.type, f.detector, f.reason, f.score]);
  said(guard, `ssn ${SSN}`);
  // The core sends a new class and tag (EMAIL), and the package fails
  // before it reads them.
  const { numbersAt } = WasmGuard.prototype;
  WasmGuard.prototype.numbersAt = function () {
    throw new Error('lost');
  };
  try {
    assert.throws(() => guard.scan('mail maria.garcia@example.com', { format: 'text' }));
  } finally {
    WasmGuard.prototype.numbersAt = numbersAt;
  }
  for (const t of ['mail maria.garcia@example.com', `ssn ${SSN} and mail maria.garcia@example.com`, 'call (312) 555-0142']) {
    assert.deepEqual(said(guard, t), said(fresh, t));
    assert.equal(guard.scan(t).redacted, fresh.scan(t).redacted);
  }
});

test('scans lost after the book was emptied and filled again do not leave the package reading old ids', async () => {
  // The package holds ten classes. Two scans are lost before they are
  // read: one takes the book past 1,024 classes, the next empties it and
  // fills it with the same ten in the other order. Still holding "ten" of
  // that book, the package would be sent none of them again and read each
  // id as the class it was before. (What saves it: a scan lost to
  // anything but the core's own error replaces the instance, whose new
  // handle starts an empty book, and holding more than the core has
  // counts as holding none.)
  const ids = Array.from({ length: 1100 }, (_, i) => `p${i}`);
  const config = { customPatterns: ids.map((id, i) => ({ id, pattern: `Q${i}Q`, type: 'OTHER_ID' })) };
  const tokens = ids.map((_, i) => `Q${i}Q`);
  const ten = tokens.slice(0, 10);
  const guard = await createGuard(config);
  assert.equal(guard.scan(ten.join(' '), { format: 'text' }).findings.length, 10);
  const { numbersAt } = WasmGuard.prototype;
  WasmGuard.prototype.numbersAt = function () {
    throw new Error('lost');
  };
  try {
    assert.throws(() => guard.scan(tokens.join(' '), { format: 'text' }));
    assert.throws(() => guard.scan([...ten].reverse().join(' '), { format: 'text' }));
  } finally {
    WasmGuard.prototype.numbersAt = numbersAt;
  }
  assert.deepEqual(guard.scan('Q0Q Q5Q Q9Q', { format: 'text' }).findings.map((f) => f.detector), ['p0', 'p5', 'p9']);
});

test('a core that says it sent from further on than the package holds fails the call with a typed error, and the next is right', async () => {
  const { scan } = WasmGuard.prototype;
  // The header says the classes, or the tags, start after those the
  // package holds (it holds none): without the check, the SSN finding's
  // class would name nothing, or `undefined` would be spliced in for its tag.
  for (const [first, total] of [[9, 3], [11, 10]]) {
    const guard = await createGuard();
    WasmGuard.prototype.scan = function (...args) {
      const size = scan.apply(this, args);
      const n = new Uint32Array(wasmMemory().buffer, this.numbersAt(), size);
      n[first] = n[total];
      return size;
    };
    try {
      assert.throws(() => guard.scan(`ssn ${SSN}`), (e) => e instanceof PhiGuardError && e.code === 'trap' && !e.message.includes('219'));
    } finally {
      WasmGuard.prototype.scan = scan;
    }
    const after = guard.scan(`ssn ${SSN}`);
    assert.deepEqual(after.findings.map((f) => [f.type, f.detector]), [['SSN', 'ssn']]);
    assert.equal(after.redacted, 'ssn [SSN]');
  }
});
