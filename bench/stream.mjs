// Throughput of a streamed response body: 10 MB of JSON (a flat array of
// records, and a FHIR-style Bundle), and the same records as NDJSON,
// through wrapRouteHandler (over maxBufferBytes, so redacted as a stream),
// read to the end as text. Synthetic PHI only. Prints MB/s (10^6 bytes of
// input a second), the median of ROUNDS runs, and what survived
// (`kept`: occurrences of the synthetic names still in the output).
//   node bench/stream.mjs [dist]     (dist: a built js/dist, default this checkout's,
//                                    so a copy of another commit's can be compared in one sitting)
import { join, resolve } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = process.argv[2] ? resolve(process.argv[2]) : join(ROOT, 'js/dist');
const { createGuard } = await import(join(DIST, 'node.js'));
const { wrapRouteHandler } = await import(join(DIST, 'next/index.js'));

const ROUNDS = Number(process.env.STREAM_ROUNDS || 3);
const SIZE = 10 * 1024 * 1024;
const guard = await createGuard();

const record = (i) => ({
  id: `p${i}`, patient: { first: 'Zoltan', last: 'Quibble' }, mrn: `MRN: ${String(4_000_000 + i)}`,
  note: 'follow up in two weeks; call 555-0142 if worse', given: ['Ysolde'],
});
const fhir = (i) => ({
  fullUrl: `urn:uuid:${i}`,
  resource: { resourceType: 'Patient', id: `pt-${i}`, name: [{ family: 'Quibble', given: ['Zoltan', 'Q'] }], birthDate: '1962-03-14', telecom: [{ system: 'phone', value: '555-0142' }] },
});
function fill(make, wrap) {
  const items = [];
  let size = 0;
  for (let i = 0; size < SIZE; i++) { const s = JSON.stringify(make(i)); items.push(s); size += s.length + 1; }
  return wrap(items);
}
const bodies = {
  'json array': ['application/json', fill(record, (xs) => `[${xs.join(',')}]`)],
  'json bundle': ['application/fhir+json', fill(fhir, (xs) => `{"resourceType":"Bundle","type":"searchset","total":${xs.length},"entry":[\n${xs.join(',\n')}\n]}`)],
  'ndjson': ['application/fhir+ndjson', fill((i) => fhir(i).resource, (xs) => xs.join('\n') + '\n')],
};

for (const [name, [type, text]] of Object.entries(bodies)) {
  const bytes = new TextEncoder().encode(text);
  const times = [];
  let out = '';
  let header = '';
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    const res = await wrapRouteHandler(() => new Response(bytes, { headers: { 'content-type': type } }), { guard, route: '/bench', returnsPhi: 'never' })(new Request('https://bench.example/'), {});
    out = await res.text();
    times.push(performance.now() - t0);
    header = res.headers.get('x-phi-guard');
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  const kept = out.split('Zoltan').length - 1 + out.split('Ysolde').length - 1;
  console.log(`${name.padEnd(12)} ${(bytes.length / 1e6).toFixed(1)} MB  ${(bytes.length / 1e6 / (ms / 1000)).toFixed(1).padStart(6)} MB/s  x-phi-guard: ${header}  kept: ${kept}`);
}
