#!/usr/bin/env node
// phi-guard command line. Runs the wasm build through the Node entry.
//
//   phi-guard scan      JSON Lines in ({"text", "kind"?}), one result line out per input line
//   phi-guard redact    redacts a log file from stdin to stdout, line by line; bytes
//                       outside what is redacted (line endings, invalid UTF-8) are kept
//   phi-guard classify  one exposure event (JSON) in, classification + signal out
import { createInterface } from 'node:readline';
import { createGuardSync, PhiGuardError } from '../dist/node.js';

const KINDS = new Set(['log', 'json', 'html', 'url', 'text', 'error', 'auto']);
const [cmd, ...args] = process.argv.slice(2);

function usage(code) {
  process.stderr.write('usage: phi-guard <scan|redact|classify> [--config file.json]\n');
  process.exit(code);
}

async function loadConfig() {
  const i = args.indexOf('--config');
  if (i < 0) return undefined;
  const { readFileSync } = await import('node:fs');
  return JSON.parse(readFileSync(args[i + 1], 'utf8'));
}

function fail(e) {
  const err = e instanceof PhiGuardError ? e : new PhiGuardError('input', 'unexpected failure');
  process.stderr.write(`phi-guard: ${err.code} error: ${err.message}\n`);
  process.exit(2);
}

async function scan(guard) {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const out = [];
  const flush = () => { if (out.length) { process.stdout.write(out.join('')); out.length = 0; } };
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let text, kind;
    try {
      const input = JSON.parse(line);
      text = input?.text;
      kind = input?.kind ?? 'auto';
      if (typeof text !== 'string') throw new PhiGuardError('input', 'each line needs a string "text"');
      if (!KINDS.has(kind)) throw new PhiGuardError('input', `unknown kind (expected log, json, html, url, text or error)`);
    } catch (e) {
      const err = e instanceof PhiGuardError ? e : new PhiGuardError('input', 'line is not valid JSON');
      out.push(JSON.stringify({ error: { code: err.code, message: err.message } }) + '\n');
      continue;
    }
    try {
      const format = kind === 'log' || kind === 'error' ? 'text' : kind;
      const res = guard.scan(text, { format });
      const findings = res.findings.map((f) => ({ start: f.start, end: f.end, type: f.type, score: f.score, detector: f.detector, reason: f.reason }));
      out.push(JSON.stringify({ findings, redacted: res.redacted }) + '\n');
    } catch (e) {
      const err = e instanceof PhiGuardError ? e : new PhiGuardError('input', 'scan failed');
      out.push(JSON.stringify({ error: { code: err.code, message: err.message } }) + '\n');
    }
    if (out.length >= 256) flush();
  }
  flush();
}

const LF = 0x0a;
const CR = 0x0d;
const NEWLINE = Buffer.from('\n');
/** UTF-8 that must be valid (a line that is not is read as Latin-1); a BOM is kept as U+FEFF, so it is written back. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * One line's bytes (without its LF; a CR before the LF is put back after),
 * redacted. A line without findings is returned as it came, byte for byte.
 * A line of valid UTF-8 is scanned as its text and, with findings, written
 * as the redacted text's UTF-8 (the same bytes outside the findings). A
 * line that is not valid UTF-8 is read two ways, each writing every byte
 * outside its findings back as it was: as Latin-1, one character a byte,
 * so nothing is replaced by U+FFFD (a Latin-1 log's `María`, and context
 * across stray bytes), the replacement text written as Latin-1 where it
 * can be (`[SSN]` is ASCII), else as UTF-8; then the result's valid UTF-8
 * runs as UTF-8, the bytes between them copied through (a UTF-8 `María`
 * beside one stray byte).
 */
function redactLine(guard, line) {
  const end = line.length > 0 && line[line.length - 1] === CR ? line.length - 1 : line.length;
  const body = line.subarray(0, end);
  let text;
  try { text = STRICT_UTF8.decode(body); } catch { text = undefined; }
  if (text !== undefined) {
    const out = guard.redactText(text, 'auto');
    return out === text ? line : Buffer.concat([Buffer.from(out, 'utf8'), line.subarray(end)]);
  }
  const latin1 = body.toString('latin1');
  const out = guard.redactText(latin1, 'auto');
  const redacted = redactRuns(guard, out === latin1 ? body : latin1Or8(out));
  return redacted.equals(body) ? line : Buffer.concat([redacted, line.subarray(end)]);
}

/** `bytes` with each run of valid UTF-8 redacted as its text; the bytes that are not UTF-8 kept as they are. */
function redactRuns(guard, bytes) {
  const parts = [];
  let from = 0;
  const run = (to) => {
    if (to === from) return;
    const raw = bytes.subarray(from, to);
    const text = STRICT_UTF8.decode(raw);
    const out = guard.redactText(text, 'auto');
    parts.push(out === text ? raw : Buffer.from(out, 'utf8'));
  };
  for (let i = 0; i < bytes.length;) {
    const n = utf8Length(bytes, i);
    if (n > 0) { i += n; continue; }
    run(i);
    parts.push(bytes.subarray(i, i + 1));
    from = ++i;
  }
  run(bytes.length);
  return Buffer.concat(parts);
}

/** The length of the valid UTF-8 sequence at `bytes[i]` (the Encoding Standard's ranges), or 0. */
function utf8Length(bytes, i) {
  const c = bytes[i];
  if (c < 0x80) return 1;
  const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > bytes.length) return 0;
  for (let k = 1; k < n; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return 0;
  const d = bytes[i + 1];
  if ((c === 0xe0 && d < 0xa0) || (c === 0xed && d > 0x9f) || (c === 0xf0 && d < 0x90) || (c === 0xf4 && d > 0x8f)) return 0;
  return n;
}

/** `text` as bytes: each character up to U+00FF as one byte (Latin-1), any other as its UTF-8. */
function latin1Or8(text) {
  // eslint-disable-next-line no-control-regex
  if (!/[^\u0000-\u00ff]/.test(text)) return Buffer.from(text, 'latin1');
  const parts = [];
  for (const run of text.match(/[\u0000-\u00ff]+|[^\u0000-\u00ff]+/g)) {
    parts.push(Buffer.from(run, run.charCodeAt(0) <= 0xff ? 'latin1' : 'utf8'));
  }
  return Buffer.concat(parts);
}

/**
 * Redacts stdin to stdout a line at a time, keeping every byte the
 * redaction does not replace: lines end where the input has an LF, and
 * CRLF, a lone CR (a progress bar's redraw stays one line) and a last line
 * without a newline come out as they went in. See `redactLine` for lines
 * that are not valid UTF-8.
 */
async function redact(guard) {
  const tty = process.stderr.isTTY;
  let n = 0, bytes = 0, last = Date.now();
  let pending = []; // the current line's bytes so far, across chunks
  let out = [], outBytes = 0;
  const flush = async () => {
    if (out.length === 0) return;
    const chunk = Buffer.concat(out, outBytes);
    out = []; outBytes = 0;
    if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
  };
  const emit = async (line, newline) => {
    const red = redactLine(guard, line);
    out.push(red); outBytes += red.length;
    if (newline) { out.push(NEWLINE); outBytes += 1; }
    n++; bytes += line.length + (newline ? 1 : 0);
    if (out.length >= 512 || outBytes >= 1 << 20) await flush();
    if (tty && Date.now() - last > 250) {
      process.stderr.write(`\rphi-guard: ${n} lines, ${(bytes / 1048576).toFixed(1)} MB`);
      last = Date.now();
    }
  };
  for await (const chunk of process.stdin) {
    let from = 0;
    for (let i = chunk.indexOf(LF); i >= 0; i = chunk.indexOf(LF, from)) {
      pending.push(chunk.subarray(from, i));
      await emit(pending.length === 1 ? pending[0] : Buffer.concat(pending), true);
      pending = [];
      from = i + 1;
    }
    if (from < chunk.length) pending.push(chunk.subarray(from));
  }
  if (pending.length > 0) await emit(Buffer.concat(pending), false);
  await flush();
  if (tty) process.stderr.write(`\rphi-guard: ${n} lines, ${(bytes / 1048576).toFixed(1)} MB, done\n`);
}

async function classify(guard) {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  const { classifyEvent } = await import('../dist/node.js');
  if (typeof classifyEvent !== 'function') throw new PhiGuardError('input', 'classify is not available in this build');
  let event;
  try { event = JSON.parse(Buffer.concat(chunks).toString('utf8')); }
  catch { throw new PhiGuardError('event', 'stdin is not valid JSON'); }
  const res = await classifyEvent(guard, event);
  process.stdout.write(JSON.stringify(res, null, 2) + '\n');
}

// A reader that stops early (`phi-guard redact < big.log | head`) closes the
// pipe: nothing more is wanted, so the command ends quietly.
process.stdout.on('error', (e) => {
  if (e?.code === 'EPIPE') process.exit(0);
  fail(e);
});

try {
  if (!cmd || cmd === '--help' || cmd === '-h') usage(cmd ? 0 : 1);
  const guard = createGuardSync(await loadConfig());
  if (cmd === 'scan') await scan(guard);
  else if (cmd === 'redact') await redact(guard);
  else if (cmd === 'classify') await classify(guard);
  else usage(1);
} catch (e) { fail(e); }
