// One cold start, in a fresh process (run by bench/run.mjs, several times):
// import of the package, guard creation (wasm compile + instantiate + config
// compile), then the first scan of a 1 KB JSON body (detector patterns are
// compiled lazily, on first use, so that cost lands here).
//   node bench/cold.mjs <json-1KB file>
import { readFileSync } from 'node:fs';

const body = readFileSync(process.argv[2], 'utf8');
const t0 = performance.now();
const { createGuard } = await import('../js/dist/node.js');
const t1 = performance.now();
const guard = await createGuard();
const t2 = performance.now();
guard.scan(body, { format: 'json' });
const t3 = performance.now();
guard.scan(body, { format: 'json' });
const t4 = performance.now();
process.stdout.write(JSON.stringify({ importMs: t1 - t0, createMs: t2 - t1, firstScanMs: t3 - t2, warmScanMs: t4 - t3 }));
