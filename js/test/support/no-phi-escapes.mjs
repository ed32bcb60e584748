#!/usr/bin/env node
// Suite-wide "no PHI escapes" check (issues 4 and 8).
//
//   node test/support/no-phi-escapes.mjs                 # run `npm test` collecting, then check
//   node test/support/no-phi-escapes.mjs --check <dir>   # check an existing collection only
//
// The run mode sets PHI_GUARD_EMIT_LOG=<dir> and NODE_OPTIONS=--import
// emit-log.mjs for the whole JS suite (every test process and every CLI it
// spawns), then loads every PHI value of 6+ characters from
// tests/corpus/*.jsonl and fails if any of them appears in anything the suite
// emitted: signals, signed transport payloads, findings, error messages, log
// lines, console and CLI output. It also fails when the collection is missing
// a channel it must have seen (a collector that saw nothing proves nothing).
// Leaks are reported by corpus id, type and channel, never by value.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const jsDir = here('../../');
const corpusDir = here('../../../tests/corpus/');
const MIN_LENGTH = 6;
/** Channels a full suite run must have produced at least once. */
const REQUIRED = ['classify', 'findings', 'error', 'fetch', 'stdout', 'stderr'];

/** Every corpus PHI value of MIN_LENGTH+ characters, raw and percent-decoded. */
export function corpusValues(dir = corpusDir) {
  const values = new Map();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean)) {
      const { id, text, spans } = JSON.parse(line);
      for (const s of spans) {
        const raw = text.slice(s.start, s.end);
        const forms = [raw];
        try { forms.push(decodeURIComponent(raw.replace(/\+/g, ' '))); } catch { /* not encoded */ }
        for (const v of forms) if (v.length >= MIN_LENGTH && !values.has(v)) values.set(v, { id, type: s.type });
      }
    }
  }
  return values;
}

/** Reads a collection directory into one string per file plus a record index. */
function load(dir) {
  const files = [];
  const channels = new Map();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
    const records = [];
    let all = '';
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean)) {
      let rec;
      try { rec = JSON.parse(line); } catch { rec = { channel: 'unparsed', data: line }; }
      records.push({ at: all.length, channel: rec.channel, argv: rec.argv });
      all += String(rec.data) + '\u0000';
      channels.set(rec.channel, (channels.get(rec.channel) ?? 0) + 1);
    }
    files.push({ file: f, all, records });
  }
  return { files, channels };
}

/** Returns the leaks found in `dir` (corpus id, type, channel, file; never the value). */
export function check(dir, values = corpusValues()) {
  const { files, channels } = load(dir);
  const leaks = [];
  for (const { file, all, records } of files) {
    for (const [v, where] of values) {
      let at = all.indexOf(v);
      // An all-digit value counts only as a whole number, not as part of a
      // longer one (test durations such as 302.394834 ms in the reporter).
      if (/^\d+$/.test(v)) {
        const digitish = (c) => c !== undefined && /[\d.]/.test(c);
        while (at >= 0 && (digitish(all[at - 1]) || digitish(all[at + v.length]))) at = all.indexOf(v, at + 1);
      }
      if (at < 0) continue;
      let lo = 0;
      let hi = records.length - 1;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (records[mid].at <= at) lo = mid; else hi = mid - 1; }
      const rec = records[lo];
      leaks.push({ id: where.id, type: where.type, length: v.length, channel: rec.channel, process: rec.argv?.join(' '), file });
    }
  }
  return { leaks, channels, records: files.reduce((n, f) => n + f.records.length, 0) };
}

function report(dir, required) {
  const values = corpusValues();
  const { leaks, channels, records } = check(dir, values);
  const counts = [...channels].map(([c, n]) => `${c} ${n}`).join(', ');
  console.error(`[no-phi] ${values.size} corpus values checked against ${records} emitted records (${counts})`);
  let ok = true;
  for (const c of required) {
    if (!channels.get(c)) { console.error(`[no-phi] FAIL: nothing was collected on channel "${c}": the collector is broken`); ok = false; }
  }
  for (const l of leaks) {
    console.error(`[no-phi] LEAK: corpus ${l.id} ${l.type} value (${l.length} chars) on ${l.channel} in ${l.process ?? '?'} (${l.file})`);
    ok = false;
  }
  if (ok) console.error('[no-phi] ok: no corpus PHI value in anything the suite emitted');
  return ok;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--check');
  if (i >= 0) {
    const dir = process.argv[i + 1];
    const required = process.argv.includes('--no-required') ? [] : REQUIRED;
    process.exit(dir && existsSync(dir) && report(dir, required) ? 0 : 1);
  }
  const dir = join(jsDir, '..', 'test-artifacts', 'emit-log');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = Date.now();
  // The test files only: node --test on the directory would also run test/support/.
  const files = readdirSync(join(jsDir, 'test')).filter((f) => f.endsWith('.test.mjs')).map((f) => join('test', f));
  const run = spawnSync('node', ['--test', '--test-reporter=spec', ...files], {
    cwd: jsDir,
    stdio: 'inherit',
    env: { ...process.env, PHI_GUARD_EMIT_LOG: dir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${here('./emit-log.mjs')}`.trim() },
  });
  console.error(`[no-phi] JS suite: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const t1 = Date.now();
  const ok = report(dir, REQUIRED);
  console.error(`[no-phi] check: ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  process.exit(run.status === 0 && ok ? 0 : 1);
}
