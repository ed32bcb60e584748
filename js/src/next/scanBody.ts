import type { Guard } from '../common/guard.js';
import type { Format } from '../common/types.js';
import { classifyContentType, encodingOf, looksBinary, parseContentType, withCharset, type BodyKind } from './util.js';

/**
 * @internal What {@link scanBody} made of a whole response body.
 * - `clean`: scanned, nothing found; send the original bytes.
 * - `binary`: not text (by its content type, or sniffed); send it as it came.
 * - `found`: PHI. `text` is what was scanned (for the exposure event only;
 *   never log it), `redacted` the body to send instead, in UTF-8, and
 *   `contentType`, when set, the content type to send with it (its charset
 *   rewritten to `utf-8` because the body was decoded from another one).
 * - `unscannable`: the body is text but cannot be read here; `failure` is
 *   the PHI-free code reported in the `guard_failure` event.
 */
export type BodyScan =
  | { outcome: 'clean' }
  | { outcome: 'binary' }
  | { outcome: 'found'; text: string; format: Format; redacted: Uint8Array<ArrayBuffer>; contentType?: string }
  | { outcome: 'unscannable'; failure: 'unsupported_charset' | 'unsupported_transfer_encoding' | 'multipart_too_deep' };

const CLEAN: BodyScan = { outcome: 'clean' };
const BINARY: BodyScan = { outcome: 'binary' };
const encoder = new TextEncoder();

/** Nested multiparts deeper than this are not taken apart (a body built to make the parser recurse). */
const MAX_MULTIPART_DEPTH = 4;

/**
 * @internal Whether a body of this kind is sniffed before it is scanned: it
 * has no content type, or one that says neither text nor binary, and no
 * `charset` (a charset declares text).
 *
 * @example
 * isSniffed('untyped', 'application/vnd.acme.chart'); // true
 * isSniffed('untyped', 'application/vnd.acme.chart; charset=utf-8'); // false: scanned as text
 */
export function isSniffed(kind: BodyKind, contentType: string | null): boolean {
  return kind === 'untyped' && !(contentType !== null && parseContentType(contentType)?.params.has('charset'));
}

/**
 * @internal Scans a whole body by its content type (see
 * `classifyContentType`). Bytes are decoded with `encodingOf` (BOM, then
 * `charset`, else UTF-8); a string is scanned as it is. A multipart body is
 * taken apart at its boundary: each part's headers (but `Content-Type` and
 * `Content-Transfer-Encoding`) are scanned as text and its body by its own
 * content type, so binary parts keep their bytes and text parts are
 * redacted in place; a part without a content type, the preamble and the
 * epilogue are sniffed. A text part in base64 or quoted-printable cannot be
 * scanned, so the whole body is `unscannable`; a multipart body without its
 * boundary is sniffed as a whole.
 *
 * # Errors
 * Whatever `guard.scan` throws (a `PhiGuardError`); the wrappers apply
 * `failMode` to it.
 *
 * @example
 * const r = scanBody(guard, new TextEncoder().encode('ssn 219-09-9999'), 'text/plain');
 * // r.outcome === 'found'; new TextDecoder().decode(r.redacted) === 'ssn [SSN]'
 */
export function scanBody(guard: Guard, body: Uint8Array | string, contentType: string | null, kind: BodyKind = classifyContentType(contentType), depth = 0): BodyScan {
  if (kind === 'binary') return BINARY;
  if (kind === 'multipart') return scanMultipart(guard, typeof body === 'string' ? encoder.encode(body) : body, contentType ?? '', depth);
  let text: string;
  let encoding = 'utf-8';
  if (typeof body === 'string') {
    text = body;
  } else {
    if (isSniffed(kind, contentType) && looksBinary(body, true)) return BINARY;
    const found = encodingOf(contentType, body);
    if (!found) return { outcome: 'unscannable', failure: 'unsupported_charset' };
    encoding = found;
    text = new TextDecoder(encoding).decode(body);
  }
  const format: Format = kind === 'untyped' ? 'auto' : kind;
  const { findings, redacted } = guard.scan(text, { format });
  if (findings.length === 0) return CLEAN;
  const out: BodyScan = { outcome: 'found', text, format, redacted: encoder.encode(redacted) };
  if (encoding !== 'utf-8') out.contentType = withCharset(contentType ?? 'text/plain', 'utf-8');
  return out;
}

/** Where `needle` first occurs in `hay` at or after `from`, or -1. */
function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!;
  for (let i = hay.indexOf(first, from); i >= 0 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

const CR = 0x0d;
const LF = 0x0a;

/** A region of a multipart body: a part (with headers) or the preamble / epilogue (without). */
interface Region { start: number; end: number; part: boolean }

/**
 * The regions of a multipart body (RFC 2046 § 5.1.1), or undefined when no
 * delimiter line is found. A delimiter is `--boundary` at the start of the
 * body or of a line; the line break before it belongs to it. CRLF or a bare
 * LF are accepted; a body cut short before its close delimiter ends its last
 * part.
 */
function regionsOf(bytes: Uint8Array, boundary: string): Region[] | undefined {
  const delim = encoder.encode(`--${boundary}`);
  const regions: Region[] = [];
  let partStart = -1; // where the current part's headers start, -1 before the first delimiter
  let preambleEnd = -1;
  for (let from = 0; ;) {
    const at = indexOfBytes(bytes, delim, from);
    if (at < 0) break;
    if (at > 0 && bytes[at - 1] !== LF) { from = at + 1; continue; }
    const lineStart = at === 0 ? 0 : bytes[at - 2] === CR ? at - 2 : at - 1;
    if (partStart < 0) preambleEnd = lineStart; else regions.push({ start: partStart, end: lineStart, part: true });
    const after = at + delim.length;
    const close = bytes[after] === 0x2d && bytes[after + 1] === 0x2d;
    const lineEnd = bytes.indexOf(LF, after);
    partStart = lineEnd < 0 ? bytes.length : lineEnd + 1;
    if (close) {
      if (partStart < bytes.length) regions.push({ start: partStart, end: bytes.length, part: false });
      partStart = -2;
      break;
    }
    from = partStart;
  }
  if (preambleEnd < 0) return undefined;
  if (partStart >= 0 && partStart < bytes.length) regions.push({ start: partStart, end: bytes.length, part: true });
  if (preambleEnd > 0) regions.unshift({ start: 0, end: preambleEnd, part: false });
  return regions;
}

/** Header fields that say how the part is read; they are not scanned, so redaction cannot break them. */
const STRUCTURAL = new Set(['content-type', 'content-transfer-encoding', 'content-length']);

/** See {@link scanBody}. */
function scanMultipart(guard: Guard, bytes: Uint8Array, contentType: string, depth: number): BodyScan {
  const boundary = parseContentType(contentType)?.params.get('boundary');
  const regions = boundary ? regionsOf(bytes, boundary) : undefined;
  if (!regions) return scanBody(guard, bytes, null, 'untyped', depth);
  if (depth >= MAX_MULTIPART_DEPTH) return { outcome: 'unscannable', failure: 'multipart_too_deep' };

  const replaced: Array<{ start: number; end: number; bytes: Uint8Array }> = [];
  const texts: string[] = [];
  for (const region of regions) {
    if (!region.part) {
      const r = scanBody(guard, bytes.subarray(region.start, region.end), null, 'untyped', depth + 1);
      if (r.outcome === 'unscannable') return r;
      if (r.outcome === 'found') { texts.push(r.text); replaced.push({ ...region, bytes: r.redacted }); }
      continue;
    }
    // Headers, then a blank line; a part that starts with the blank line has none.
    let headersEnd = region.start;
    let bodyStart = region.start;
    if (bytes[region.start] === CR && bytes[region.start + 1] === LF) bodyStart += 2;
    else if (bytes[region.start] === LF) bodyStart += 1;
    else {
      const part = bytes.subarray(region.start, region.end);
      const crlf = indexOfBytes(part, CRLF2, 0);
      const lf = indexOfBytes(part, LF2, 0);
      const blank = crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : lf >= 0 ? [lf, 2] : undefined;
      if (blank) { headersEnd = region.start + blank[0]!; bodyStart = headersEnd + blank[1]!; }
    }
    const fields = fieldsOf(new TextDecoder().decode(bytes.subarray(region.start, headersEnd)));
    const type = fields.find((f) => f.name === 'content-type')?.value.trim() || null;
    const transfer = fields.find((f) => f.name === 'content-transfer-encoding')?.value.trim().toLowerCase();
    const kind = classifyContentType(type);
    if (transfer && transfer !== '7bit' && transfer !== '8bit' && transfer !== 'binary' && kind !== 'binary') {
      return { outcome: 'unscannable', failure: 'unsupported_transfer_encoding' };
    }
    const r = scanBody(guard, bytes.subarray(bodyStart, region.end), type, kind, depth + 1);
    if (r.outcome === 'unscannable') return r;
    let headersChanged = false;
    for (const f of fields) {
      if (STRUCTURAL.has(f.name)) continue;
      const colon = f.raw.indexOf(':');
      const scan = guard.scan(f.raw.slice(colon + 1), { format: 'text' });
      if (scan.findings.length === 0) continue;
      texts.push(f.raw);
      f.raw = f.raw.slice(0, colon + 1) + scan.redacted;
      headersChanged = true;
    }
    if (r.outcome === 'found') {
      texts.push(r.text);
      if (r.contentType) {
        const f = fields.find((x) => x.name === 'content-type')!;
        const eol = /\r?\n$/.exec(f.raw)?.[0] ?? '';
        f.raw = `${f.raw.slice(0, f.raw.indexOf(':'))}: ${r.contentType}${eol}`;
        headersChanged = true;
      }
      replaced.push({ start: bodyStart, end: region.end, bytes: r.redacted });
    }
    if (headersChanged) replaced.push({ start: region.start, end: headersEnd, bytes: encoder.encode(fields.map((f) => f.raw).join('')) });
  }
  if (replaced.length === 0) return CLEAN;
  replaced.sort((a, b) => a.start - b.start);
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const r of replaced) { chunks.push(bytes.subarray(at, r.start), r.bytes); at = r.end; }
  chunks.push(bytes.subarray(at));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let w = 0;
  for (const c of chunks) { out.set(c, w); w += c.byteLength; }
  return { outcome: 'found', text: texts.join('\n'), format: 'text', redacted: out };
}

const CRLF2 = new Uint8Array([CR, LF, CR, LF]);
const LF2 = new Uint8Array([LF, LF]);

/** A header field as written (folded lines and its line break kept), with its lowercased name and unfolded value. */
interface Field { raw: string; name: string; value: string }

/** The fields of a part's header block; a line without a colon is kept as a field with no name. */
function fieldsOf(block: string): Field[] {
  const fields: Field[] = [];
  for (const line of block.split(/(?<=\n)/)) {
    const last = fields[fields.length - 1];
    if (last && (line.startsWith(' ') || line.startsWith('\t'))) {
      last.raw += line;
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    fields.push(colon < 0
      ? { raw: line, name: '', value: '' }
      : { raw: line, name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}
