import type { Guard } from '../common/guard.js';
import { PhiGuardError } from '../common/errors.js';
import type { Finding, Format } from '../common/types.js';

/**
 * Options for {@link createRedactingStream}.
 *
 * @example
 * const opts: RedactingStreamOptions = { format: 'html', lookbehind: 512, mode: 'redact' };
 */
export interface RedactingStreamOptions {
  /** Format hint for each scanned piece (default `text`; JSON pieces are not valid JSON on their own). */
  format?: Format;
  /** How many characters of each piece are held back and rescanned with the next one (default 256). */
  lookbehind?: number;
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

/** @internal Thrown inside the transform when `mode: 'block'` meets PHI. */
export class WithheldError extends PhiGuardError {
  constructor() { super('input', 'the response was withheld because it contained PHI'); }
}

/**
 * A `TransformStream` of text bytes (UTF-8 unless `encoding` says otherwise)
 * to UTF-8 bytes that redacts PHI while the body keeps
 * flowing. The text is cut into pieces by looking at windows of
 * `2 × lookbehind` characters from the start of what is not yet sent: each
 * window is scanned whole, and its first part (up to a newline, else a
 * whitespace, `,`, `}` or `>`, at or after `lookbehind`, and never inside a
 * finding) is redacted with the findings of that larger scan, so an
 * identifier whose context lies up to `lookbehind` characters further on is
 * still found. The cuts depend on the text only, never on how it arrived, so
 * the output is the same whatever the chunk boundaries (including splits
 * inside multi-byte characters), and it equals a one-shot redaction whenever
 * the detectors' context fits in the window. Runs on edge and Node (Web
 * Streams only).
 *
 * # Errors
 * Throws `PhiGuardError` (`input`) when `encoding` is not one this runtime
 * can decode.
 *
 * @example
 * const redacted = response.body!.pipeThrough(createRedactingStream(guard, { format: 'text' }));
 * return new Response(redacted, { headers: response.headers });
 * // A Latin-1 body comes out as UTF-8:
 * const latin1 = res.body!.pipeThrough(createRedactingStream(guard, { encoding: 'iso-8859-1' }));
 * return new Response(latin1, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
 */
export function createRedactingStream(guard: Guard, options: RedactingStreamOptions = {}): TransformStream<Uint8Array, Uint8Array> {
  const format = options.format ?? 'text';
  const lookbehind = Math.max(16, options.lookbehind ?? 256);
  const mode = options.mode ?? 'redact';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(options.encoding ?? 'utf-8');
  } catch (e) {
    throw new PhiGuardError('input', 'createRedactingStream: this runtime cannot decode the given encoding', { cause: e });
  }
  const encoder = new TextEncoder();
  let carry = '';
  let passthrough = false;

  /** Redacts `head` given the findings the window scan saw in it. */
  const redactPiece = (head: string, known: Finding[]): string => {
    const own = guard.scan(head, { format });
    const ownKeys = new Set(own.findings.map(key));
    const complete = known.every((f) => ownKeys.has(key(f)));
    const findings = complete ? own.findings : [...own.findings, ...known.filter((f) => !ownKeys.has(key(f)))];
    if (findings.length === 0) return head;
    options.onFindings?.(head, findings);
    if (mode === 'block') throw new WithheldError();
    if (mode === 'report') return head;
    if (complete) return own.redacted;
    // The piece alone lost context the window had: tag every span of both scans.
    let out = '';
    let at = 0;
    for (const f of [...findings].sort((a, b) => a.start - b.start || b.end - a.end)) {
      if (f.start < at) continue;
      out += head.slice(at, f.start) + `[${f.type}]`;
      at = f.end;
    }
    return out + head.slice(at);
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

  const emit = (controller: TransformStreamDefaultController<Uint8Array>, text: string): void => {
    if (text) controller.enqueue(encoder.encode(text));
  };

  const step = (controller: TransformStreamDefaultController<Uint8Array>, final: boolean): void => {
    if (passthrough) {
      emit(controller, carry);
      carry = '';
      return;
    }
    try {
      while (carry.length >= 2 * lookbehind) {
        let end = 2 * lookbehind;
        const last = carry.charCodeAt(end - 1);
        if (last >= 0xd800 && last <= 0xdbff) end--;
        const window = carry.slice(0, end);
        const findings = guard.scan(window, { format }).findings;
        const cut = cutOf(window, findings);
        const head = carry.slice(0, cut);
        carry = carry.slice(cut);
        emit(controller, redactPiece(head, findings.filter((f) => f.end <= cut)));
      }
      if (final && carry) {
        const rest = carry;
        carry = '';
        emit(controller, redactPiece(rest, []));
      }
    } catch (e) {
      const err = e instanceof PhiGuardError ? e : new PhiGuardError('input', 'phi-guard failed on this stream', { cause: e });
      if (err instanceof WithheldError) { controller.error(err); return; }
      if ((options.onGuardError?.(err) ?? 'closed') === 'open') {
        passthrough = true;
        emit(controller, carry);
        carry = '';
      } else {
        controller.error(err);
      }
    }
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      carry += decoder.decode(chunk, { stream: true });
      step(controller, false);
    },
    flush(controller) {
      carry += decoder.decode();
      step(controller, true);
    },
  });
}
