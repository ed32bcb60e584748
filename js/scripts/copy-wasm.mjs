// Copies the wasm-pack output (../pkg) into the package: into src/wasm before
// tsc (for its .d.ts) and into dist/wasm after (what ships). pkg/ is built,
// never edited.
import { cpSync, mkdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const pkg = here('../../pkg/');
const dest = process.argv[2] === 'pre' ? here('../src/wasm/') : here('../dist/wasm/');
if (!existsSync(pkg + 'phi_guard_bg.wasm')) {
  console.error('pkg/ is missing: run `make build` from the repository root');
  process.exit(1);
}
mkdirSync(dest, { recursive: true });
for (const f of ['phi_guard.js', 'phi_guard.d.ts', 'phi_guard_bg.wasm', 'phi_guard_bg.wasm.d.ts']) {
  cpSync(pkg + f, dest + f);
}
