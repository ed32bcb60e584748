// make bench BASELINE=<commit>: the package built from <commit> against the
// one built from the working tree, on the same inputs.
//
// Two separate `make bench` runs on a shared machine can differ by 20 to 30%,
// so both packages are timed in the same process, calls alternating. That is
// not enough on its own: two wasm instances of byte-identical code in one
// process have run 5% apart, in every round (where each instance's code and
// memory land). So the comparison runs in AB_PROCS fresh processes (8 by
// default), half loading the baseline first and half the working tree first;
// each process gives one ratio per input (median call against median call),
// and the figure quoted is the median of those ratios, with their range.
//   node bench/ab.mjs <baseline js/dist dir> <label> <out.json>
//   node bench/ab.mjs --child <first: base|head> <baseline js/dist dir>
// Prints a Markdown section (bench/run.sh appends it to results.md).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOutput } from './peers.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const INPUTS = join(ROOT, 'bench/out/inputs');
const MANIFEST = JSON.parse(readFileSync(join(INPUTS, 'manifest.json'), 'utf8'));
const CASES = [
  ['log-1MB.txt', 'text', 15],
  ['json-1MB.json', 'json', 15],
  ['html-1MB.html', 'html', 15],
  ['adversarial-1MB.txt', 'text', 15],
  ['json-100KB.json', 'json', 300],
  ['json-1KB.json', 'json', 3000],
  // A call a line, as a logger wrapper scans (about 1,000 lines a text):
  // what each call costs beyond its bytes.
  ['log-100KB.txt', 'text', 40, 'lines'],
];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

if (process.argv[2] === '--child') {
  const [first, baseDist] = process.argv.slice(3);
  process.stdout.write(JSON.stringify(await child(first, baseDist)));
} else {
  const [baseDist, label, outFile] = process.argv.slice(2);
  parent(baseDist, label, outFile);
}

/** One process: both packages, calls alternating; medians per input. */
async function child(first, baseDist) {
  const dists = { base: baseDist, head: join(ROOT, 'js/dist') };
  const order = first === 'base' ? ['base', 'head'] : ['head', 'base'];
  const guards = {};
  for (const k of order) guards[k] = await (await import(join(dists[k], 'node.js'))).createGuard();
  const rows = [];
  for (const [file, format, runs, lines] of CASES) {
    // The input and its variants, one a round (bench/inputs.mjs: VARIETY).
    const { variants } = MANIFEST.find((m) => m.file.endsWith(`/${file}`));
    const whole = [readFileSync(join(INPUTS, file), 'utf8'), ...(variants ? JSON.parse(readFileSync(join(ROOT, variants), 'utf8')) : [])];
    const texts = lines ? whole.map((t) => t.split('\n')) : whole;
    const times = { base: [], head: [] };
    const scan = lines
      ? (g, text) => { for (const line of text) readOutput(g.scan(line, { format })); }
      : (g, text) => readOutput(g.scan(text, { format }));
    // A few untimed calls each first (tier-up, first-use tables).
    for (let r = 0; r < 3; r++) for (const k of order) scan(guards[k], texts[0]);
    for (let r = 0; r < runs; r++) {
      const text = texts[r % texts.length];
      // Alternate which goes first, so neither always runs on a warmer cache.
      for (const k of r % 2 ? [...order].reverse() : order) {
        const t = performance.now();
        scan(guards[k], text);
        times[k].push(performance.now() - t);
      }
    }
    rows.push({ file: lines ? `${file}, line by line` : file, baseMs: median(times.base), headMs: median(times.head) });
  }
  return rows;
}

function parent(baseDist, label, outFile) {
  const procs = Math.max(2, Number(process.env.AB_PROCS) || 8);
  const runs = [];
  for (let p = 0; p < procs; p++) {
    const first = p % 2 ? 'head' : 'base';
    const out = execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--child', first, baseDist], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    runs.push({ first, rows: JSON.parse(out) });
  }
  const rows = CASES.map(([file, format, calls], i) => {
    const per = runs.map((r) => r.rows[i]);
    const ratios = per.map((r) => r.headMs / r.baseMs);
    return {
      file: per[0].file,
      format,
      bytes: Buffer.byteLength(readFileSync(join(INPUTS, file), 'utf8')),
      calls,
      baseMs: median(per.map((r) => r.baseMs)),
      headMs: median(per.map((r) => r.headMs)),
      ratio: median(ratios),
      ratioMin: Math.min(...ratios),
      ratioMax: Math.max(...ratios),
      ratios,
    };
  });
  writeFileSync(outFile, JSON.stringify({ baseline: label, processes: procs, rows }, null, 2));

  const fmt = (ms) => (ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
  const md = [
    `\n**Against ${label}** (${procs} processes, half loading each package first; in each, both packages are`,
    `timed with calls alternating, and its ratio is median against median. The figure is the median of the`,
    `${procs} ratios, with their range; below 1 is faster)\n`,
    '| input | calls a process | baseline ms | now ms | now ÷ baseline | range |',
    '|---|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.file} | ${r.calls} | ${fmt(r.baseMs)} | ${fmt(r.headMs)} | ${r.ratio.toFixed(2)} | ` +
        `${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)} |`,
    ),
  ];
  process.stdout.write(md.join('\n') + '\n');
}
