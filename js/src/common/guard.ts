import { PhiGuardError, toPhiGuardError } from './errors.js';
import type { WasmGuardLike, WasmInstance } from './instance.js';
import type { ClassifyResult, ExposureEventInput, Finding, Format, GuardConfig, PhiType, ScanResult } from './types.js';

/** What the core's `scan` returns (src/wasm.rs `ScanOut`): findings as a flat number array plus a string table. */
interface CompactScan {
  s: string[];
  n: number[];
  format: ScanResult['format'];
  fallback?: ScanResult['fallback'];
}

export type { WasmGuardLike } from './instance.js';

/** Options for {@link Guard.scan}. */
export interface ScanOptions {
  format?: Format;
  /** Attach `value` to each finding. For local use only; never log or send it. */
  includeValues?: boolean;
}

/**
 * A compiled guard. Create it once per process or isolate with
 * `createGuard()` and reuse it.
 *
 * If the wasm module traps (out of memory, an abort), the call throws a
 * `PhiGuardError` with code `trap`, so callers can apply their fail-open or
 * fail-closed policy, and nothing runs in that instance again: the next call
 * (of this or any other guard) first starts a fresh instance from the same
 * compiled module, with new memory, and recompiles this guard's config in it.
 * If no fresh instance can be started, calls throw code `init` (and retry on
 * the next call) rather than run in the trapped one.
 *
 * @example
 * const guard = await createGuard();
 * guard.redactText('call 555-123-4567'); // 'call [PHONE]'
 */
export class Guard {
  readonly #instance: WasmInstance;
  /** The config as given to createGuard, frozen as JSON: what every rebuild compiles. */
  readonly #configJson: string;
  #inner: WasmGuardLike | undefined;
  /** The instance generation #inner was compiled in. */
  #generation = -1;
  /** How many times this guard moved to a fresh wasm instance after a trap. */
  restarts = 0;

  /** @internal Use `createGuard()`. */
  constructor(instance: WasmInstance, config: GuardConfig | undefined) {
    this.#instance = instance;
    this.#configJson = JSON.stringify(config ?? {});
    this.#handle();
  }

  /** This guard's handle in the current instance, recompiled after a replacement. */
  #handle(): WasmGuardLike {
    const generation = this.#instance.usable();
    if (this.#inner === undefined || this.#generation !== generation) {
      const moved = this.#inner !== undefined;
      // The old handle lives in the replaced instance's memory: drop it, never
      // call or free() it (its pointer means nothing in the new memory).
      this.#inner = undefined;
      this.#inner = this.#instance.create(generation, this.#configJson);
      this.#generation = generation;
      if (moved) this.restarts++;
    }
    return this.#inner;
  }

  #call<T>(f: (g: WasmGuardLike) => T): T {
    const g = this.#handle();
    return this.#instance.run(this.#generation, () => f(g));
  }

  /**
   * Finds PHI in `text` and returns findings (UTF-16 offsets) and the redacted text.
   *
   * @example
   * const { findings, redacted } = guard.scan('{"ssn":"219-09-9999"}', { format: 'json' });
   * // findings[0].type === 'SSN'; redacted === '{"ssn":"[SSN]"}'
   */
  scan(text: string, options: ScanOptions = {}): ScanResult {
    if (typeof text !== 'string') throw new PhiGuardError('input', `scan expects a string, got ${typeof text}`);
    // Findings come as JSON, the redacted text as a plain string (or
    // nothing when unchanged): a large text is never escaped and re-parsed.
    const [meta, changed] = this.#call((g) => [g.scan(text, options.format ?? 'auto'), g.takeRedacted()] as const);
    const { s, n, format, fallback } = JSON.parse(meta) as CompactScan;
    // Six numbers a finding; type, detector and reason index the string table.
    const findings: Finding[] = new Array(n.length / 6);
    for (let i = 0, j = 0; i < n.length; i += 6, j++) {
      findings[j] = { type: s[n[i]] as PhiType, start: n[i + 1], end: n[i + 2], score: n[i + 3], detector: s[n[i + 4]], reason: s[n[i + 5]] };
    }
    const res: ScanResult = { findings, redacted: changed ?? text, format, ...(fallback === undefined ? {} : { fallback }) };
    if (options.includeValues) for (const f of res.findings) f.value = text.slice(f.start, f.end);
    return res;
  }

  /**
   * Redacted text only.
   *
   * @example
   * guard.redactText('call 555-123-4567'); // 'call [PHONE]'
   */
  redactText(text: string, format: Format = 'auto'): string {
    if (typeof text !== 'string') throw new PhiGuardError('input', `redactText expects a string, got ${typeof text}`);
    return this.#call((g) => g.redact(text, format));
  }

  /**
   * Classifies an exposure event and builds its breach signal (no PHI in
   * either). See DESIGN.md for the event fields.
   *
   * @throws {PhiGuardError} code `event` for unknown keys, a bad date or a raw URL as route.
   * @example
   * const { classification, signal } = guard.classify({
   *   text: '{"ssn":"219-09-9999"}', channel: 'response_body', route: '/api/patients/[id]',
   *   discoveredAt: '2026-03-01T12:00:00Z', authenticated: false,
   * });
   * // classification.severity === 'critical'; signal.obligations[0].dueBy === '2026-04-30T12:00:00Z'
   */
  classify(event: ExposureEventInput): ClassifyResult {
    // Serialised before the call: a throw here says nothing about the instance.
    let json: string | undefined;
    try {
      json = JSON.stringify(event);
    } catch (e) {
      throw toPhiGuardError(e);
    }
    if (typeof json !== 'string') throw new PhiGuardError('input', 'classify expects an event object');
    const eventJson = json;
    return JSON.parse(this.#call((g) => g.classify(eventJson))) as ClassifyResult;
  }

  /**
   * Redacts a JSON-serialisable value (keys act as context) and returns a
   * value of the same shape.
   *
   * @example
   * guard.redactValue({ dob: '1962-03-14', plan: 'gold' }); // { dob: '[DATE]', plan: 'gold' }
   */
  redactValue<T>(value: T): T {
    const json = JSON.stringify(value);
    if (json === undefined) return value;
    return JSON.parse(this.redactText(json, 'json')) as T;
  }
}
