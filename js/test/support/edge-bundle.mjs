// How the tests bundle code for the edge-runtime sandbox, as Next bundles
// edge middleware: the `edge-light`/`worker` conditions, one IIFE script, and
// `import m from './x.wasm?module'` turned into a read of a global that the
// sandbox is given as a host-compiled `WebAssembly.Module` (code generation
// stays off inside the sandbox).
import { createHash } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** esbuild options shared by every edge bundle (add entry, plugins, loaders). */
export const EDGE_BUNDLE = {
  bundle: true,
  write: false,
  format: 'iife',
  globalName: '__entry',
  platform: 'neutral',
  // Node 20's VM has no Uint8Array.fromBase64, which esbuild uses for esnext.
  target: 'es2022',
  conditions: ['edge-light', 'worker'],
  mainFields: ['module', 'main'],
  logLevel: 'silent',
};

/**
 * Resolves `*.wasm?module` imports into `globalThis[name]` reads and records
 * name → wasm path in `bindings`, for the sandbox to inject. Register it with
 * `setup(build)` inside an esbuild plugin, or use `wasmModuleGlobals`.
 */
export function bindWasmModules(b, bindings) {
  b.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({
    path: fileURLToPath(new URL(args.path.replace(/\?module$/, ''), pathToFileURL(args.resolveDir + '/'))),
    namespace: 'wasm-module',
  }));
  b.onLoad({ filter: /.*/, namespace: 'wasm-module' }, (args) => {
    const name = `wasm_${createHash('sha256').update(args.path).digest('hex').slice(0, 16)}`;
    bindings.set(name, args.path);
    return { contents: `export default globalThis[${JSON.stringify(name)}];`, loader: 'js' };
  });
}

/** The esbuild plugin form of `bindWasmModules`. */
export function wasmModuleGlobals(bindings) {
  return { name: 'wasm-module-globals', setup: (b) => bindWasmModules(b, bindings) };
}
