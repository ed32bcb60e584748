// Writes the seed corpora of the fuzz targets from the labelled corpus
// (tests/corpus/*.jsonl, synthetic PHI only) plus a few hand-written configs.
// A target's directory is seeded once; libFuzzer then adds what it finds.
//
//   node fuzz/seed.mjs            # seeds fuzz/corpus/<target>/ where missing
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpusDir = join(root, 'tests', 'corpus');
const out = join(root, 'fuzz', 'corpus');

const lines = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readFileSync(join(corpusDir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));

/** Which targets get a corpus line, by its `kind`. Every text also seeds the text scanner and classify. */
const byKind = { json: 'scan_json', html: 'scan_html', url: 'scan_url' };

const configs = [
  {},
  { operators: { SSN: 'partialMask', DATE: 'generalize', '*': 'tag' } },
  { operators: { '*': 'mask' }, allow: ['(312) 555-0100'], disableTypes: ['EMAIL'] },
  { operators: { NAME: 'pseudonym' }, pseudonymKey: 'fuzz-pseudonym-key-0123456789' },
  { customPatterns: [{ id: 'acme-mrn', pattern: 'ACME-[0-9]{6}', type: 'MRN', score: 0.8 }] },
  { jsonKeys: { memberRef: 'HEALTH_PLAN_ID', notes: 'ignore' }, flagProviderNpi: true },
  { fingerprintKey: 'fuzz-fingerprint-key-0123456789', stateDeadlineDays: { CO: 30, TX: 45 }, deployment: 'prod', region: 'us-east-1' },
  { disableDetectors: ['email'], operators: { SSN: 'remove' } },
  { operatorz: {} },
  { customPatterns: [{ id: 'x', pattern: '(', type: 'MRN' }] },
  { fingerprintKey: 'short' },
];

// Tables for the csv reader (synthetic values): quoting, delimiters, line ends, a footer, ragged rows.
const tables = [
  'first_name,last_name,dob,mrn\nZoltan,Quibble,1961-03-14,88421337\nYsolde,Pembrook,1970-01-01,88421338\n',
  'name,mrn,dob\r\n"Quibble, Zoltan",88421337,03/14/1961\r\n"Pembrook ""Ys"" Y",88421338,1970-01-01\r\n\r\nTotal: 2 patients,,,\r\n',
  'patient_name\temail\tphone\nZoltan Quibble\tzq@example.com\t(312) 555-0142\n',
  'ssn;note\n219-09-9999;"line one\nline two"\n219-09-9998;ok;extra\n',
  '\ufeffmrn,note\n"88421337,ok\n',
  'id,status\n1,active\n2,inactive\n',
];

const seeds = { scan_text: [], scan_json: [], scan_html: [], scan_url: [], scan_csv: [...tables], classify: [], config: configs.map((c) => JSON.stringify(c)) };
for (const [i, l] of lines.entries()) {
  seeds.scan_text.push(l.text);
  // Text as a table asked for: most is not one, and must fall back to text cleanly.
  if (i % 8 === 0) seeds.scan_csv.push(l.text);
  if (byKind[l.kind]) seeds[byKind[l.kind]].push(l.text);
}
// classify: first byte is the mode (odd = structured event around the text; see fuzz/src/lib.rs).
for (const [i, l] of lines.entries()) if (i % 4 === 0) seeds.classify.push(String.fromCharCode(1 + 2 * (i % 64)) + l.text);
seeds.classify.push('\u0000' + JSON.stringify({ text: 'ssn 219-09-9999', channel: 'response_body', route: '/api/patients/[id]', discoveredAt: '2026-03-01T12:00:00Z', authenticated: false }));
// X12 EDI (synthetic values): an interchange after an ISA header, one with other separators, a fragment without one.
seeds.scan_text.push(
  'ISA*00*          *00*          *ZZ*SUBMITTERID    *ZZ*RECEIVERID     *261123*1200*^*00501*000000001*0*P*:~NM1*IL*1*QUIBBLE*ZOLTAN****MI*W123456789~N3*4417 WEXFORD LN~N4*SPRINGFIELD*IL*62704~DMG*D8*19610314*M~DTP*472*RD8*20261101-20261105~IEA*1*000000001~',
  'ISA|00|          |00|          |ZZ|S              |ZZ|R              |261123|1200|^|00501|000000001|0|P|>\nNM1|QC|1|QUIBBLE|ZED\nREF|SY|219099999\n',
  'clearinghouse response: NM1*IL*1*GARCIA*MARIA*L***MI*W123456789~N3*123 MAIN ST~N4*SPRINGFIELD*IL*62701~',
);

for (const [target, list] of Object.entries(seeds)) {
  const dir = join(out, target);
  if (existsSync(dir) && readdirSync(dir).length > 0) continue;
  mkdirSync(dir, { recursive: true });
  list.forEach((text, i) => writeFileSync(join(dir, `seed-${String(i).padStart(4, '0')}`), text));
  console.error(`[fuzz] seeded ${target} with ${list.length} inputs`);
}

// Inputs that once crashed a target or broke an invariant (fixed since),
// kept in fuzz/regressions/<target>/ as bytes: copied into the target's
// corpus on every run, also into one seeded before, so every run replays them.
const regressions = join(root, 'fuzz', 'regressions');
for (const target of existsSync(regressions) ? readdirSync(regressions) : []) {
  const dir = join(out, target);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(join(regressions, target))) {
    if (!existsSync(join(dir, `regression-${f}`))) writeFileSync(join(dir, `regression-${f}`), readFileSync(join(regressions, target, f)));
  }
}
