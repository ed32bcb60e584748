import type { Guard } from '../common/guard.js';
import type { Format } from '../common/types.js';
import { cutText, withCutNote } from '../next/cutText.js';
import { put, redactArgs, renderValue } from '../next/createRedactingLogger.js';
import { safeRoute } from '../next/reportIds.js';
import { templatePath } from '../next/util.js';
import { PhiGuardError } from '../common/errors.js';
import type { SentryBreadcrumbLike, SentryEventLike, SentryMetricLike, SentrySpanLike, SentryStackFrameLike } from './types.js';

/** Containers kept a list (breadcrumbs, exceptions, frames): the logger's bound; the newest are kept. */
const MAX_ITEMS = 1000;
/** Characters of raw text an exposure event carries for the emitter to classify. */
const REPORT_CHARS = 32_000;
/** What a user field that is not kept becomes when the guard does not flag all of it. */
export const REDACTED = '[REDACTED]';
/** What a cookie's value, or a credential header, becomes. */
const FILTERED = '[Filtered]';
/** Headers whose values are credentials: never sent, whatever the guard says. */
const CREDENTIAL_HEADERS = new Set(['cookie', 'set-cookie', 'authorization', 'proxy-authorization']);
/** Headers whose values are URLs. */
const URL_HEADERS = new Set(['referer', 'referrer', 'location', 'content-location']);
/** The cut marker {@link withCutNote} writes, at the end of a text cut before (so a second pass keeps it). */
const CUT_NOTE = /\s?\u2026 \[\d+ characters cut\]$/;
/** A value already replaced: a tag or pseudonym of the guard, Sentry's or phi-guard's own marker. */
const REPLACED = /^\[[A-Z][A-Z_]*(?::[0-9a-f]+)?\]$|^\[Filtered\]$|^\[REDACTED\]$/;

/**
 * Top-level event fields that are Sentry's own technical data: kept as they
 * are (ids, times, names of the SDK, the release and the build's modules).
 * `server_name`, `release` and `environment` are set by the app's
 * deployment, not by a request.
 */
const TECHNICAL_FIELDS = new Set([
  'event_id', 'timestamp', 'start_timestamp', 'level', 'platform', 'logger', 'server_name', 'release', 'dist',
  'environment', 'type', 'modules', 'measurements', 'debug_meta', 'transaction_info', 'sdk',
]);

/** Span attributes (or static span data) that are the SDK's own bookkeeping: kept as they are. */
const TECHNICAL_ATTRIBUTES = new Set([
  'sentry.op', 'sentry.origin', 'sentry.source', 'sentry.segment.id', 'sentry.segment.name.source', 'sentry.sdk.name',
  'sentry.sdk.version', 'sentry.sdk.integrations', 'sentry.environment', 'sentry.release', 'sentry.sample_rate',
  'sentry.trace_lifecycle', 'sentry.is_localhost', 'sentry.idle_span_finish_reason', 'otel.kind', 'http.method',
  'http.request.method', 'http.status_code', 'http.response.status_code', 'http.response_content_length',
  'http.response.body.size', 'http.request.body.size', 'network.protocol.version', 'db.system', 'db.system.name',
]);
/**
 * Fields of Sentry's technical contexts, which the SDK reads from the
 * machine and the runtime: kept as they are (a detector would see a name
 * in `os.name: 'Debian'` and an address in a V8 version). Any other field
 * of these contexts (`device.name`, which a phone's owner chooses) is
 * scanned with the rest.
 */
const TECHNICAL_CONTEXTS: Record<string, ReadonlySet<string>> = {
  os: new Set(['type', 'name', 'version', 'build', 'kernel_version', 'rooted', 'raw_description']),
  runtime: new Set(['type', 'name', 'version', 'build', 'raw_description']),
  browser: new Set(['type', 'name', 'version']),
  culture: new Set(['type', 'locale', 'timezone', 'calendar', 'is_24_hour_format']),
  app: new Set(['type', 'app_start_time', 'app_memory', 'free_memory', 'app_version', 'app_build', 'build_type', 'in_foreground', 'app_identifier', 'app_name']),
  device: new Set([
    'type', 'arch', 'archs', 'family', 'model', 'model_id', 'brand', 'manufacturer', 'simulator', 'memory_size', 'free_memory',
    'usable_memory', 'low_memory', 'storage_size', 'free_storage', 'boot_time', 'processor_count', 'cpu_description',
    'processor_frequency', 'device_type', 'battery_level', 'charging', 'online', 'orientation', 'screen_resolution',
    'screen_density', 'screen_dpi', 'screen_height_pixels', 'screen_width_pixels',
  ]),
};
/**
 * The same facts as span attributes, exactly the keys the SDK sets from the
 * machine and the runtime (`@sentry/node`'s context integration on each
 * segment span, the browser's `browser.name` and `browser.version`): kept as
 * they are. Any other key of these namespaces (`app.patient_name`,
 * `device.id`, `cloud.account.id`, an account's id) is the app's, scanned
 * with the rest.
 */
const MACHINE_ATTRIBUTES = new Set([
  'os.name', 'os.version', 'os.kernel_version', 'os.build', 'process.runtime.engine.name', 'process.runtime.engine.version',
  'culture.locale', 'culture.timezone', 'app.start_time', 'app.memory', 'app.free_memory', 'device.archs', 'device.boot_time',
  'device.memory_size', 'device.free_memory', 'device.processor_count', 'device.cpu_description', 'device.processor_frequency',
  'cloud.provider', 'cloud.region', 'cloud.platform', 'cloud.availability_zone', 'browser.name', 'browser.version',
]);
function technicalAttribute(k: string): boolean {
  return TECHNICAL_ATTRIBUTES.has(k) || MACHINE_ATTRIBUTES.has(k);
}
/** Span attributes that hold a request's or a response's credentials. */
const CREDENTIAL_ATTRIBUTE = /^http\.(?:request|response)\.header\.(?:cookie|set-cookie|authorization|proxy-authorization)$/i;
/** Attributes and span data keys that hold a URL. */
const URL_ATTRIBUTES = new Set(['url', 'http.url', 'url.full', 'http.request.url', 'from', 'to']);
/** Attributes that hold a path (a route or the path of a URL). */
const PATH_ATTRIBUTES = new Set(['url.path', 'http.target', 'http.route', 'url.template']);
/** Attributes that hold a query string (with or without its `?`). */
const QUERY_ATTRIBUTES = new Set(['url.query', 'http.query']);
/** Attributes that hold a route name. */
const ROUTE_ATTRIBUTES = new Set(['sentry.segment.name', 'sentry.transaction', 'transaction']);
/** Attributes that hold a query to a database: scanned as text. */
const QUERY_TEXT_ATTRIBUTES = new Set(['db.statement', 'db.query.text']);
/** Span attributes of a request's or a response's headers that hold URLs, as `URL_HEADERS`. */
const URL_HEADER_ATTRIBUTE = /^http\.(?:request|response)\.header\.(?:referer|referrer|location|content-location)$/i;
/** A request's body as a form encodes it: `name=Zoltan+Quibble&ssn=…` (names of word characters, no whitespace). */
const FORM_SHAPE = /^[\w.~%+*[\]-]+=[^&\s]*(?:&[\w.~%+*[\]-]+(?:=[^&\s]*)?)*&?$/;
/** A content type that says a body is form-encoded. */
const FORM_TYPE = /application\/x-www-form-urlencoded/i;
/**
 * Keys of a dynamic sampling context (the envelope header `trace`, the
 * `sentry-*` members of `baggage`) that are Sentry's own: ids, rates,
 * flags, the release and the environment. `transaction` is templated;
 * any other key (`user_segment`, or what an upstream service put in its
 * `baggage`) is left out.
 */
const TECHNICAL_DSC = new Set(['trace_id', 'public_key', 'sample_rate', 'sample_rand', 'sampled', 'release', 'environment', 'replay_id', 'org_id']);

/**
 * @internal How one Sentry payload is redacted: the limits, the fields of
 * `user` kept, and whether the raw text of what was redacted is gathered
 * for an exposure event.
 */
export interface RedactionSettings {
  maxTextChars: number;
  maxEventChars: number;
  keepUser: ReadonlySet<string>;
  gather: boolean;
}

/**
 * What {@link EventRedactor} cut in a value before it was redacted, to be
 * marked after: a text (where it sits, and its marker), or the rest of a
 * container withheld once the payload's budget was spent (where the
 * container sits, and how many entries were left out).
 */
type Cut = { path: Array<string | number>; cut: number; tail: string } | { path: Array<string | number>; withheld: number };

/** What a value that is not a text becomes once the payload's budget is spent (a console argument, a number). */
const WITHHELD = '[withheld]';

/**
 * @internal Redacts one Sentry payload (an event, a breadcrumb, a span)
 * with a guard that is ready. Every method returns new containers; what it
 * is given is never modified (containers it keeps whole, such as `sdk` or
 * `modules`, are shared). Any failure throws (the guard's `PhiGuardError`,
 * or one of its own): the hook decides what is sent then.
 */
export class EventRedactor {
  readonly #guard: Guard;
  readonly #settings: RedactionSettings;
  /** Characters this payload may still scan, all texts together. */
  #budget: number;
  /** The raw text of what was redacted, by where it was (for the emitter to classify). */
  readonly found: Record<string, unknown> = {};
  #foundChars = 0;
  /** Whether anything was redacted. */
  changed = false;

  constructor(guard: Guard, settings: RedactionSettings) {
    this.#guard = guard;
    this.#settings = settings;
    this.#budget = settings.maxEventChars;
  }

  // --- texts -----------------------------------------------------------------

  /** Notes that `raw` (what was scanned, as text or plain data) was redacted at `where`. */
  #found(where: string, raw: unknown): void {
    this.changed = true;
    if (!this.#settings.gather || this.#foundChars >= REPORT_CHARS) return;
    const size = typeof raw === 'string' ? raw.length : JSON.stringify(raw)?.length ?? 0;
    if (this.#foundChars + size > REPORT_CHARS) return;
    this.#foundChars += size;
    let key = where;
    for (let i = 2; Object.prototype.hasOwnProperty.call(this.found, key); i++) key = `${where} (${i})`;
    this.found[key] = raw;
  }

  /**
   * `text` cut to the limits (see {@link cutText}; the budget of the
   * payload included) without redacting: the part to scan, and what to
   * append after redacting it (a cut marker, new or kept from a pass before).
   */
  #bound(text: string): { kept: string; cut: number; tail: string } {
    let head = text;
    let tail = '';
    const note = CUT_NOTE.exec(text);
    if (note) {
      head = text.slice(0, note.index);
      tail = text.slice(note.index);
    }
    const max = Math.min(this.#settings.maxTextChars, this.#budget);
    if (head.length <= max) {
      this.#budget -= head.length;
      return { kept: head, cut: 0, tail };
    }
    if (max <= 0) return { kept: '', cut: head.length, tail: '' };
    // Room for the marker of the longest cut possible, as cutAndRedact leaves it.
    const room = Math.max(0, max - withCutNote('x', head.length).length + 1);
    const { kept, cut } = cutText(this.#guard, head, room);
    this.#budget -= max;
    return { kept, cut, tail: '' };
  }

  /** `kept` as redacted, then its marker. */
  static #mark(redacted: string, cut: number, tail: string): string {
    return cut > 0 ? withCutNote(redacted, cut) : redacted + tail;
  }

  /** A text redacted with `format`, bounded; anything that is not a string is redacted as plain data. */
  text(v: unknown, format: Format, where: string): unknown {
    if (typeof v !== 'string') return this.value(v, where);
    const { kept, cut, tail } = this.#bound(v);
    const redacted = kept === '' ? '' : this.#guard.redactText(kept, format);
    if (redacted !== kept) this.#found(where, kept);
    return EventRedactor.#mark(redacted, cut, tail);
  }

  /**
   * Any value, rendered to plain data as the redacting logger renders an
   * argument (bounded: 20 levels, 1 000 entries a container, 10 000
   * values), each string in it cut to the limits, and redacted with
   * `redactValue`, so keys label their values (`{ patientName: … }`).
   * Keys, strings and numbers are charged to the payload's budget (each
   * entry one character more); once it is spent, the rest of each
   * container is left out, unscanned, for one marker (`'…': '12 more keys
   * withheld (maxEventChars)'`). `undefined` stays `undefined`.
   */
  value(v: unknown, where: string): unknown {
    if (v === undefined || v === null || typeof v === 'boolean') return v;
    if (typeof v === 'number') return this.#number(v, where);
    // Past the budget a container is not even rendered: its marker only.
    if (this.#budget <= 0 && typeof v === 'object') return withheld(v);
    const plain = renderValue(v);
    if (typeof plain === 'string') return this.text(plain, 'auto', where);
    if (plain === null || typeof plain !== 'object') return plain;
    const cuts: Cut[] = [];
    const bounded = this.#boundPlain(plain, [], cuts);
    // All of it withheld: nothing to scan.
    const redacted = Object.keys(bounded as object).length === 0 ? bounded : this.#guard.redactValue(bounded);
    // Compared only when an exposure event is to be reported: a second
    // serialisation of what may be a large value is not paid otherwise.
    if (this.#settings.gather && JSON.stringify(redacted) !== JSON.stringify(bounded)) this.#found(where, bounded);
    for (const c of cuts) markAt(redacted, c);
    return redacted;
  }

  /**
   * A number, scanned as its text: kept when the guard finds nothing in it
   * (a count, a status), else its redacted text; past the budget, a marker.
   */
  #number(n: number, where: string): unknown {
    if (!Number.isFinite(n) || (Number.isInteger(n) && Math.abs(n) < 10_000)) return n;
    const text = String(n);
    if (this.#budget <= 0) return WITHHELD;
    this.#budget -= text.length;
    const redacted = this.#guard.redactText(text, 'text');
    if (redacted === text) return n;
    this.#found(where, text);
    return redacted;
  }

  /**
   * `plain` (rendered data) with each string, keys included, cut to the
   * limits and charged to the budget (numbers too, and one character an
   * entry); once the budget is spent, the rest of each container is left
   * out. The cuts are listed to be marked after redacting.
   */
  #boundPlain(plain: unknown, path: Array<string | number>, cuts: Cut[]): unknown {
    if (typeof plain === 'string') {
      const { kept, cut, tail } = this.#bound(plain);
      if (cut > 0 || tail !== '') cuts.push({ path: path.slice(), cut, tail });
      return kept;
    }
    if (typeof plain === 'number') this.#budget -= String(plain).length;
    if (plain === null || typeof plain !== 'object') return plain;
    if (Array.isArray(plain)) {
      const items: unknown[] = [];
      for (let i = 0; i < plain.length; i++) {
        if (this.#budget <= 0) {
          cuts.push({ path: path.slice(), withheld: plain.length - i });
          break;
        }
        this.#budget -= 1;
        items.push(this.#boundPlain(plain[i], [...path, i], cuts));
      }
      return items;
    }
    const out: Record<string, unknown> = {};
    const entries = Object.entries(plain as Record<string, unknown>);
    for (let i = 0; i < entries.length; i++) {
      if (this.#budget <= 0) {
        cuts.push({ path: path.slice(), withheld: entries.length - i });
        break;
      }
      const [k, x] = entries[i];
      const key = k.length > this.#settings.maxTextChars ? `${cutText(this.#guard, k, this.#settings.maxTextChars).kept}\u2026` : k;
      this.#budget -= key.length + 1;
      put(out, key, this.#boundPlain(x, [...path, key], cuts));
    }
    return out;
  }

  /**
   * The console line of `args` (a format string and its values, or
   * values), as the redacting logger redacts it. An object is charged to
   * the budget as the text it renders to; past the budget it is
   * {@link WITHHELD}, unscanned.
   */
  #line(args: readonly unknown[], where: string): unknown[] {
    const cuts = new Map<number, { cut: number; tail: string }>();
    const bounded = args.map((a, i) => {
      if (typeof a === 'string') {
        const { kept, cut, tail } = this.#bound(a);
        if (cut > 0 || tail !== '') cuts.set(i, { cut, tail });
        return kept;
      }
      if (a === null || (typeof a !== 'object' && typeof a !== 'function')) return a;
      if (this.#budget <= 0) return WITHHELD;
      this.#budget -= JSON.stringify(renderValue(a))?.length ?? 0;
      return a;
    });
    // A failure is told apart from an argument that merely reads as the
    // placeholder (a line redactConsole printed before Sentry saw it).
    let failed = false;
    const out = redactArgs(this.#guard, bounded, () => { failed = true; });
    if (failed) throw new PhiGuardError('input', 'a console line could not be redacted');
    // A symbol or a BigInt becomes its text whatever the guard finds: that is no redaction.
    const redacted = out.some((a, i) => a !== bounded[i] && !((typeof bounded[i] === 'symbol' || typeof bounded[i] === 'bigint') && a === String(bounded[i])));
    if (redacted) this.#found(where, bounded.filter((a) => typeof a !== 'object' || a === null).map((a) => String(a)).join(' '));
    return out.map((a, i) => {
      const c = cuts.get(i);
      return c && typeof a === 'string' ? EventRedactor.#mark(a, c.cut, c.tail) : a;
    });
  }

  // --- URLs and routes -------------------------------------------------------

  /**
   * A URL (or a path with a query) redacted by its parts: the origin kept
   * unless the guard flags it, the path templated as a route (id-like and
   * flagged segments, and the segment after a collection of people,
   * become `[id]`; see `templatePath`), each query value and the fragment
   * redacted. `frame`: a script's path in a stack frame, whose segments are
   * replaced only where the guard flags them, so a build's hashed file
   * names (`page-5f1a2b3c4d.js`) stay as they are and source maps still
   * match.
   */
  url(v: unknown, where: string, frame = false): unknown {
    if (typeof v !== 'string') return this.value(v, where);
    const { kept, cut, tail } = this.#bound(v);
    const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)?([^?#]*)(\?[^#]*)?(#[\s\S]*)?$/i.exec(kept);
    if (!m || (m[1] === undefined && !m[2].startsWith('/'))) {
      const redacted = kept === '' ? '' : this.#guard.redactText(kept, 'url');
      if (redacted !== kept) this.#found(where, kept);
      return EventRedactor.#mark(redacted, cut, tail);
    }
    const [, origin = '', path, query, fragment] = m;
    let out = origin;
    if (origin !== '') {
      const host = this.#guard.redactText(origin, 'url');
      if (host !== origin) {
        this.#found(where, origin);
        out = host;
      }
    }
    out += frame ? this.#flagSegments(path, where) : this.#route(path, where);
    if (query !== undefined) out += `?${this.query(query.slice(1), where)}`;
    if (fragment !== undefined) {
      // A single-page app's route (`#/patients/…?…`) is a URL; anything else text.
      const redacted = this.#guard.redactText(fragment.slice(1), fragment.startsWith('#/') ? 'url' : 'text');
      if (redacted !== fragment.slice(1)) this.#found(where, fragment);
      out += `#${redacted}`;
    }
    return EventRedactor.#mark(out, cut, tail);
  }

  /** A path as a route template (see `safeRoute`): id-like and flagged segments, and a person's after a collection, become `[id]`. */
  #route(path: string, where: string): string {
    if (!path.startsWith('/')) return path === '' ? '' : (this.text(path, 'url', where) as string);
    const route = safeRoute(path, this.#guard, '/');
    if (route !== path) this.#found(where, path);
    return route;
  }

  /**
   * A path whose segments the guard flags (a whole-URL finding aside)
   * become `[id]`; the others stay as they are. `separators`: what else
   * splits it into segments than `/` (a module name's `.` and `:`); the
   * path is scanned as it is and, if there are any, as a path with them
   * read as `/` (the guard reads `219-09-9999` between slashes as an id,
   * not between dots).
   */
  #flagSegments(path: string, where: string, separators?: RegExp): string {
    if (path === '') return '';
    const scans = separators === undefined ? [path] : [path, path.replace(new RegExp(separators.source, 'g'), '/')];
    const spans = scans.flatMap((p) => this.#guard.scan(p, { format: 'url' }).findings)
      .filter((f) => !(f.type === 'URL' && f.start === 0))
      .map((f): [number, number] => [f.start, f.end]);
    if (spans.length === 0) return path;
    this.#found(where, path);
    let at = 0;
    // Split with the separators captured: odd pieces are separators, kept.
    const split = separators === undefined ? /(\/)/ : new RegExp(`(\\/|${separators.source})`);
    return path.split(split).map((seg, i) => {
      const start = at;
      at += seg.length;
      return i % 2 === 0 && seg !== '' && spans.some(([s, e]) => s < start + seg.length && e > start) ? '[id]' : seg;
    }).join('');
  }

  /**
   * A frame's or an exception's module name, which the SDK derives from
   * the file's path (`uploads.219-09-9999:chart` for
   * `uploads/219-09-9999/chart.mjs`): each segment the guard flags becomes
   * `[id]`, as in the path (`uploads.[id]:chart`).
   */
  #module(v: unknown, where: string): unknown {
    if (typeof v !== 'string') return this.value(v, where);
    const { kept, cut, tail } = this.#bound(v);
    return EventRedactor.#mark(this.#flagSegments(kept, where, /[.:\\]/), cut, tail);
  }

  /**
   * A query string (without its `?`), each value decoded (`+` as a space)
   * and redacted with its parameter's name as context, as `redactValue`
   * reads a JSON key: `name=Zoltan+Quibble` → `name=[NAME]`, where the
   * name's two words, encoded, are one value. A parameter without `=` is a
   * value. Parameters with nothing found keep their encoding.
   */
  query(q: string, where: string): string {
    if (q === '') return q;
    const pairs = q.split('&').slice(0, MAX_ITEMS);
    const decoded = pairs.map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? ['', decodeQuery(p)] : [decodeQuery(p.slice(0, eq)), decodeQuery(p.slice(eq + 1))];
    });
    const redacted = this.#guard.redactValue(decoded.map(([k, v]) => ({ [k]: v }))) as Array<Record<string, string>>;
    let changed = false;
    const out = pairs.map((p, i) => {
      const [k, v] = decoded[i];
      const r = redacted[i] ?? {};
      const [rk, rv] = Object.entries(r)[0] ?? [k, ''];
      if (rk === k && rv === v) return p;
      changed = true;
      const value = encodeQuery(String(rv));
      return p.includes('=') ? `${encodeQuery(rk)}=${value}` : value;
    });
    if (changed) this.#found(where, q);
    return out.join('&') + (q.split('&').length > MAX_ITEMS ? '&\u2026' : '');
  }

  /**
   * A transaction or span name: each word that is a path is templated as a
   * route and each URL redacted by its parts (`GET /patients/219-09-9999` →
   * `GET /patients/[id]`), then the whole scanned as text.
   */
  routeName(v: unknown, where: string): unknown {
    if (typeof v !== 'string') return this.value(v, where);
    const { kept, cut, tail } = this.#bound(v);
    const words = kept.split(' ').map((w) => (w.startsWith('/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(w) ? (this.url(w, where) as string) : w));
    return EventRedactor.#mark(this.text(words.join(' '), 'text', where) as string, cut, tail);
  }

  // --- parts of an event -----------------------------------------------------

  /** An event: see {@link SentryEventLike} for what is redacted and what is kept. */
  event<E extends SentryEventLike>(event: E): E {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(event as Record<string, unknown>)) {
      if (v === undefined) continue;
      put(out, k, this.#field(k, v));
    }
    if (!this.#settings.keepUser.has('ip_address')) out.sdk = neverInferIp(out.sdk);
    if (out.user && typeof out.user === 'object' && Object.keys(out.user).length === 0) delete out.user;
    return out as E;
  }

  #field(k: string, v: unknown): unknown {
    switch (k) {
      case 'message': return this.text(v, 'auto', 'message');
      case 'logentry': return this.#logentry(v);
      case 'exception':
      case 'threads': return this.#values(v, k);
      case 'breadcrumbs': return Array.isArray(v) ? v.slice(-MAX_ITEMS).map((b) => this.breadcrumb(b)) : this.value(v, k);
      case 'request': return this.#request(v);
      case 'user': return this.user(v);
      case 'contexts': return this.#contexts(v);
      case 'transaction': return this.routeName(v, 'transaction');
      case 'fingerprint': return Array.isArray(v) ? v.slice(0, MAX_ITEMS).map((f) => this.text(f, 'text', 'fingerprint')) : this.value(v, k);
      case 'spans': return Array.isArray(v) ? v.slice(0, MAX_ITEMS).map((s) => this.span(s)) : this.value(v, k);
      case 'sdkProcessingMetadata': return this.#processing(v);
      case 'debug_meta': return this.#debugMeta(v);
      default: return TECHNICAL_FIELDS.has(k) ? v : this.value(v, k);
    }
  }

  /** `logentry`: its format string and params redacted as the console line they print, and its `formatted` text. */
  #logentry(v: unknown): unknown {
    if (!isObject(v)) return this.value(v, 'logentry');
    const out: Record<string, unknown> = { ...v };
    if (Array.isArray(v.params) && v.params.length > 0 && typeof v.message === 'string') {
      const [message, ...params] = this.#line([v.message, ...v.params.slice(0, MAX_ITEMS)], 'logentry');
      out.message = message;
      out.params = params;
    } else if (v.message !== undefined) {
      out.message = this.text(v.message, 'auto', 'logentry.message');
      if (v.params !== undefined) out.params = this.value(v.params, 'logentry.params');
    }
    if (v.formatted !== undefined) out.formatted = this.text(v.formatted, 'auto', 'logentry.formatted');
    return out;
  }

  /** `exception` or `threads`: each value's type, value, mechanism data and frames. */
  #values(v: unknown, where: string): unknown {
    if (!isObject(v) || !Array.isArray(v.values)) return this.value(v, where);
    return { ...v, values: v.values.slice(-MAX_ITEMS).map((x) => this.#exception(x, where)) };
  }

  #exception(x: unknown, where: string): unknown {
    if (!isObject(x)) return this.value(x, where);
    const out: Record<string, unknown> = { ...x };
    // An Error's name is text its code chose (`PatientError[Zoltan …]`).
    if (x.type !== undefined) out.type = this.text(x.type, 'error', `${where}.type`);
    if (x.value !== undefined) out.value = this.text(x.value, 'error', `${where}.value`);
    if (x.module !== undefined) out.module = this.#module(x.module, `${where}.module`);
    if (isObject(x.mechanism)) {
      const m: Record<string, unknown> = { ...x.mechanism };
      if (m.data !== undefined) m.data = this.value(m.data, `${where}.mechanism`);
      if (m.description !== undefined) m.description = this.text(m.description, 'error', `${where}.mechanism`);
      out.mechanism = m;
    }
    if (isObject(x.stacktrace)) out.stacktrace = this.#stacktrace(x.stacktrace);
    return out;
  }

  #stacktrace(st: Record<string, unknown>): unknown {
    if (!Array.isArray(st.frames)) return { ...st };
    return { ...st, frames: st.frames.slice(-MAX_ITEMS).map((f) => this.frame(f)) };
  }

  /**
   * A stack frame: its local variables redacted with their names as
   * context, its source lines (`pre_context`, `context_line`,
   * `post_context`, which may hold literal values) scanned as the one
   * text they are, and its file's path or URL scanned, each flagged
   * segment and query value replaced (see {@link url}), and its module
   * name, derived from that path, as the path. Function names, lines and
   * columns are kept.
   */
  frame(f: unknown): unknown {
    if (!isObject(f)) return this.value(f, 'frame');
    const out: Record<string, unknown> = { ...f };
    const frame = f as SentryStackFrameLike & Record<string, unknown>;
    if (frame.vars !== undefined) out.vars = this.value(frame.vars, 'frame.vars');
    if (frame.abs_path !== undefined) out.abs_path = this.url(frame.abs_path, 'frame.abs_path', true);
    if (frame.filename !== undefined) out.filename = this.url(frame.filename, 'frame.filename', true);
    if (frame.module !== undefined) out.module = this.#module(frame.module, 'frame.module');
    const pre = Array.isArray(frame.pre_context) ? frame.pre_context : [];
    const post = Array.isArray(frame.post_context) ? frame.post_context : [];
    const lines = [...pre, ...(frame.context_line !== undefined ? [frame.context_line] : []), ...post];
    if (lines.length > 0) {
      const redacted = this.#lines(lines);
      if (frame.pre_context !== undefined) out.pre_context = Array.isArray(frame.pre_context) ? redacted.slice(0, pre.length) : this.value(frame.pre_context, 'frame.context');
      if (frame.context_line !== undefined) out.context_line = redacted[pre.length];
      if (frame.post_context !== undefined) out.post_context = Array.isArray(frame.post_context) ? redacted.slice(lines.length - post.length) : this.value(frame.post_context, 'frame.context');
    }
    return out;
  }

  /** Source lines scanned as one text (a label on one line is context for the next), each returned redacted. */
  #lines(lines: unknown[]): unknown[] {
    const bounded = lines.map((l) => (typeof l === 'string' ? this.#bound(l) : undefined));
    const pieces: string[] = [];
    bounded.forEach((b, i) => {
      if (i > 0) pieces.push('\n');
      pieces.push(b?.kept ?? '');
    });
    const redacted = this.#guard.redactPieces(pieces, 'text');
    return lines.map((l, i) => {
      const b = bounded[i];
      if (b === undefined) return this.value(l, 'frame.context');
      const r = redacted[i * 2];
      if (r !== b.kept) this.#found('frame.context', b.kept);
      return EventRedactor.#mark(r, b.cut, b.tail);
    });
  }

  /**
   * A breadcrumb: its message (a console breadcrumb's as the line its
   * `data.arguments` print, those redacted as that line too), the URLs in
   * its data (`url`, `from`, `to`: fetch, xhr, navigation), and the rest of
   * its data with keys as context. `category`, `type`, `level` and
   * `timestamp` are kept.
   */
  breadcrumb<B extends SentryBreadcrumbLike>(b: B): B {
    if (!isObject(b)) return this.value(b, 'breadcrumb') as B;
    const out: Record<string, unknown> = { ...b };
    const data = b.data;
    if (b.message !== undefined) out.message = this.text(b.message, b.category === 'console' ? 'log' : 'auto', 'breadcrumb.message');
    if (data !== undefined) {
      if (!isObject(data)) out.data = this.value(data, 'breadcrumb.data');
      else if (this.#budget <= 0) out.data = withheld(data);
      else {
        const kept: Record<string, unknown> = {};
        const rest: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(data)) {
          if (k === 'arguments' && Array.isArray(v)) put(kept, k, this.#line(v.slice(0, MAX_ITEMS), 'breadcrumb.arguments'));
          else if (URL_ATTRIBUTES.has(k)) put(kept, k, this.url(v, 'breadcrumb.url'));
          else if (QUERY_ATTRIBUTES.has(k) && typeof v === 'string') put(kept, k, this.#queryAttribute(v, 'breadcrumb.url'));
          else if (k === 'logger' || k === 'method' || k === 'status_code' || TECHNICAL_ATTRIBUTES.has(k)) put(kept, k, v);
          else put(rest, k, v);
        }
        const redactedRest = Object.keys(rest).length > 0 ? (this.value(rest, 'breadcrumb.data') as Record<string, unknown>) : {};
        const merged: Record<string, unknown> = {};
        for (const k of Object.keys(data)) {
          if (Object.prototype.hasOwnProperty.call(kept, k)) put(merged, k, kept[k]);
          else if (Object.prototype.hasOwnProperty.call(redactedRest, k)) put(merged, k, redactedRest[k]);
        }
        // A key the guard redacted (it held a value) is added under its new name.
        for (const k of Object.keys(redactedRest)) if (!Object.prototype.hasOwnProperty.call(merged, k)) put(merged, k, redactedRest[k]);
        out.data = merged;
      }
    }
    return out as B;
  }

  /** `?x=y` or `x=y`, as {@link query} redacts it. */
  #queryAttribute(v: string, where: string): string {
    const bare = v.startsWith('?') ? v.slice(1) : v;
    const { kept, cut, tail } = this.#bound(bare);
    return (v.startsWith('?') ? '?' : '') + EventRedactor.#mark(this.query(kept, where), cut, tail);
  }

  /**
   * `request`: the URL by its parts, the query string (a string, an
   * object or `[name, value]` pairs) value by value, the body (a string
   * scanned for its format, anything else as data), headers' values
   * (credentials as `[Filtered]`, URLs by their parts, the rest with their
   * names as context), cookies' values as `[Filtered]`, `env` as data.
   * `method` is kept.
   */
  #request(v: unknown): unknown {
    if (!isObject(v)) return this.value(v, 'request');
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      switch (k) {
        case 'method': put(out, k, typeof x === 'string' && /^[A-Za-z]{1,16}$/.test(x) ? x : this.value(x, 'request.method')); break;
        case 'url': put(out, k, this.url(x, 'request.url')); break;
        case 'query_string': put(out, k, this.#queryString(x)); break;
        case 'data': put(out, k, typeof x === 'string' ? this.#body(x, isForm(v.headers, 'content-type'), 'request.data') : this.value(x, 'request.data')); break;
        case 'headers': put(out, k, this.#headers(x)); break;
        case 'cookies': put(out, k, isObject(x) ? this.value(Object.fromEntries(Object.keys(x).map((c) => [c, FILTERED])), 'request.cookies') : FILTERED); break;
        default: put(out, k, this.value(x, `request.${k}`));
      }
    }
    return out;
  }

  #queryString(x: unknown): unknown {
    if (typeof x === 'string') return this.#queryAttribute(x, 'request.query_string');
    if (Array.isArray(x)) {
      const pairs = x.slice(0, MAX_ITEMS);
      if (pairs.every((p) => Array.isArray(p) && p.length === 2)) {
        const redacted = this.value(pairs.map(([k, v]) => ({ [String(k)]: v })), 'request.query_string') as Array<Record<string, unknown>>;
        return redacted.map((o) => Object.entries(o)[0] ?? ['', '']);
      }
    }
    return this.value(x, 'request.query_string');
  }

  /**
   * A request's body as text: as a form (each value decoded and redacted
   * with its name as context, see {@link query}) when its content type
   * says so or it reads as one (`name=Maria+Garcia&phone=…`), else scanned
   * for its format.
   */
  #body(x: string, form: boolean, where: string): string {
    if (!form && !FORM_SHAPE.test(x)) return this.text(x, 'auto', where) as string;
    const { kept, cut, tail } = this.#bound(x);
    return EventRedactor.#mark(this.query(kept, where), cut, tail);
  }

  #headers(x: unknown): unknown {
    if (!isObject(x)) return this.value(x, 'request.headers');
    const out: Record<string, unknown> = {};
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) {
      const name = k.toLowerCase();
      if (CREDENTIAL_HEADERS.has(name)) put(out, k, FILTERED);
      else if (URL_HEADERS.has(name)) put(out, k, this.url(v, 'request.headers'));
      else if (name === 'baggage') put(out, k, this.baggage(v, 'request.headers'));
      else put(rest, k, v);
    }
    const redacted = this.value(rest, 'request.headers') as Record<string, unknown>;
    return { ...redacted, ...out };
  }

  /**
   * `user`: the fields in `keepUser` scanned (what the guard flags is
   * replaced), every other field replaced whole ({@link replaceWhole});
   * `ip_address` and `geo` removed unless kept.
   */
  user(v: unknown): unknown {
    if (!isObject(v)) return this.value(v, 'user');
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      const keep = this.#settings.keepUser.has(k);
      if (k === 'ip_address' || k === 'geo') {
        if (keep && x !== '{{auto}}') put(out, k, this.value(x, `user.${k}`));
        else this.#dropped(k, x, `user.${k}`);
        continue;
      }
      put(out, k, keep ? this.value(x, `user.${k}`) : this.replaceWhole(x, `user.${k}`));
    }
    return out;
  }

  /**
   * Notes a user's `ip_address` or `geo` that was left out. Only an address
   * counts as found (it identifies the person): `'{{auto}}'` (Sentry's
   * placeholder, no address) and `geo` (what Sentry derives from the
   * address, a country or a city) are left out by policy, and an event
   * with nothing else is not reported as an exposure.
   */
  #dropped(field: string, x: unknown, where: string): void {
    if (field === 'ip_address' && typeof x === 'string' && x !== '' && x !== '{{auto}}') this.#found(where, x);
  }

  /**
   * An identifier by design (a user's e-mail, name, username), replaced
   * whole: by the guard's replacement when one finding covers all of it
   * (`[EMAIL]`, or a pseudonym with the `pseudonym` operator, so Sentry
   * can still count users), else by `'[REDACTED]'`. A value replaced
   * before stays as it is.
   */
  replaceWhole(x: unknown, where: string): unknown {
    if (x === null || x === '') return x;
    if (typeof x === 'string' && REPLACED.test(x)) return x;
    const text = typeof x === 'string' ? x.trim() : undefined;
    this.#found(where, typeof x === 'string' ? x : renderValue(x));
    if (text === undefined || text.length > this.#settings.maxTextChars || this.#budget <= 0) return REDACTED;
    this.#budget -= text.length;
    const { findings, redacted } = this.#guard.scan(text, { format: 'text' });
    if (findings.length === 1 && findings[0].start === 0 && findings[0].end === text.length && redacted !== '' && REPLACED.test(redacted)) return redacted;
    return REDACTED;
  }

  /**
   * `contexts`: the `trace` context's ids and status kept and its `data`
   * redacted as span data; the fields Sentry's technical contexts (`os`,
   * `runtime`, `device`, `browser`, `app`, `culture`) take from the machine
   * and the runtime kept (`device.name`, which a phone's owner chooses,
   * replaced whole as a user's name is); every other context, and any
   * other field of those, redacted as data, keys as context, in one scan.
   */
  #contexts(v: unknown): unknown {
    if (!isObject(v)) return this.value(v, 'contexts');
    const rest: Record<string, unknown> = {};
    const technical: Record<string, Record<string, unknown>> = {};
    let trace: unknown;
    let feedback: unknown;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'trace' && isObject(x)) {
        const t: Record<string, unknown> = { ...x };
        if (x.data !== undefined) t.data = this.attributes(x.data, 'contexts.trace.data');
        if (x.description !== undefined) t.description = this.routeName(x.description, 'contexts.trace');
        if (x.links !== undefined) t.links = this.#links(x.links, 'contexts.trace.links');
        trace = t;
        continue;
      }
      if (k === 'feedback' && isObject(x)) {
        feedback = this.#feedback(x);
        continue;
      }
      const known = Object.prototype.hasOwnProperty.call(TECHNICAL_CONTEXTS, k) && isObject(x) ? TECHNICAL_CONTEXTS[k] : undefined;
      if (known === undefined) {
        put(rest, k, x);
        continue;
      }
      const fixed: Record<string, unknown> = {};
      const other: Record<string, unknown> = {};
      for (const [f, y] of Object.entries(x as Record<string, unknown>)) {
        // A device's name is its owner's choice ("Zoltan's iPhone"): replaced whole, as user fields are.
        if (k === 'device' && f === 'name') put(fixed, f, this.replaceWhole(y, 'contexts.device.name'));
        else put(known.has(f) ? fixed : other, f, y);
      }
      put(technical, k, fixed);
      if (Object.keys(other).length > 0) put(rest, k, other);
    }
    const out = Object.keys(rest).length > 0 ? (this.value(rest, 'contexts') as Record<string, unknown>) : {};
    for (const [k, fixed] of Object.entries(technical)) put(out, k, isObject(out[k]) ? { ...fixed, ...out[k] } : fixed);
    if (trace !== undefined) out.trace = trace;
    if (feedback !== undefined) out.feedback = feedback;
    return out;
  }

  /**
   * A user feedback's context (`captureFeedback`, the feedback widget):
   * its `message` scanned as text, `url` by its parts, `contact_email` and
   * `name` as `user.email` and `user.name` are (see {@link user}), the
   * SDK's `source` and `associated_event_id` kept, anything else as data.
   */
  #feedback(v: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const rest: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      if (k === 'message') put(out, k, this.text(x, 'auto', 'contexts.feedback.message'));
      else if (k === 'url') put(out, k, this.url(x, 'contexts.feedback.url'));
      else if (k === 'contact_email' || k === 'name') {
        const field = k === 'contact_email' ? 'email' : 'name';
        put(out, k, this.#settings.keepUser.has(field) ? this.value(x, `contexts.feedback.${k}`) : this.replaceWhole(x, `contexts.feedback.${k}`));
      } else if ((k === 'source' || k === 'associated_event_id') && typeof x === 'string' && codeName(x) === x) put(out, k, x);
      else put(rest, k, x);
    }
    if (Object.keys(rest).length > 0) for (const [k, x] of Object.entries(this.value(rest, 'contexts.feedback') as Record<string, unknown>)) put(out, k, x);
    return out;
  }

  /**
   * `sdkProcessingMetadata`, which Sentry does not send but reads once
   * `beforeSend` returns: its dynamic sampling context (the envelope header
   * `trace`) as {@link dsc} redacts it. The rest is the SDK's own state,
   * kept as it is.
   */
  #processing(v: unknown): unknown {
    if (!isObject(v) || !isObject(v.dynamicSamplingContext)) return v;
    return { ...v, dynamicSamplingContext: this.dsc(v.dynamicSamplingContext) };
  }

  /**
   * A dynamic sampling context (the envelope header `trace`): Sentry's own
   * keys kept (see {@link TECHNICAL_DSC}), the route name in `transaction`
   * templated (`GET /patients/219-09-9999` → `GET /patients/[id]`), any
   * other key left out (`user_segment`, or what an upstream service put in
   * its `baggage`, which the SDK copies as it came).
   */
  dsc(v: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'transaction') {
        if (x !== undefined) put(out, k, this.routeName(x, 'transaction'));
      } else if (TECHNICAL_DSC.has(k)) put(out, k, x);
    }
    return out;
  }

  /**
   * A `baggage` header (or the list of its values a span attribute holds):
   * comma-separated `key=value` members, each with `;`-properties. Each
   * value is decoded and redacted with its key as context, as {@link query}
   * redacts a query's (`sentry-user_segment=zq%40example.com` →
   * `sentry-user_segment=[EMAIL]`), and `sentry-transaction` is templated as
   * a route name. Members with nothing found keep their encoding.
   */
  baggage(v: unknown, where: string): unknown {
    if (Array.isArray(v)) return v.slice(0, MAX_ITEMS).map((x) => this.baggage(x, where));
    if (typeof v !== 'string') return this.value(v, where);
    const { kept, cut, tail } = this.#bound(v);
    if (kept === '') return EventRedactor.#mark(kept, cut, tail);
    const members = kept.split(',');
    // Each member's parts (its key=value, then its properties) as [key, decoded value]; a part without `=` is a value.
    const parts = members.slice(0, MAX_ITEMS).map((m) => m.split(';').map((p): [string, string] => {
      const eq = p.indexOf('=');
      return eq < 0 ? ['', decodePercent(p.trim())] : [p.slice(0, eq).trim(), decodePercent(p.slice(eq + 1).trim())];
    }));
    const flat = parts.flat();
    // The route name is templated on its own; its slot in the scan is empty.
    const redacted = this.#guard.redactValue(flat.map(([k, x]) => (k === 'sentry-transaction' ? {} : { [k]: x }))) as Array<Record<string, unknown>>;
    let changed = false;
    let i = 0;
    const out = parts.map((member, m) => member.map(([k, x], j) => {
      const raw = members[m].split(';')[j];
      const r = redacted[i++] ?? {};
      const [rk, rv] = k === 'sentry-transaction' ? [k, this.routeName(x, where)] : Object.entries(r)[0] ?? [k, ''];
      if (rk === k && rv === x) return raw;
      changed = true;
      const value = encodeBaggage(String(rv));
      return raw.includes('=') ? `${encodeBaggage(rk)}=${value}` : value;
    }).join(';'));
    if (changed) this.#found(where, kept);
    return EventRedactor.#mark(out.join(',') + (members.length > MAX_ITEMS ? ',\u2026' : ''), cut, tail);
  }

  /**
   * `debug_meta`: each image's `code_file` is a frame's `abs_path`, which
   * Sentry matches to find the source map, so it is redacted as that path is.
   */
  #debugMeta(v: unknown): unknown {
    if (!isObject(v) || !Array.isArray(v.images)) return v;
    return { ...v, images: v.images.slice(0, MAX_ITEMS).map((i) => (isObject(i) && i.code_file !== undefined ? { ...i, code_file: this.url(i.code_file, 'debug_meta', true) } : i)) };
  }

  // --- spans -----------------------------------------------------------------

  /**
   * A span, static (`description`, `data`) or streamed (`name`,
   * `attributes`, `links`): a database span's name scanned as text (the
   * query's literal values), any other's as a route name (paths
   * templated, URLs by their parts), its attributes as
   * {@link attributes} redacts them.
   */
  span<S extends SentrySpanLike>(s: S): S {
    if (!isObject(s)) return this.value(s, 'span') as S;
    const out: Record<string, unknown> = { ...s };
    const op = typeof s.op === 'string' ? s.op : isObject(s.attributes) ? unwrap(s.attributes['sentry.op']) : isObject(s.data) ? unwrap(s.data['sentry.op']) : undefined;
    const db = typeof op === 'string' && op.startsWith('db');
    for (const k of ['name', 'description'] as const) {
      if (s[k] !== undefined) out[k] = db ? this.text(s[k], 'text', 'span.name') : this.routeName(s[k], 'span.name');
    }
    if (s.data !== undefined) out.data = this.attributes(s.data, 'span.data');
    if (s.attributes !== undefined) out.attributes = this.attributes(s.attributes, 'span.attributes');
    if (s.links !== undefined) out.links = this.#links(s.links, 'span.links');
    return out as S;
  }

  /** A span's links (or a trace context's): each link's attributes as {@link attributes} redacts them; its ids kept. */
  #links(v: unknown, where: string): unknown {
    if (!Array.isArray(v)) return this.value(v, where);
    return v.slice(0, MAX_ITEMS).map((l) => (isObject(l) && l.attributes !== undefined ? { ...l, attributes: this.attributes(l.attributes, where) } : l));
  }

  /**
   * A metric (`beforeSendMetric`): its name scanned as text, its attributes
   * as a span's are redacted (the scope's `user.*` as `keepUser` says);
   * its type, value and unit kept.
   */
  metric<M extends SentryMetricLike>(m: M): M {
    if (!isObject(m)) return this.value(m, 'metric') as M;
    const out: Record<string, unknown> = { ...m };
    if (m.name !== undefined) out.name = this.text(m.name, 'text', 'metric.name');
    if (m.attributes !== undefined) out.attributes = this.attributes(m.attributes, 'metric.attributes');
    return out as M;
  }

  /**
   * Span attributes or span data: URLs by their parts (the `referer` and
   * `location` headers' too), paths as routes, query strings, a
   * form-encoded body and `baggage` value by value, database queries as
   * text, route names templated, the `user.*` attributes as `user` is
   * redacted, the SDK's bookkeeping (`sentry.op`, `sentry.sdk.*`, status
   * codes, the machine's facts: see {@link MACHINE_ATTRIBUTES}) kept, and
   * the rest redacted as data with the attribute names as context. A
   * streamed span's `{ value, type }` attribute keeps its shape. Past the
   * budget, only the SDK's bookkeeping is kept, the rest one marker.
   */
  attributes(v: unknown, where: string): unknown {
    if (!isObject(v)) return this.value(v, where);
    const out: Record<string, unknown> = {};
    if (this.#budget <= 0) {
      // Past the budget: the SDK's own attributes, and one marker for the rest, unscanned.
      let rest = 0;
      for (const [k, x] of Object.entries(v)) {
        if (technicalAttribute(k)) put(out, k, x);
        else rest++;
      }
      if (rest > 0) markAt(out, { path: [], withheld: rest });
      return out;
    }
    const rest: Record<string, unknown> = {};
    const user: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const raw = unwrap(x);
      let r: unknown;
      if (k === 'device.name') r = this.replaceWhole(raw, where);
      else if (technicalAttribute(k)) r = raw;
      else if (CREDENTIAL_ATTRIBUTE.test(k)) r = Array.isArray(raw) ? raw.map(() => FILTERED) : FILTERED;
      else if (URL_HEADER_ATTRIBUTE.test(k)) r = Array.isArray(raw) ? raw.slice(0, MAX_ITEMS).map((u) => this.url(u, where)) : this.url(raw, where);
      else if (k === 'http.request.header.baggage') r = this.baggage(raw, where);
      else if (k === 'http.request.body.data' && typeof raw === 'string') r = this.#body(raw, isForm(v, 'http.request.header.content-type'), where);
      else if (URL_ATTRIBUTES.has(k)) r = this.url(raw, where);
      else if (PATH_ATTRIBUTES.has(k)) r = typeof raw === 'string' && raw.startsWith('/') ? this.url(raw, where) : this.text(raw, 'url', where);
      else if (QUERY_ATTRIBUTES.has(k)) r = typeof raw === 'string' ? this.#queryAttribute(raw, where) : this.value(raw, where);
      else if (ROUTE_ATTRIBUTES.has(k)) r = this.routeName(raw, where);
      else if (QUERY_TEXT_ATTRIBUTES.has(k)) r = this.text(raw, 'text', where);
      else if (k.startsWith('user.') || k === 'client.address') {
        put(user, k, x);
        continue;
      } else {
        put(rest, k, raw);
        continue;
      }
      put(out, k, rewrap(x, r));
    }
    if (Object.keys(rest).length > 0) {
      const redacted = this.value(rest, where) as Record<string, unknown>;
      for (const [k, r] of Object.entries(redacted)) put(out, k, Object.prototype.hasOwnProperty.call(v, k) ? rewrap(v[k], r) : r);
    }
    for (const [k, x] of Object.entries(user)) {
      const field = k === 'client.address' ? 'ip_address' : k.slice('user.'.length);
      const raw = unwrap(x);
      if (field === 'ip_address' || field.startsWith('geo')) {
        if (this.#settings.keepUser.has(field.startsWith('geo') ? 'geo' : field) && raw !== '{{auto}}') put(out, k, rewrap(x, this.value(raw, where)));
        else this.#dropped(field.startsWith('geo') ? 'geo' : field, raw, where);
        continue;
      }
      put(out, k, rewrap(x, this.#settings.keepUser.has(field) ? this.value(raw, where) : this.replaceWhole(raw, where)));
    }
    return out;
  }
}

/** Whether `v` is a non-null object that is not an array. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A streamed span's attribute value: `x.value` for `{ value, type }` or `{ value, unit }`, else `x`. */
function unwrap(x: unknown): unknown {
  return isObject(x) && 'value' in x && Object.keys(x).every((k) => k === 'value' || k === 'type' || k === 'unit') ? x.value : x;
}

/** `r` in the shape `x` had: wrapped again when `x` was `{ value, … }`. */
function rewrap(x: unknown, r: unknown): unknown {
  return isObject(x) && unwrap(x) !== x ? { ...x, value: r } : r;
}

/** What a container becomes past the payload's budget: an object or array holding only the withheld marker of {@link markAt}. */
function withheld(v: object): unknown {
  let n = 0;
  try {
    n = Array.isArray(v) ? v.length : Object.keys(v).length;
  } catch { /* a revoked proxy: nothing to count */ }
  const out: unknown = Array.isArray(v) ? [] : {};
  markAt(out, { path: [], withheld: n });
  return out;
}

/**
 * Appends a cut's marker to the string at `c.path` in `v`, or a withheld
 * container's marker to the container there (`'…'` as its last key, or
 * its last item), if it is still there (the guard may have replaced its key).
 */
function markAt(v: unknown, c: Cut): void {
  let o = v as Record<string | number, unknown> | undefined;
  const depth = 'withheld' in c ? c.path.length : c.path.length - 1;
  for (let i = 0; i < depth && o; i++) o = isObject(o) || Array.isArray(o) ? (o[c.path[i]] as typeof o) : undefined;
  if (!o || typeof o !== 'object') return;
  if ('withheld' in c) {
    if (Array.isArray(o)) o.push(`\u2026 ${c.withheld} more ${c.withheld === 1 ? 'item' : 'items'} withheld (maxEventChars)`);
    else put(o, '\u2026', `${c.withheld} more ${c.withheld === 1 ? 'key' : 'keys'} withheld (maxEventChars)`);
    return;
  }
  const last = c.path[c.path.length - 1];
  if (last === undefined) return;
  const s = o[last];
  if (typeof s === 'string') o[last] = c.cut > 0 ? withCutNote(s, c.cut) : s + c.tail;
}

/** A query component decoded as a form does (`+` a space); a malformed escape leaves it as written. */
function decodeQuery(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** A `baggage` key or value decoded (percent escapes only; `+` is a plus there); a malformed escape leaves it as written. */
function decodePercent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A redacted query component: only what would change the query's syntax is escaped, so `[SSN]` reads as it is. */
function encodeQuery(s: string): string {
  return s.replace(/[%&=#+\s]/g, (c) => encodeURIComponent(c));
}

/** A redacted `baggage` key or value: only what would change the header's syntax is escaped, so `[SSN]` reads as it is. */
function encodeBaggage(s: string): string {
  return s.replace(/[%,;="\\\s]/g, (c) => encodeURIComponent(c));
}

/** Whether the content type at `headers[name]` (any case; a string or a list of them) says the body is form-encoded. */
function isForm(headers: unknown, name: string): boolean {
  if (!isObject(headers)) return false;
  for (const [k, x] of Object.entries(headers)) {
    if (k.toLowerCase() !== name) continue;
    const v = unwrap(x);
    if ((Array.isArray(v) ? v : [v]).some((t) => typeof t === 'string' && FORM_TYPE.test(t))) return true;
  }
  return false;
}

/** `sdk` with `settings.infer_ip: 'never'`, so Sentry does not store the address the event came from. */
function neverInferIp(sdk: unknown): unknown {
  const base = isObject(sdk) ? sdk : {};
  const settings = isObject(base.settings) ? base.settings : {};
  return { ...base, settings: { ...settings, infer_ip: 'never' } };
}

// --- without a guard ---------------------------------------------------------

/** A name from code (`TypeError`, `Object.<anonymous>`, `new Promise`), or a marker when it is anything else. */
function codeName(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  return /^(?:(?:new|async) )?[A-Za-z_$<][\w$.<>]{0,199}$/.test(v) ? v : '[withheld]';
}

/** A path or URL without its query and fragment, id-like segments templated (no guard at hand). */
function bareRoute(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)?([^?#]*)/i.exec(v);
  if (!m) return undefined;
  return (m[1] ?? '') + templatePath(m[2]);
}

/**
 * @internal The skeleton of an event that needs no guard (`onFailure:
 * 'send-minimal'`): Sentry's technical fields, each exception's type and
 * mechanism, each frame's function, module, file (templated, no query),
 * line and column, the runtime and the trace's ids, and the tag
 * `phi_guard: 'withheld'`. Nothing an app or a user wrote.
 */
export function minimalEvent<E extends SentryEventLike>(event: E, keepIp: boolean): E {
  const e = event as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of TECHNICAL_FIELDS) if (e[k] !== undefined && k !== 'modules' && k !== 'debug_meta') out[k] = e[k];
  // An image's code_file is a frame's abs_path (the source map's key), so it is templated as that is.
  const debug = isObject(e.debug_meta) && Array.isArray(e.debug_meta.images) ? e.debug_meta.images : undefined;
  if (debug) out.debug_meta = { images: debug.filter(isObject).map((i) => ({ ...i, code_file: bareRoute(i.code_file) })) };
  if (!keepIp) out.sdk = neverInferIp(out.sdk);
  const frames = (st: unknown) => (isObject(st) && Array.isArray(st.frames)
    ? { frames: st.frames.slice(-MAX_ITEMS).filter(isObject).map((f) => ({
      function: codeName(f.function), module: codeName(f.module), filename: bareRoute(f.filename), abs_path: bareRoute(f.abs_path),
      lineno: typeof f.lineno === 'number' ? f.lineno : undefined, colno: typeof f.colno === 'number' ? f.colno : undefined,
      in_app: typeof f.in_app === 'boolean' ? f.in_app : undefined, platform: codeName(f.platform),
    })) }
    : undefined);
  const ex = event.exception;
  if (isObject(ex) && Array.isArray(ex.values)) {
    out.exception = { values: ex.values.slice(-MAX_ITEMS).filter(isObject).map((x) => {
      const m = isObject(x.mechanism) ? x.mechanism : undefined;
      return {
        type: codeName(x.type),
        mechanism: m ? { type: codeName(m.type), handled: typeof m.handled === 'boolean' ? m.handled : undefined } : undefined,
        stacktrace: frames(x.stacktrace),
      };
    }) };
  }
  const contexts = isObject(event.contexts) ? event.contexts : {};
  const trace = isObject(contexts.trace) ? contexts.trace : undefined;
  const runtime = isObject(contexts.runtime) ? contexts.runtime : undefined;
  out.contexts = {
    ...(trace ? { trace: { trace_id: trace.trace_id, span_id: trace.span_id, parent_span_id: trace.parent_span_id, op: codeName(trace.op), status: codeName(trace.status) } } : {}),
    ...(runtime ? { runtime: { name: codeName(runtime.name), version: typeof runtime.version === 'string' && /^v?[\d.]{1,20}$/.test(runtime.version) ? runtime.version : undefined } } : {}),
  };
  if (typeof event.transaction === 'string') {
    const words = event.transaction.split(' ');
    const path = words.find((w) => w.startsWith('/'));
    if (path !== undefined) out.transaction = `${/^[A-Z]{3,7}$/.test(words[0]) ? `${words[0]} ` : ''}${bareRoute(path)}`;
  }
  out.tags = { phi_guard: 'withheld' };
  return JSON.parse(JSON.stringify(out)) as E;
}

/** @internal A breadcrumb's skeleton: its type, category, level and time. */
export function minimalBreadcrumb<B extends SentryBreadcrumbLike>(b: B): B {
  const out: Record<string, unknown> = {};
  if (!isObject(b)) return out as B;
  for (const k of ['type', 'category', 'level', 'timestamp', 'event_id'] as const) {
    const v = (b as Record<string, unknown>)[k];
    if (typeof v === 'number' || (typeof v === 'string' && codeName(v) === v)) out[k] = v;
  }
  return out as B;
}

/**
 * @internal A span's skeleton: its ids, times and status, the SDK's
 * bookkeeping attributes, and as its name its operation (or `'span'`).
 */
export function minimalSpan<S extends SentrySpanLike>(s: S): S {
  if (!isObject(s)) return s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'name' || k === 'description' || k === 'data' || k === 'attributes' || k === 'links') continue;
    if (typeof v !== 'object' || v === null) out[k] = v;
  }
  const keep = (attrs: unknown): Record<string, unknown> => {
    const kept: Record<string, unknown> = {};
    if (isObject(attrs)) for (const [k, v] of Object.entries(attrs)) if (technicalAttribute(k)) kept[k] = v;
    return kept;
  };
  const op = typeof s.op === 'string' ? s.op : isObject(s.attributes) ? unwrap(s.attributes['sentry.op']) : undefined;
  const name = codeName(op) ?? 'span';
  if (s.name !== undefined) out.name = name;
  if (s.description !== undefined) out.description = name;
  if (s.data !== undefined) out.data = keep(s.data);
  if (s.attributes !== undefined) out.attributes = keep(s.attributes);
  if (Array.isArray(s.links)) out.links = s.links.map((l) => (isObject(l) ? { ...l, attributes: undefined } : l));
  return out as S;
}

/** @internal A metric's skeleton: its type, value and unit, its name if it reads as one from code, and the SDK's attributes. */
export function minimalMetric<M extends SentryMetricLike>(m: M): M {
  if (!isObject(m)) return m;
  const out: Record<string, unknown> = {};
  for (const k of ['type', 'value', 'unit'] as const) if (typeof m[k] === 'string' || typeof m[k] === 'number') out[k] = m[k];
  out.name = codeName(m.name) ?? 'metric';
  const kept: Record<string, unknown> = {};
  if (isObject(m.attributes)) for (const [k, v] of Object.entries(m.attributes)) if (technicalAttribute(k)) kept[k] = v;
  out.attributes = kept;
  return out as M;
}

/** @internal A dynamic sampling context's Sentry keys only (no route name), for when no guard is ready. */
export function minimalDsc(dsc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(dsc)) if (TECHNICAL_DSC.has(k)) out[k] = v;
  return out;
}
