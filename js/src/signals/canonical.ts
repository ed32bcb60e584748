/**
 * Canonical JSON and SHA-256, the two halves of a signal's `hash`.
 *
 * Canonical JSON is `JSON.stringify` with object keys sorted at every level
 * (UTF-16 code unit order, i.e. the default `Array.prototype.sort`), no
 * whitespace, and integers only: the Rust core computes the same bytes, and
 * float formatting differs between languages, so a non-integer number is
 * refused rather than hashed differently on each side.
 */
import { PhiGuardError } from '../common/errors.js';

/** A value canonical JSON accepts. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined };

/**
 * Serialises `value` as canonical JSON: keys sorted recursively, no
 * whitespace, otherwise like `JSON.stringify` (`undefined` members are
 * skipped, `undefined` in arrays becomes `null`, `toJSON()` is honoured).
 *
 * @throws {PhiGuardError} code `input` for a non-integer or non-finite
 *   number, a bigint, a function, a symbol or a cycle. The message names the
 *   path, never the value.
 * @example
 * canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }] });
 * // '{"a":[true,{"c":"x","d":null}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const out = write(value, '$', new Set());
  if (out === undefined) throw new PhiGuardError('input', 'canonical JSON needs a JSON value at $');
  return out;
}

function write(value: unknown, path: string, seen: Set<object>): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'function':
    case 'symbol':
      throw new PhiGuardError('input', `canonical JSON cannot encode a ${typeof value} at ${path}`);
    case 'bigint':
      throw new PhiGuardError('input', `canonical JSON cannot encode a bigint at ${path}`);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value) || !Number.isInteger(value)) {
        throw new PhiGuardError('input', `canonical JSON accepts integers only (${path})`);
      }
      return Object.is(value, -0) ? '0' : String(value);
    case 'object': {
      if (value === null) return 'null';
      if (seen.has(value)) throw new PhiGuardError('input', `canonical JSON cannot encode a cycle at ${path}`);
      seen.add(value);
      let out: string;
      if (Array.isArray(value)) {
        out = '[' + value.map((v, i) => write(v, `${path}[${i}]`, seen) ?? 'null').join(',') + ']';
      } else {
        const parts: string[] = [];
        for (const key of Object.keys(value).sort()) {
          const v = write((value as Record<string, unknown>)[key], `${path}.${key}`, seen);
          if (v !== undefined) parts.push(JSON.stringify(key) + ':' + v);
        }
        out = '{' + parts.join(',') + '}';
      }
      seen.delete(value);
      return out;
    }
  }
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new PhiGuardError('init', 'WebCrypto (globalThis.crypto.subtle) is not available in this runtime');
  return s;
}

/** @internal Lowercase hex of a byte buffer. */
export function toHex(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += bytes[i]!.toString(16).padStart(2, '0');
  return out;
}

/** @internal WebCrypto's SubtleCrypto, or a typed `init` error. */
export const webCrypto = subtle;

/**
 * Lowercase hex SHA-256 of the UTF-8 bytes of `text`, via WebCrypto (Node
 * 20, edge runtimes and browsers).
 *
 * @example
 * await sha256Hex('abc');
 * // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export async function sha256Hex(text: string): Promise<string> {
  if (typeof text !== 'string') throw new PhiGuardError('input', `sha256Hex expects a string, got ${typeof text}`);
  return toHex(await subtle().digest('SHA-256', new TextEncoder().encode(text)));
}

/**
 * The `hash` a signal must carry: SHA-256 of the canonical JSON of the
 * signal without its `hash` member.
 *
 * @example
 * const ok = (await signalHash(signal)) === signal.hash;
 */
export async function signalHash(signal: object): Promise<string> {
  const { hash: _hash, ...rest } = signal as { hash?: unknown };
  return sha256Hex(canonicalJson(rest));
}
