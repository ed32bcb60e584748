// `phi-guard redact` keeps every byte it does not redact: line endings (LF,
// CRLF, a lone CR, no newline at the end), a BOM, and lines that are not
// valid UTF-8. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/phi-guard.js', import.meta.url));
const redact = (input) => execFileSync('node', [bin, 'redact'], { input: Buffer.from(input, 'latin1'), maxBuffer: 64 << 20 });
/** Bytes from a string of one character a byte (Latin-1), so `\xe9` is the byte 0xe9. */
const bytes = (s) => Buffer.from(s, 'latin1');

// [input, expected output, why]; both one character a byte.
const cases = [
  ['caf\xe9 ssn 219-09-9999\nline2 ok\r\nprogress 10%\rprogress 20%\nend', 'caf\xe9 ssn [SSN]\nline2 ok\r\nprogress 10%\rprogress 20%\nend', 'the audit\'s input: invalid UTF-8, CRLF, a lone CR, no final newline'],
  ['a ssn 219-09-9999\r\nb ssn 219-09-9999\r\n', 'a ssn [SSN]\r\nb ssn [SSN]\r\n', 'CRLF kept on redacted lines'],
  ['no phi here\n', 'no phi here\n', 'a final newline is kept, not doubled'],
  ['\n\n\r\n', '\n\n\r\n', 'empty lines'],
  ['', '', 'empty input'],
  ['\xef\xbb\xbfJos\xc3\xa9 ssn 219-09-9999', '\xef\xbb\xbfJos\xc3\xa9 ssn [SSN]', 'valid UTF-8 with a BOM and no newline: the BOM and the UTF-8 kept'],
  ['\xff\xfe ssn 219-09-9999 \x80\n\xe9t\xe9', '\xff\xfe ssn [SSN] \x80\n\xe9t\xe9', 'invalid bytes around a finding are kept, not U+FFFD'],
  ['\xff Jos\xc3\xa9 ssn 219-09-9999', '\xff Jos\xc3\xa9 ssn [SSN]', 'valid UTF-8 on an invalid line is kept byte for byte'],
  ['ssn 219-09-9999 \xc3', 'ssn [SSN] \xc3', 'a truncated UTF-8 sequence at the end'],
  ['Patient M\xc3\xa1ria Garc\xc3\xada SSN 219-09-9999 \xff\n', 'Patient [NAME] SSN [SSN] \xff\n', 'a UTF-8 name on a line with one stray byte is found, the byte kept'],
  ['Patient M\xe1ria Garc\xeda SSN 219-09-9999\n', 'Patient [NAME] SSN [SSN]\n', 'a Latin-1 line\'s name is still found'],
];

for (const [input, want, why] of cases) {
  test(`redact: ${why}`, () => {
    assert.deepEqual(redact(input), bytes(want));
  });
}

test('redact: a line split across many chunks is one line', () => {
  const line = 'x'.repeat(300_000) + ' ssn 219-09-9999 ' + 'y'.repeat(300_000);
  const out = redact(`${line}\r\n${line}`).toString('latin1');
  assert.equal(out, `${line.replace('219-09-9999', '[SSN]')}\r\n${line.replace('219-09-9999', '[SSN]')}`);
});

test('redact: a reader that stops early ends the command quietly (no EPIPE crash)', () => {
  const out = execFileSync('bash', ['-c', `yes 'a ssn 219-09-9999' | head -200000 | node '${bin}' redact | head -1; echo "status \${PIPESTATUS[2]}"`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(out, 'a ssn [SSN]\nstatus 0\n');
});
