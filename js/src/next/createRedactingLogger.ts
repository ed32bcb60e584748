import type { Guard } from '../common/guard.js';
import { isNextDigest, readProp, UNREADABLE } from './reportIds.js';

/**
 * The methods a redacting logger has.
 *
 * @example
 * const level: LogMethod = 'warn';
 */
export type LogMethod = 'debug' | 'info' | 'warn' | 'error' | 'log';

/**
 * Where redacted log calls go (default `console`).
 *
 * @example
 * const sink: LogSink = { info: (...a) => process.stdout.write(a.join(' ') + '\n') };
 */
export type LogSink = Partial<Record<LogMethod, (...args: unknown[]) => void>>;

/**
 * A logger whose every argument is redacted before it reaches the sink.
 *
 * @example
 * const log: RedactingLogger = createRedactingLogger({ guard }); log.warn('ssn 219-09-9999'); // 'ssn [SSN]'
 */
export type RedactingLogger = Record<LogMethod, (...args: unknown[]) => void>;

const FAILED = '[phi-guard: redaction failed, value withheld]';

/*
 * Bounds on what one log argument is rendered to, so a huge or deep value
 * costs a bounded walk and a bounded line. Past them a value is replaced by
 * a marker that says what was cut (`'[Object]'`, `'… 12 more items'`).
 */
/** Levels of nesting rendered (an Error's cause is one level down). */
const MAX_DEPTH = 20;
/** Keys, items or entries rendered a container. */
const MAX_ENTRIES = 1000;
/** Values rendered an argument, all levels together (a container stops at this many, with a marker). */
const MAX_VALUES = 10_000;
/** The largest byte array decoded as text; a larger one is logged as its size. */
const MAX_TEXT_BYTES = 64 * 1024;
/** What an Error's view holds under fixed names; its other own enumerable properties follow. */
const ERROR_FIELDS = new Set(['name', 'message', 'stack', 'cause', 'errors']);
/** The built-in error classes, whose redacted copies are of the same class. */
const BUILTIN_ERRORS: readonly ErrorConstructor[] = [TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError];
/** Text-like bytes: valid UTF-8 without the control characters binary data is full of (tab, newlines and ESC allowed). */
const BINARY_CONTROLS = /[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]/;

/** One argument's walk: the containers being rendered (for cycles) and the values rendered so far. */
interface Walk {
  open: Set<object>;
  values: number;
}

/**
 * @internal Redacts one log argument, keeping its content:
 *
 * - a string with `redactText`;
 * - an Error as a new Error with redacted message, stack, cause (an Error
 *   again when it was one), `AggregateError.errors` and own properties;
 * - any other object rendered to plain data first (see {@link render}) and
 *   redacted with `redactValue`, so keys label their values.
 *
 * Never throws and never returns the raw argument: if the guard fails, the
 * argument becomes a placeholder, and `failed` (if given) is called, so a
 * caller can tell that from an argument that was the placeholder's text.
 */
export function redactArg(guard: Guard, arg: unknown, failed?: () => void): unknown {
  try {
    if (typeof arg === 'string') return guard.redactText(arg);
    if (isError(arg)) return redactErrorIn(guard, arg, newWalk(), 0);
    // A symbol's description and a BigInt's digits are text a console prints.
    if (typeof arg === 'symbol') return `Symbol(${guard.redactText(arg.description ?? '')})`;
    if (typeof arg === 'bigint') return guard.redactText(arg.toString());
    if (arg === null || (typeof arg !== 'object' && typeof arg !== 'function')) return arg;
    const plain = render(arg, newWalk(), 0);
    return typeof plain === 'string' ? guard.redactText(plain) : guard.redactValue(plain);
  } catch {
    failed?.();
    return FAILED;
  }
}

/** What stands in the scanned line for an object argument between two primitive ones (the console prints the object there). */
const OBJECT_STAND_IN = '{}';
/** The placeholders a format string's `%` takes (Node's `util.format`, browsers' consoles); `%%` is a percent sign. */
const PLACEHOLDERS = new Set(['s', 'd', 'i', 'f', 'j', 'o', 'O', 'c']);
/** Placeholders that print a number: one whose argument was redacted to text becomes `%s`. */
const NUMERIC = new Set(['d', 'i', 'f']);
/** Where a scanned piece of the line goes back to: an argument, a literal of the format string, or neither (the console's own text). */
const ARG = 0;
const LITERAL = 1;
const GAP = 2;
/** An argument taken by `%d`, `%i` or `%f`, scanned as the number printed. */
const NUMBER = 3;

/**
 * What `util.format` prints for `a` under `%d`, `%i` or `%f`, as scanned:
 * a BigInt under `%d` or `%i` prints its digits and an `n`
 * (`219099999n`), scanned as its digits, so a label before it applies.
 */
function printedNumber(spec: string, a: unknown): string {
  if (typeof a === 'bigint') return spec === 'f' ? String(parseFloat(String(a))) : String(a);
  if (typeof a === 'symbol') return 'NaN';
  return String(spec === 'd' ? Number(a) : spec === 'i' ? parseInt(a as string, 10) : parseFloat(a as string));
}

/**
 * @internal Redacts one console call's arguments as the console prints
 * them: the primitive arguments (strings, numbers, BigInts, symbols;
 * booleans, `null` and `undefined` as words) are scanned together, as one
 * line, so a label in one gives context to a value in another
 * (`'SSN:', '219099999'` → `'SSN:', '[SSN]'`). A first argument that is a
 * string, with others after it, is a format string as in `util.format`:
 * `%s %d %i %f %j %o %O` take the next argument, `%c` takes one and prints
 * nothing, `%%` is `%`, and the rest are appended with spaces. Any other
 * argument is redacted alone ({@link redactArg}) and stands between its
 * neighbours in the line as an object does in the console's output.
 *
 * The output has the arguments' shape: a number, boolean, `null` or
 * `undefined` with nothing found in it stays what it was (so `%d` still
 * prints it), one that a finding touched becomes its redacted text, and a
 * `%d`, `%i` or `%f` whose argument became text becomes `%s`. A finding
 * that spans arguments is replaced in the first it touches and removed
 * from the others. Never throws and never returns a raw argument: if the
 * scan fails, every argument in the line becomes a placeholder. `failed`
 * (if given) is called whenever a placeholder is put in for a failure.
 */
export function redactArgs(guard: Guard, args: readonly unknown[], failed?: () => void): unknown[] {
  // The common call, one string: as it always was.
  if (args.length === 1 && typeof args[0] === 'string') return [redactArg(guard, args[0], failed)];
  try {
    return redactLine(guard, args, failed);
  } catch {
    failed?.();
    return args.map(() => FAILED);
  }
}

/** A string, number, BigInt, boolean, symbol, `null` or `undefined`: what a console prints as text. */
function isPrimitive(v: unknown): boolean {
  return v === null || (typeof v !== 'object' && typeof v !== 'function');
}

function redactLine(guard: Guard, args: readonly unknown[], failed: (() => void) | undefined): unknown[] {
  const out = args.slice();
  // The printed line in pieces, and for each where it goes back to.
  const texts: string[] = [];
  const kinds: number[] = [];
  const targets: number[] = [];
  // The console's own text since the last piece (spaces, objects' places):
  // scanned only between two pieces, so it never leads or ends the line.
  let gap = '';
  const add = (text: string, kind: number, target: number): void => {
    if (gap !== '' && texts.length > 0) {
      texts.push(gap);
      kinds.push(GAP);
      targets.push(-1);
    }
    gap = '';
    texts.push(text);
    kinds.push(kind);
    targets.push(target);
  };
  // An argument in the line: text if primitive, else redacted alone and in its place an object.
  const put = (i: number): void => {
    const a = args[i];
    if (isPrimitive(a)) add(String(a), ARG, i);
    else {
      out[i] = redactArg(guard, a, failed);
      gap += OBJECT_STAND_IN;
    }
  };
  let next = 0;
  const format = args.length > 1 && typeof args[0] === 'string' ? parseFormat(args[0], args.length) : undefined;
  if (format !== undefined) {
    const { printed, specs } = format;
    for (let k = 0; k <= specs.length; k++) {
      if (printed[k] !== '') add(printed[k], LITERAL, k);
      if (k === specs.length) break;
      const i = k + 1;
      const text = specs[k] === 's' ? ownText(args[i]) : undefined;
      if (specs[k] === 'c') out[i] = redactArg(guard, args[i], failed);
      // An object with a toString of its own prints what that returns:
      // scanned in the line, and passed on as that text.
      else if (text !== undefined) add(text, ARG, i);
      // What a number placeholder prints is the number it makes of its
      // argument (`'2.19099999e8'` and `[219099999]` under `%d` both print
      // 219099999), whatever the argument is: that is the text scanned.
      else if (NUMERIC.has(specs[k])) add(printedNumber(specs[k], args[i]), NUMBER, i);
      else put(i);
    }
    next = specs.length + 1;
    gap += ' ';
  }
  for (let i = next; i < args.length; i++) {
    if (i > next) gap += ' ';
    put(i);
  }
  if (texts.length === 0) return out;
  let redacted: string[];
  try {
    // Each string argument redacted alone first, as it always was (a JSON
    // body is read as JSON, not as part of a line of text), then the line
    // of them together, for what a label in one says of the next.
    // (Only where it finds something: a piece is otherwise kept as it is,
    // so half a surrogate pair still meets its other half in the line.)
    const alone = texts.map((t, p) => {
      if (kinds[p] !== ARG || (typeof args[targets[p]] !== 'string' && isPrimitive(args[targets[p]]))) return t;
      const own = guard.scan(t);
      return own.findings.length > 0 ? own.redacted : t;
    });
    redacted = guard.redactPieces(alone);
  } catch {
    failed?.();
    for (let p = 0; p < texts.length; p++) if (kinds[p] === ARG || kinds[p] === NUMBER) out[targets[p]] = FAILED;
    if (format !== undefined) out[0] = FAILED;
    return out;
  }
  const literals = format === undefined ? [] : format.printed.slice();
  let literalsChanged = false;
  for (let p = 0; p < texts.length; p++) {
    const r = redacted[p];
    if (kinds[p] === GAP) {
      // The console prints its own text whatever happens here; a
      // replacement that starts in it goes to the start of the next piece
      // (there is one: a gap only comes between two).
      if (r !== texts[p] && r !== '') redacted[p + 1] = r + redacted[p + 1];
      continue;
    }
    if (kinds[p] === LITERAL) {
      if (r !== texts[p]) {
        literals[targets[p]] = r;
        literalsChanged = true;
      }
      continue;
    }
    const i = targets[p];
    const a = args[i];
    // A number placeholder's argument: kept unless what it prints was redacted.
    if (kinds[p] === NUMBER) {
      if (r !== texts[p]) out[i] = r;
      continue;
    }
    // A string is its redacted text (lone surrogates as U+FFFD, as
    // redactText gives them); a BigInt, a symbol or an object printed by
    // its own toString its text, as redactArg always gave them; anything
    // else stays as it was unless a finding touched it.
    if (typeof a === 'string' || typeof a === 'bigint' || typeof a === 'symbol' || !isPrimitive(a) || r !== texts[p]) out[i] = r;
  }
  if (format !== undefined) {
    const { sources, printed, specs } = format;
    let changed = literalsChanged;
    const used = specs.map((spec, k) => {
      // (An object redacted to an object stays under its placeholder: it
      // printed no number before either.)
      if (!NUMERIC.has(spec) || typeof out[k + 1] !== 'string' || out[k + 1] === args[k + 1]) return spec;
      changed = true;
      return 's';
    });
    if (changed) {
      // A redacted literal is written with its percent signs doubled, so
      // the console prints them as they were printed (`%%` and a `%x` that
      // takes nothing both print as they read).
      let f = '';
      for (let k = 0; k <= specs.length; k++) {
        f += literals[k] === printed[k] ? sources[k] : literals[k].replace(/%/g, '%%');
        if (k < specs.length) f += `%${used[k]}`;
      }
      out[0] = f;
    }
  }
  return out;
}

/** The built-in toStrings: an object with one of these is printed under `%s` as data, not as its text. */
const BUILTIN_TO_STRING: ReadonlySet<unknown> = new Set([Object, Array, Error, Date, RegExp, Function, Number, String, Boolean].map((c) => c.prototype.toString));

/**
 * What `%s` prints for `a` when it is an object (not an Error) with a
 * toString of its own, a class's or its own property's (`util.format` and
 * pino both call it): that text, or `undefined` for anything else and when
 * it throws or gives no string.
 */
function ownText(a: unknown): string | undefined {
  if (isPrimitive(a) || isError(a)) return undefined;
  try {
    const f = (a as { toString?: unknown }).toString;
    if (typeof f !== 'function' || BUILTIN_TO_STRING.has(f)) return undefined;
    const t: unknown = f.call(a);
    return typeof t === 'string' ? t : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A format string cut at the placeholders that take an argument, as
 * `util.format` reads it with `argc` arguments (the format included):
 * `sources[k]` is the k-th literal as written, `printed[k]` as printed
 * (`%%` as `%`), and `specs[k]` the letter of the placeholder after it,
 * which takes argument `k + 1`. A placeholder past the last argument, or
 * a `%` before any other character, prints as written.
 */
function parseFormat(f: string, argc: number): { sources: string[]; printed: string[]; specs: string[] } {
  const sources: string[] = [];
  const printed: string[] = [];
  const specs: string[] = [];
  let text = '';
  let lastPos = 0;
  let sourceStart = 0;
  for (let i = 0; i < f.length - 1; i++) {
    if (f.charCodeAt(i) !== 37) continue;
    const c = f[++i];
    if (c === '%') {
      text += f.slice(lastPos, i);
      lastPos = i + 1;
    } else if (specs.length + 1 < argc && PLACEHOLDERS.has(c)) {
      sources.push(f.slice(sourceStart, i - 1));
      printed.push(text + f.slice(lastPos, i - 1));
      specs.push(c);
      text = '';
      lastPos = sourceStart = i + 1;
    }
  }
  sources.push(f.slice(sourceStart));
  printed.push(text + f.slice(lastPos));
  return { sources, printed, specs };
}

/** @internal A new Error with a redacted message and stack, cause, errors and own properties (same name, digest kept). */
export function redactError(guard: Guard, err: Error): Error {
  return redactErrorIn(guard, err, newWalk(), 0);
}

/**
 * @internal `v` rendered to plain data as the logger renders one argument
 * (see {@link render}): bounded, cycles and getters that throw as markers.
 * For callers that redact the result themselves (phi-guard/sentry).
 */
export function renderValue(v: unknown): unknown {
  return render(v, newWalk(), 0);
}

function newWalk(): Walk {
  return { open: new Set(), values: 0 };
}

/**
 * @internal An Error of this realm or another (an iframe's, the edge sandbox's).
 * Never throws: a Proxy whose traps throw (revoked, or strict about the
 * keys it knows, `Symbol.toStringTag` among them) is no Error.
 */
export function isError(v: unknown): v is Error {
  try {
    return v instanceof Error || Object.prototype.toString.call(v) === '[object Error]';
  } catch {
    return false;
  }
}

/** `o`'s `Object.prototype.toString` tag (`Map`, `Uint8Array`…); `Object` when reading it throws (a Proxy's trap). */
function tagOf(o: object): string {
  try {
    return Object.prototype.toString.call(o).slice(8, -1);
  } catch {
    return 'Object';
  }
}

/** Reads `o[k]`; a getter that throws gives a marker, not its error (which may quote PHI). */
function read(o: object, k: PropertyKey): unknown {
  const v = readProp(o, k);
  return v === UNREADABLE ? '[getter threw]' : v;
}

/**
 * `err` redacted as an Error: message and stack scanned as error text, the
 * cause an Error again if it was one (else rendered and redacted), `errors`
 * (AggregateError) item by item, and the other own enumerable properties
 * rendered and redacted together, so their keys label their values.
 */
function redactErrorIn(guard: Guard, err: Error, walk: Walk, depth: number): Error {
  walk.open.add(err);
  try {
    const message = read(err, 'message');
    const stack = read(err, 'stack');
    const errors = Object.prototype.hasOwnProperty.call(err, 'errors') ? read(err, 'errors') : undefined;
    const text = guard.redactText(typeof message === 'string' ? message : String(message ?? ''), 'error');
    let items: unknown[] | undefined;
    if (Array.isArray(errors)) items = renderItems(errors, walk, depth, (e) => (isError(e) ? nestedError(guard, e, walk, depth) : redactPlain(guard, render(e, walk, depth + 1))));
    // A built-in error class is kept (a serializer reads `constructor.name`
    // as the type); any other class's constructor is not run.
    const ctor = read(err, 'constructor');
    const make = BUILTIN_ERRORS.find((c) => c === ctor) ?? Error;
    const out = items !== undefined && typeof AggregateError === 'function' ? new AggregateError(items, text) : new make(text);
    // The name is text the console prints too (`PatientError[Zoltan …]`);
    // set as an own property only where it is not the class's own.
    const name = read(err, 'name');
    const outName = typeof name === 'string' ? guard.redactText(name, 'error') : 'Error';
    if (out.name !== outName) out.name = outName;
    out.stack = typeof stack === 'string' ? guard.redactText(stack, 'error') : undefined;
    if (items !== undefined && !(typeof AggregateError === 'function' && out instanceof AggregateError)) Object.defineProperty(out, 'errors', { value: items, writable: true, configurable: true });
    // Next.js's digest is its own hash of the error, kept as it is; a
    // digest the app set itself may hold anything and is redacted as text.
    const digest = read(err, 'digest');
    if (typeof digest === 'string') (out as Error & { digest?: string }).digest = isNextDigest(digest) ? digest : guard.redactText(digest, 'error');
    // `errors` that is no array (Mongoose's `{ email: ValidatorError }`) is one more property.
    const rest = ownFields(err, walk, depth, (k) => (ERROR_FIELDS.has(k) && !(k === 'errors' && items === undefined)) || (k === 'digest' && typeof digest === 'string'));
    if (Object.prototype.hasOwnProperty.call(err, 'cause')) {
      const cause = read(err, 'cause');
      const redacted = isError(cause) ? nestedError(guard, cause, walk, depth) : undefined;
      if (redacted !== undefined) Object.defineProperty(out, 'cause', { value: redacted, writable: true, configurable: true });
      else Object.defineProperty(out, 'cause', { value: redactPlain(guard, render(cause, walk, depth + 1)), writable: true, configurable: true });
    }
    if (rest !== undefined) {
      const redacted = redactPlain(guard, rest) as Record<string, unknown>;
      for (const k of Object.keys(redacted)) put(out, k, redacted[k]);
    }
    return out;
  } finally {
    walk.open.delete(err);
  }
}

/** `err`'s own enumerable properties but those `skip` names, rendered (at most {@link MAX_ENTRIES}, then a marker); `undefined` when there are none. */
function ownFields(err: object, walk: Walk, depth: number, skip: (k: string) => boolean): Record<string, unknown> | undefined {
  const rest: Record<string, unknown> = {};
  let count = 0;
  for (const k of ownKeys(err)) {
    if (skip(k)) continue;
    if (count++ >= MAX_ENTRIES) { put(rest, '…', 'more properties withheld'); break; }
    put(rest, k, render(read(err, k), walk, depth + 1));
  }
  return count > 0 ? rest : undefined;
}

/**
 * @internal An error's own enumerable properties (Prisma's `code` and
 * `meta`, Node's `code` and `syscall`) rendered to plain data as the logger
 * renders them on the Errors it redacts: all but `name`, `message`,
 * `stack`, `cause`, `digest` and, when `errorsListed` (an AggregateError's
 * array, shown item by item), `errors`. `undefined` when there are none.
 * Never throws: a getter that throws gives a marker. For callers that
 * redact the result themselves (`captureRequestError`).
 */
export function errorFields(err: object, errorsListed: boolean): Record<string, unknown> | undefined {
  const walk = newWalk();
  walk.open.add(err); // a property that is the error itself is `[Circular]`
  return ownFields(err, walk, 0, (k) => (ERROR_FIELDS.has(k) && (k !== 'errors' || errorsListed)) || k === 'digest');
}

/** A cause or an AggregateError's item that is an Error: redacted as one, or a marker past the bounds or in a cycle. */
function nestedError(guard: Guard, err: Error, walk: Walk, depth: number): unknown {
  if (walk.open.has(err)) return '[Circular]';
  if (depth + 1 >= MAX_DEPTH || ++walk.values > MAX_VALUES) return '[Error]';
  return redactErrorIn(guard, err, walk, depth + 1);
}

/** A rendered value redacted: a string as text, anything else with `redactValue`. */
function redactPlain(guard: Guard, plain: unknown): unknown {
  return typeof plain === 'string' ? guard.redactText(plain) : guard.redactValue(plain);
}

/** @internal Sets `o[k]` as an own property, `__proto__` included (an assignment would set the prototype). */
export function put(o: object, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Own enumerable string keys; a Proxy whose `ownKeys` throws has none. */
function ownKeys(o: object): string[] {
  try {
    return Object.keys(o);
  } catch {
    return [];
  }
}

/**
 * `v` as plain data a log can hold, for `redactValue` to scan: JSON's
 * rendering (`toJSON` called, Dates as ISO strings), plus what JSON drops
 * or cannot write:
 *
 * - an Error as `{ name, message, stack, ...own properties, cause, errors }`;
 * - a Map as an object of its entries (keys that are strings or numbers),
 *   else as an array of `[key, value]` pairs; a Set as an array; a
 *   URLSearchParams, Headers or FormData as an object of its entries (an
 *   array for a repeated name); a Request as `{ method, url, headers }`, a
 *   Response as `{ status, url, headers }`;
 * - bytes (Buffer, Uint8Array, ArrayBuffer, DataView) as the text they hold,
 *   `'<Buffer 15 bytes: ssn 219-09-9999>'` (scanned as the rest), when they
 *   are valid UTF-8 of at most {@link MAX_TEXT_BYTES} bytes without binary
 *   control characters, else as their size, `'<Buffer 1234 bytes>'`;
 *   other typed arrays as their size, never their numbers, which could
 *   spell PHI;
 * - a BigInt as its decimal string, NaN and ±Infinity as strings, a
 *   function as `'[Function: name]'`, a symbol as its description;
 * - a reference back to a container it is inside as `'[Circular]'`.
 *
 * Bounded by {@link MAX_DEPTH}, {@link MAX_ENTRIES} and {@link MAX_VALUES};
 * a getter or `toJSON` that throws gives a marker, never its message.
 */
function render(v: unknown, walk: Walk, depth: number): unknown {
  walk.values++;
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : String(v);
    case 'bigint':
      return v.toString();
    case 'symbol':
      return v.toString();
    case 'function': {
      const name = read(v, 'name');
      return typeof name === 'string' && name !== '' ? `[Function: ${name}]` : '[Function]';
    }
  }
  if (v === null) return null;
  const o = v as object;
  if (walk.open.has(o)) return '[Circular]';
  if (depth >= MAX_DEPTH || walk.values > MAX_VALUES) return Array.isArray(o) ? '[Array]' : '[Object]';
  walk.open.add(o);
  try {
    return renderObject(o, walk, depth);
  } catch {
    return '[unreadable]';
  } finally {
    walk.open.delete(o);
  }
}

function renderObject(o: object, walk: Walk, depth: number): unknown {
  if (isError(o)) return renderError(o, walk, depth);
  const tag = tagOf(o);
  if (ArrayBuffer.isView(o) || tag === 'ArrayBuffer' || tag === 'SharedArrayBuffer') return renderBytes(o as ArrayBufferView | ArrayBuffer, tag);
  if (Array.isArray(o)) return renderItems(o, walk, depth, (x) => render(x, walk, depth + 1));
  if (o instanceof Map) return renderMap(o, walk, depth);
  if (o instanceof Set) return renderItems(o, walk, depth, (x) => render(x, walk, depth + 1));
  if ((typeof URLSearchParams === 'function' && o instanceof URLSearchParams) || tag === 'Headers' || tag === 'FormData') return renderParams(o as URLSearchParams, walk, depth);
  // fetch's Request and Response: what identifies them, not their bodies (unread streams).
  if (tag === 'Request') return renderPicked(o, ['method', 'url', 'headers'], walk, depth);
  if (tag === 'Response') return renderPicked(o, ['status', 'url', 'headers'], walk, depth);
  if (o instanceof RegExp) return String(o);
  if (tag === 'String' || tag === 'Number' || tag === 'Boolean' || tag === 'BigInt') return render(o.valueOf(), walk, depth);
  const toJSON = read(o, 'toJSON');
  if (typeof toJSON === 'function') {
    let json: unknown;
    try {
      json = (toJSON as (key: string) => unknown).call(o, '');
    } catch {
      return '[toJSON threw]';
    }
    return json === o ? renderFields(o, walk, depth) : render(json, walk, depth + 1);
  }
  return renderFields(o, walk, depth);
}

/** An object's own enumerable properties, as JSON writes them. */
function renderFields(o: object, walk: Walk, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = ownKeys(o);
  for (let i = 0; i < keys.length; i++) {
    if (i >= MAX_ENTRIES || walk.values >= MAX_VALUES) { put(out, '…', `${keys.length - i} more keys`); break; }
    put(out, keys[i], render(read(o, keys[i]), walk, depth + 1));
  }
  return out;
}

/** The items of an array, a Set or an AggregateError's `errors`, each by `each`. */
function renderItems(items: Iterable<unknown> & ({ length: number } | { size: number }), walk: Walk, depth: number, each: (x: unknown) => unknown): unknown[] {
  const total = 'length' in items ? items.length : items.size;
  const out: unknown[] = [];
  for (const x of items) {
    if (out.length >= MAX_ENTRIES || walk.values >= MAX_VALUES) { out.push(`… ${total - out.length} more items`); break; }
    out.push(each(x));
  }
  return out;
}

/** A Map's entries: an object when every key is a distinct string or number, else `[key, value]` pairs. */
function renderMap(m: Map<unknown, unknown>, walk: Walk, depth: number): unknown {
  const keys = new Set<string>();
  let plainKeys = true;
  let i = 0;
  for (const k of m.keys()) {
    if (i++ >= MAX_ENTRIES) break;
    if ((typeof k !== 'string' && typeof k !== 'number') || keys.has(String(k))) { plainKeys = false; break; }
    keys.add(String(k));
  }
  if (!plainKeys) return renderItems(m, walk, depth, (pair) => render(pair, walk, depth + 1));
  const out: Record<string, unknown> = {};
  i = 0;
  for (const [k, v] of m) {
    if (i++ >= MAX_ENTRIES || walk.values >= MAX_VALUES) { put(out, '…', `${m.size - i + 1} more entries`); break; }
    put(out, String(k), render(v, walk, depth + 1));
  }
  return out;
}

/**
 * A URLSearchParams, Headers or FormData as an object of its entries, a
 * repeated name's values as an array (a FormData's File rendered as any
 * other value).
 */
function renderParams(p: Iterable<[string, unknown]>, walk: Walk, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let i = 0;
  for (const [k, raw] of p) {
    if (i++ >= MAX_ENTRIES || walk.values++ >= MAX_VALUES) { put(out, '…', 'more parameters withheld'); break; }
    const v = typeof raw === 'string' ? raw : render(raw, walk, depth + 1);
    const had = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
    put(out, k, had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v]);
  }
  return out;
}

/** The named properties of `o` (its getters read as properties), rendered. */
function renderPicked(o: object, keys: readonly string[], walk: Walk, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) put(out, k, render(read(o, k), walk, depth + 1));
  return out;
}

/** An Error nested in a value, as plain data. */
function renderError(err: Error, walk: Walk, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const name = read(err, 'name');
  out.name = typeof name === 'string' ? name : 'Error';
  out.message = render(read(err, 'message'), walk, depth + 1);
  const stack = read(err, 'stack');
  if (typeof stack === 'string') out.stack = stack;
  const keys = ownKeys(err);
  let n = 0;
  for (const k of keys) {
    if (ERROR_FIELDS.has(k)) continue;
    if (n++ >= MAX_ENTRIES) { put(out, '…', 'more properties withheld'); break; }
    put(out, k, render(read(err, k), walk, depth + 1));
  }
  if (Object.prototype.hasOwnProperty.call(err, 'cause')) out.cause = render(read(err, 'cause'), walk, depth + 1);
  if (Object.prototype.hasOwnProperty.call(err, 'errors')) out.errors = render(read(err, 'errors'), walk, depth + 1);
  return out;
}

/** UTF-8 that must be valid: bytes that are not are not text. */
const STRICT_UTF8 = typeof TextDecoder === 'function' ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }) : undefined;

/**
 * Bytes as the text they hold, `<Buffer 15 bytes: …>`, or as their size
 * only: never the byte values, which spell the text they hold. `tag` is
 * the value's `Object.prototype.toString` tag (a Buffer's is Uint8Array),
 * which holds across realms where `instanceof` does not.
 */
function renderBytes(o: ArrayBufferView | ArrayBuffer, tag: string, kind = kindOf(o, tag)): string {
  let bytes: Uint8Array | undefined;
  if (tag === 'ArrayBuffer' || tag === 'SharedArrayBuffer') bytes = new Uint8Array(o as ArrayBuffer);
  else if (tag === 'Uint8Array' || tag === 'Uint8ClampedArray' || tag === 'DataView') {
    const view = o as ArrayBufferView;
    bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  }
  if (bytes === undefined) {
    const length = read(o, 'length');
    return `<${kind} ${typeof length === 'number' ? length : (o as ArrayBufferView).byteLength} items>`;
  }
  if (bytes.length > 0 && bytes.length <= MAX_TEXT_BYTES && STRICT_UTF8) {
    let text: string | undefined;
    try {
      // A copy: TextDecoder refuses a view of shared memory.
      text = STRICT_UTF8.decode(tag === 'SharedArrayBuffer' || Object.prototype.toString.call(bytes.buffer) !== '[object ArrayBuffer]' ? bytes.slice() : bytes);
    } catch {
      text = undefined;
    }
    if (text !== undefined && !BINARY_CONTROLS.test(text)) return `<${kind} ${bytes.length} bytes: ${text}>`;
  }
  return `<${kind} ${bytes.length} bytes>`;
}

/** A byte array's kind for its marker: its class's name (Buffer, Uint8Array…) if it looks like one, else its tag. */
function kindOf(o: object, tag: string): string {
  const ctor = read(o, 'constructor');
  const name = typeof ctor === 'function' ? read(ctor, 'name') : undefined;
  return typeof name === 'string' && /^[A-Za-z][A-Za-z0-9]{0,39}$/.test(name) ? name : tag;
}

/**
 * A logger with `debug/info/warn/error/log` that redacts every argument
 * before passing it to `sink` (default `console`). The strings, numbers,
 * BigInts and symbols of a call are scanned together, as the one line the
 * console prints from them: a label in one argument is context for a value
 * in the next, and a first argument with others after it is a format
 * string (`%s %d %i %f %j %o %O %c`, `%%`), read as `util.format` reads it.
 * Each keeps its place: a number with nothing found stays a number, one
 * found becomes its redacted text (and a `%d` that prints it, `%s`), and a
 * value split across arguments is replaced in the first and removed from
 * the rest (see {@link redactArgs}). An Error stays an Error, with its
 * message, stack, `cause` chain, `AggregateError.errors` and own
 * properties redacted; any other value is
 * rendered to plain data and redacted with its keys as context: circular
 * references become `'[Circular]'`, BigInts their decimal strings, Maps and
 * URLSearchParams objects of their entries, Sets arrays, and byte arrays
 * (Buffer, Uint8Array) the UTF-8 text they hold, redacted, or
 * `'<Buffer 1234 bytes>'` when they are not text, never their byte values.
 * Rendering is bounded (20 levels, 1,000 entries a container, 10,000
 * values an argument; past that, markers such as `'[Object]'`). Nothing
 * here throws into the caller: if the guard fails, the argument (for the
 * line of primitive arguments, each of them) is replaced by a placeholder,
 * never logged raw.
 *
 * @example
 * const log = createRedactingLogger({ guard });
 * log.info('SSN:', '219099999'); // console.info('SSN:', '[SSN]'): prints 'SSN: [SSN]'
 * log.info('mrn %d', 88421337); // console.info('mrn %s', '[MRN]')
 * log.info('lookup', { ssn: '219-09-9999' }); // console.info('lookup', { ssn: '[SSN]' })
 * log.info(new Map([['ssn', '219-09-9999']]), Buffer.from('ssn 219-09-9999'));
 * // console.info({ ssn: '[SSN]' }, '<Buffer 15 bytes: ssn [SSN]>')
 */
export function createRedactingLogger(options: { guard: Guard; sink?: LogSink }): RedactingLogger {
  const sink: LogSink = options.sink ?? (console as unknown as LogSink);
  const make = (m: LogMethod) => (...args: unknown[]): void => {
    const redacted = redactArgs(options.guard, args);
    (sink[m] ?? sink.log)?.(...redacted);
  };
  return { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error'), log: make('log') };
}

const PATCHED = Symbol.for('phi-guard.console');
/** Console methods that print one object argument their own way; patched by {@link redactConsole} unless `methods` is given. */
const OBJECT_METHODS = ['dir', 'table'] as const;
/**
 * Console methods patched by {@link redactConsole} unless `methods` is
 * given, their arguments redacted as one line. `dirxml` prints as `log`
 * does but is not `log`: Node's is the original `log` itself, bound before
 * any patch, so it must be patched in its own right.
 */
const LINE_METHODS = ['debug', 'info', 'warn', 'error', 'log', 'dirxml'] as const;
type Patched = { unpatch: () => void };

/**
 * Patches `console.*` in place so every argument is redacted, a call's
 * primitive arguments as one line (as {@link createRedactingLogger} does):
 * `debug`, `info`, `warn`, `error`, `log` and `dirxml`, and `dir` and
 * `table`, whose first argument is redacted alone (their options pass as
 * they are). Given `methods`, only those are patched. Node's `trace`,
 * `assert`, `group`, `groupCollapsed`, `count` and `timeLog` print through
 * the patched `log`, `error` or `warn`. Idempotent: a second call returns
 * the first call's `unpatch`.
 *
 * @example
 * // instrumentation.ts
 * export async function register() { redactConsole(await createGuard()); }
 */
export function redactConsole(guard: Guard, options: { methods?: LogMethod[] } = {}): { unpatch: () => void } {
  const target = console as unknown as Record<string | symbol, unknown>;
  const existing = target[PATCHED] as Patched | undefined;
  if (existing) return existing;
  const originals = new Map<string, unknown>();
  for (const m of options.methods ?? LINE_METHODS) {
    const orig = target[m];
    if (typeof orig !== 'function') continue;
    originals.set(m, orig);
    target[m] = (...args: unknown[]) => (orig as (...a: unknown[]) => void).apply(console, redactArgs(guard, args));
  }
  // `dir` and `table` print their first argument themselves (Node's `dir`
  // writes to the stream directly, a browser's `table` too); what follows
  // it is options (`dir`'s depth, `table`'s columns), passed as they are.
  for (const m of options.methods === undefined ? OBJECT_METHODS : []) {
    const orig = target[m];
    if (typeof orig !== 'function') continue;
    originals.set(m, orig);
    target[m] = (...args: unknown[]) => (orig as (...a: unknown[]) => void).apply(console, args.length === 0 ? args : [redactArg(guard, args[0]), ...args.slice(1)]);
  }
  const state: Patched = {
    unpatch: () => {
      if (target[PATCHED] !== state) return;
      for (const [m, orig] of originals) target[m] = orig;
      delete target[PATCHED];
    },
  };
  target[PATCHED] = state;
  return state;
}

/**
 * The pino options {@link pinoRedactHooks} returns.
 *
 * @example
 * const options: PinoRedactOptions = pinoRedactHooks(guard); const logger = pino({ ...options, level: 'info' });
 */
export interface PinoRedactOptions {
  hooks: {
    logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void, level: number): void;
    streamWrite(line: string): string;
  };
  formatters: {
    log(object: Record<string, unknown>): Record<string, unknown>;
    bindings(bindings: Record<string, unknown>): Record<string, unknown>;
  };
}

/**
 * pino options that redact log messages (`hooks.logMethod`, including
 * printf-style arguments and Errors), merged objects (`formatters.log`)
 * and the root logger's bindings (`formatters.bindings`), and the line
 * pino writes scanned once more as JSON (`hooks.streamWrite`), for what
 * pino adds after those: a child's bindings (a byte array there, written
 * as its byte values, turned back into its text first), a `msgPrefix`, a
 * mixin's fields, serializers' output.
 * A message and its printf-style arguments are scanned together, as the
 * line pino prints (see {@link redactArgs}), so a label in the message is
 * context for a value in an argument. Spread them into your own options if
 * you have some.
 *
 * @example
 * import pino from 'pino';
 * const logger = pino(pinoRedactHooks(guard));
 * logger.info({ ssn: '219-09-9999' }, 'patient %s', 'maria.garcia@example.com'); // both redacted
 * logger.info('SSN: %s', '219099999'); // msg 'SSN: [SSN]'
 */
export function pinoRedactHooks(guard: Guard): PinoRedactOptions {
  // The keys the logger now writing has a serializer for, set by
  // logMethod for the formatter pino calls inside it.
  let serialized: (key: string) => boolean = NONE_SERIALIZED;
  return {
    hooks: {
      logMethod(args, method) {
        // pino's arguments: an optional merging object or Error, then a
        // message that is a format string for the values after it. The
        // message and its values are redacted as the line pino prints
        // (`'SSN: %s', '219099999'`: the label in the format string, the
        // value in an argument); the values pino does not print are
        // scanned after it, as context only.
        // Nothing here throws into the app: if redacting throws, the line
        // is a placeholder; if pino throws on what it was given (a
        // serializer of the app's), it is given the placeholder alone.
        const outer = serialized;
        try {
          let redacted: unknown[];
          try {
            serialized = pinoSerialized(this);
            const k = args.length > 0 && typeof args[0] !== 'string' ? 1 : 0;
            const head = args.slice(0, k).map((a) => (isError(a) ? redactErrorSafe(guard, a) : redactMerged(guard, a, serialized)));
            const rest = args.slice(k);
            const line = rest.length > 0 && typeof rest[0] === 'string' ? redactArgs(guard, rest) : rest.map((a) => redactArg(guard, a));
            redacted = head.concat(line);
          } catch {
            redacted = [FAILED];
          }
          try {
            method.apply(this, redacted);
          } catch {
            method.apply(this, [FAILED]);
          }
        } catch { /* never throw into the app */ } finally {
          serialized = outer;
        }
      },
      // The line as pino wrote it, scanned once more as JSON: what pino
      // adds after the hook and the formatter (a child's bindings, its
      // msgPrefix, a mixin's fields, serializers' output) is in it. What
      // was redacted above scans clean.
      // A child's bindings reach it as pino's JSON of them (pino gives a
      // child's bindings to no formatter): a byte array there is its byte
      // values, which spell its text, so they are turned back into the
      // text first (see bytesAsText).
      streamWrite(line) {
        try {
          return guard.redactText(JSON_BYTES.test(line) ? bytesAsText(line, (t) => guard.scan(t).findings.length > 0) : line, 'json');
        } catch {
          return withheldLine(line);
        }
      },
    },
    formatters: {
      log: (object) => redactMerged(guard, object, serialized) as Record<string, unknown>,
      // The root logger's bindings (`base`, its `setBindings`), rendered as
      // a merged object is: Maps, Sets and bytes keep their content.
      bindings: (bindings) => redactObject(guard, bindings),
    },
  };
}

/** A merged object or bindings, rendered and redacted as one log argument (an object still). */
function redactObject(guard: Guard, object: Record<string, unknown>): Record<string, unknown> {
  const out = redactArg(guard, object);
  return out !== null && typeof out === 'object' ? (out as Record<string, unknown>) : { msg: out };
}

const NONE_SERIALIZED = (): boolean => false;
/** Where pino keeps a logger's serializers (a registered symbol, the same in every copy of pino). */
const PINO_SERIALIZERS = Symbol.for('pino.serializers');

/**
 * Whether pino runs a serializer on a key of what `logger` logs: a
 * serializer of that name, or `err` for its error key (`errorKey`, kept
 * under an unregistered symbol, found by its description; `'err'` if not
 * found). Never throws.
 */
function pinoSerialized(logger: unknown): (key: string) => boolean {
  const serializers = readProp(logger, PINO_SERIALIZERS);
  if (typeof serializers !== 'object' || serializers === null) return NONE_SERIALIZED;
  let errorKey: unknown = 'err';
  try {
    for (let o = logger as object | null, n = 0; o !== null && n < 32; o = Object.getPrototypeOf(o), n++) {
      const sym = Object.getOwnPropertySymbols(o).find((x) => x.description === 'pino.errorKey');
      if (sym !== undefined) { errorKey = readProp(o, sym); break; }
    }
  } catch { /* the default key */ }
  const has = (k: string): boolean => typeof readProp(serializers, k) === 'function';
  return (key) => has(key) || (key === errorKey && has('err'));
}

/**
 * pino's merging object redacted as one log argument, except the keys
 * pino runs a serializer on: those keep their values (an Error as a
 * redacted Error), so a serializer gets what it was written for (a Date, a
 * request, the app's own class); what it returns is scanned in the line
 * pino writes (streamWrite). Anything but a plain object is redacted
 * whole, as before.
 */
function redactMerged(guard: Guard, object: unknown, serialized: (key: string) => boolean): unknown {
  let kept: string[] = [];
  try {
    const proto = Object.getPrototypeOf(object);
    if (object !== null && typeof object === 'object' && (proto === Object.prototype || proto === null)) kept = Object.keys(object).filter(serialized);
  } catch { /* redacted whole */ }
  if (kept.length === 0) return redactObject(guard, object as Record<string, unknown>);
  const o = object as Record<string, unknown>;
  const rest: Record<string, unknown> = {};
  for (const k of Object.keys(o)) if (!kept.includes(k)) put(rest, k, read(o, k));
  const out = redactObject(guard, rest);
  for (const k of kept) {
    const v = read(o, k);
    put(out, k, isError(v) ? redactErrorSafe(guard, v) : v);
  }
  return out;
}

/** In a pino line, the start of a byte array written as its bytes: a Buffer's `toJSON`, or a typed array's indexed values. */
const JSON_BYTES = /"type":"Buffer","data":\[|\{"0":\d/;

/**
 * A pino line with each byte array in it, as pino writes one (a Buffer as
 * `{"type":"Buffer","data":[115,…]}`, a Uint8Array as `{"0":115,…}`),
 * rendered as the logger renders bytes (`'<Buffer 15 bytes: ssn …>'`), so
 * the text they hold is scanned as text. An object of indexed small
 * integers (which may as well be counts: `{"0":90,"1":85}`) is taken for
 * bytes only when they are text that holds a finding (`found`), so
 * ordinary data keeps its shape; the line is rewritten only when
 * something was.
 */
function bytesAsText(line: string, found: (text: string) => boolean): string {
  const eol = line.endsWith('\r\n') ? '\r\n' : line.endsWith('\n') ? '\n' : '';
  let changed = false;
  const visit = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(visit);
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 2 && o.type === 'Buffer' && isByteList(o.data)) {
      changed = true;
      return renderBytes(Uint8Array.from(o.data), 'Uint8Array', 'Buffer');
    }
    if (keys.length > 0 && keys.every((k, i) => k === String(i)) && isByteList(keys.map((k) => o[k]))) {
      const text = renderBytes(Uint8Array.from(keys, (k) => o[k] as number), 'Uint8Array', 'Uint8Array');
      if (text !== `<Uint8Array ${keys.length} bytes>` && found(text)) {
        changed = true;
        return text;
      }
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) put(out, k, visit(o[k]));
    return out;
  };
  const out = visit(JSON.parse(line));
  return changed ? `${JSON.stringify(out)}${eol}` : line;
}

function isByteList(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((b) => Number.isInteger(b) && b >= 0 && b <= 255);
}


/** A pino line whose scan failed: its level and time, and a placeholder for the rest. */
function withheldLine(line: string): string {
  const kept: Record<string, unknown> = {};
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    for (const k of ['level', 'time']) if (typeof o[k] === 'number' || typeof o[k] === 'string') kept[k] = o[k];
  } catch { /* nothing kept */ }
  kept.msg = FAILED;
  return `${JSON.stringify(kept)}${line.endsWith('\r\n') ? '\r\n' : '\n'}`;
}

function redactErrorSafe(guard: Guard, e: Error): unknown {
  try { return redactError(guard, e); } catch { return FAILED; }
}
