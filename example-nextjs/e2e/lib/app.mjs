// Building and running the example app for the end-to-end suite and the
// load test: `next build` once (skipped while .next is newer than every
// source), `next start` on a free loopback port with its own SQLite file,
// stdout+stderr captured to a log file, and a stop that always kills the
// whole process group.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ROOT = join(APP, '..');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
/** The build folder: `.next`, or NEXT_DIST_DIR (next.config.ts honours it) to test one build while another is served. */
export const DIST = join(APP, process.env.NEXT_DIST_DIR || '.next');
const NEXT_BIN = join(APP, 'node_modules', 'next', 'dist', 'bin', 'next');
// The build's own output, kept beside the build it describes: a skipped
// build still has its log checked for dynamic-code warnings.
const BUILD_LOG = join(DIST, 'phi-guard-e2e-build.log');

/** Newest mtime of `path` or of any file below it (0 if absent). */
function newest(path) {
  if (!existsSync(path)) return 0;
  if (!statSync(path).isDirectory()) return statSync(path).mtimeMs;
  return Math.max(0, ...readdirSync(path, { recursive: true }).map((f) => statSync(join(path, f)).mtimeMs));
}

function sourcesTime() {
  const own = ['app', 'lib', 'public', 'middleware.ts', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'next.config.mjs',
    'package.json', 'package-lock.json', 'tsconfig.json'].map((p) => newest(join(APP, p)));
  return Math.max(...own, newest(join(ROOT, 'js', 'dist')));
}

/** Runs a command to completion, output appended to `logFile` and kept in memory. */
function runLogged(cmd, args, { env, logFile }) {
  return new Promise((resolve) => {
    const log = createWriteStream(logFile);
    const chunks = [];
    const child = spawn(cmd, args, { cwd: APP, env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const s of [child.stdout, child.stderr]) s.on('data', (d) => { chunks.push(d); log.write(d); });
    child.on('close', (code, signal) => log.end(() => resolve({ code, signal, output: Buffer.concat(chunks).toString('utf8') })));
  });
}

/**
 * `next build` unless .next is fresh. Returns the build output (this run's or
 * the one saved with the build) and whether it was rebuilt.
 *
 * @example
 * const { output, rebuilt } = await ensureBuild();
 */
export async function ensureBuild({ force = false } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const buildId = join(DIST, 'BUILD_ID');
  const fresh = !force && existsSync(buildId) && existsSync(BUILD_LOG)
    && statSync(BUILD_LOG).mtimeMs >= statSync(buildId).mtimeMs // the log belongs to this build
    && statSync(buildId).mtimeMs >= sourcesTime();
  if (fresh) {
    const output = readFileSync(BUILD_LOG, 'utf8');
    writeFileSync(join(ARTIFACTS, 'build.log'), output);
    return { output, rebuilt: false, seconds: 0 };
  }
  const t0 = Date.now();
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  // The secrets are NOT set here: the build sees what a customer's CI sees,
  // and the static check below looks for the server's default values.
  delete env.PHI_GUARD_SIGNING_SECRET;
  delete env.PHI_GUARD_FINGERPRINT_KEY;
  const r = await runLogged(process.execPath, [NEXT_BIN, 'build'], { env, logFile: join(ARTIFACTS, 'build.log') });
  if (r.code !== 0) throw new Error(`next build failed (exit ${r.code ?? r.signal}); see test-artifacts/build.log`);
  writeFileSync(BUILD_LOG, r.output);
  return { output: r.output, rebuilt: true, seconds: (Date.now() - t0) / 1000 };
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `next start` on 127.0.0.1:`port` in its own process group.
 * Resolves once `/login` answers; rejects (after killing it) if the server
 * exits or does not answer within `timeoutMs`.
 *
 * @example
 * const server = await startServer({ port, env: { PHI_GUARD_DB: db }, logFile });
 * try { ... } finally { await server.stop(); }
 */
export async function startServer({ port, env = {}, logFile, timeoutMs = 90_000 }) {
  const log = createWriteStream(logFile);
  const chunks = [];
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: APP,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: stop() kills next and anything it spawned
  });
  for (const s of [child.stdout, child.stderr]) s.on('data', (d) => { chunks.push(d); log.write(d); });
  let exited = null;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); }));

  const server = {
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    /** Everything the server printed so far (stdout and stderr, interleaved). */
    output: () => Buffer.concat(chunks).toString('utf8'),
    exited: () => exited,
    async stop() {
      if (!exited) {
        try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
        const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
        await exit;
        clearTimeout(t);
      }
      await new Promise((r) => log.end(r));
    },
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(`${server.url}/login`, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status < 500) return server;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 300));
  }
  await server.stop();
  throw new Error(exited
    ? `next start exited early (code ${exited.code ?? exited.signal}); see ${logFile}`
    : `next start did not answer within ${timeoutMs / 1000} s; see ${logFile}`);
}
