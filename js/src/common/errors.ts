/** Stable error codes. `config`/`pattern`/`input` come from the core; `init` and `trap` from the wrapper. */
export type PhiGuardErrorCode = 'config' | 'pattern' | 'event' | 'input' | 'init' | 'trap';

/**
 * The only error phi-guard throws. Its message never contains scanned text.
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
 * `throw()`: name `PhiGuardError` and a string `code`), after which the wasm
 * instance is intact. Anything else thrown out of a wasm call (a trap, a
 * stack overflow, an engine error) may have left the instance inconsistent.
 */
export function isCoreError(e: unknown): boolean {
  if (e instanceof PhiGuardError) return false;
  const err = e as { name?: unknown; code?: unknown } | null;
  return !!err && typeof err === 'object' && err.name === 'PhiGuardError' && typeof err.code === 'string';
}

/** Converts whatever the wasm layer threw into a PhiGuardError (a trap becomes `trap`). */
export function toPhiGuardError(e: unknown): PhiGuardError {
  if (e instanceof PhiGuardError) return e;
  const err = e as { name?: string; code?: string; message?: string };
  if (err && err.name === 'PhiGuardError' && typeof err.code === 'string') {
    return new PhiGuardError(err.code as PhiGuardErrorCode, String(err.message ?? ''));
  }
  if (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) {
    return new PhiGuardError('trap', `the wasm module trapped (${(e as Error).message.split('\n')[0]})`, { cause: e });
  }
  return new PhiGuardError('input', 'phi-guard failed on this input', { cause: e });
}
