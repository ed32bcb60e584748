import type { Guard } from '../common/guard.js';
import { templatePath } from './util.js';

// Helpers for the two error reporters (createSignalRelay, captureRequestError):
// what they may copy from a client or an error into a log line or an event.
// `readProp` serves the redacting logger too.

/**
 * A reference id exactly as the browser components make it
 * (`newReferenceId` in react/report.ts): a version 4 UUID, from
 * `crypto.randomUUID()` or the fallback of the same form.
 */
const REFERENCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * A digest exactly as Next.js makes one for an error it did not name:
 * `stringHash(message + stack).toString()`, an unsigned 32-bit integer in
 * decimal. A digest the application set itself keeps its own form and is
 * withheld.
 */
const NEXT_DIGEST = /^(?:0|[1-9]\d{0,9})$/;

/** @internal Whether `id` has the form of a reference id from phi-guard/react. */
export const isReferenceId = (id: string): boolean => REFERENCE_ID.test(id);

/** @internal Whether `digest` has the form of a digest Next.js computed. */
export const isNextDigest = (digest: string): boolean => NEXT_DIGEST.test(digest) && Number(digest) <= 0xffff_ffff;

/**
 * @internal The ` (label value)` note a log line may carry for a
 * client-supplied id: the value only when it has the expected form and
 * the guard finds nothing in it, ` (label withheld)` otherwise (also
 * when there is no guard to check it), and nothing when there is no id.
 */
export function idNote(label: string, value: unknown, wellFormed: (s: string) => boolean, guard: Guard | undefined): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string' || !guard || !wellFormed(value)) return ` (${label} withheld)`;
  try {
    return guard.scan(value).findings.length === 0 ? ` (${label} ${value})` : ` (${label} withheld)`;
  } catch {
    return ` (${label} withheld)`;
  }
}

/** Characters a path segment may hold as written in a URL (RFC 3986 pchar, plus `[` `]` of templates). */
const SEGMENT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%[\]]*$/;

/**
 * A segment kept when no guard can check it: a word of ASCII letters (and
 * `.`, `_`, `~`, `-`; `_next` too), a version (`v2`), or a framework's
 * template segment (`[id]`, `[...slug]`, `[[...slug]]`, `(group)`).
 * Anything else (digits, `%` escapes, non-ASCII, a name with a space) may
 * be a person's and is `[id]`. A name written as one such word
 * (`maria-garcia`) is kept: with no guard, nothing tells it from a word.
 */
const PLAIN_SEGMENT = /^(?:_?[A-Za-z][A-Za-z._~-]*|v\d{1,2}|\[\[?(?:\.\.\.)?[A-Za-z_]\w*\]\]?|\([A-Za-z._-]+\))$/;

/**
 * @internal A route template from a pathname someone else supplied: no
 * query or fragment, id-like or flagged segments → `[id]` (templatePath),
 * and a segment with any character a URL path does not carry as is
 * (spaces, line breaks, controls, non-ASCII) → `[id]` too, so a log line
 * cannot be split or spoofed. Without a guard (it failed, so this route
 * goes into a `guard_failure` event), every segment that is not a plain
 * word or a template segment is `[id]`: nothing checked it for a name.
 * `fallback` when it is not a path.
 */
export function safeRoute(path: string, guard: Guard | undefined, fallback: string): string {
  const bare = path.split(/[?#]/)[0]!;
  if (!bare.startsWith('/')) return fallback;
  let flagged: Array<[number, number]> = [];
  if (guard) {
    flagged = guard.scan(bare, { format: 'url' }).findings
      .filter((f) => !(f.type === 'URL' && f.start === 0))
      .map((f): [number, number] => [f.start, f.end]);
  }
  return templatePath(bare, flagged, (s) => (guard ? SEGMENT : PLAIN_SEGMENT).test(s));
}

/** @internal What {@link readProp} gives when reading the property threw. */
export const UNREADABLE: unique symbol = Symbol('unreadable');

/**
 * @internal `obj[key]`; `undefined` when `obj` is not an object, and
 * {@link UNREADABLE} when reading threw (a getter, a Proxy trap, a revoked
 * Proxy), so what the caller's code threw never travels further.
 */
export function readProp(obj: unknown, key: PropertyKey): unknown {
  if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null) return undefined;
  try {
    return (obj as Record<PropertyKey, unknown>)[key];
  } catch {
    return UNREADABLE;
  }
}
