import type { Guard } from '../common/guard.js';
import { PhiGuardError } from '../common/errors.js';
import type { Finding, Format } from '../common/types.js';
import { jsonLineSpan } from './jsonLines.js';

/**
 * Options for {@link createRedactingStream}.
 *
 * @example
 * const opts: RedactingStreamOptions = { format: 'html', lookbehind: 512, mode: 'redact' };
 */
export interface RedactingStreamOptions {
  /**
   * How the text is read (default `text`). `json`: one JSON document, cut
   * into windows between array elements and each window scanned as JSON
   * under its path (see {@link createRedactingStream}). `ndjson`: one JSON
   * value per line (NDJSON, JSON lines, JSON text sequences), each line
   * scanned as JSON on its own. Any other format is a hint for each piece
   * of text cut by the look-behind rule.
   */
  format?: Format | 'ndjson';
  /** How many characters of each piece are held back and rescanned with the next one (default 256). */
  lookbehind?: number;
  /**
   * For `json` and `ndjson`: the most characters scanned as one window
   * (default 65,536, at least 1,024). A JSON window ends at the last array
   * element boundary within it; a line, or a stretch of JSON with no array
   * element boundary, longer than this is scanned as text.
   */
  maxWindow?: number;
  /** `redact` replaces PHI, `report` passes the text unchanged, `block` errors the stream at the first finding. */
  mode?: 'redact' | 'report' | 'block';
  /** Called for every piece that had findings, with the raw piece (for classification; never log it). */
  onFindings?: (raw: string, findings: Finding[]) => void;
  /** Called when the guard throws. `open` passes the rest through unscanned; `closed` errors the stream. */
  onGuardError?: (error: PhiGuardError) => 'open' | 'closed';
  /**
   * The encoding of the bytes that come in, a `TextDecoder` label such as
   * `iso-8859-1` or `utf-16le` (default `utf-8`). What goes out is always
   * UTF-8, so a response piped through the stream must say `charset=utf-8`.
   * A label the runtime cannot decode throws a `PhiGuardError` (`input`)
   * when the stream is created.
   */
  encoding?: string;
}

const BOUNDARY = /[\s,}>]/;

/** Findings as comparable keys. */
const key = (f: Finding): string => `${f.type}:${f.start}:${f.end}`;

/**
 * @internal `text` with each finding's span replaced by its `[TYPE]` tag,
 * earliest first and the longest of those starting together; a span
 * overlapping one already tagged is left out. For findings whose own
 * redaction is not at hand (some dropped, some from another scan).
 *
 * @example
 * tagSpans('ssn 219-09-9999', [{ type: 'SSN', start: 4, end: 15 }]); // 'ssn [SSN]'
 */
export function tagSpans(text: string, findings: ReadonlyArray<Pick<Finding, 'type' | 'start' | 'end'>>): string {
  let out = '';
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (f.start < at) continue;
    out += text.slice(at, f.start) + `[${f.type}]`;
    at = f.end;
  }
  return out + text.slice(at);
}

/** @internal Thrown inside the transform when `mode: 'block'` meets PHI. */
export class WithheldError extends PhiGuardError {
  constructor() { super('input', 'the response was withheld because it contained PHI'); }
}

/** Default {@link RedactingStreamOptions.maxWindow}. */
const MAX_WINDOW = 64 * 1024;

/** Deeper JSON than this is scanned as text from there on (each level is a frame held in memory). */
const MAX_DEPTH = 1000;

/** A window whose path (opening and closing) is longer than this is scanned as text. */
const MAX_PATH = 64 * 1024;

/** Keys longer than this are not kept for a window's path; a window under one is scanned as text. */
const MAX_KEY = 1024;

/**
 * An open JSON container, as a window's path needs it: immutable once made,
 * so the frame at a cut is the path there, however the walk goes on.
 */
interface Frame {
  parent: Frame | null;
  array: boolean;
  /** The raw key (quotes and escapes as written) it is the value of, in an object; `null` in an array. */
  key: string | null;
  depth: number;
  /** A key on its path was too long to keep: no synthetic path can be built. */
  lost: boolean;
  /** The synthetic text that opens this path (`{"entry":[`), made when first needed. */
  open?: string;
  /** The text that closes it (`]}`). */
  close?: string;
}

const openOf = (f: Frame): string =>
  f.open ??= (f.parent ? openOf(f.parent) : '') + (f.key === null ? '' : `${f.key}:`) + (f.array ? '[' : '{');
const closeOf = (f: Frame): string => f.close ??= (f.array ? ']' : '}') + (f.parent ? closeOf(f.parent) : '');

/** Where the stream's text goes next (one JSON document). */
const enum JsonState { Windows, TextToBoundary, Text }

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a;
const OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * A `TransformStream` of text bytes (UTF-8 unless `encoding` says otherwise)
 * to UTF-8 bytes that redacts PHI while the body keeps flowing.
 *
 * **Text** (`text`, `html`, any format but the two below): the text is cut
 * into pieces by looking at windows of `2 × lookbehind` characters from the
 * start of what is not yet sent: each window is scanned whole, and its first
 * part (up to a newline, else a whitespace, `,`, `}` or `>`, at or after
 * `lookbehind`, and never inside a finding) is redacted with the findings of
 * that larger scan, so an identifier whose context lies up to `lookbehind`
 * characters further on is still found.
 *
 * **`ndjson`**: each line (up to `\n`; a `\r` before it and a JSON text
 * sequence's leading record separators are kept) is scanned as JSON on its
 * own, exactly as `guard.scan(line, { format: 'json' })` (a line that is not
 * JSON is scanned as text by the guard), and sent as soon as it is complete.
 * Blank lines pass; a last line without a newline is scanned at the end. A
 * line longer than `maxWindow` is scanned as text (the rule above) up to its
 * newline.
 *
 * **`json`**: a small tokenizer follows the document's containers, the key
 * each sits under, and its strings. The text is cut only after a comma
 * between two elements of an array (at any depth), at the last such place
 * within `maxWindow` characters, so each window holds whole values. A window
 * is scanned as JSON inside a synthetic path, the keys and brackets that
 * open it (`{"entry":[` for a Bundle's entries, `[` for a top-level array)
 * and those that close it, which are then removed: keys that label values
 * (`patient` over `first`) keep doing so. Values before the first array
 * (`"resourceType":"Bundle"`) are in the first window. Context beyond a
 * window is lost: a sibling outside it (a FHIR `resourceType` before a
 * `name` array cut in two) does not label what is in it. A window is scanned
 * as text instead when the guard finds it malformed, when a synthetic key
 * would itself be redacted, or under a key longer than 1,024 characters; a
 * stretch with no array boundary within `maxWindow` characters is scanned
 * as text (the rule above) up to the next boundary; malformed structure
 * (mismatched brackets, a second document) and nesting deeper than 1,000
 * levels send the rest of the stream through the text rule. No byte is ever
 * sent unscanned or dropped.
 *
 * The cuts depend on the text only, never on how it arrived, so the output
 * is the same whatever the chunk boundaries (including splits inside
 * multi-byte characters); for text it equals a one-shot redaction whenever
 * the detectors' context fits in the window, for `json` whenever each
 * value's labels are within its window's path. A `json` or `ndjson` stream
 * holds at most about `maxWindow` characters (plus one incoming chunk);
 * a JSON window is sent once it is complete, so a slow JSON stream comes out
 * in steps of up to `maxWindow` characters. Runs on edge and Node (Web
 * Streams only).
 *
 * # Errors
 * Throws `PhiGuardError` (`input`) when `encoding` is not one this runtime
 * can decode.
 *
 * @example
 * const redacted = response.body!.pipeThrough(createRedactingStream(guard, { format: 'text' }));
 * return new Response(redacted, { headers: response.headers });
 * // A large JSON body, scanned with its keys:
 * const json = res.body!.pipeThrough(createRedactingStream(guard, { format: 'json' }));
 * // A Latin-1 body comes out as UTF-8:
 * const latin1 = res.body!.pipeThrough(createRedactingStream(guard, { encoding: 'iso-8859-1' }));
 * return new Response(latin1, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
 */
export function createRedactingStream(guard: Guard, options: RedactingStreamOptions = {}): TransformStream<Uint8Array, Uint8Array> {
  const structure = options.format === 'json' || options.format === 'ndjson' ? options.format : undefined;
  // The format of text scanned by the look-behind rule (JSON that fell back to it is text).
  const format: Format = structure ? 'text' : (options.format as Format | undefined) ?? 'text';
  const lookbehind = Math.max(16, options.lookbehind ?? 256);
  const maxWindow = Math.max(1024, options.maxWindow ?? MAX_WINDOW);
  const mode = options.mode ?? 'redact';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(options.encoding ?? 'utf-8');
  } catch (e) {
    throw new PhiGuardError('input', 'createRedactingStream: this runtime cannot decode the given encoding', { cause: e });
  }
  const encoder = new TextEncoder();

  /** Applies `mode` to `raw` given its findings and its redacted text. */
  const settle = (raw: string, findings: Finding[], redacted: () => string): string => {
    if (findings.length === 0) return raw;
    options.onFindings?.(raw, findings);
    if (mode === 'block') throw new WithheldError();
    if (mode === 'report') return raw;
    return redacted();
  };

  /** Redacts `head` given the findings the window scan saw in it. */
  const redactPiece = (head: string, known: Finding[]): string => {
    const own = guard.scan(head, { format });
    const ownKeys = new Set(own.findings.map(key));
    const complete = known.every((f) => ownKeys.has(key(f)));
    const findings = complete ? own.findings : [...own.findings, ...known.filter((f) => !ownKeys.has(key(f)))];
    // The piece alone lost context the window had: tag every span of both scans.
    return settle(head, findings, () => (complete ? own.redacted : tagSpans(head, findings)));
  };

  /** Where to cut `window`: a boundary at or after `lookbehind`, moved out of any finding. */
  const cutOf = (window: string, findings: Finding[]): number => {
    let cut = window.indexOf('\n', lookbehind) + 1;
    if (cut === 0) {
      cut = window.length;
      for (let i = lookbehind; i < window.length; i++) {
        if (BOUNDARY.test(window[i]!)) { cut = i + 1; break; }
      }
    }
    for (let moved = true; moved;) {
      moved = false;
      for (const f of findings) if (f.start < cut && f.end > cut) { cut = f.start; moved = true; }
    }
    if (cut === 0) cut = Math.max(...findings.filter((f) => f.start === 0).map((f) => f.end)); // a finding as long as the window
    const code = window.charCodeAt(cut - 1);
    if (cut > 1 && code >= 0xd800 && code <= 0xdbff) cut--;
    return cut;
  };

  // Text not yet sent, in stream order: `carry` (the look-behind rule's),
  // then `pending` (a JSON window or NDJSON line being gathered).
  let carry = '';
  let pending = '';
  // Redacted text ready to be sent by this step.
  let out = '';
  let passthrough = false;

  /**
   * The look-behind rule over `carry`; `final` redacts what is left too.
   * `carry` loses a piece only once its redaction is in `out`, so a guard
   * that throws leaves every unsent character in `carry`.
   */
  const drainText = (final: boolean): void => {
    while (carry.length >= 2 * lookbehind) {
      let end = 2 * lookbehind;
      const last = carry.charCodeAt(end - 1);
      if (last >= 0xd800 && last <= 0xdbff) end--;
      const window = carry.slice(0, end);
      const findings = guard.scan(window, { format }).findings;
      const cut = cutOf(window, findings);
      out += redactPiece(carry.slice(0, cut), findings.filter((f) => f.end <= cut));
      carry = carry.slice(cut);
    }
    if (final && carry) {
      out += redactPiece(carry, []);
      carry = '';
    }
  };

  /** Moves the first `n` characters of `pending` to the look-behind rule. */
  const toText = (n: number): void => {
    carry += pending.slice(0, n);
    pending = pending.slice(n);
  };

  // --- NDJSON ----------------------------------------------------------------

  /** A line longer than `maxWindow` is going through the look-behind rule up to its newline. */
  let longLine = false;

  /** One line (with its `\n`, unless it is the last), scanned as JSON alone. */
  const redactLine = (line: string): string => {
    const span = jsonLineSpan(line);
    if (span === undefined) return line;
    const [start, end] = span;
    const value = line.slice(start, end);
    const scan = guard.scan(value, { format: 'json' });
    return line.slice(0, start) + settle(value, scan.findings, () => scan.redacted) + line.slice(end);
  };

  const pumpLines = (final: boolean): void => {
    for (;;) {
      if (longLine) {
        const nl = pending.indexOf('\n');
        if (nl < 0) {
          toText(pending.length);
          drainText(final);
          return;
        }
        toText(nl + 1);
        longLine = false;
        drainText(true);
        continue;
      }
      // Lines are taken off `pending` one by one, so a guard that throws leaves the unsent ones there.
      let nl = pending.indexOf('\n');
      while (nl >= 0 && nl < maxWindow) {
        out += redactLine(pending.slice(0, nl + 1));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
      if (nl >= maxWindow || (nl < 0 && pending.length > maxWindow)) { longLine = true; continue; }
      if (final && pending) {
        out += redactLine(pending);
        pending = '';
      }
      return;
    }
  };

  // --- JSON ------------------------------------------------------------------

  let jsonState = JsonState.Windows;
  // The tokenizer: where it is in `pending`, and the state there.
  let pos = 0;
  let frame: Frame | null = null;
  let inString = false;
  let escaped = false;
  let expectKey = false;
  let rootDone = false;
  // The key being read (`keyParts` holds what was moved out of `pending`), and the last one read.
  let inKey = false;
  let keyStart = 0;
  let keyParts = '';
  let lastKey: string | null = null;
  // The path at `pending[0]` (`null`: the document's start), and the last cut found (0: none).
  let startFrame: Frame | null = null;
  let cut = 0;
  let cutFrame: Frame | null = null;

  /** Takes the first `n` characters off `pending` (sent or handed on), keeping the tokenizer's place. */
  const consume = (n: number): void => {
    if (inKey && keyStart < n) {
      // A key being read is cut (only when text takes over): what was read of it is kept aside.
      if (keyParts.length <= MAX_KEY) keyParts += pending.slice(keyStart, n);
      keyStart = 0;
    } else {
      keyStart -= n;
    }
    pending = pending.slice(n);
    pos -= n;
    cut = Math.max(0, cut - n);
  };

  /** Moves the first `n` characters of `pending` to the look-behind rule, keeping the tokenizer's place. */
  const handOff = (n: number): void => {
    carry += pending.slice(0, n);
    consume(n);
  };

  /** From here on the stream is text: the tokenizer's view of it can no longer be trusted. */
  const giveUp = (): void => {
    jsonState = JsonState.Text;
    toText(pending.length);
    pos = 0;
    cut = 0;
  };

  /**
   * Tokenizes `pending` up to `limit`, noting the last place to cut (after an
   * array's `[` or a comma between its elements) in `cut` / `cutFrame`; with `stopAtCut`, stops at the
   * first one. Returns false if the structure is malformed.
   */
  const tokenize = (limit: number, stopAtCut: boolean): boolean => {
    const s = pending;
    let i = pos;
    for (; i < limit; i++) {
      const c = s.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (inKey) {
            inKey = false;
            const k = keyParts + s.slice(keyStart, i + 1);
            lastKey = k.length > MAX_KEY ? null : k;
            keyParts = '';
          }
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (rootDone) { pos = i; return false; }
      const top = frame;
      const wantKey = top !== null && !top.array && expectKey;
      switch (c) {
        case QUOTE:
          inString = true;
          if (wantKey) { inKey = true; keyStart = i; keyParts = ''; }
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY: {
          if (wantKey) { pos = i; return false; }
          const depth = top ? top.depth + 1 : 1;
          if (depth > MAX_DEPTH) { pos = i; return false; }
          const inObject = top !== null && !top.array;
          frame = {
            parent: top, array: c === OPEN_ARRAY, key: inObject ? lastKey : null, depth,
            lost: (top?.lost ?? false) || (inObject && lastKey === null),
          };
          expectKey = c === OPEN_OBJECT;
          if (c === OPEN_ARRAY) {
            // Before an array's first element: a place to cut too (the path there opens this array).
            cut = i + 1;
            cutFrame = frame;
            if (stopAtCut) { pos = i + 1; return true; }
          }
          break;
        }
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (top === null || top.array !== (c === CLOSE_ARRAY)) { pos = i; return false; }
          frame = top.parent;
          expectKey = false;
          if (frame === null) rootDone = true;
          break;
        case COMMA:
          if (top === null) { pos = i; return false; }
          if (top.array) {
            cut = i + 1;
            cutFrame = top;
            if (stopAtCut) { pos = i + 1; return true; }
          } else {
            expectKey = true;
          }
          break;
        case COLON:
          if (top === null || top.array) { pos = i; return false; }
          expectKey = false;
          break;
        default:
          // A number, true, false or null (checked by the guard); a bare key is not JSON.
          if (wantKey) { pos = i; return false; }
      }
    }
    pos = i;
    return true;
  };

  /** Redacts one window of whole values: from `from`'s path to `to`'s (`null`: the document's end). */
  const redactWindow = (window: string, from: Frame | null, to: Frame | null): string => {
    // Without the comma it ends with (a window cut before an array's first element ends with its `[`).
    const tail = to && window.endsWith(',') ? ',' : '';
    const body = tail ? window.slice(0, -1) : window;
    const prefix = from && !from.lost ? openOf(from) : '';
    const suffix = to && !to.lost ? closeOf(to) : '';
    if (!(from?.lost || to?.lost) && prefix.length + suffix.length <= MAX_PATH) {
      const scan = guard.scan(prefix + body + suffix, { format: 'json' });
      const start = prefix.length;
      const end = start + body.length;
      const { redacted } = scan;
      if (scan.fallback === undefined && scan.findings.every((f) => f.start >= start && f.end <= end)
        && redacted.startsWith(prefix) && redacted.endsWith(suffix)) {
        const findings = start === 0 ? scan.findings : scan.findings.map((f) => ({ ...f, start: f.start - start, end: f.end - start }));
        return settle(body, findings, () => redacted.slice(start, redacted.length - suffix.length)) + tail;
      }
    }
    // Malformed, or the path itself was found: the window as text (whole values, so none is split).
    const scan = guard.scan(window, { format: 'text' });
    return settle(window, scan.findings, () => scan.redacted);
  };

  const pumpJson = (final: boolean): void => {
    for (;;) {
      if (jsonState === JsonState.Text) {
        toText(pending.length);
        drainText(final);
        return;
      }
      if (jsonState === JsonState.TextToBoundary) {
        // No boundary within a window: text up to the next one, then windows again from there.
        if (!tokenize(pending.length, true)) { giveUp(); continue; }
        if (cut === 0) {
          handOff(pending.length);
          drainText(final);
          return;
        }
        handOff(cut);
        drainText(true);
        startFrame = cutFrame;
        jsonState = JsonState.Windows;
        continue;
      }
      const limit = Math.min(pending.length, maxWindow);
      if (!tokenize(limit, false)) { giveUp(); continue; }
      if (final && pending.length <= maxWindow) {
        if (pending) out += redactWindow(pending, startFrame, null);
        pending = '';
        pos = 0;
        return;
      }
      if (pending.length < maxWindow) return;
      if (cut === 0) { jsonState = JsonState.TextToBoundary; continue; }
      const at = cut;
      out += redactWindow(pending.slice(0, at), startFrame, cutFrame);
      startFrame = cutFrame;
      consume(at);
    }
  };

  const pump = structure === 'json' ? pumpJson : structure === 'ndjson' ? pumpLines : drainText;

  const emit = (controller: TransformStreamDefaultController<Uint8Array>, text: string): void => {
    if (text) controller.enqueue(encoder.encode(text));
  };

  const step = (controller: TransformStreamDefaultController<Uint8Array>, text: string, final: boolean): void => {
    if (passthrough) {
      emit(controller, text);
      return;
    }
    if (structure) pending += text; else carry += text;
    try {
      pump(final);
      const ready = out;
      out = '';
      emit(controller, ready);
    } catch (e) {
      const err = e instanceof PhiGuardError ? e : new PhiGuardError('input', 'phi-guard failed on this stream', { cause: e });
      const ready = out;
      out = '';
      if (err instanceof WithheldError) { emit(controller, ready); controller.error(err); return; }
      if ((options.onGuardError?.(err) ?? 'closed') === 'open') {
        // What was redacted, then everything not yet sent, as it came.
        passthrough = true;
        emit(controller, ready + carry + pending);
        carry = '';
        pending = '';
      } else {
        emit(controller, ready);
        controller.error(err);
      }
    }
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      step(controller, decoder.decode(chunk, { stream: true }), false);
    },
    flush(controller) {
      step(controller, decoder.decode(), true);
    },
  });
}
