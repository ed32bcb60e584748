/** Stable error codes. `config`/`pattern`/`input` come from the core; `init` and `trap` from the wrapper. */
export type PhiGuardErrorCode = 'config' | 'pattern' | 'event' | 'input' | 'init' | 'trap';

/**
 * The only error phi-guard throws. Its message never contains scanned text,
 * and neither does its `cause`: that is kept only for failures that carry
 * no input (a wasm trap, an engine that failed to start). An error the
 * caller's own code threw while phi-guard read a value (a getter, a
 * `toJSON`) is dropped, since its message may quote the value and Node's
 * console prints an error's cause with it.
 *
 * @example
 * try { await createGuard({ operatorz: {} } as any) }
 * catch (e) { if (e instanceof PhiGuardError && e.code === 'config') console.error(e.message) }
 */
export class PhiGuardError extends Error {
  readonly code: PhiGuardErrorCode;
  constructor(code: PhiGuardErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PhiGuardError';
    this.code = code;
  }
}

/**
 * @internal True for an error the core returned on purpose (the binding's
 * `throw()`: message `PhiGuardError[code]: …`), after which the wasm
 * instance is intact. Anything else thrown out of a wasm call (a trap, a
 * stack overflow, an engine error) may have left the instance inconsistent.
 */
export function isCoreError(e: unknown): boolean {
  return !(e instanceof PhiGuardError) && coreError(e) !== null;
}

/**
 * The code and message of an error the core returned: an `Error` whose
 * message is `PhiGuardError[code]: message` (src/wasm.rs), or an object with
 * `name: 'PhiGuardError'` and a `code`. `null` for anything else (a trap).
 */
function coreError(e: unknown): { code: PhiGuardErrorCode; message: string } | null {
  const err = e as { name?: unknown; code?: unknown; message?: unknown } | null;
  if (!err || typeof err !== 'object') return null;
  if (err.name === 'PhiGuardError' && typeof err.code === 'string') return { code: err.code as PhiGuardErrorCode, message: String(err.message ?? '') };
  const m = typeof err.message === 'string' ? /^PhiGuardError\[([a-z_]+)\]: ([\s\S]*)$/.exec(err.message) : null;
  return m ? { code: m[1] as PhiGuardErrorCode, message: m[2] } : null;
}

/** Converts whatever the wasm layer threw into a PhiGuardError (a trap becomes `trap`). */
export function toPhiGuardError(e: unknown): PhiGuardError {
  if (e instanceof PhiGuardError) return e;
  const core = coreError(e);
  if (core) return new PhiGuardError(core.code, core.message);
  if (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) {
    return new PhiGuardError('trap', `the wasm module trapped (${(e as Error).message.split('\n')[0]})`, { cause: e });
  }
  return new PhiGuardError('input', 'phi-guard failed on this input', { cause: e });
}
