#!/usr/bin/env node
// Validator for the phi-guard labelled corpus.
// Usage: node tests/corpus/check.mjs   (exit 1 on any problem)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TYPES, KINDS, luhnValid, ssnValid, ibanValid, abaValid, vinValid, mbiValid, looksLikeMbi, deaValid } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here).filter((f) => f.endsWith('.jsonl')).sort();
const errors = [];
const ids = new Map();
let nLines = 0, nSpans = 0;
const err = (where, msg) => errors.push(`${where}: ${msg}`);

const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;

// Undo URL percent-encoding (possibly nested) and HTML entities so checksums
// are computed on the logical value.
function logical(v) {
  let s = v.replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&').replace(/&quot;/g, '"');
  for (let i = 0; i < 3 && /%[0-9A-Fa-f]{2}/.test(s); i++) {
    try { s = decodeURIComponent(s.replace(/\+/g, ' ')); } catch { break; }
  }
  return s;
}

function checksum(type, value, before, where) {
  const v = logical(value);
  switch (type) {
    case 'CREDIT_CARD': {
      const d = v.replace(/[ -]/g, '');
      if (!/^\d{13,19}$/.test(d)) return err(where, `CREDIT_CARD not 13-19 digits: ${value}`);
      if (!luhnValid(d)) return err(where, `CREDIT_CARD fails Luhn: ${value}`);
      return;
    }
    case 'SSN':
      if (!ssnValid(v)) err(where, `SSN invalid: ${value}`);
      return;
    case 'IBAN':
      if (!ibanValid(v)) err(where, `IBAN fails mod-97/format: ${value}`);
      return;
    case 'BANK_ROUTING':
      if (!abaValid(v)) err(where, `BANK_ROUTING fails ABA checksum: ${value}`);
      return;
    case 'VEHICLE_ID':
      if (v.length === 17 && !vinValid(v)) err(where, `VIN invalid check digit/charset: ${value}`);
      return;
    case 'HEALTH_PLAN_ID':
      if (looksLikeMbi(v) && !mbiValid(v)) err(where, `MBI violates character-class rules: ${value}`);
      return;
    case 'LICENSE_NUMBER':
      if (/\bdea/i.test(before.slice(-40)) && !deaValid(v)) err(where, `DEA number fails check digit: ${value}`);
      return;
    default:
  }
}

for (const file of files) {
  const raw = readFileSync(join(here, file), 'utf8');
  if (!raw.endsWith('\n')) err(file, 'missing trailing newline');
  const lines = raw.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    nLines++;
    let o;
    try { o = JSON.parse(line); } catch (e) { return err(where, `malformed JSON: ${e.message}`); }
    const keys = Object.keys(o).join(',');
    if (keys !== 'id,kind,text,spans,reason') err(where, `unexpected keys/order: ${keys}`);
    if (typeof o.id !== 'string' || !/^[a-z]+-\d{4}$/.test(o.id)) err(where, `bad id ${o.id}`);
    if (ids.has(o.id)) err(where, `duplicate id ${o.id} (first at ${ids.get(o.id)})`); else ids.set(o.id, where);
    if (!KINDS.includes(o.kind)) err(where, `unknown kind ${o.kind}`);
    if (typeof o.text !== 'string' || !o.text.length) return err(where, 'text must be a non-empty string');
    if (typeof o.reason !== 'string' || !o.reason.trim() || o.reason.includes('\n')) err(where, 'reason must be one non-empty line');
    if (!Array.isArray(o.spans)) return err(where, 'spans must be an array');
    if (file === 'negatives.jsonl' && o.spans.length) err(where, 'hard negatives must have no spans');
    if (o.kind === 'json') { try { JSON.parse(o.text); } catch (e) { err(where, `kind json but text is not valid JSON: ${e.message}`); } }
    const t = o.text;
    const sorted = [];
    o.spans.forEach((s, j) => {
      const w = `${where} span#${j}`;
      nSpans++;
      if (!s || typeof s !== 'object' || Object.keys(s).join(',') !== 'start,end,type') return err(w, `span must be {start,end,type}: ${JSON.stringify(s)}`);
      if (!Number.isInteger(s.start) || !Number.isInteger(s.end)) return err(w, 'start/end must be integers');
      if (s.start < 0 || s.end > t.length || s.start >= s.end) return err(w, `out of range [${s.start},${s.end}) len=${t.length}`);
      if (!TYPES.includes(s.type)) err(w, `unknown type ${s.type}`);
      if (s.start > 0 && isHigh(t.charCodeAt(s.start - 1)) && isLow(t.charCodeAt(s.start))) err(w, 'start splits a surrogate pair');
      if (s.end < t.length && isHigh(t.charCodeAt(s.end - 1)) && isLow(t.charCodeAt(s.end))) err(w, 'end splits a surrogate pair');
      const val = t.slice(s.start, s.end);
      if (val !== val.trim()) err(w, `span has leading/trailing whitespace: ${JSON.stringify(val)}`);
      checksum(s.type, val, t.slice(0, s.start), w);
      sorted.push(s);
    });
    sorted.sort((a, b) => a.start - b.start || a.end - b.end);
    for (let k = 1; k < sorted.length; k++) {
      if (sorted[k].start < sorted[k - 1].end) err(where, `overlapping spans [${sorted[k - 1].start},${sorted[k - 1].end}) and [${sorted[k].start},${sorted[k].end})`);
    }
  });
}

if (errors.length) {
  console.error(errors.slice(0, 200).join('\n'));
  console.error(`\nFAIL: ${errors.length} problem(s) in ${files.length} files`);
  process.exit(1);
}
console.log(`OK: ${files.length} files, ${nLines} lines, ${nSpans} spans`);
