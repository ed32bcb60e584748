#!/usr/bin/env node
// phi-guard command line. Runs the wasm build through the Node entry.
//
//   phi-guard scan      JSON Lines in ({"text", "kind"?}), one result line out per input line
//   phi-guard redact    redacts a log file from stdin to stdout, line by line
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

async function redact(guard) {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const tty = process.stderr.isTTY;
  let n = 0, bytes = 0, last = Date.now();
  const buf = [];
  for await (const line of rl) {
    buf.push(guard.redactText(line, 'auto'), '\n');
    n++; bytes += line.length + 1;
    if (buf.length >= 512) { process.stdout.write(buf.join('')); buf.length = 0; }
    if (tty && Date.now() - last > 250) {
      process.stderr.write(`\rphi-guard: ${n} lines, ${(bytes / 1048576).toFixed(1)} MB`);
      last = Date.now();
    }
  }
  process.stdout.write(buf.join(''));
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

try {
  if (!cmd || cmd === '--help' || cmd === '-h') usage(cmd ? 0 : 1);
  const guard = createGuardSync(await loadConfig());
  if (cmd === 'scan') await scan(guard);
  else if (cmd === 'redact') await redact(guard);
  else if (cmd === 'classify') await classify(guard);
  else usage(1);
} catch (e) { fail(e); }
