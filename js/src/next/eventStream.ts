import type { Guard } from '../common/guard.js';
import { PhiGuardError } from '../common/errors.js';
import type { RedactingStreamOptions } from './createRedactingStream.js';
import { WithheldError } from './createRedactingStream.js';

/** @internal The most characters of one server-sent event held for its end; a longer one is sent in parts (see {@link createEventRedactingStream}). */
export const EVENT_MAX_CHARS = 64 * 1024;

/**
 * @internal Whether a content type is `text/event-stream`: a body of
 * events by design, redacted as it is written and never held.
 *
 * @example
 * isEventStream('text/event-stream; charset=utf-8'); // true
 */
export const isEventStream = (contentType: string | null): boolean => /^\s*text\/event-stream\s*(;|$)/i.test(contentType ?? '');

/**
 * The end of the last complete event in `text`: just after its blank line
 * (`\n\n`, `\r\n\r\n`, `\r\r`, mixed), or 0. Only blank lines ending at
 * `from` or later are looked for: text before it held none (each call cuts
 * at the last one), so a long event arriving in small chunks is not
 * searched again for each.
 */
function lastEventEnd(text: string, from: number): number {
  for (let i = text.length - 1; i > 0 && i >= from; i--) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) continue;
    // A line end at i; the one before it ends a line that is empty when it ends right before.
    let j = i - 1;
    if (c === 0x0a && text.charCodeAt(j) === 0x0d) j--;
    const p = text.charCodeAt(j);
    if (p === 0x0a || p === 0x0d) return i + 1;
  }
  return 0;
}

/** The end of the last line in `text` (after its line break), or 0. */
function lastLineEnd(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) return i + 1;
  }
  return 0;
}

/** What of an over-long line is kept back, so that a value cut where the text arrived is scanned whole with what follows. */
const HOLD_BACK = 1024;

/**
 * Where to cut an event too long to wait for (`text` has no line break):
 * after the last white space at least {@link HOLD_BACK} characters before
 * its end, else that far back (never between a surrogate pair's halves),
 * so the text after the cut is scanned again with what comes next.
 */
function overflowCut(text: string): number {
  const limit = text.length - HOLD_BACK;
  for (let i = limit - 1; i > 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) return i + 1;
  }
  const c = text.charCodeAt(limit - 1);
  return c >= 0xd800 && c <= 0xdbff ? limit - 1 : limit;
}

/**
 * @internal A `TransformStream` of a server-sent event stream's bytes
 * (UTF-8, as the format requires) to UTF-8 bytes in which each event is
 * redacted and sent as soon as its blank line arrives: an event stream
 * keeps its timing, where a windowed scan (createRedactingStream) would
 * hold a short event until more text came. The events that arrived
 * together are scanned together, as text. An event longer than `maxChars`
 * without its end is scanned and sent up to its last line break, or,
 * without one, up to a white space at least 1,024 characters before what
 * has arrived (the rest waits for more), so memory stays bounded and a
 * value is not cut where a chunk happened to end. `mode`, `onFindings` and
 * `onGuardError` work as in createRedactingStream.
 */
export function createEventRedactingStream(guard: Guard, options: Pick<RedactingStreamOptions, 'mode' | 'onFindings' | 'onGuardError'> & { maxChars: number }): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder('utf-8');
  const encoder = new TextEncoder();
  const mode = options.mode ?? 'redact';
  let carry = '';
  let passthrough = false;

  const send = (controller: TransformStreamDefaultController<Uint8Array>, text: string): void => {
    if (text === '') return;
    if (passthrough) { controller.enqueue(encoder.encode(text)); return; }
    try {
      const { findings, redacted } = guard.scan(text, { format: 'text' });
      if (findings.length === 0) { controller.enqueue(encoder.encode(text)); return; }
      options.onFindings?.(text, findings);
      if (mode === 'block') throw new WithheldError();
      controller.enqueue(encoder.encode(mode === 'report' ? text : redacted));
    } catch (e) {
      const err = e instanceof PhiGuardError ? e : new PhiGuardError('input', 'phi-guard failed on this stream', { cause: e });
      if (err instanceof WithheldError || (options.onGuardError?.(err) ?? 'closed') !== 'open') { controller.error(err); return; }
      passthrough = true;
      controller.enqueue(encoder.encode(text));
    }
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      const before = carry.length;
      carry += decoder.decode(chunk, { stream: true });
      let end = lastEventEnd(carry, before);
      if (end === 0 && carry.length > options.maxChars) end = lastLineEnd(carry) || overflowCut(carry);
      if (end === 0) return;
      const head = carry.slice(0, end);
      carry = carry.slice(end);
      send(controller, head);
    },
    flush(controller) {
      carry += decoder.decode();
      const rest = carry;
      carry = '';
      send(controller, rest);
    },
  });
}
