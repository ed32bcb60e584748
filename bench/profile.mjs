// Where the wasm build's time goes, per pass and per detector (see
// bench/profile.sh, which builds the out-of-line package this reads first).
//   node bench/profile.mjs <out-of-line js/dist> <shipped js/dist> <out.md>
// Prints the Markdown it writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const INPUTS = join(ROOT, 'bench/out/inputs');
const [profiledDist, shippedDist, outFile] = process.argv.slice(2);
if (!outFile) throw new Error('usage: node bench/profile.mjs <out-of-line js/dist> <shipped js/dist> <out.md>');
const CASES = [
  ['log-1MB.txt', 'text'],
  ['html-1MB.html', 'html'],
  ['json-1MB.json', 'json'],
  ['adversarial-1MB.txt', 'text'],
];
/** Seconds of scans sampled per input, after the warm-up. */
const PROFILE_SECONDS = 3;
/** Rounds of the per-detector timing: each round times one scan with every guard. */
const ROUNDS = 25;
/** Functions listed per input; the rest are summed in one row. */
const TOP = 20;
const log = (...a) => console.error('[bench-profile]', ...a);

// The detector ids, from the registry itself (src/detect/mod.rs `REGISTRY`).
const registry = readFileSync(join(ROOT, 'src/detect/mod.rs'), 'utf8');
const DETECTORS = [...registry.slice(registry.indexOf('pub const REGISTRY')).matchAll(/^\s*\("([a-z-]+)", "/gm)].map((m) => m[1]);
if (DETECTORS.length < 10) throw new Error('could not read the detector ids from src/detect/mod.rs REGISTRY');

const load = async (dist) => (await import(resolve(dist, 'node.js'))).createGuard;
const text = (file) => readFileSync(join(INPUTS, file), 'utf8');
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** A function's name as the table shows it: Rust's hash suffix dropped, JS marked. */
function label(frame) {
  const name = frame.functionName || '(anonymous)';
  if (name.includes('::')) return name.replace(/::h[0-9a-f]{16}$/, '').replace(/^core\[[0-9a-f]+\]/, 'core');
  if (name.startsWith('(')) return name;
  return `${name} (JS${frame.url ? `, ${frame.url.split('/').pop()}` : ''})`;
}

/** Self time by function of `scan` called for about PROFILE_SECONDS, from V8's sampling profiler. */
async function selfTimes(scan) {
  for (let i = 0; i < 10; i++) scan();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const until = performance.now() + PROFILE_SECONDS * 1000;
  let scans = 0;
  while (performance.now() < until) {
    scan();
    scans++;
  }
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const byNode = new Map();
  profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byName = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const t = byNode.get(node.id) ?? 0;
    total += t;
    const k = label(node.callFrame);
    byName.set(k, (byName.get(k) ?? 0) + t);
  }
  return { scans, total, rows: [...byName].sort((a, b) => b[1] - a[1]) };
}

const md = [];
const commit = (() => {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  } catch {
    return 'unknown';
  }
})();
md.push(`#### phi-guard wasm time profile — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
md.push(`Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, commit ${commit}. Produced by \`make bench-profile\`.`);

// ------------------------------------------------------------ per pass --
md.push('\n**Per pass** (self time under V8\'s sampling profiler, 100 µs interval, scans of one input for ' + `${PROFILE_SECONDS} s after 10 warm-up scans; the passes kept out of line in a build made for this, so each is a function of its own; JS marks the package's JavaScript; a share is of all samples, idle and GC included)\n`);
{
  const createGuard = await load(profiledDist);
  const guard = await createGuard();
  for (const [file, format] of CASES) {
    const t = text(file);
    const { scans, total, rows } = await selfTimes(() => guard.scan(t, { format }));
    const perScan = (us) => (us / 1000 / scans).toFixed(2);
    md.push(`\n${file} (${format}): ${scans} scans, ${perScan(total)} ms a scan\n`);
    md.push('| function | ms a scan | share |');
    md.push('|---|---:|---:|');
    for (const [name, us] of rows.slice(0, TOP)) md.push(`| \`${name}\` | ${perScan(us)} | ${((100 * us) / total).toFixed(1)}% |`);
    const rest = rows.slice(TOP).reduce((n, [, us]) => n + us, 0);
    md.push(`| ${rows.length - TOP} others | ${perScan(rest)} | ${((100 * rest) / total).toFixed(1)}% |`);
    log(`profiled ${file}`);
  }
}

// -------------------------------------------------------- per detector --
md.push(`\n**Per detector** (the shipped package: a scan with every detector on, against one with that detector off (\`disableDetectors\`), all guards in one process, one scan each in turn for ${ROUNDS} rounds, medians; the difference is what the detector costs with everything else on, its findings' share of propagation and output included; "json-key" and "label" are the context detectors; a negative difference: the scan is slower with the detector off, as what it finds spares other work, such as a JSON value whose key says what it is, which is then not scanned as text)\n`);
{
  const createGuard = await load(shippedDist);
  const guards = [['(all on)', await createGuard()], ...(await Promise.all(DETECTORS.map(async (d) => [d, await createGuard({ disableDetectors: [d] })])))];
  const head = ['| detector off |', '|---|'];
  const rows = guards.map(([name]) => [`| ${name} |`]);
  for (const [file, format] of CASES) {
    const t = text(file);
    const times = guards.map(() => []);
    for (const [, g] of guards) for (let i = 0; i < 3; i++) g.scan(t, { format });
    for (let r = 0; r < ROUNDS; r++) {
      guards.forEach(([, g], k) => {
        const a = performance.now();
        g.scan(t, { format });
        times[k].push(performance.now() - a);
      });
    }
    const all = median(times[0]);
    head[0] += ` ${file} ms | saved |`;
    head[1] += '---:|---:|';
    times.forEach((ts, k) => {
      const m = median(ts);
      rows[k][0] += k === 0 ? ` ${all.toFixed(2)} | |` : ` ${m.toFixed(2)} | ${(all - m).toFixed(2)} (${((100 * (all - m)) / all).toFixed(1)}%) |`;
    });
    log(`timed the detectors on ${file}`);
  }
  md.push(...head, ...rows.map((r) => r[0]));
}

const out = md.join('\n') + '\n';
writeFileSync(outFile, out);
console.log(out);
