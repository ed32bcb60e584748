// Peak memory of one scan, in a fresh process (run by bench/run.mjs per input):
// wasm linear memory (it only grows, so its size after the scan is the peak)
// and the process's peak RSS, each before and after.
//   node bench/mem.mjs <file> <format>
import { readFileSync } from 'node:fs';
import { wasmMemoryBytes } from './wasm-memory.mjs';

const [file, format] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const { createGuard } = await import('../js/dist/node.js');
const guard = await createGuard();
// The warm-up builds what a guard builds once, lazily (label trie, name
// lists): a text with a name, so a scan's figure is that scan's own. A
// warm-up without a capitalised word left the name lists to the measured
// scan once the name detector stopped looking up lowercase pairs.
guard.scan('warm-up 219-09-9999', { format: 'text' });
guard.scan('Patient Maria Garcia, seen by Dr. John Smith', { format: 'text' });
guard.scan('{"patient":{"name":"Maria Garcia","dob":"1962-03-14"}}', { format: 'json' });
const before = { wasm: await wasmMemoryBytes(), rss: process.resourceUsage().maxRSS * 1024 };
const res = guard.scan(text, { format });
// Read, as any use would: a redacted text spliced into a rope is copied flat
// here, and counts in the peak like the core's own rendering of dense text.
res.redacted.charCodeAt(res.redacted.length >> 1);
const after = { wasm: await wasmMemoryBytes(), rss: process.resourceUsage().maxRSS * 1024 };
process.stdout.write(JSON.stringify({ bytes: Buffer.byteLength(text), findings: res.findings.length, before, after }));
