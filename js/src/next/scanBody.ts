import type { Guard } from '../common/guard.js';
import type { Format } from '../common/types.js';
import { isJsonLines, jsonLineSpan } from './jsonLines.js';
import { classifyContentType, encodingOf, looksBinary, opaqueBinary, parseContentType, saysUtf8, withCharset, type BodyKind } from './util.js';

/**
 * @internal What {@link scanBody} made of a whole response body.
 * - `clean`: scanned, nothing found; send the original bytes.
 * - `binary`: not text (by its content type, or sniffed); send it as it came.
 * - `found`: PHI. `text` is what was scanned (for the exposure event only;
 *   never log it), `redacted` the body to send instead, in UTF-8, and
 *   `contentType`, when set, the content type to send with it (its charset
 *   set to `utf-8`, because the body was read in another encoding or its
 *   label named another).
 * - `unscannable`: the body is text but cannot be read here; `failure` is
 *   the PHI-free code reported in the `guard_failure` event.
 */
export type BodyScan =
  | { outcome: 'clean' }
  | { outcome: 'binary' }
  | { outcome: 'found'; text: string; format: Format; redacted: Uint8Array<ArrayBuffer>; contentType?: string }
  | { outcome: 'unscannable'; failure: 'unsupported_transfer_encoding' | 'multipart_too_deep' };

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
 * @internal Whether a content type says the body is a table: `text/csv`,
 * `text/tab-separated-values`, `application/csv` and the like (`x-`
 * prefixes, a `+csv` suffix). Such a body is scanned as `csv`, whose
 * header row labels its columns; one that is not a table after all (no
 * header of field names, ragged rows) is scanned as text.
 *
 * @example
 * isTable('text/csv; charset=utf-8'); // true
 * isTable('text/plain'); // false
 */
export function isTable(contentType: string | null): boolean {
  const m = contentType === null ? undefined : parseContentType(contentType);
  if (!m || (m.type !== 'text' && m.type !== 'application')) return false;
  const sub = m.subtype.replace(/^x-/, '');
  return TABLE_SUBTYPES.has(sub) || sub.endsWith('+csv');
}
const TABLE_SUBTYPES = new Set(['csv', 'tsv', 'tab-separated-values', 'comma-separated-values']);

/**
 * @internal Whether a content type says the body is a form
 * (`application/x-www-form-urlencoded`). Such a body is scanned as `url`:
 * each value percent-decoded (`+` a space) under its key as a label.
 *
 * @example
 * isForm('application/x-www-form-urlencoded; charset=utf-8'); // true
 */
export function isForm(contentType: string | null): boolean {
  const m = contentType === null ? undefined : parseContentType(contentType);
  return !!m && m.type === 'application' && m.subtype === 'x-www-form-urlencoded';
}

/**
 * @internal Scans a whole body by its content type (see
 * `classifyContentType`). A string is scanned as it is. Bytes can be read
 * more than one way, and a client may use any of them: the reading their
 * labels declare (`encodingOf`: byte-order mark, then `charset`) and the
 * UTF-8 one that fetch's `text()` and `json()` always use. Both are scanned
 * when they differ. If the declared reading has PHI it is redacted, else
 * the UTF-8 one; either way the body goes out as UTF-8 with its `charset`
 * set to `utf-8` (when it had another label or was read in another
 * encoding), so every client reads the redacted text. With no PHI in any
 * reading the original bytes are sent (`clean`).
 *
 * A multipart body is taken apart at its boundary (RFC 2046 § 5.1.1). Each
 * part's headers are scanned as text (a `Content-Type` from its first `;`
 * on, so its type stays readable; never `Content-Transfer-Encoding` or
 * `Content-Length`) and its body by its own content type: a part is binary,
 * and keeps its bytes, only when it has exactly one `Content-Type` and that
 * one is binary (parsers disagree on which of two counts). A part without a
 * content type is text (`text/plain`, RFC 2046 § 5.1, RFC 7578 § 4.4), and
 * so are the preamble and epilogue; none of them is sniffed. A part in
 * base64 or quoted-printable is scanned both as it is (what `formData()`
 * returns: it ignores the transfer encoding) and decoded; PHI in the decoded
 * text is redacted and the part re-encoded with its transfer encoding. A
 * text part in any other transfer encoding is scanned as it is, and is
 * `unscannable` when that finds nothing. A multipart body whose boundary is
 * not found is scanned whole as text.
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
  if (kind === 'binary') {
    // A specific binary type is trusted; "just bytes" (`opaqueBinary`: a
    // CSV export as application/octet-stream) is scanned as an untyped body
    // unless its bytes are binary too.
    if (!opaqueBinary(contentType) || (typeof body !== 'string' && looksBinary(body, true))) return BINARY;
    kind = 'untyped';
  }
  if (kind === 'multipart') return scanMultipart(guard, typeof body === 'string' ? encoder.encode(body) : body, contentType ?? '', depth);
  const format: Format = kind === 'untyped' ? 'auto' : kind === 'text' && isTable(contentType) ? 'csv' : kind === 'text' && isForm(contentType) ? 'url' : kind;
  // JSON lines (NDJSON, `application/fhir+ndjson`): each line is one JSON document.
  const scan = isJsonLines(contentType) ? (text: string) => scanJsonLines(guard, text) : (text: string) => guard.scan(text, { format });
  if (typeof body === 'string') {
    const { findings, redacted } = scan(body);
    return findings.length === 0 ? CLEAN : { outcome: 'found', text: body, format, redacted: encoder.encode(redacted) };
  }
  if (isSniffed(kind, contentType) && looksBinary(body, true)) return BINARY;
  const declared = encodingOf(contentType, body);
  for (const encoding of declared === 'utf-8' ? ['utf-8'] : [declared, 'utf-8']) {
    const text = new TextDecoder(encoding).decode(body);
    const { findings, redacted } = scan(text);
    if (findings.length === 0) continue;
    const out: BodyScan = { outcome: 'found', text, format, redacted: encoder.encode(redacted) };
    if (declared !== 'utf-8' || !saysUtf8(contentType)) out.contentType = withCharset(contentType ?? 'text/plain', 'utf-8');
    return out;
  }
  return CLEAN;
}

/** A JSON-lines body scanned a line at a time, each line as the JSON document it is (a line that is not JSON, as text). */
function scanJsonLines(guard: Guard, text: string): { findings: unknown[]; redacted: string } {
  const findings: unknown[] = [];
  let redacted = '';
  for (let at = 0; at < text.length;) {
    const nl = text.indexOf('\n', at);
    const line = text.slice(at, nl < 0 ? text.length : nl + 1);
    at += line.length;
    const span = jsonLineSpan(line);
    const scan = span && guard.scan(line.slice(span[0], span[1]), { format: 'json' });
    if (!span || !scan || scan.findings.length === 0) { redacted += line; continue; }
    findings.push(...scan.findings);
    redacted += line.slice(0, span[0]) + scan.redacted + line.slice(span[1]);
  }
  return { findings, redacted };
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * Where the first line at or after `from` that starts with `delim` starts,
 * or -1. Only line starts are compared, each comparison stops where the
 * line stops matching, and the search for the next line goes on from there
 * (`delim` holds no line break), so every byte is looked at a bounded
 * number of times: linear in the body, whatever the boundary (a body of
 * dashes against a boundary of dashes included).
 */
function delimiterLine(bytes: Uint8Array, delim: Uint8Array, from: number): number {
  let i = from;
  if (i > 0 && bytes[i - 1] !== LF) {
    const lf = bytes.indexOf(LF, i);
    if (lf < 0) return -1;
    i = lf + 1;
  }
  while (i + delim.length <= bytes.length) {
    let j = 0;
    while (j < delim.length && bytes[i + j] === delim[j]) j++;
    if (j === delim.length) return i;
    const lf = bytes.indexOf(LF, i + j);
    if (lf < 0) return -1;
    i = lf + 1;
  }
  return -1;
}

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
    const at = delimiterLine(bytes, delim, from);
    if (at < 0) break;
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

/**
 * Where a part's header block ends (after the line break of its last field)
 * and its body starts (after the blank line), or undefined when it has no
 * blank line. A part that starts with the blank line has no headers.
 */
function blankLineOf(part: Uint8Array): [number, number] | undefined {
  if (part[0] === CR && part[1] === LF) return [0, 2];
  if (part[0] === LF) return [0, 1];
  for (let i = part.indexOf(LF); i >= 0; i = part.indexOf(LF, i + 1)) {
    if (part[i + 1] === LF) return [i + 1, i + 2];
    if (part[i + 1] === CR && part[i + 2] === LF) return [i + 1, i + 3];
  }
  return undefined;
}

/** Transfer encodings that leave the bytes as they are. */
const IDENTITY = new Set(['', '7bit', '8bit', 'binary']);

/** See {@link scanBody}. */
function scanMultipart(guard: Guard, bytes: Uint8Array, contentType: string, depth: number): BodyScan {
  const boundary = parseContentType(contentType)?.params.get('boundary');
  const regions = boundary && !/[\r\n]/.test(boundary) ? regionsOf(bytes, boundary) : undefined;
  // Not taken apart: scanned whole as text, never sniffed, so one binary-looking stretch cannot let the rest pass.
  if (!regions) return scanBody(guard, bytes, null, 'text', depth);
  if (depth >= MAX_MULTIPART_DEPTH) return { outcome: 'unscannable', failure: 'multipart_too_deep' };

  const replaced: Array<{ start: number; end: number; bytes: Uint8Array }> = [];
  const texts: string[] = [];
  for (const region of regions) {
    if (!region.part) {
      // The preamble and epilogue: no content type, and `text()` shows them.
      const r = scanBody(guard, bytes.subarray(region.start, region.end), null, 'text', depth + 1);
      if (r.outcome === 'unscannable') return r;
      if (r.outcome === 'found') { texts.push(r.text); replaced.push({ ...region, bytes: r.redacted }); }
      continue;
    }
    const blank = blankLineOf(bytes.subarray(region.start, region.end));
    const headersEnd = region.start + (blank?.[0] ?? 0);
    const bodyStart = region.start + (blank?.[1] ?? 0);
    const eol = blank && bytes[bodyStart - 2] === CR ? '\r\n' : '\n';
    const fields = fieldsOf(new TextDecoder().decode(bytes.subarray(region.start, headersEnd)));
    const types = fields.filter((f) => f.name === 'content-type').map((f) => f.value.trim());
    // Binary only when it says so once: undici's formData() takes the last of two, other parsers the first.
    const type: string | null = types.length === 1 ? types[0]! || null : types.filter((t) => classifyContentType(t) !== 'binary').pop() ?? null;
    let kind: BodyKind = type === null ? 'text' : classifyContentType(type);
    if (types.length > 1 && kind === 'untyped') kind = 'text';
    const codings = [...new Set(fields.filter((f) => f.name === 'content-transfer-encoding').map((f) => f.value.trim().toLowerCase()))]
      .filter((c) => !IDENTITY.has(c));

    const raw = bytes.subarray(bodyStart, region.end);
    // Declared binary, but text by its bytes: scanned all the same. Readers
    // split and label parts differently (a folded header, a line that starts
    // with the boundary and goes on, a bare LF before it), and a text one of
    // them shows must not pass on what this parser made of the headers.
    if (kind === 'binary' && !looksBinary(raw, true)) kind = 'text';
    let r: BodyScan = BINARY;
    if (kind !== 'binary') {
      r = CLEAN;
      // Decoded first (what a MIME reader sees), then as it is (what formData() and text() see).
      for (const coding of codings) {
        const decoded = coding === 'base64' ? fromBase64(raw) : coding === 'quoted-printable' ? fromQuotedPrintable(raw) : undefined;
        if (!decoded) continue;
        const d = scanBody(guard, decoded, type, kind, depth + 1);
        if (d.outcome === 'unscannable') return d;
        if (d.outcome === 'found') {
          r = { ...d, redacted: encoder.encode(coding === 'base64' ? toBase64(d.redacted, eol) : toQuotedPrintable(d.redacted, eol)) };
          break;
        }
      }
      if (r.outcome !== 'found') {
        r = scanBody(guard, raw, type, kind, depth + 1);
        if (r.outcome === 'unscannable') return r;
        const unknown = codings.some((c) => c !== 'base64' && c !== 'quoted-printable');
        if (r.outcome !== 'found' && unknown) return { outcome: 'unscannable', failure: 'unsupported_transfer_encoding' };
      }
    }

    let headersChanged = false;
    if (r.outcome === 'found' && r.contentType) {
      // Now UTF-8, and every Content-Type says so (one is added where there was none).
      let set = false;
      for (const f of fields) {
        if (f.name !== 'content-type') continue;
        f.raw = `${f.raw.slice(0, f.raw.indexOf(':'))}: ${r.contentType}${/\r?\n$/.exec(f.raw)?.[0] ?? eol}`;
        set = true;
      }
      if (!set) fields.push({ raw: `Content-Type: ${r.contentType}${eol}${blank ? '' : eol}`, name: 'content-type', value: r.contentType });
      headersChanged = true;
    }
    for (const f of fields) {
      if (f.name === 'content-transfer-encoding' || f.name === 'content-length') continue;
      const colon = f.raw.indexOf(':');
      if (colon < 0) continue;
      // Of a Content-Type, only its parameters: its type/subtype says how the part is read.
      const from = f.name === 'content-type' ? f.raw.indexOf(';', colon) : colon + 1;
      if (from < 0) continue;
      const scan = guard.scan(f.raw.slice(from), { format: 'text' });
      if (scan.findings.length === 0) continue;
      texts.push(f.raw);
      f.raw = f.raw.slice(0, from) + scan.redacted;
      headersChanged = true;
    }
    if (r.outcome === 'found') {
      texts.push(r.text);
      replaced.push({ start: bodyStart, end: region.end, bytes: r.redacted });
    }
    if (headersChanged) replaced.push({ start: region.start, end: headersEnd, bytes: encoder.encode(fields.map((f) => f.raw).join('')) });
  }
  if (replaced.length === 0) return CLEAN;
  replaced.sort((a, b) => a.start - b.start || a.end - b.end);
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const r of replaced) { chunks.push(bytes.subarray(at, r.start), r.bytes); at = r.end; }
  chunks.push(bytes.subarray(at));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let w = 0;
  for (const c of chunks) { out.set(c, w); w += c.byteLength; }
  return { outcome: 'found', text: texts.join('\n'), format: 'text', redacted: out };
}

/** A header field as written (folded lines and its line break kept), with its lowercased name and unfolded value. */
interface Field { raw: string; name: string; value: string }

/** The fields of a part's header block; a line without a colon is kept as a field with no name. */
function fieldsOf(block: string): Field[] {
  const fields: Field[] = [];
  for (const line of block.split(/(?<=\n)/)) {
    if (!line) continue;
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

/** Base64 as RFC 2045 § 6.8 reads it: characters outside the alphabet are ignored, so it never fails. */
function fromBase64(raw: Uint8Array): Uint8Array {
  let s = '';
  for (const b of raw) {
    if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x2b || b === 0x2f) s += String.fromCharCode(b);
  }
  if (s.length % 4 === 1) s = s.slice(0, -1);
  const bin = atob(s + '='.repeat((4 - (s.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Base64 in lines of 76 characters (RFC 2045 § 6.8). */
function toBase64(bytes: Uint8Array, eol: string): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return (btoa(bin).match(/.{1,76}/g) ?? []).join(eol);
}

const hexOf = (b: number): number => (b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x41 && b <= 0x46 ? b - 0x37 : b >= 0x61 && b <= 0x66 ? b - 0x57 : -1);

/** Quoted-printable read leniently (RFC 2045 § 6.7): `=XX` and soft line breaks decoded, any other `=` kept. */
function fromQuotedPrintable(raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0x3d) {
      let j = i + 1;
      while (raw[j] === 0x20 || raw[j] === 0x09) j++;
      if (raw[j] === CR && raw[j + 1] === LF) { i = j + 1; continue; }
      if (raw[j] === LF) { i = j; continue; }
      const hi = hexOf(raw[i + 1] ?? -1);
      const lo = hexOf(raw[i + 2] ?? -1);
      if (hi >= 0 && lo >= 0) { out[n++] = hi * 16 + lo; i += 2; continue; }
    }
    out[n++] = b;
  }
  return out.subarray(0, n);
}

/** Quoted-printable (RFC 2045 § 6.7): line breaks kept, lines of at most 76 characters (soft breaks end with `eol`). */
function toQuotedPrintable(bytes: Uint8Array, eol: string): string {
  let out = '';
  let line = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const crlf = b === CR && bytes[i + 1] === LF;
    if (b === LF || crlf) {
      out += line + (crlf ? '\r\n' : '\n');
      line = '';
      if (crlf) i++;
      continue;
    }
    const next = bytes[i + 1];
    const beforeBreak = next === undefined || next === LF || (next === CR && bytes[i + 2] === LF);
    const literal = (b >= 0x21 && b <= 0x7e && b !== 0x3d) || ((b === 0x20 || b === 0x09) && !beforeBreak);
    const token = literal ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    if (line.length + token.length > 75) { out += `${line}=${eol}`; line = ''; }
    line += token;
  }
  return out + line;
}
