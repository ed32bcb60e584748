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
}

const BOUNDARY = /[\s,}>]/;

/** @internal Thrown inside the transform when `mode: 'block'` meets PHI. */
export class WithheldError extends PhiGuardError {
  constructor() { super('input', 'the response was withheld because it contained PHI'); }
}

/**
 * A `TransformStream` of UTF-8 bytes that redacts PHI while the body keeps
 * flowing. Each piece is scanned together with a held-back tail of the
 * previous one (at most `lookbehind` characters, cut at a whitespace, `,`,
 * `}` or `>` boundary and never inside a finding), so an identifier that
 * straddles chunk boundaries is still found as long as it is shorter than
 * `lookbehind`. Runs on edge and Node (Web Streams only).
 *
 * @example
 * const redacted = response.body!.pipeThrough(createRedactingStream(guard, { format: 'text' }));
 * return new Response(redacted, { headers: response.headers });
 */
export function createRedactingStream(guard: Guard, options: RedactingStreamOptions = {}): TransformStream<Uint8Array, Uint8Array> {
  const format = options.format ?? 'text';
  const lookbehind = Math.max(16, options.lookbehind ?? 256);
  const mode = options.mode ?? 'redact';
  const decoder = new TextDecoder('utf-8');
  const encoder = new TextEncoder();
  let carry = '';
  let passthrough = false;

  const redactPiece = (head: string, known: Finding[]): string => {
    const own = guard.scan(head, { format });
    const findings = own.findings.length >= known.length ? own.findings : known;
    if (findings.length === 0) return head;
    options.onFindings?.(head, findings);
    if (mode === 'block') throw new WithheldError();
    if (mode === 'report') return head;
    if (findings === own.findings) return own.redacted;
    // The piece alone lost context the larger scan had: tag the larger scan's spans.
    let out = '';
    let at = 0;
    for (const f of [...findings].sort((a, b) => a.start - b.start)) {
      if (f.start < at) continue;
      out += head.slice(at, f.start) + `[${f.type}]`;
      at = f.end;
    }
    return out + head.slice(at);
  };

  const step = (controller: TransformStreamDefaultController<Uint8Array>, final: boolean): void => {
    if (passthrough) {
      if (carry) controller.enqueue(encoder.encode(carry));
      carry = '';
      return;
    }
    let cut = carry.length;
    let known: Finding[] = [];
    try {
      if (!final) {
        const windowStart = carry.length - lookbehind;
        cut = windowStart;
        for (let i = windowStart; i < carry.length; i++) {
          if (BOUNDARY.test(carry[i]!)) { cut = i + 1; break; }
        }
        const full = guard.scan(carry, { format }).findings;
        for (let moved = true; moved;) {
          moved = false;
          for (const f of full) if (f.start < cut && f.end > cut) { cut = f.start; moved = true; }
        }
        const code = carry.charCodeAt(cut - 1);
        if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut--;
        known = full.filter((f) => f.end <= cut);
      }
      const head = carry.slice(0, cut);
      const out = head ? (final ? redactPiece(head, []) : known.length ? redactPiece(head, known) : head) : '';
      carry = carry.slice(cut);
      if (out) controller.enqueue(encoder.encode(out));
    } catch (e) {
      const err = e instanceof PhiGuardError ? e : new PhiGuardError('input', 'phi-guard failed on this stream', { cause: e });
      if (err instanceof WithheldError) { controller.error(err); return; }
      if ((options.onGuardError?.(err) ?? 'closed') === 'open') {
        passthrough = true;
        if (carry) controller.enqueue(encoder.encode(carry));
        carry = '';
      } else {
        controller.error(err);
      }
    }
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      carry += decoder.decode(chunk, { stream: true });
      if (passthrough || carry.length >= lookbehind * 2) step(controller, false);
    },
    flush(controller) {
      carry += decoder.decode();
      step(controller, true);
    },
  });
}
