// Hostile shapes for `make bench`: inputs built to find a path whose cost
// grows faster than the input (a JSON key of 100,000 words once took 2.6 s
// for 200 KB, its suffixes hashed one by one). Each shape is timed through
// the package at 256 KB, 1 MB and 4 MB; its growth is the largest rise in
// ms per MB from a smaller size to a larger one ([`growthOf`]), so a linear
// path reads about 1 and a quadratic one about 16 across that range. The
// bench's linear target includes the worst shape.
//
// Synthetic values only. A shape is a function of a size in bytes, and the
// format it is scanned with.

const rep = (s, n) => s.repeat(Math.max(1, Math.floor(n / s.length)));

/** [name, make(bytes) → text, format]. */
export const SHAPES = [
  ['JSON key of many words', (n) => `{"${rep('a_', n)}fax":1}`, 'json'],
  ['JSON key of dotted words', (n) => `{"${rep('a.', n)}ssn":"x"}`, 'json'],
  ['JSON object of many keys', (n) => `{${Array.from({ length: Math.floor(n / 16) }, (_, i) => `"k${i}_n":"v${i}"`).join(',')}}`, 'json'],
  ['JSON arrays nested deep', (n) => rep('[', n / 2) + rep(']', n / 2), 'json'],
  ['JSON objects nested deep', (n) => `${rep('{"a":', (4 * n) / 5)}1${rep('}', n / 5)}`, 'json'],
  ['JSON string of escapes', (n) => `{"s":"${rep('\\u0041\\n', n)}"}`, 'json'],
  ['URL parameter name of many words', (n) => `/p?${rep('a_', n)}=1`, 'url'],
  ['URL of many parameters', (n) => `/p?${rep('k=v&', n)}`, 'url'],
  ['URL of many path segments', (n) => rep('/a', n), 'url'],
  ['URL value of malformed escapes', (n) => `/p?q=${rep('%E0', n)}`, 'url'],
  ['text of dashed digits', (n) => rep('1-', n), 'text'],
  ['text of near-miss SSNs', (n) => rep('219-09-999 ', n), 'text'],
  ['text of labels alone', (n) => rep('ssn: ', n), 'text'],
  ['text of label words', (n) => rep('patient name date of birth ', n), 'text'],
  ['text of one value repeated', (n) => `mrn: P-0048213 ${rep('P-0048213 ', n)}`, 'text'],
  ['text of short e-mails', (n) => rep('a@b.co ', n), 'text'],
  ['text of times', (n) => rep('1:', n), 'text'],
  ['text of token starts', (n) => rep('[NAME', n), 'text'],
  ['text of failing rows never closed', (n) => rep('Failing row contains (', n), 'text'],
  ['HTML of unclosed tags', (n) => rep('<div>', n), 'html'],
  ['HTML of entities', (n) => rep('&amp;', n), 'html'],
  ['HTML tag of many attributes', (n) => `<input ${rep('a="1" ', n)}>`, 'html'],
  ['HTML of many JSON scripts', (n) => rep('<script type="application/json">{"a":1}</script>', n), 'html'],
];

export const SIZES = [256 << 10, 1 << 20, 4 << 20];

/**
 * How much a cost per MB grows with the input: the largest ratio of a
 * larger size's ms per MB to a smaller size's (`perMb` in order of size),
 * at least 1. A cost per MB that falls as the input grows (a small input's
 * slower first calls, a fixed cost spread thinner) is no growth: until
 * 2026-12-06 this was the worst ms per MB over the best whichever came
 * first, and a shape whose 256 KB calls ran slow read as growing.
 *
 * @example
 * growthOf([20, 40, 80]); // 4: twice the cost per MB at each step
 * growthOf([33, 16, 15]); // 1: cheaper per MB as it grows
 */
export function growthOf(perMb) {
  let growth = 1;
  for (let j = 1; j < perMb.length; j++) {
    growth = Math.max(growth, perMb[j] / Math.min(...perMb.slice(0, j)));
  }
  return growth;
}

/**
 * Times every shape at every size through `guard.scan` (the fastest of five
 * calls, each reading its output), in this process. A size whose call
 * `predict(points, mb)` (bench/run.mjs's rule, from the `[mb, ms]` points
 * so far) puts at over `maxSecs` is skipped and its prediction counted.
 * Returns rows `{ name, format, msPerMb: [...], growth }`.
 */
export function timeShapes(guard, { predict, sizes = SIZES, maxSecs = 20, log = () => {} }) {
  // Each shape's path warmed first at a small size: V8 compiles a wasm
  // function on its first call and tiers it up later, which would weigh on
  // the first size timed.
  for (const [, make, format] of SHAPES) for (let i = 0; i < 3; i++) guard.scan(make(64 << 10), { format });
  return SHAPES.map(([name, make, format]) => {
    const points = [];
    const msPerMb = sizes.map((n) => {
      const text = make(n);
      const mb = Buffer.byteLength(text) / 2 ** 20;
      const predicted = predict(points, mb);
      if (predicted > maxSecs * 1e3) {
        points.push([mb, predicted]);
        return { skipped: true, value: predicted / mb };
      }
      // The fastest of five: a text dense with findings makes hundreds of
      // thousands of finding objects a call, and a call that meets a garbage
      // collection of the last one's is slower for it.
      const runs = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const r = guard.scan(text, { format });
        r.redacted.charCodeAt(r.redacted.length >> 1);
        runs.push(performance.now() - t0);
      }
      const ms = Math.min(...runs);
      points.push([mb, ms]);
      return { skipped: false, value: ms / mb };
    });
    const values = msPerMb.map((m) => m.value);
    const growth = growthOf(values);
    log(`hostile ${name.padEnd(34)} ${values.map((v) => v.toFixed(1).padStart(7)).join(' ')} ms/MB, growth ${growth.toFixed(2)}`);
    return { name, format, msPerMb: msPerMb.map((m) => (m.skipped ? { predicted: m.value } : m.value)), growth };
  });
}
