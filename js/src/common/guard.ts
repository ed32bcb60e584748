import { PhiGuardError } from './errors.js';
import { NONE, type WasmGuardLike, type WasmInstance } from './instance.js';
import type { ClassifyResult, ExposureEventInput, Finding, Format, GuardConfig, PhiType, ScanResult } from './types.js';

/**
 * One scan as the core returns it (src/wasm.rs `WasmGuard::scan`): `n`, the
 * numbers, and `s`, the entries of its string table. `n` holds the format's
 * number (in {@link FORMATS}), the fallback's entry (or NONE), the number of findings, the
 * number of classes, whether the bytes hold U+FFFD, and the redacted text's
 * entry (NONE but for a scan dense with findings, see {@link redactedOf}),
 * the string table's address and byte length (read here, not after),
 * whether the output outgrew the room the core keeps for it, the first
 * class sent, the number of tags and the first tag sent, then
 * {@link PER_FINDING} numbers a finding: class (an id for the handle's
 * life), start, end and piece, then {@link PER_CLASS} numbers a class sent
 * (what its findings share): type, score, detector and reason, then one a
 * tag sent. Start and end are UTF-16 offsets; the others are entries: a
 * score's is its decimal text (what `JSON.parse` used to read), a piece's
 * is the text that replaces the finding (a tag's id with {@link BOOK_PIECE}
 * set, or NONE for a finding nested in an earlier one). Then, one a table
 * entry, where it ends in the table.
 */
interface RawScan {
  n: Uint32Array | number[];
  s: string[];
  /** The tags the handle has sent (a piece with {@link BOOK_PIECE} set is one of these). */
  tags: string[];
  /**
   * The input had no lone surrogate, so the core saw it as it is: it was
   * all ASCII, or its UTF-8 held no U+FFFD (what `encodeInto` writes for a
   * lone surrogate).
   */
  wellFormed: boolean;
}

const HEADER = 12;
/** Set in a piece's number when it is a tag the handle sent before (src/wasm.rs `BOOK_PIECE`). */
const BOOK_PIECE = 0x80000000;
/** Up to this many numbers, a scan's are read into an array, not copied as a typed array (which costs more to make). */
const SMALL_SCAN = 64;
const PER_FINDING = 4;
const PER_CLASS = 4;
/** Encodes what the core scans (see `#scan`). */
const UTF8 = new TextEncoder();
/**
 * The shortest: below it `encodeInto` takes under half a microsecond, and
 * the second call into the module (`fromUtf16`) costs about what the copy
 * saves (a log line was 0.1 us slower a call that way).
 */
const UTF16_MIN_UNITS = 1024;

/**
 * The least room `#write` asks for a text `encodeInto` writes: the room of
 * every short text is one room of this size, and one view of it serves
 * them all.
 */
const MIN_ROOM = 1024;
/**
 * Units a chunk of a text copied into the module as its UTF-16 (see
 * `#write`): 32 KB of units and a 16 KB lead, which stay in the CPU's cache
 * between the copy and the transcoding.
 */
const UTF16_CHUNK = 16384;

/**
 * The end of the chunk of `text` that starts at `from` ({@link UTF16_CHUNK}
 * units, or the rest), one unit early if it would end between the two
 * units of a surrogate pair (each half alone would become U+FFFD).
 */
function chunkEnd(text: string, from: number): number {
  let end = Math.min(text.length, from + UTF16_CHUNK);
  if (end < text.length && end > from + 1) {
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last < 0xdc00) end -= 1;
  }
  return end;
}
/** Decodes the string table of a scan. */
const FROM_UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });
/**
 * The formats by the number the core takes for each (src/wasm.rs
 * `FORMATS`, in the same order): a number crosses into the module as it is,
 * a string is copied into its memory and freed after. Unknown: -1, which
 * the core refuses with the error that names the formats.
 */
const FORMATS: readonly Format[] = ['auto', 'text', 'log', 'error', 'json', 'html', 'url', 'csv'];

/**
 * `text` as the core saw it. wasm-bindgen passes a string as UTF-8
 * (`TextEncoder`), which turns each lone surrogate into U+FFFD, and the
 * redacted text has always been built from that. The length in UTF-16 units
 * is the same, so the core's offsets hold.
 */
function wellFormed(text: string): string {
  const t = text as string & { toWellFormed?(): string };
  return typeof t.toWellFormed === 'function' ? t.toWellFormed() : text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * The redacted text of a scan with findings: the core's own rendering when
 * it sent one (a scan dense with findings, where decoding one string costs
 * less than splicing a slice and a piece a finding: src/wasm.rs
 * `DENSE_FINDINGS`), else `src` spliced here. Both are the text the core saw,
 * lone surrogates as U+FFFD.
 */
function redactedOf(text: string, raw: RawScan): string {
  const whole = raw.n[5];
  if (whole !== NONE) return raw.s[whole];
  return splice(raw.wellFormed ? text : wellFormed(text), raw);
}

/**
 * `src` with each finding's span replaced by its piece, skipping nested
 * findings: the text between findings is sliced from the caller's string,
 * so only the findings and the pieces crossed the wasm boundary.
 * Concatenated, not joined: V8 builds a rope and copies it once, when it is
 * first read, which measured as fast as `parts.join('')` on 1 MB with 5,000
 * findings and twice as fast with 20,000.
 */
function splice(src: string, { n, s, tags }: RawScan): string {
  let out = '';
  let pos = 0;
  for (let i = HEADER, end = HEADER + n[2] * PER_FINDING; i < end; i += PER_FINDING) {
    const piece = n[i + 3];
    if (piece === NONE) continue;
    out += src.slice(pos, n[i + 1]) + (piece >= BOOK_PIECE ? tags[piece - BOOK_PIECE] : s[piece]);
    pos = n[i + 2];
  }
  return out + src.slice(pos);
}

export type { WasmGuardLike } from './instance.js';

/** What findings of one class share (src/wasm.rs `Book`). */
type FindingClass = Pick<Finding, 'type' | 'score' | 'detector' | 'reason'>;

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
  /**
   * The classes (what findings of one type, score, detector and reason
   * share) and tags (`[SSN]`) the handle has sent, by id: the core sends
   * each once a handle, not once a scan (src/wasm.rs `Book`). Each scan
   * says how many are held here, and the core sends the rest; a scan that
   * fails before it is read here leaves them as they were (the core's
   * errors come before it adds any, or empty its book; anything else
   * replaces the instance, whose new handle starts an empty book; and
   * holding more than the core has counts as holding none). Emptied with
   * a new handle.
   */
  #classes: FindingClass[] = [];
  #tags: string[] = [];
  /**
   * How many times this guard moved to a fresh wasm instance: after a trap,
   * or after a scan left the instance's memory above 64 MiB (replaced to
   * give the memory back, see `MAX_RETAINED_MEMORY` in common/instance.ts).
   */
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
      this.#classes = [];
      this.#tags = [];
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

  /** Scans `text` in the core; the numbers and the string table split into entries. */
  #scan(text: string, format: Format): RawScan {
    const g = this.#handle();
    let bytes = 0;
    let n: Uint32Array | number[] = [];
    let table = '';
    this.#instance.run(this.#generation, () => {
      bytes = this.#write(g, text);
      // As many bytes as units: all ASCII (see below), which the core need not look for.
      const count = g.scan(bytes, FORMATS.indexOf(format), bytes === text.length, this.#classes.length, this.#tags.length);
      if (count === NONE) this.#instance.failed();
      // Read in place, before any other call into the module: a copy of
      // the numbers, and the table decoded.
      const at = g.numbersAt() >>> 2;
      const words = this.#u32();
      if (count <= SMALL_SCAN) {
        n = new Array<number>(count);
        for (let i = 0; i < count; i++) n[i] = words[at + i];
      } else {
        n = words.slice(at, at + count);
      }
      // Empty (no finding, or only classes and tags sent before, and no
      // fallback: most log lines) is not decoded.
      if (n[7] !== 0) table = FROM_UTF8.decode(this.#u8().subarray(n[6], n[6] + n[7]));
      // Read: an output larger than the core keeps room for goes now, not
      // at this guard's next scan (which may never come).
      if (n[8]) g.releaseOutput();
      // Sent from further on than held here: some id would name nothing
      // (a finding without its type, `undefined` spliced in). Thrown here,
      // in the call, it replaces the instance as a trap does, and the next
      // scan is sent everything.
      if (n[9] > this.#classes.length || n[11] > this.#tags.length) {
        throw new PhiGuardError('trap', 'the wasm core sent finding classes after ones this package does not hold; its instance is replaced');
      }
    });
    // Where the classes sent start, then the tags sent, then the entries' ends.
    const sent = HEADER + n[2] * PER_FINDING;
    const tagsSent = sent + (n[3] - n[9]) * PER_CLASS;
    const first = tagsSent + (n[10] - n[11]);
    const s = new Array<string>(n.length - first);
    for (let i = first, at = 0; i < n.length; i++) {
      s[i - first] = table.slice(at, n[i]);
      at = n[i];
    }
    // The classes and tags sent: each after those held, or in place of
    // those from where the core started again.
    const classes = this.#classes;
    if (n[9] < classes.length) classes.length = n[9];
    for (let i = sent; classes.length < n[3]; i += PER_CLASS) {
      classes.push({ type: s[n[i]] as PhiType, score: Number(s[n[i + 1]]), detector: s[n[i + 2]], reason: s[n[i + 3]] });
    }
    const tags = this.#tags;
    if (n[11] < tags.length) tags.length = n[11];
    for (let i = tagsSent; tags.length < n[10]; i++) tags.push(s[n[i]]);
    // Each non-ASCII UTF-16 unit takes two or more bytes (a surrogate pair
    // four for its two units), so equal lengths mean every unit was ASCII.
    // Otherwise n[4] says whether the bytes hold U+FFFD: with none, there
    // was no lone surrogate, and `toWellFormed` (which reads every unit of a
    // two-byte string) is not needed.
    return { n, s, tags, wellFormed: bytes === text.length || n[4] === 0 };
  }

  /** The module's memory as 32-bit words (`WasmInstance.words`). */
  #u32(): Uint32Array {
    return this.#instance.words();
  }

  /** The module's memory as bytes (`WasmInstance.bytes`). */
  #u8(): Uint8Array {
    return this.#instance.bytes();
  }

  /**
   * Puts `text` into the core's input buffer as UTF-8; returns the byte
   * count. Where the runtime copies a string's UTF-16 units fast (Node),
   * a text of {@link UTF16_MIN_UNITS} units or more goes in as its units and the core
   * makes the UTF-8, a chunk at a time (for a 100 KB body that is not all
   * ASCII, about 19 us against 60 for `encodeInto`; for an ASCII one, 12.5
   * against 5.5).
   * Otherwise `encodeInto` writes it: room for one byte a unit first (and
   * at least {@link MIN_ROOM} bytes), which fits ASCII text; if
   * `encodeInto` stops short, room for the worst case of the rest (three
   * bytes a unit) after what it wrote. So a mostly ASCII text never
   * reserves three times its length, and there is no encoded copy on the
   * JavaScript side. Lone surrogates become U+FFFD, as with `encode`.
   */
  #write(g: WasmGuardLike, text: string): number {
    const len = text.length;
    const utf16 = this.#instance.writeUtf16;
    if (utf16 && len >= UTF16_MIN_UNITS) {
      // The units a chunk at a time, each after the UTF-8 made so far and a
      // lead as long as the chunk, and made UTF-8 there in place (src/wasm.rs
      // `input_from_utf16`): the module holds about a byte a unit of mostly
      // ASCII text, not two. A chunk the core refuses to make in place
      // (with that lead, none should be) sends the text to `encodeInto` below.
      let from = 0;
      let k = chunkEnd(text, 0);
      let addr = g.utf16Room(len, k);
      if (addr === NONE) this.#instance.failed();
      for (;;) {
        // The memory may have grown since the last chunk: its buffer is asked for anew.
        utf16(k === len ? text : text.substring(from, from + k), this.#instance.memory().buffer, addr);
        from += k;
        const next = chunkEnd(text, from) - from;
        addr = g.fromUtf16(k, next);
        // Not made in place (no error left), or an error.
        if (addr === NONE) {
          this.#instance.throwLeft();
          break;
        }
        if (next === 0) return addr;
        k = next;
      }
    }
    // Room for a short text is MIN_ROOM bytes, so that one view of it
    // serves every short text after: `encodeInto` into a view made for the
    // call took about 45 ns more than into one kept, and making it 20.
    const want = len < MIN_ROOM ? MIN_ROOM : len;
    let at = g.inputAt(0, want);
    // The core's own error (too large for the memory).
    if (at === NONE) this.#instance.failed();
    // After inputAt, which may grow the memory (see `WasmInstance.inputView`).
    const first = UTF8.encodeInto(text, this.#instance.inputView(at, want));
    const read = first.read ?? 0;
    let written = first.written ?? 0;
    if (read < len) {
      const room = 3 * (len - read);
      at = g.inputAt(written, room);
      if (at === NONE) this.#instance.failed();
      written += UTF8.encodeInto(text.substring(read), new Uint8Array(this.#instance.memory().buffer, at, room)).written ?? 0;
    }
    return written;
  }

  /**
   * Finds PHI in `text` and returns findings (UTF-16 offsets) and the redacted text.
   *
   * @example
   * const { findings, redacted } = guard.scan('{"ssn":"219-09-9999"}', { format: 'json' });
   * // findings[0].type === 'SSN'; redacted === '{"ssn":"[SSN]"}'
   */
  scan(text: string, options?: ScanOptions): ScanResult {
    if (typeof text !== 'string') throw new PhiGuardError('input', `scan expects a string, got ${typeof text}`);
    const { format, includeValues } = scanOptions(options);
    // Findings come as numbers and a string table, not JSON; the redacted
    // text is built here from the input and the pieces, or for a dense
    // ASCII scan read whole from the table (see `redactedOf`).
    const raw = this.#scan(text, format);
    const { n, s } = raw;
    const count = n[2];
    const classes = this.#classes;
    const findings: Finding[] = new Array(count);
    for (let i = HEADER, j = 0; j < count; i += PER_FINDING, j++) {
      const c = classes[n[i]];
      findings[j] = { type: c.type, start: n[i + 1], end: n[i + 2], score: c.score, detector: c.detector, reason: c.reason };
    }
    // No findings: the input itself, unchanged (lone surrogates included).
    const redacted = count === 0 ? text : redactedOf(text, raw);
    const fallback = n[1] === NONE ? undefined : (s[n[1]] as ScanResult['fallback']);
    // `fallback` set after, not spread in: no object made to be copied from.
    const res: ScanResult = { findings, redacted, format: FORMATS[n[0]] as ScanResult['format'] };
    if (fallback !== undefined) res.fallback = fallback;
    if (includeValues) for (const f of res.findings) f.value = text.slice(f.start, f.end);
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
    const raw = this.#scan(text, format);
    // Unlike scan, always the text as the core saw it (lone surrogates as
    // U+FFFD), as when the core returned the whole string.
    if (raw.n[2] !== 0) return redactedOf(text, raw);
    return raw.wellFormed ? text : wellFormed(text);
  }

  /**
   * @internal Redacts text that reaches its reader in pieces (a console
   * line built from several arguments): scans `pieces.join('')` once and
   * returns each piece redacted, so a label in one piece gives context to a
   * value in the next. A finding inside one piece is replaced there; one
   * that spans pieces has its replacement in the first piece it touches
   * and its text removed from the others, so no piece keeps any of it.
   * The replacements are the findings' own pieces from the core (sent for
   * every scan, a dense one included), so they are what `redactText` writes.
   * As there, the text is the one the core saw, lone surrogates as U+FFFD
   * (a surrogate pair split across two pieces stays a pair, each piece
   * keeping its half).
   *
   * @example
   * guard.redactPieces(['SSN:', ' ', '219099999']); // ['SSN:', ' ', '[SSN]']
   */
  redactPieces(pieces: readonly string[], format: Format = 'auto'): string[] {
    if (pieces.length === 1) return [this.redactText(pieces[0], format)];
    for (const p of pieces) if (typeof p !== 'string') throw new PhiGuardError('input', `redactPieces expects strings, got ${typeof p}`);
    const text = pieces.join('');
    const raw = this.#scan(text, format);
    const { n, s, tags } = raw;
    // Nothing found in text the core saw as it is (most log lines): the pieces.
    if (n[2] === 0 && raw.wellFormed) return pieces.slice();
    const src = raw.wellFormed ? text : wellFormed(text);
    const out = new Array<string>(pieces.length);
    const last = HEADER + n[2] * PER_FINDING;
    let f = HEADER;
    // Where the text not yet covered by a finding starts.
    let pos = 0;
    for (let p = 0, start = 0; p < pieces.length; p++) {
      const stop = start + pieces[p].length;
      let piece = '';
      let at = pos > start ? pos : start;
      // The findings that start in this piece (one at its end starts in the next).
      for (; f < last && n[f + 1] < stop; f += PER_FINDING) {
        const id = n[f + 3];
        if (id === NONE) continue;
        piece += (n[f + 1] > at ? src.slice(at, n[f + 1]) : '') + (id >= BOOK_PIECE ? tags[id - BOOK_PIECE] : s[id]);
        if (n[f + 2] > at) at = n[f + 2];
      }
      out[p] = at < stop ? piece + src.slice(at, stop) : piece;
      if (at > pos) pos = at;
      start = stop;
    }
    return out;
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
    // The text, when there is one, goes in as a scan's input does (UTF-8
    // straight into the module's memory, see `#write`), not inside the
    // event's JSON: no escaping here and no unescaping in the core (a fifth
    // of a classify of a 1 KB body), and a lone surrogate becomes U+FFFD as
    // in a scan, where inside JSON it made the event malformed, and the
    // exposure of a body the wrappers had redacted went unreported.
    // Only for a plain event: its own enumerable `text`, a string, and no
    // `toJSON` (which could say something else about the text); any other
    // event is serialised whole, as JSON.stringify sees it.
    let text: string | undefined;
    // Read and serialised before the call, inside the try: a throwing getter
    // becomes a PhiGuardError without its message (which may hold PHI), and
    // says nothing about the instance.
    let json: string | undefined;
    try {
      let rest: unknown = event;
      if (event !== null && typeof event === 'object' && !Array.isArray(event) && Object.prototype.propertyIsEnumerable.call(event, 'text')
        && typeof (event as { toJSON?: unknown }).toJSON !== 'function') {
        const { text: t, ...others } = event;
        if (typeof t === 'string') {
          text = t;
          rest = others;
        }
      }
      json = JSON.stringify(rest);
    } catch {
      throw unreadable('classify could not read the event');
    }
    if (typeof json !== 'string') throw new PhiGuardError('input', 'classify expects an event object');
    const eventJson = json;
    const apart = text;
    const out = this.#call((g) => (apart === undefined ? g.classify(eventJson) : g.classifyInput(eventJson, this.#write(g, apart))) ?? this.#instance.failed());
    return JSON.parse(out) as ClassifyResult;
  }

  /**
   * Redacts a JSON-serialisable value (keys act as context) and returns a
   * value of the same shape, as `JSON.parse(JSON.stringify(value))` would
   * give it, with two additions JSON has no answer for:
   *
   * - a BigInt becomes its decimal string, scanned like any other value (a
   *   number under `ssn` is redacted as a string would be);
   * - a reference back to an object that contains it becomes the string
   *   `'[Circular]'` (an object seen twice but not inside itself is copied
   *   twice, as JSON does).
   *
   * Everything else follows JSON: `toJSON` is called (a Date becomes its
   * ISO string), a Map or Set becomes `{}`, functions, symbols and
   * `undefined` are dropped from objects. To log arbitrary values (Errors
   * with causes, Maps, Buffers) use `createRedactingLogger` from
   * `phi-guard/next`, which renders them first.
   *
   * @throws {PhiGuardError} code `input` if the value cannot be read: a
   * getter or `toJSON` throws, or it nests deeper than the engine's stack.
   * The error thrown there is not kept (not even as `cause`, which Node
   * prints with the error), since its message may hold the value's content.
   * @example
   * guard.redactValue({ dob: '1962-03-14', plan: 'gold' }); // { dob: '[DATE]', plan: 'gold' }
   * guard.redactValue({ ssn: 219099999n }); // { ssn: '[SSN]' }
   * const a = { note: 'ssn 219-09-9999' }; a.self = a;
   * guard.redactValue(a); // { note: 'ssn [SSN]', self: '[Circular]' }
   */
  redactValue<T>(value: T): T {
    let json: string | undefined;
    try {
      json = JSON.stringify(value, jsonSafe());
    } catch {
      throw unreadable('redactValue could not serialise the value');
    }
    if (json === undefined) return value;
    const redacted = this.redactText(json, 'json');
    try {
      return JSON.parse(redacted) as T;
    } catch {
      // Not expected (the core keeps JSON valid); the parser's message would quote the text.
      throw new PhiGuardError('input', 'redactValue could not read back the redacted JSON');
    }
  }
}

/** What {@link Guard.redactValue} puts in place of a reference back to an object that contains it. */
const CIRCULAR = '[Circular]';

/**
 * A `JSON.stringify` replacer that writes a BigInt as its decimal string
 * and a reference back to an ancestor as {@link CIRCULAR}. `this` is the
 * object holding `value` (after its `toJSON`), and the walk is depth-first,
 * so the ancestors of `value` are the stack up to `this`.
 */
function jsonSafe(): (this: unknown, key: string, value: unknown) => unknown {
  const stack: object[] = [];
  const onStack = new Set<object>();
  return function (this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'bigint') return value.toString();
    if (value === null || typeof value !== 'object') return value;
    while (stack.length > 0 && stack[stack.length - 1] !== this) onStack.delete(stack.pop()!);
    if (onStack.has(value)) return CIRCULAR;
    stack.push(value);
    onStack.add(value);
    return value;
  };
}

/**
 * The error for a value the caller's own code failed to give up (a getter
 * or `toJSON` threw, or it nested past the stack). What that code threw is
 * dropped, not kept as `cause`: its message may quote the value, and
 * Node's console and inspect print an error's cause with it.
 */
function unreadable(what: string): PhiGuardError {
  return new PhiGuardError('input', `${what}: a getter or toJSON threw, or it nests too deeply (the original error is withheld, as it may quote the value)`);
}

/** The options of a {@link Guard.scan} call, read once; `null` is no options. */
function scanOptions(options: unknown): { format: Format; includeValues: boolean } {
  if (options === undefined || options === null) return { format: 'auto', includeValues: false };
  if (typeof options !== 'object') throw new PhiGuardError('input', `scan options must be an object such as { format: 'json' }, got ${typeof options}`);
  try {
    const { format, includeValues } = options as ScanOptions;
    return { format: format ?? 'auto', includeValues: Boolean(includeValues) };
  } catch {
    throw new PhiGuardError('input', 'scan could not read its options (a getter threw; the original error is withheld)');
  }
}
