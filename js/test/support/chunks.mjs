// Random chunking for the stream tests: a seeded generator (the same cuts on
// every run) and a byte array cut at random places.

/** A seeded generator of numbers in [0, 1) (mulberry32). */
export function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

/** `bytes` cut at random places, chunks of 1 to `maxChunk` bytes (any byte: inside UTF-8 sequences, escapes and PHI values too). */
export function split(bytes, random, maxChunk) {
  const chunks = [];
  for (let at = 0; at < bytes.length;) {
    const n = 1 + Math.floor(random() * maxChunk);
    chunks.push(bytes.slice(at, at + n));
    at += n;
  }
  return chunks;
}
