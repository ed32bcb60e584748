#!/usr/bin/env node
// Accuracy on the labelled corpus (tests/corpus/*.jsonl): per-type span
// recall and precision, through the built wasm package.
//
// A gold span is recalled when a finding of the same type overlaps it. A
// finding is correct when it overlaps a gold span of the same type. URL
// findings that contain other gold spans count as correct (the URL is
// redacted whole).
//
//   node tests/score.mjs [--json out.json] [--misses N] [--family logs]
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (k) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
const dir = fileURLToPath(new URL('./corpus/', import.meta.url));

export function loadCorpus(family) {
  const cases = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    if (family && !f.startsWith(family)) continue;
    for (const line of readFileSync(dir + f, 'utf8').split('\n')) if (line.trim()) cases.push({ family: f.replace('.jsonl', ''), ...JSON.parse(line) });
  }
  return cases;
}

const STRUCTURED = ['SSN', 'EMAIL', 'PHONE', 'FAX', 'CREDIT_CARD', 'IBAN', 'BANK_ROUTING', 'IP_ADDRESS', 'VEHICLE_ID', 'HEALTH_PLAN_ID', 'MRN', 'ACCOUNT_NUMBER', 'LICENSE_NUMBER', 'DEVICE_ID', 'BIOMETRIC_ID', 'OTHER_ID', 'ZIP_CODE', 'AGE', 'URL', 'SECRET'];
const overlaps = (a, b) => a.start < b.end && b.start < a.end;

/** Scores `detect(text, kind) -> [{type,start,end}]` on the corpus. */
export function score(cases, detect) {
  const per = {};
  const row = (t) => (per[t] ??= { tp: 0, fn: 0, fp: 0, ptp: 0 });
  const misses = [];
  for (const c of cases) {
    const found = detect(c.text, c.kind);
    for (const g of c.spans) {
      const hit = found.some((f) => f.type === g.type && overlaps(f, g));
      row(g.type)[hit ? 'tp' : 'fn']++;
      if (!hit) misses.push({ id: c.id, kind: 'miss', type: g.type, value: c.text.slice(g.start, g.end), ctx: c.text.slice(Math.max(0, g.start - 40), g.end + 20) });
    }
    for (const f of found) {
      const ok = c.spans.some((g) => overlaps(f, g) && (g.type === f.type || f.type === 'URL'));
      row(f.type)[ok ? 'ptp' : 'fp']++;
      if (!ok) misses.push({ id: c.id, kind: 'false-positive', type: f.type, value: c.text.slice(f.start, f.end), ctx: c.text.slice(Math.max(0, f.start - 40), f.end + 20) });
    }
  }
  const table = Object.entries(per).sort().map(([type, r]) => ({
    type, gold: r.tp + r.fn, recall: r.tp + r.fn ? r.tp / (r.tp + r.fn) : null,
    found: r.ptp + r.fp, precision: r.ptp + r.fp ? r.ptp / (r.ptp + r.fp) : null,
  }));
  const agg = (types) => {
    const rs = Object.entries(per).filter(([t]) => types.includes(t)).map(([, r]) => r);
    const s = (k) => rs.reduce((a, r) => a + r[k], 0);
    return { recall: s('tp') / Math.max(1, s('tp') + s('fn')), precision: s('ptp') / Math.max(1, s('ptp') + s('fp')) };
  };
  return {
    table, misses,
    structured: agg(STRUCTURED),
    namesAddressesDates: agg(['NAME', 'ADDRESS', 'DATE']),
    overall: agg(Object.keys(per)),
  };
}

const pct = (x) => (x == null ? '  -   ' : (x * 100).toFixed(1).padStart(5) + '%');

if (import.meta.url === `file://${process.argv[1]}`) {
  const { createGuardSync } = await import('../js/dist/node.js');
  const guard = createGuardSync();
  const cases = loadCorpus(opt('--family'));
  const t0 = performance.now();
  const res = score(cases, (text, kind) => guard.scan(text, { format: kind === 'log' || kind === 'error' ? 'text' : kind }).findings);
  const ms = performance.now() - t0;
  console.log(`phi-guard accuracy on ${cases.length} corpus lines (${ms.toFixed(0)} ms)\n`);
  console.log('| type | gold spans | recall | findings | precision |\n|---|---:|---:|---:|---:|');
  for (const r of res.table) console.log(`| ${r.type} | ${r.gold} | ${pct(r.recall)} | ${r.found} | ${pct(r.precision)} |`);
  console.log(`| **structured identifiers** | | ${pct(res.structured.recall)} | | ${pct(res.structured.precision)} |`);
  console.log(`| **names, addresses, dates** | | ${pct(res.namesAddressesDates.recall)} | | ${pct(res.namesAddressesDates.precision)} |`);
  console.log(`| **all** | | ${pct(res.overall.recall)} | | ${pct(res.overall.precision)} |`);
  const n = Number(opt('--misses') ?? 0);
  if (n) for (const m of res.misses.slice(0, n)) console.log(JSON.stringify(m));
  if (opt('--json')) writeFileSync(opt('--json'), JSON.stringify({ date: new Date().toISOString(), lines: cases.length, ...res, misses: undefined }, null, 2));
}
