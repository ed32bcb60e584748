/**
 * The browser entry (`browser` export condition): lazy async init from the
 * `.wasm` URL, on first use.
 *
 * @example
 * import { createGuard } from 'phi-guard';
 * const guard = await createGuard();
 */
import init, { WasmGuard, __wbg_reset_state, wasmMemory } from './wasm/phi_guard.js';
import { Guard } from './common/guard.js';
import { wasmInstanceFor } from './common/instance.js';
import { PhiGuardError } from './common/errors.js';
import type { GuardConfig } from './common/types.js';

export * from './common/index.js';

let loading: Promise<void> | undefined;

async function load(url?: string | URL): Promise<void> {
  loading ??= (async () => {
    const res = await fetch(url ?? new URL('./wasm/phi_guard_bg.wasm', import.meta.url));
    if (!res.ok) throw new PhiGuardError('init', `could not fetch the phi-guard wasm module (HTTP ${res.status})`);
    const module = await WebAssembly.compileStreaming(res).catch(async () => WebAssembly.compile(await (await fetch(res.url)).arrayBuffer()));
    await init({ module_or_path: module });
  })();
  return loading;
}

/**
 * Loads the wasm module (once) and compiles `config` into a guard.
 * @param options.wasmUrl where to fetch `phi_guard_bg.wasm` from, if not next to this file.
 */
export async function createGuard(config?: GuardConfig, options: { wasmUrl?: string | URL } = {}): Promise<Guard> {
  await load(options.wasmUrl);
  // After a trap the guard replaces the instance synchronously with
  // `__wbg_reset_state()` (new WebAssembly.Instance of the module compiled
  // above). Chrome refuses synchronous instantiation on the main thread only
  // for modules over 8 MB; ours is under 1 MB. Were it refused, calls would
  // throw PhiGuardError('init') rather than run in the trapped instance.
  return new Guard(wasmInstanceFor({ WasmGuard, __wbg_reset_state, wasmMemory }), config);
}

export const runtime = 'browser' as const;
