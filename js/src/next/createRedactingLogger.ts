import type { Guard } from '../common/guard.js';

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

/**
 * @internal Redacts one log argument: strings with `redactText`, Errors into
 * a new Error with a redacted message and stack, other objects with
 * `redactValue` (Errors inside become `{ name, message, stack }`). Never
 * returns the raw argument when the guard fails.
 */
export function redactArg(guard: Guard, arg: unknown): unknown {
  try {
    if (typeof arg === 'string') return guard.redactText(arg);
    if (arg instanceof Error) return redactError(guard, arg);
    if (arg === null || typeof arg !== 'object') return arg;
    const plain = JSON.parse(JSON.stringify(arg, (_k, v: unknown) => v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v)) as unknown;
    return guard.redactValue(plain);
  } catch {
    return FAILED;
  }
}

/** @internal A new Error with a redacted message and stack (same name, digest kept). */
export function redactError(guard: Guard, err: Error): Error {
  const out = new Error(guard.redactText(err.message, 'error'));
  out.name = err.name;
  out.stack = err.stack ? guard.redactText(err.stack, 'error') : undefined;
  const digest = (err as { digest?: unknown }).digest;
  if (typeof digest === 'string') (out as Error & { digest?: string }).digest = digest;
  return out;
}

/**
 * A logger with `debug/info/warn/error/log` that redacts every argument
 * before passing it to `sink` (default `console`). If the guard fails, the
 * argument is replaced by a placeholder, never logged raw.
 *
 * @example
 * const log = createRedactingLogger({ guard });
 * log.info('lookup', { ssn: '219-09-9999' }); // console.info('lookup', { ssn: '[SSN]' })
 */
export function createRedactingLogger(options: { guard: Guard; sink?: LogSink }): RedactingLogger {
  const sink: LogSink = options.sink ?? (console as unknown as LogSink);
  const make = (m: LogMethod) => (...args: unknown[]): void => {
    const redacted = args.map((a) => redactArg(options.guard, a));
    (sink[m] ?? sink.log)?.(...redacted);
  };
  return { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error'), log: make('log') };
}

const PATCHED = Symbol.for('phi-guard.console');
type Patched = { unpatch: () => void };

/**
 * Patches `console.*` in place so every argument is redacted. Idempotent: a
 * second call returns the first call's `unpatch`.
 *
 * @example
 * // instrumentation.ts
 * export async function register() { redactConsole(await createGuard()); }
 */
export function redactConsole(guard: Guard, options: { methods?: LogMethod[] } = {}): { unpatch: () => void } {
  const target = console as unknown as Record<string | symbol, unknown>;
  const existing = target[PATCHED] as Patched | undefined;
  if (existing) return existing;
  const originals = new Map<LogMethod, unknown>();
  for (const m of options.methods ?? ['debug', 'info', 'warn', 'error', 'log']) {
    const orig = target[m];
    if (typeof orig !== 'function') continue;
    originals.set(m, orig);
    target[m] = (...args: unknown[]) => (orig as (...a: unknown[]) => void).apply(console, args.map((a) => redactArg(guard, a)));
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
  hooks: { logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void, level: number): void };
  formatters: { log(object: Record<string, unknown>): Record<string, unknown> };
}

/**
 * pino options that redact log messages (`hooks.logMethod`, including
 * printf-style arguments and Errors) and merged objects (`formatters.log`).
 * Spread them into your own options if you have some.
 *
 * @example
 * import pino from 'pino';
 * const logger = pino(pinoRedactHooks(guard));
 * logger.info({ ssn: '219-09-9999' }, 'patient %s', 'maria.garcia@example.com'); // both redacted
 */
export function pinoRedactHooks(guard: Guard): PinoRedactOptions {
  return {
    hooks: {
      logMethod(args, method) {
        const out = args.map((a) => (a instanceof Error ? redactErrorSafe(guard, a) : redactArg(guard, a)));
        method.apply(this, out);
      },
    },
    formatters: {
      log(object) {
        const out = redactArg(guard, object);
        return out !== null && typeof out === 'object' ? (out as Record<string, unknown>) : { msg: out };
      },
    },
  };
}

function redactErrorSafe(guard: Guard, e: Error): unknown {
  try { return redactError(guard, e); } catch { return FAILED; }
}
