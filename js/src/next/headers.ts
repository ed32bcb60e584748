import type { Guard } from '../common/guard.js';
import type { Finding } from '../common/types.js';
import { tagSpans } from './createRedactingStream.js';

/**
 * Response headers that carry no text a person could be named in: framing,
 * caching, security policy, CORS. `set-cookie` is here too: a session
 * cookie is a credential the browser must get back as it was sent (a
 * redacted one logs the user out), and it goes to the user it belongs to.
 */
const MACHINE_HEADERS = new Set([
  'accept-ranges', 'access-control-allow-credentials', 'access-control-allow-headers', 'access-control-allow-methods',
  'access-control-allow-origin', 'access-control-expose-headers', 'access-control-max-age', 'age', 'alt-svc',
  'cache-control', 'connection', 'content-encoding', 'content-language', 'content-length', 'content-range',
  'content-security-policy', 'content-security-policy-report-only', 'content-type', 'cross-origin-embedder-policy',
  'cross-origin-opener-policy', 'cross-origin-resource-policy', 'date', 'etag', 'expires', 'keep-alive',
  'last-modified', 'permissions-policy', 'pragma', 'referrer-policy', 'retry-after', 'server', 'server-timing',
  'set-cookie', 'strict-transport-security', 'timing-allow-origin', 'transfer-encoding', 'vary', 'x-content-type-options',
  'x-dns-prefetch-control', 'x-frame-options', 'x-phi-guard', 'x-powered-by', 'x-xss-protection',
]);

/** Headers whose value is a URL (or URLs): scanned as one, so a query's keys and a path's collections give context. */
const URL_HEADERS = new Set(['location', 'content-location', 'link', 'refresh']);

/**
 * @internal The PHI in a response's headers: each header a person could be
 * named in (a redirect's `location`, a download's `content-disposition`
 * file name, an app's own `x-*` headers) scanned, URLs as URLs and the rest
 * as text after their name, which is the label a value needs
 * (`x-patient-ssn: 219099999` is read as `patient ssn: 219099999`).
 * `redacted` holds the headers that had findings: their index in `headers`
 * and their redacted values; `text` is those headers as lines of what was
 * scanned, the raw text to classify (never to log). A guard that fails
 * throws its error.
 *
 * @example
 * scanHeaders(guard, [['content-type', 'text/html'], ['location', '/results?email=zq%40example.com']]);
 * // { redacted: [[1, '/results?email=[EMAIL]']], text: 'location: /results?email=zq%40example.com' }
 */
export function scanHeaders(guard: Guard, headers: ReadonlyArray<readonly [string, string]>): { redacted: Array<[number, string]>; text: string } {
  const redacted: Array<[number, string]> = [];
  let text = '';
  for (let i = 0; i < headers.length; i++) {
    const [rawName, value] = headers[i]!;
    const name = rawName.toLowerCase();
    if (MACHINE_HEADERS.has(name) || value === '') continue;
    const out = inBothReadings(value, (v) => URL_HEADERS.has(name) ? { ...scanUrls(guard, v, name === 'link' || name === 'refresh'), text: `${name}: ${v}` }
      : name === 'content-disposition' ? scanDisposition(guard, v) : scanLabelled(guard, name, v));
    if (out.findings.length === 0) continue;
    redacted.push([i, out.redacted]);
    text += `${text ? '\n' : ''}${out.text}`;
  }
  return { redacted, text };
}

/**
 * A header's value scanned as text after its name as a label (`x-dob` →
 * `dob: `), the label's own findings dropped: a bare `884213` or
 * `03/14/1985` is no identifier until `x-mrn` or `x-dob` says what it is.
 */
function scanLabelled(guard: Guard, name: string, value: string): { findings: Finding[]; redacted: string; text: string } {
  const label = `${name.replace(/^x-/, '').replace(/-/g, ' ')}: `;
  const r = guard.scan(label + value, { format: 'text' });
  const findings = r.findings.filter((f) => f.end > label.length)
    .map((f) => ({ ...f, start: Math.max(f.start, label.length) - label.length, end: f.end - label.length }));
  // The label only adds: what the value alone gives and the label took
  // away (`x-request-id: 219-09-9999`: an id label says "not PHI") is kept.
  const extra: Finding[] = [];
  let j = 0;
  for (const b of guard.scan(value, { format: 'text' }).findings) {
    while (j < findings.length && findings[j].end <= b.start) j++;
    if (j === findings.length || findings[j].start >= b.end) extra.push(b);
  }
  if (extra.length) {
    const all = [...findings, ...extra].sort((a, b) => a.start - b.start);
    return { findings: all, redacted: tagSpans(value, all), text: label + value };
  }
  // The guard's own redaction when the label came through it unchanged.
  const inLabel = findings.length < r.findings.length || !r.redacted.startsWith(label);
  return { findings, redacted: inLabel ? tagSpans(value, findings) : r.redacted.slice(label.length), text: label + value };
}

/** What a header's scan gives: its findings, the value redacted, and the text to classify. */
type HeaderScan = { findings: unknown[]; redacted: string; text: string };

/**
 * `scan` of a header value, and also of its UTF-8 reading: fetch gives a
 * header's bytes as Latin-1 characters, so a proxied upstream's
 * `Mária` arrives as `MÃ¡ria`, which a browser or an app may well decode
 * as UTF-8. When that reading is valid and differs, it is scanned first
 * and its redaction written back as UTF-8 bytes (in Latin-1 characters,
 * as a header holds them); the result is then scanned as it stands.
 */
function inBothReadings(value: string, scan: (value: string) => HeaderScan): HeaderScan {
  let utf8: string | undefined;
  if (/[\x80-\xff]/.test(value) && !/[^\x00-\xff]/.test(value)) {
    try {
      utf8 = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(value, (c) => c.charCodeAt(0)));
    } catch { /* not UTF-8 */ }
  }
  if (utf8 === undefined) return scan(value);
  const first = scan(utf8);
  const rest = scan(first.findings.length ? byteChars(new TextEncoder().encode(first.redacted)) : value);
  return { findings: [...first.findings, ...rest.findings], redacted: rest.redacted, text: [first.text, rest.text].join('\n') };
}

/** Bytes as the Latin-1 characters a header holds them in. */
function byteChars(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) out += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return out;
}

/**
 * A `content-disposition` value scanned: each file name (`filename`, and
 * `filename*` percent-decoded as RFC 8187 says) read with `_`, and a `-`
 * between a letter and a digit, as spaces (`Maria_Garcia_219-09-9999.pdf`,
 * `labs-219-09-9999.csv`), the spans found replaced in the name as it was
 * and the name written back (`filename*` encoded again, as UTF-8); then
 * the value as text.
 */
function scanDisposition(guard: Guard, value: string): HeaderScan {
  const found: unknown[] = [];
  const read: string[] = [];
  const rewritten = value.replace(/(;\s*)(filename\*?)(\s*=\s*)("(?:[^"\\]|\\.)*"|[^;\s]*)/gi, (whole, lead: string, param: string, eq: string, raw: string) => {
    const extended = param.endsWith('*');
    const ext = extended ? /^([^']*)'([^']*)'(.*)$/.exec(raw) : null;
    let name = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    if (extended) {
      if (!ext) return whole;
      const bytes = Uint8Array.from(ext[3]!.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), (c) => c.charCodeAt(0));
      let decoder: TextDecoder;
      try { decoder = new TextDecoder(ext[1]); } catch { decoder = new TextDecoder('utf-8'); } // a charset this runtime does not know
      name = decoder.decode(bytes);
    }
    const spaced = name.replace(/_|(?<=\p{L})-(?=\d)/gu, ' ');
    const findings = guard.scan(spaced, { format: 'text' }).findings;
    if (findings.length === 0) return whole;
    found.push(...findings);
    read.push(spaced);
    const redacted = tagSpans(name, findings);
    const written = extended ? `UTF-8'${ext![2]}'${encodeURIComponent(redacted).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`
      : `"${redacted.replace(/["\\]/g, '\\$&')}"`;
    return lead + param + eq + written;
  });
  const rest = guard.scan(rewritten, { format: 'text' });
  return { findings: [...found, ...rest.findings], redacted: rest.redacted, text: ['content-disposition: ' + value, ...read].join('\n') };
}

/** Stands before a path-only URL while it is scanned, so the scan reads it as a URL on a site, not as a person's URL. */
const ORIGIN = 'https://origin.invalid';

/**
 * A URL header's value scanned: the whole value as a URL (`location`,
 * `content-location`), or, `embedded`, each URL in it as a URL (`link:
 * </a>; rel=next`, `refresh: 0; url=/p`) and the text around them as
 * text; a URL that is only a path is read on a stand-in origin.
 */
function scanUrls(guard: Guard, value: string, embedded: boolean): { findings: unknown[]; redacted: string } {
  const found: unknown[] = [];
  let redacted = '';
  let at = 0;
  const scanOne = (url: string): string => {
    const rooted = url.startsWith('/') && !url.startsWith('//');
    const scanned = rooted ? ORIGIN + url : url;
    const r = guard.scan(scanned, { format: 'url' });
    // A link to a person's page (`/patients/42`) is the app's own navigation:
    // only what the URL holds (an e-mail in its query, an SSN in its path) is PHI here.
    const whole = (f: Finding) => f.type === 'URL' && f.start === 0;
    const inner = r.findings.filter((f) => !whole(f));
    found.push(...inner);
    if (inner.length === 0) return url;
    const out = inner.length < r.findings.length ? tagSpans(scanned, inner) : r.redacted;
    return rooted && out.startsWith(ORIGIN) ? out.slice(ORIGIN.length) : out;
  };
  // `<url>` in a link, `url=` in a refresh, else the whole value.
  const re = /<([^>]*)>|(\burl\s*=\s*)(\S+)/gi;
  let any = false;
  for (let m = embedded ? re.exec(value) : null; m !== null; m = re.exec(value)) {
    any = true;
    const start = m.index + (m[1] !== undefined ? 1 : m[2]!.length);
    const url = m[1] ?? m[3]!;
    const rest = value.slice(at, start);
    const around = guard.scan(rest, { format: 'text' });
    found.push(...around.findings);
    redacted += around.redacted;
    redacted += scanOne(url);
    at = start + url.length;
  }
  if (!any) return { findings: found, redacted: scanOne(value) };
  const tail = guard.scan(value.slice(at), { format: 'text' });
  found.push(...tail.findings);
  return { findings: found, redacted: redacted + tail.redacted };
}

/**
 * @internal The headers of `headers` that {@link scanHeaders} reads (not
 * the machine headers, not empty), so a wrapper can tell cheaply that a
 * response has none to scan.
 */
export function scannableHeaders(headers: Headers): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, value] of headers) if (value !== '' && !MACHINE_HEADERS.has(name)) out.push([name, value]);
  return out;
}

/**
 * @internal A Fetch `Response` with the PHI in its headers redacted (see
 * {@link scanHeaders}): `undefined` when its headers hold none, else the
 * raw `name: value` lines to classify and the response rebuilt around the
 * same body with the redacted values.
 */
export function redactResponseHeaders(guard: Guard, response: Response, entries: Array<[string, string]>): { text: string; response: Response } | undefined {
  const scan = scanHeaders(guard, entries);
  if (scan.redacted.length === 0) return undefined;
  const headers = new Headers(response.headers);
  for (const [index, value] of scan.redacted) headers.set(entries[index]![0], value);
  return { text: scan.text, response: new Response(response.body, { status: response.status, statusText: response.statusText, headers }) };
}
