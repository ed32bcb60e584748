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
    const out = URL_HEADERS.has(name) ? { ...scanUrls(guard, value, name === 'link' || name === 'refresh'), text: `${name}: ${value}` } : scanLabelled(guard, name, value);
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
  // The guard's own redaction when the label came through it unchanged.
  const inLabel = findings.length < r.findings.length || !r.redacted.startsWith(label);
  return { findings, redacted: inLabel ? tagSpans(value, findings) : r.redacted.slice(label.length), text: label + value };
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
