// The engines compared by `make bench`, each behind the same two calls:
//   redact(text, format) -> work equal to a scan and redaction of `text`
//   find(text, kind)     -> findings [{type, start, end}] in our type names,
//                           UTF-16 offsets, for the accuracy score
// Peers get plain text (they have no format modes); phi-guard gets the format
// hint its users give it.
import { createRequire } from 'node:module';
import { redactBaseline, findBaseline } from './baseline.mjs';

/** Corpus `kind` → phi-guard format (the same rule as tests/score.mjs). */
export const formatOf = (kind) => (kind === 'log' || kind === 'error' ? 'text' : kind);

/**
 * Reads one character of a tool's output (a string, or phi-guard's scan
 * result), inside the timed call. V8 may return a string built by `+` as a
 * rope and copy it flat only when it is first read; every use of redacted
 * text (a response body, a log write) reads it, so that copy is part of
 * the tool's cost. phi-guard splices its redacted text into such a rope
 * (js/src/common/guard.ts), and so does the regex baseline (baseline.mjs).
 * Reading one character costs nothing more once a string is flat.
 */
let readSink = 0;
export function readOutput(out) {
  const s = typeof out === 'string' ? out : out.redacted;
  readSink = (readSink + s.charCodeAt(s.length >> 1)) | 0;
  return readSink;
}

export async function phiGuardEngine() {
  const { createGuard } = await import('../js/dist/node.js');
  const guard = await createGuard();
  return {
    name: 'phi-guard',
    guard,
    redact: (text, format) => guard.scan(text, { format }),
    find: (text, kind) => guard.scan(text, { format: formatOf(kind) }).findings,
  };
}

export function baselineEngine() {
  return {
    name: 'regex baseline',
    redact: (text) => redactBaseline(text),
    find: (text) => findBaseline(text),
    types: ['SSN', 'PHONE', 'EMAIL', 'CREDIT_CARD', 'DATE', 'IP_ADDRESS', 'ZIP_CODE'],
  };
}

/**
 * redact-pii's replacement names → our types. `username` and `digits` have no
 * honest equivalent (a login name is not a secret; "any 4+ digits" is not an
 * identifier type), so their findings count under their own names: they can
 * never be a true positive, which is what they are on our labels.
 */
const REDACT_PII_TYPES = {
  creditCardNumber: 'CREDIT_CARD', streetAddress: 'ADDRESS', zipcode: 'ZIP_CODE', phoneNumber: 'PHONE',
  ipAddress: 'IP_ADDRESS', usSocialSecurityNumber: 'SSN', emailAddress: 'EMAIL', username: 'redact-pii:username',
  password: 'SECRET', credentials: 'SECRET', digits: 'redact-pii:digits', url: 'URL', names: 'NAME',
};

/**
 * redact-pii 3.4.0 (`SyncRedactor`, default built-ins). It only returns
 * redacted text, so for scoring each child redactor's replacement is swapped
 * for a one-character private-use marker (its regexes and their order stay
 * the package's own) and the spans are recovered by aligning the output with
 * the input.
 */
export function redactPiiEngine(dir) {
  const require = createRequire(new URL('./', `file://${dir}/`));
  const { SyncRedactor } = require('redact-pii');
  const plain = new SyncRedactor();
  const marked = new SyncRedactor();
  const names = [...Object.keys(REDACT_PII_TYPES)];
  const markerType = new Map();
  marked.childRedactors.forEach((child, i) => {
    const id = child.regexpMatcher ? names.find((n) => require('redact-pii/lib/built-ins/simple-regexp-patterns')[n] === child.regexpMatcher) : 'names';
    const m = String.fromCharCode(0xe001 + i);
    child.replaceWith = m;
    markerType.set(m, REDACT_PII_TYPES[id] ?? `redact-pii:${id}`);
  });
  const isMarker = (c) => markerType.has(c);
  const find = (text) => {
    const out = marked.redact(text);
    const found = [];
    let o = 0; // position in the original
    for (let j = 0; j < out.length;) {
      if (!isMarker(out[j])) { o++; j++; continue; }
      const types = [];
      while (j < out.length && isMarker(out[j])) types.push(markerType.get(out[j++]));
      let k = j;
      while (k < out.length && !isMarker(out[k])) k++;
      const literal = out.slice(j, k);
      const end = literal ? text.indexOf(literal, o + 1) : (k >= out.length ? text.length : o + 1);
      const e = end < 0 ? text.length : end;
      for (const type of types) found.push({ type, start: o, end: e });
      o = e;
    }
    return found;
  };
  return { name: 'redact-pii', redact: (text) => plain.redact(text), find, types: [...new Set(Object.values(REDACT_PII_TYPES))].filter((t) => !t.includes(':')) };
}
