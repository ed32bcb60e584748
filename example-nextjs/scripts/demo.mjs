#!/usr/bin/env node
// `npm run demo` (and `make demo`): installs the app's dependencies if they
// are missing, builds if `.next` is missing or older than any source (the
// app's or phi-guard's js/dist), then starts the production server on
// http://localhost:3000 (or $PORT). Plain Node, no dependencies.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A demo of a PHI tool should not phone home: Next's anonymous telemetry is off
// unless you set NEXT_TELEMETRY_DISABLED yourself.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const nextBin = join(app, 'node_modules', 'next', 'dist', 'bin', 'next');

function run(cmd, args, label) {
  console.log(`[demo] ${label}`);
  const r = spawnSync(cmd, args, { cwd: app, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[demo] ${label} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

/** Newest modification time under `path` (files only; skips node_modules and .next). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === '.next' || name === 'e2e' || name === 'data') continue;
    max = Math.max(max, newest(join(path, name)));
  }
  return max;
}

if (!existsSync(join(app, '..', 'js', 'dist', 'node.js'))) {
  console.error('[demo] js/dist is missing: run `make build` from the repository root first (make demo does).');
  process.exit(1);
}
if (!existsSync(nextBin)) run(npm, ['ci', '--no-audit', '--no-fund'], 'installing the app dependencies (npm ci)');

const built = join(app, '.next', 'BUILD_ID');
const sources = ['app', 'lib', 'public', 'middleware.ts', 'instrumentation.ts', 'next.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json']
  .map((p) => newest(join(app, p)));
const sourceTime = Math.max(...sources, newest(join(app, '..', 'js', 'dist')));
if (!existsSync(built) || statSync(built).mtimeMs < sourceTime) {
  run(process.execPath, [nextBin, 'build'], existsSync(built) ? 'sources changed: rebuilding (next build)' : 'building (next build)');
} else {
  console.log('[demo] .next is up to date');
}

const port = process.env.PORT || '3000';
console.log(`[demo] starting on http://localhost:${port}  (demo account: demo@example.com / demo-password)`);
const server = spawn(process.execPath, [nextBin, 'start', '-p', port], { cwd: app, stdio: 'inherit', env: { ...process.env, PORT: port } });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
