/**
 * The browser entry (`browser` export condition): lazy async init from the
 * `.wasm` URL, on first use.
 *
 * @example
 * import { createGuard } from 'phi-guard';
 * const guard = await createGuard();
 */
import init, { WasmGuard, __wbg_reset_state, takeError, wasmMemory } from './wasm/phi_guard.js';
import { Guard } from './common/guard.js';
import { wasmInstanceFor } from './common/instance.js';
import { PhiGuardError } from './common/errors.js';
import type { GuardConfig } from './common/types.js';

export * from './common/index.js';

let loading: Promise<void> | undefined;

/** How long a load of the wasm module may take before it fails, by default. */
const LOAD_TIMEOUT_MS = 30_000;

/**
 * Fetches and instantiates the wasm module, once: a load that fails is
 * not kept, so the next `createGuard` tries again (a transient 503 does
 * not leave the page without a guard until it is reloaded). Every failure
 * is a `PhiGuardError('init')`: a refused connection, an HTTP error, a
 * body that is not wasm (an HTML fallback page), or no answer within
 * `timeoutMs`.
 */
async function load(url: string | URL | undefined, timeoutMs: number): Promise<void> {
  loading ??= (async () => {
    const where = url ?? new URL('./wasm/phi_guard_bg.wasm', import.meta.url);
    const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(timeoutMs) : undefined;
    let res: Response;
    try {
      res = await fetch(where, { signal });
    } catch (e) {
      const timedOut = (e as Error | undefined)?.name === 'TimeoutError';
      throw new PhiGuardError('init', timedOut ? `the phi-guard wasm module did not load within ${timeoutMs} ms` : 'could not fetch the phi-guard wasm module (network error)', { cause: e });
    }
    if (!res.ok) throw new PhiGuardError('init', `could not fetch the phi-guard wasm module (HTTP ${res.status})`);
    try {
      const module = await WebAssembly.compileStreaming(res).catch(async (e: unknown) => {
        if (signal?.aborted) throw e; // the download ran out of time: no second fetch
        return WebAssembly.compile(await (await fetch(res.url, { signal })).arrayBuffer());
      });
      await init({ module_or_path: module });
    } catch (e) {
      if (signal?.aborted) throw new PhiGuardError('init', `the phi-guard wasm module did not load within ${timeoutMs} ms`, { cause: e });
      throw new PhiGuardError('init', 'the phi-guard wasm module could not be compiled (is the URL serving the .wasm file?)', { cause: e });
    }
  })().catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

/**
 * Loads the wasm module (once; a failed load is tried again on the next
 * call) and compiles `config` into a guard.
 * @param options.wasmUrl where to fetch `phi_guard_bg.wasm` from, if not next to this file.
 * @param options.timeoutMs how long the load may take (default 30 s).
 * @throws {PhiGuardError} code `init` when the module cannot be fetched or compiled.
 *
 * @example
 * const guard = await createGuard(undefined, { wasmUrl: '/static/phi_guard_bg.wasm' });
 */
export async function createGuard(config?: GuardConfig, options: { wasmUrl?: string | URL; timeoutMs?: number } = {}): Promise<Guard> {
  await load(options.wasmUrl, options.timeoutMs ?? LOAD_TIMEOUT_MS);
  // After a trap the guard replaces the instance synchronously with
  // `__wbg_reset_state()` (new WebAssembly.Instance of the module compiled
  // above). Chrome refuses synchronous instantiation on the main thread only
  // for modules over 8 MB; ours is under 1 MB. Were it refused, calls would
  // throw PhiGuardError('init') rather than run in the trapped instance.
  return new Guard(wasmInstanceFor({ WasmGuard, __wbg_reset_state, takeError, wasmMemory }), config);
}

export const runtime = 'browser' as const;
