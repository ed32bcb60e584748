// The wasm build classifies text 16, 32 or 64 bytes a step with 128-bit
// SIMD (src/detect/find.rs `Lanes`, whose wasm32 code the Rust tests, run
// natively, never execute): which bytes are letters, digits, capitals,
// bytes from 0x80 and first bytes of a UTF-8 sequence, as a mask a step.
// A byte classified wrongly, in every lane or in some, can show as a
// finding that is missed, or one that comes and goes with where the text
// falls in the steps. These tests put each byte value (every ASCII one and
// the first bytes of 2-, 3- and 4-byte sequences) right before findings
// whose start it decides: at every offset across several steps, asking for
// the same findings at each, and then asking for the answer each class of
// byte should give. (Checks made again byte by byte after a step, as most
// token starts are, can hide a mask carried wrongly from one step into the
// next: the Rust tests test that logic, which both builds share.)
// Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard } from 'phi-guard';

const guard = await createGuard();

/** Every ASCII byte, and chars whose UTF-8 starts with C2, C3, DF, E4, EF and F0. */
const BEFORE = [...Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)), '\u0080', 'é', '\u00ff', '\u07ff', '中', '\uffee', '😀'];

/** Findings whose detection depends on the byte before them: digit-led, a capitalised label, a lowercase token. */
const PROBES = ['219-09-9999 on file', 'DOB: 03/14/1962 noted', 'maria.garcia@example.com wrote'];

/** Each text is this long, so every one is read by the steps of a long text (64 bytes and more). */
const LENGTH = 200;
/** Offsets tried for the byte before the probe: every lane of two 64-byte steps. */
const OFFSETS = 130;

/** The findings of `text` relative to `at`, as comparable strings. */
function relative(text, at) {
  return guard.scan(text, { format: 'text' }).findings.map((f) => `${f.type} ${f.start - at} ${f.end - at}`);
}

test('every byte before a finding is classified the same at every offset of the SIMD steps', () => {
  for (const probe of PROBES) {
    for (const c of BEFORE) {
      // Offset 0 is the text's first byte, which has nothing before it; the
      // others all have a space before `c`, so all should agree.
      let first;
      for (let at = 1; at < OFFSETS; at++) {
        const head = ' '.repeat(at) + c + probe;
        const text = head + ' '.repeat(LENGTH - head.length);
        const got = relative(text, at);
        if (first === undefined) first = got;
        else assert.deepEqual(got, first, `${JSON.stringify(c)} before ${JSON.stringify(probe)} at offset ${at}`);
      }
    }
  }
});

test('the byte before a value or a label is told a letter, a digit, a capital or a byte from 0x80 as it is', () => {
  const findings = (c, probe) => guard.scan(` ${c}${probe}${' '.repeat(100)}`, { format: 'text' }).findings;
  const ascii = (re) => (c) => re.test(c);
  const high = (c) => c.codePointAt(0) > 0x7f;
  const [alnum, capitalOrDigit] = [ascii(/^[A-Za-z0-9]$/), ascii(/^[A-Z0-9]$/)];
  for (const c of BEFORE) {
    const at = JSON.stringify(c);
    // A letter or digit glues a number to a longer token. Signs, dots,
    // slashes and underscores make it part of something else (a signed or
    // decimal number, a path, a key), so no answer is asked for them.
    if (!'+-./_'.includes(c)) assert.equal(findings(c, '219-09-9999 on file').some((f) => f.type === 'SSN'), !alnum(c), `SSN after ${at}`);
    // A label starts a word: not after a capital, a digit or a byte from
    // 0x80, but after a lowercase letter, as camelCase ("patientMRN").
    assert.equal(findings(c, 'MRN 4821937 seen').some((f) => f.type === 'MRN'), !(capitalOrDigit(c) || high(c)), `MRN label after ${at}`);
    // A lowercase label is no word start after any letter or digit.
    assert.equal(findings(c, 'dob 03/14/1962').some((f) => f.reason.includes('label')), !(alnum(c) || high(c)), `dob label after ${at}`);
  }
});
