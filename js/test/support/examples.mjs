// Helpers for the README example tests (readme-examples*.test.mjs): the
// README's Next.js code blocks, the example files they must equal
// (js/examples/next-app), compiling those files against the built package
// (js/dist), and a local signal collector that checks every delivery's
// signature.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { EDGE_BUNDLE, bindWasmModules } from './edge-bundle.mjs';
import { verifySignature } from 'phi-guard/signals';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
export const jsDir = here('../../');
export const distDir = join(jsDir, 'dist');
export const examplesDir = join(jsDir, 'examples', 'next-app');
export const readmePath = join(jsDir, '..', 'README.md');
export const tsconfigPath = join(jsDir, 'test', 'examples.tsconfig.json');

/** Example files that are stand-ins for the app's own code, not README examples. */
export const STAND_INS = ['lib/patients.ts'];

/** Every .ts/.tsx file under js/examples/next-app, as a POSIX path relative to it. */
export function exampleFiles(dir = examplesDir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(name)) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The README's `## Next.js` section: from that heading up to the next `## ` heading. */
export function nextSection(readme) {
  const start = readme.indexOf('\n## Next.js\n');
  if (start < 0) throw new Error('README has no "## Next.js" section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start + 1, end < 0 ? undefined : end + 1);
}

/**
 * The fenced code blocks of a Markdown text: language, code (every line up to
 * the closing fence, each with its newline, so a block equals a file that
 * ends with one newline) and the example path named by its first line
 * (`// <path>: …` or `// <path>`), or null.
 */
export function codeBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const body = [];
    let j = i + 1;
    while (j < lines.length && lines[j] !== '```') body.push(lines[j++]);
    if (j >= lines.length) throw new Error(`unclosed code block at README section line ${i + 1}`);
    const code = body.map((l) => l + '\n').join('');
    const path = /^\/\/ ([\w@./[\]-]+\.tsx?)(?::|$)/.exec(body[0] ?? '')?.[1] ?? null;
    blocks.push({ lang: open[1], code, path, line: i + 1 });
    i = j;
  }
  return blocks;
}

/**
 * Every way the README section and the example folder disagree: a block that
 * names no example file, a block that differs from its file by one byte, an
 * example file the README does not show, a file shown twice. Empty when in
 * sync.
 */
export function drift(section, files = exampleFiles(), read = (p) => readFileSync(join(examplesDir, p), 'utf8')) {
  const problems = [];
  const shown = new Map();
  for (const b of codeBlocks(section)) {
    if (!b.path) { problems.push(`block at section line ${b.line} does not start with "// <example path>"`); continue; }
    if (!files.includes(b.path)) { problems.push(`block at section line ${b.line} names ${b.path}, which is not in js/examples/next-app`); continue; }
    if (shown.has(b.path)) problems.push(`${b.path} is shown twice (section lines ${shown.get(b.path)} and ${b.line})`);
    shown.set(b.path, b.line);
    const file = read(b.path);
    if (file !== b.code) {
      let at = 0;
      while (at < file.length && file[at] === b.code[at]) at++;
      const line = file.slice(0, at).split('\n').length;
      problems.push(`block at section line ${b.line} differs from js/examples/next-app/${b.path} at its line ${line}`);
    }
  }
  for (const f of files) if (!STAND_INS.includes(f) && !shown.has(f)) problems.push(`js/examples/next-app/${f} is not shown in the README`);
  return problems;
}

// --- compiling the examples --------------------------------------------------

/** `@/x` → js/examples/next-app/x (the alias create-next-app sets up). */
const aliasPlugin = {
  name: 'next-alias',
  setup(b) {
    b.onResolve({ filter: /^@\// }, (args) => b.resolve(`./${args.path.slice(2)}`, { resolveDir: examplesDir, kind: args.kind }));
  },
};

/** Replaces the source of some example files (negative controls). */
function overridePlugin(overrides) {
  const byPath = new Map(Object.entries(overrides).map(([rel, src]) => [join(examplesDir, rel), src]));
  return {
    name: 'override',
    setup(b) {
      b.onLoad({ filter: /\.tsx?$/ }, (args) => (byPath.has(args.path)
        ? { contents: byPath.get(args.path), loader: args.path.endsWith('x') ? 'tsx' : 'ts', resolveDir: join(args.path, '..') }
        : undefined));
    },
  };
}

/** Packages an example imports that are not installed, and the installed one that stands in for each (as in examples.tsconfig.json). */
const STAND_IN_PACKAGES = { '@sentry/nextjs': '@sentry/node' };

/**
 * Bare imports (`phi-guard/next`, `react`, `pino` …) stay imports, resolved
 * the way this package resolves them under Node (`phi-guard` → js/dist by its
 * own `exports`), so the compiled examples share the dist modules the rest of
 * the suite uses. `@sentry/nextjs` (instrumentation.ts loads the Sentry
 * configs, only when Next.js sets `NEXT_RUNTIME`) resolves to `@sentry/node`.
 */
const nodeExternals = {
  name: 'node-externals',
  setup(b) {
    b.onResolve({ filter: /^[^./@]|^@[^/]/ }, (args) => (args.path.startsWith('node:')
      ? { path: args.path, external: true }
      : { path: import.meta.resolve(STAND_IN_PACKAGES[args.path] ?? args.path), external: true }));
  },
};

/**
 * Compiles example files (paths relative to js/examples/next-app) for Node,
 * each bundled with its local imports (`@/lib/…`) as Next would bundle them,
 * into a temporary folder. `overrides` replaces file sources. Returns
 * `load(rel)` (imports a compiled file) and `cleanup()`.
 */
export async function compileExamples(entries, { overrides = {} } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'phi-guard-examples-'));
  await build({
    entryPoints: entries.map((rel) => join(examplesDir, rel)),
    outbase: examplesDir,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    logLevel: 'silent',
    plugins: [overridePlugin(overrides), aliasPlugin, nodeExternals],
  });
  const file = (rel) => join(outdir, rel.replace(/\.tsx?$/, '.mjs'));
  return {
    file,
    load: (rel) => import(pathToFileURL(file(rel)).href),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** The dist file `phi-guard[/sub]` resolves to under the edge conditions (`edge-light`, then `default`). */
function edgeExport(specifier) {
  const pkg = JSON.parse(readFileSync(join(jsDir, 'package.json'), 'utf8'));
  const key = specifier === 'phi-guard' ? '.' : `.${specifier.slice('phi-guard'.length)}`;
  const entry = pkg.exports[key];
  if (!entry) return undefined;
  const target = typeof entry === 'string' ? entry : entry['edge-light'] ?? entry.default;
  return join(jsDir, target);
}

/**
 * Bundles one example file for the edge sandbox as Next bundles edge
 * middleware: `phi-guard` resolved with the `edge-light` condition, and
 * `import m from './x.wasm?module'` turned into a read of a global holding a
 * host-compiled `WebAssembly.Module` (see edge-runtime.test.mjs). Returns the
 * IIFE code (exports on `__entry`) and the globals to inject.
 */
export async function bundleForEdge(rel, { overrides = {} } = {}) {
  const bindings = new Map();
  const phiGuardEdge = {
    name: 'phi-guard-edge',
    setup(b) {
      b.onResolve({ filter: /^phi-guard(\/.*)?$/ }, (args) => {
        const path = edgeExport(args.path);
        return path ? { path } : { errors: [{ text: `phi-guard has no export ${args.path}` }] };
      });
      bindWasmModules(b, bindings);
    },
  };
  const out = await build({
    ...EDGE_BUNDLE,
    entryPoints: [join(examplesDir, rel)],
    plugins: [overridePlugin(overrides), aliasPlugin, phiGuardEdge],
  });
  return { code: out.outputFiles[0].text, bindings };
}

// --- a signal collector ------------------------------------------------------

/**
 * A local HTTP endpoint for the examples' `Transport`: answers 202, keeps
 * every delivery with the result of `verifySignature` against `secret`.
 * `signals()` lists the signals of all deliveries.
 */
export async function startCollector(secret) {
  const deliveries = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verified = await verifySignature(body, req.headers, secret).catch((e) => ({ ok: false, reason: e.message }));
      deliveries.push({ body, verified, contentType: req.headers['content-type'] });
      res.writeHead(202).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/signals`,
    deliveries,
    signals: () => deliveries.flatMap((d) => JSON.parse(d.body).signals ?? []),
    reset: () => { deliveries.length = 0; },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

// --- node test/support/examples.mjs --write-readme ----------------------------
// Copies each example file into its README block (the files are the source
// of truth; the test fails until the README shows them again).
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write-readme')) {
  const { writeFileSync } = await import('node:fs');
  const readme = readFileSync(readmePath, 'utf8');
  const section = nextSection(readme);
  let out = section;
  for (const b of codeBlocks(section)) {
    if (b.path && exampleFiles().includes(b.path)) out = out.replace(b.code, readFileSync(join(examplesDir, b.path), 'utf8'));
  }
  writeFileSync(readmePath, readme.replace(section, out));
  const left = drift(out);
  console.error(left.length ? left.join('\n') : 'README Next.js section matches js/examples/next-app');
  process.exitCode = left.length ? 1 : 0;
}
