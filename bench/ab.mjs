// make bench BASELINE=<commit>: the package built from <commit> and the one
// built from the working tree, timed in ONE process, alternating call by
// call, on the same inputs. On a shared machine two separate `make bench`
// runs can differ by 20 to 30%; alternating calls see the same load, so
// their ratio is the figure to quote for "faster than before".
//   node bench/ab.mjs <baseline js/dist dir> <label> <out.json>
// Prints a Markdown section (bench/run.sh appends it to results.md).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [baseDist, label, outFile] = process.argv.slice(2);
const ROOT = new URL('..', import.meta.url).pathname;
const INPUTS = join(ROOT, 'bench/out/inputs');
const base = await import(join(baseDist, 'node.js'));
const head = await import(join(ROOT, 'js/dist/node.js'));
const guards = [await base.createGuard(), await head.createGuard()];

const cases = [
  ['log-1MB.txt', 'text', 15],
  ['json-1MB.json', 'json', 15],
  ['html-1MB.html', 'html', 15],
  ['adversarial-1MB.txt', 'text', 15],
  ['json-100KB.json', 'json', 300],
  ['json-1KB.json', 'json', 3000],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const rows = [];
for (const [file, format, runs] of cases) {
  const text = readFileSync(join(INPUTS, file), 'utf8');
  const times = [[], []];
  // A few untimed calls each first (tier-up, first-use tables).
  for (let r = 0; r < 3; r++) for (const g of guards) g.scan(text, { format });
  for (let r = 0; r < runs; r++) {
    // Alternate which goes first, so neither always runs on a warmer cache.
    const order = r % 2 ? [1, 0] : [0, 1];
    for (const k of order) {
      const t = performance.now();
      guards[k].scan(text, { format });
      times[k].push(performance.now() - t);
    }
  }
  const [b, h] = times.map(median);
  rows.push({ file, format, bytes: Buffer.byteLength(text), runs, baseMs: b, headMs: h, ratio: h / b });
}
writeFileSync(outFile, JSON.stringify({ baseline: label, rows }, null, 2));

const fmt = (ms) => (ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const md = [
  `\n**Against ${label}** (both packages in one process, calls alternating, medians; time ratio < 1 is faster)\n`,
  '| input | runs | baseline ms | now ms | now ÷ baseline |',
  '|---|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.file} | ${r.runs} | ${fmt(r.baseMs)} | ${fmt(r.headMs)} | ${r.ratio.toFixed(2)} |`),
];
process.stdout.write(md.join('\n') + '\n');
