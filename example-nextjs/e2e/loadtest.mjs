#!/usr/bin/env node
// Load test of the example app (issue 8): `next start` twice, with the guard
// and without it (PHI_GUARD_DISABLED=1), each driven by autocannon over
// loopback. A benchmark, not a test: it measures and reports; it fails only
// when a request errored (errors must be 0) or a run could not be made.
//
//   make loadtest        (or: cd example-nextjs && node e2e/loadtest.mjs)
//
// Env: LOADTEST_REQUESTS (per run, default 400), LOADTEST_CONNECTIONS (4).
// Runs are a fixed number of requests, not a duration, so every response is
// counted (a timed run cuts off requests the server still answers).
// Runs, per mode: the leaky route unauthenticated, the owner's authenticated
// route, a server-rendered page (/records), and the three in rotation (mix).
// Writes bench/out/loadtest.json and prints a Markdown table.
//
// Signals: with the guard, every leaky response is one unauthorized_disclosure
// signal (scenario 1 of the e2e suite proves one per request), so "generated"
// is the number of leaky 2xx responses; "delivered" is what the collector
// stored, read from its SQLite file after deliveries settle.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, ensureBuild, freePort, startServer } from './lib/app.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const initSqlJs = require('sql.js');

const REQUESTS = Number(process.env.LOADTEST_REQUESTS || 400);
const CONNECTIONS = Number(process.env.LOADTEST_CONNECTIONS || 4);
const LEAKY = '/api/public/patients/p-1001';
const LEAKY_ROUTE = '/api/public/patients/[id]';
const OWNER = '/api/patients/p-1001';
const PAGE = '/records';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function signIn(url) {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    body: new URLSearchParams({ email: 'demo@example.com', password: 'demo-password' }),
    redirect: 'manual',
  });
  const cookie = (res.headers.get('set-cookie') || '').split(';')[0];
  if (!cookie.startsWith('session=')) throw new Error(`sign-in failed (${res.status})`);
  return cookie;
}

function run(url, requests, counters) {
  return new Promise((resolve, reject) => {
    const inst = autocannon({
      url,
      connections: CONNECTIONS,
      amount: REQUESTS,
      // autocannon notices the last response at its next sample, so a
      // run's duration comes in whole samples: 100 ms, not the default
      // second, which made every run of 400 requests last 1, 2 or 3 s.
      sampleInt: 100,
      requests: requests.map((r) => ({
        method: 'GET',
        path: r.path,
        headers: r.headers,
        // Counted per route so the mix knows how many leaky responses it got.
        onResponse: (status) => { if (status >= 200 && status < 300) counters[r.path] = (counters[r.path] ?? 0) + 1; },
      })),
    }, (err, result) => (err ? reject(err) : resolve(result)));
    inst.on('error', reject);
  });
}

/** Stored signals by kind and route, read from the collector's SQLite file. */
async function storedSignals(dbFile) {
  if (!existsSync(dbFile)) return [];
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(dbFile));
  try {
    const res = db.exec('SELECT kind, route, COUNT(*) AS n FROM signals GROUP BY kind, route');
    return res.length ? res[0].values.map(([kind, route, n]) => ({ kind, route, n: Number(n) })) : [];
  } finally {
    db.close();
  }
}

/** Waits until the stored-signal total stops changing for 3 s (at most 60 s). */
async function settledSignals(dbFile) {
  let last = -1, stableSince = Date.now(), rows = [];
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    rows = await storedSignals(dbFile);
    const total = rows.reduce((a, r) => a + r.n, 0);
    if (total !== last) { last = total; stableSince = Date.now(); } else if (Date.now() - stableSince >= 3000) break;
    await sleep(500);
  }
  return rows;
}

async function mode(name, env) {
  const dataDir = mkdtempSync(join(tmpdir(), 'phi-guard-load-db-'));
  const dbFile = join(dataDir, 'signals.db');
  let server;
  try {
    const stopOnSignal = async () => { await server?.stop(); process.exit(130); };
    process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
    server = await startServer({ port: await freePort(), logFile: join(ARTIFACTS, `loadtest-${name}.log`), env: { PHI_GUARD_DB: dbFile, ...env } });
    const cookie = await signIn(server.url);
    const auth = { cookie };
    const routes = { leaky: { path: LEAKY }, owner: { path: OWNER, headers: auth }, page: { path: PAGE, headers: auth } };
    const counters = {};
    // Warm-up: first requests compile routes and load the wasm. Its leaky
    // responses generate signals too, so they are counted.
    for (let i = 0; i < 20; i++) {
      for (const r of Object.values(routes)) {
        const res = await fetch(server.url + r.path, { headers: r.headers });
        await res.arrayBuffer();
        if (res.ok) counters[r.path] = (counters[r.path] ?? 0) + 1;
      }
    }
    const runs = {};
    for (const [label, reqs] of [['leaky', [routes.leaky]], ['owner', [routes.owner]], ['page', [routes.page]], ['mix', Object.values(routes)]]) {
      const before = { ...counters };
      const r = await run(server.url, reqs, counters);
      runs[label] = {
        requests: r.requests.total,
        // Requests over the run's duration, which autocannon rounds up to
        // its next 100 ms sample (above), so this reads up to a tenth low on
        // a one-second run: `requests.average` is a mean of per-sample
        // counts, which with one-second samples only ever read 133, 200 or 400.
        rps: r.requests.total / r.duration,
        p50: r.latency.p50,
        p90: r.latency.p90,
        p99: r.latency.p99,
        errors: r.errors + r.timeouts + r.non2xx + r.resets + r.mismatches,
        detail: { errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, resets: r.resets },
        leakyResponses: (counters[LEAKY] ?? 0) - (before[LEAKY] ?? 0),
      };
      console.log(`  ${name.padEnd(8)} ${label.padEnd(6)} ${runs[label].requests} req, p50 ${runs[label].p50} ms, p99 ${runs[label].p99} ms, errors ${runs[label].errors}`);
    }
    const signals = await settledSignals(dbFile);
    return { runs, signals, leakyResponses: counters[LEAKY] ?? 0 };
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

let exitCode = 0;
try {
  mkdirSync(ARTIFACTS, { recursive: true });
  const build = await ensureBuild();
  console.log(build.rebuilt ? `next build took ${build.seconds.toFixed(0)} s` : '.next is fresh; build skipped');
  console.log(`autocannon: ${CONNECTIONS} connections, ${REQUESTS} requests per run, loopback; ${cpus().length} cores shared by server and load generator`);
  const guarded = await mode('guard', {});
  const baseline = await mode('no-guard', { PHI_GUARD_DISABLED: '1' });

  const delivered = guarded.signals.filter((s) => s.kind === 'unauthorized_disclosure' && s.route === LEAKY_ROUTE).reduce((a, s) => a + s.n, 0);
  const baselineStored = baseline.signals.reduce((a, s) => a + s.n, 0);
  const rows = Object.keys(guarded.runs).map((label) => {
    const g = guarded.runs[label], b = baseline.runs[label];
    return {
      run: label, rpsGuard: g.rps, rpsNone: b.rps, p50Guard: g.p50, p50None: b.p50, p99Guard: g.p99, p99None: b.p99,
      p50Overhead: g.p50 - b.p50, p99Overhead: g.p99 - b.p99, errorsGuard: g.errors, errorsNone: b.errors,
    };
  });
  const report = {
    date: new Date().toISOString(),
    settings: { requestsPerRun: REQUESTS, connections: CONNECTIONS, cores: cpus().length, node: process.version },
    routes: { leaky: LEAKY, owner: OWNER, page: PAGE, mix: 'leaky, owner, page in rotation' },
    rows,
    guard: guarded.runs,
    noGuard: baseline.runs,
    signals: {
      generated: guarded.leakyResponses,
      delivered,
      lost: guarded.leakyResponses - delivered,
      storedByKind: guarded.signals,
      storedWithoutGuard: baselineStored,
    },
  };
  const outDir = join(ROOT, 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'loadtest.json'), JSON.stringify(report, null, 2) + '\n');

  const ms = (v) => `${v} ms`;
  const plus = (v) => `${v >= 0 ? '+' : ''}${v} ms`;
  console.log(`\n| run | req/s guard | req/s none | p50 guard | p50 none | p50 overhead | p99 guard | p99 none | p99 overhead | errors |`);
  console.log(`|---|---|---|---|---|---|---|---|---|---|`);
  for (const r of rows) {
    console.log(`| ${r.run} | ${r.rpsGuard.toFixed(0)} | ${r.rpsNone.toFixed(0)} | ${ms(r.p50Guard)} | ${ms(r.p50None)} | ${plus(r.p50Overhead)} | ${ms(r.p99Guard)} | ${ms(r.p99None)} | ${plus(r.p99Overhead)} | ${r.errorsGuard + r.errorsNone} |`);
  }
  console.log(`\nSignals (guard on): ${report.signals.generated} generated (leaky 2xx responses, warm-up included), ${delivered} delivered to the collector, ${report.signals.lost} lost.`);
  console.log(`Without the guard the collector stored ${baselineStored} signals.`);
  console.log(`JSON: ${join(outDir, 'loadtest.json')}`);
  const errors = rows.reduce((a, r) => a + r.errorsGuard + r.errorsNone, 0);
  if (errors) { console.log(`FAIL: ${errors} requests errored (must be 0); details in the JSON`); exitCode = 1; }
} catch (e) {
  console.error(`loadtest failed: ${e?.message ?? e}`);
  exitCode = 1;
}
process.exit(exitCode);
