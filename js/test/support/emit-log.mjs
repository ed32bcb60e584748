// The "no PHI escapes" collector. Loaded into every Node process of the JS
// suite with NODE_OPTIONS=--import (see no-phi-escapes.mjs, which `make test`
// runs), it appends everything the process emits to
// $PHI_GUARD_EMIT_LOG/<pid>.jsonl, one JSON record per line:
//
// - `stdout` / `stderr`: every write (console, the test reporter, the CLI);
// - `fetch`: every request made through globalThis.fetch (the transport's
//   signed payloads and headers, the relay's forwards);
// - `classify` / `findings` / `error`: what the built package's Guard
//   returned or threw (signals, classifications, findings, error messages);
// - whatever a test hands to `emitted(channel, data)` for its own sinks
//   (pino destinations, logger sinks, event collectors of the wrappers).
//
// Without PHI_GUARD_EMIT_LOG it does nothing, so `npm test` alone is unchanged.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.PHI_GUARD_EMIT_LOG;
const KEY = Symbol.for('phi-guard.test.emitted');

function text(data) {
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array || data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  try {
    return JSON.stringify(data, (_k, v) => (v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : typeof v === 'bigint' ? String(v) : v));
  } catch {
    return String(data);
  }
}

/**
 * Records `data` as emitted on `channel` (a no-op unless PHI_GUARD_EMIT_LOG is set).
 * Tests call it for sinks the collector cannot see by itself.
 */
export function emitted(channel, data) {
  globalThis[KEY]?.(channel, data);
}

if (dir && !globalThis[KEY]) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${process.pid}.jsonl`);
  let writing = false;
  const record = (channel, data) => {
    if (writing) return; // appendFileSync never writes to stdout, but be safe
    writing = true;
    try {
      appendFileSync(file, JSON.stringify({ channel, argv: process.argv.slice(1, 3).map((a) => a.split('/').pop()), data: text(data) }) + '\n');
    } catch { /* the collector must never break a test */ } finally {
      writing = false;
    }
  };
  globalThis[KEY] = record;

  for (const name of ['stdout', 'stderr']) {
    const stream = process[name];
    const write = stream.write.bind(stream);
    stream.write = (chunk, ...rest) => {
      record(name, chunk);
      return write(chunk, ...rest);
    };
  }

  if (typeof globalThis.fetch === 'function') {
    const realFetch = globalThis.fetch;
    globalThis.fetch = function fetch(input, init) {
      const headers = init?.headers instanceof Headers ? Object.fromEntries(init.headers) : init?.headers;
      const body = init?.body;
      record('fetch', { url: String(input?.url ?? input), headers, body: typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer ? text(body) : body == null ? null : `<${body.constructor?.name ?? typeof body}>` });
      return realFetch.call(this, input, init);
    };
  }

  // The built package's Guard, if this process is one of the suite's (the
  // CLI loads the same dist/ files). Prototype methods are shared by every
  // guard, whichever entry (node, edge, browser) created it.
  try {
    const { Guard } = await import(new URL('../../dist/common/guard.js', import.meta.url).href);
    for (const method of ['scan', 'redactText', 'classify', 'redactValue']) {
      const orig = Guard.prototype[method];
      Guard.prototype[method] = function (...args) {
        try {
          const out = orig.apply(this, args);
          if (method === 'classify') record('classify', out);
          // Findings as they go over the wire, minus offsets (numbers that
          // would collide with numeric corpus values) and minus the local-only
          // `value`; identical ones once (200,000 e-mails are one record).
          if (method === 'scan') record('findings', [...new Set((out?.findings ?? []).map(({ type, score, detector, reason }) => JSON.stringify({ type, score, detector, reason })))]);
          return out;
        } catch (e) {
          record('error', { name: e?.name, code: e?.code, message: e?.message });
          throw e;
        }
      };
    }
  } catch { /* dist/ not built: nothing to wrap */ }
}
