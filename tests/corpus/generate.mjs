#!/usr/bin/env node
// Deterministic generator for the phi-guard labelled accuracy corpus.
// Usage: node tests/corpus/generate.mjs
// Writes tests/corpus/<family>.jsonl (byte-identical on every run) and prints
// per-family and per-type count tables (pasted into README.md).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { finalize, TYPES } from './lib.mjs';
import { seed, shuffle } from './values.mjs';
import { logs, json, html } from './families1.mjs';
import { urls, errors, clinical, requests } from './families2.mjs';
import { negatives } from './negatives.mjs';
import { formsAndDb } from './families3.mjs';
import { claimsAndFeeds } from './families4.mjs';
import { telemetryAndMessages } from './families5.mjs';
import { documentsAndExports } from './families6.mjs';

const here = dirname(fileURLToPath(import.meta.url));

const FAMILIES = [
  { file: 'logs', prefix: 'log', kind: 'log', n: 300, seed: 101, templates: logs },
  { file: 'json', prefix: 'json', kind: 'json', n: 300, seed: 202, templates: json },
  { file: 'html', prefix: 'html', kind: 'html', n: 200, seed: 303, templates: html },
  { file: 'urls', prefix: 'url', kind: 'url', n: 150, seed: 404, templates: urls },
  { file: 'errors', prefix: 'err', kind: 'error', n: 150, seed: 505, templates: errors },
  { file: 'clinical', prefix: 'clin', kind: 'text', n: 250, seed: 606, templates: clinical },
  { file: 'negatives', prefix: 'neg', kind: null, n: 330, seed: 707, templates: negatives },
  { file: 'requests', prefix: 'req', kind: 'log', n: 40, seed: 808, templates: requests },
  // kind: each template of this family names its own kind (log, error, json, url, text)
  { file: 'forms-and-db', prefix: 'fdb', kind: 'log', n: 220, seed: 909, templates: formsAndDb },
  // kind: each template names its own kind (text, log, json, error)
  { file: 'claims-and-feeds', prefix: 'cf', kind: 'text', n: 230, seed: 1010, templates: claimsAndFeeds },
  // kind: each template names its own kind (log, error, json, url, text, html)
  { file: 'telemetry-and-messages', prefix: 'tm', kind: 'text', n: 240, seed: 1111, templates: telemetryAndMessages },
  // kind: each template names its own kind (text, log, json, error)
  { file: 'documents-and-exports', prefix: 'de', kind: 'text', n: 240, seed: 1212, templates: documentsAndExports },
];

const summary = [];
const typeTotals = Object.fromEntries(TYPES.map((t) => [t, 0]));
const perFamilyType = {};

for (const fam of FAMILIES) {
  seed(fam.seed);
  const seen = new Set();
  const lines = [];
  let order = [];
  let tries = 0;
  let neg = 0;
  const ft = (perFamilyType[fam.file] = {});
  while (lines.length < fam.n) {
    if (!order.length) order = shuffle(fam.templates.map((_, i) => i));
    const tIdx = order.shift();
    const r = fam.templates[tIdx]();
    let rec;
    if (fam.kind === null) {
      rec = { kind: r.kind, text: r.text, spans: [], reason: r.reason };
    } else {
      const { text, spans } = finalize(r.f);
      rec = { kind: r.kind ?? fam.kind, text, spans, reason: r.reason };
    }
    if (seen.has(rec.text)) { if (++tries > 5000) throw new Error(`${fam.file}: too many duplicates`); continue; }
    seen.add(rec.text);
    const id = `${fam.prefix}-${String(lines.length + 1).padStart(4, '0')}`;
    lines.push(JSON.stringify({ id, kind: rec.kind, text: rec.text, spans: rec.spans, reason: rec.reason }));
    if (!rec.spans.length) neg++;
    for (const s of rec.spans) { typeTotals[s.type]++; ft[s.type] = (ft[s.type] || 0) + 1; }
  }
  writeFileSync(join(here, `${fam.file}.jsonl`), lines.join('\n') + '\n');
  const nSpans = Object.values(ft).reduce((a, b) => a + b, 0);
  summary.push({ family: `${fam.file}.jsonl`, lines: lines.length, templates: fam.templates.length, clean: neg, spans: nSpans });
}

const total = summary.reduce((a, s) => a + s.lines, 0);
let out = '| family | lines | templates | lines with no PHI | spans |\n|---|---:|---:|---:|---:|\n';
for (const s of summary) out += `| ${s.family} | ${s.lines} | ${s.templates} | ${s.clean} | ${s.spans} |\n`;
out += `| **total** | **${total}** | | **${summary.reduce((a, s) => a + s.clean, 0)}** | **${summary.reduce((a, s) => a + s.spans, 0)}** |\n\n`;
const fams = FAMILIES.map((f) => f.file).filter((f) => f !== 'negatives');
out += `| type | total | ${fams.join(' | ')} |\n|---|---:|${fams.map(() => '---:').join('|')}|\n`;
for (const t of TYPES) out += `| ${t} | ${typeTotals[t]} | ${fams.map((f) => perFamilyType[f][t] || 0).join(' | ')} |\n`;
process.stdout.write(out);
