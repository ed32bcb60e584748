/**
 * The browser entry (`browser` export condition): lazy async init from the
 * `.wasm` URL, on first use.
 *
 * @example
 * import { createGuard } from 'phi-guard';
 * const guard = await createGuard();
 */
import init, { initSync, WasmGuard } from './wasm/phi_guard.js';
import { Guard, type WasmFactory } from './common/guard.js';
import { PhiGuardError } from './common/errors.js';
import type { GuardConfig } from './common/types.js';

export * from './common/index.js';

let module: WebAssembly.Module | undefined;
let loading: Promise<void> | undefined;

async function load(url?: string | URL): Promise<void> {
  loading ??= (async () => {
    const res = await fetch(url ?? new URL('./wasm/phi_guard_bg.wasm', import.meta.url));
    if (!res.ok) throw new PhiGuardError('init', `could not fetch the phi-guard wasm module (HTTP ${res.status})`);
    module = await WebAssembly.compileStreaming(res).catch(async () => WebAssembly.compile(await (await fetch(res.url)).arrayBuffer()));
    await init({ module_or_path: module });
  })();
  return loading;
}

const factory: WasmFactory = (config, fresh) => {
  if (!module) throw new PhiGuardError('init', 'the wasm module is not loaded yet');
  if (fresh) initSync({ module });
  return new WasmGuard(JSON.stringify(config ?? {}));
};

/**
 * Loads the wasm module (once) and compiles `config` into a guard.
 * @param options.wasmUrl where to fetch `phi_guard_bg.wasm` from, if not next to this file.
 */
export async function createGuard(config?: GuardConfig, options: { wasmUrl?: string | URL } = {}): Promise<Guard> {
  await load(options.wasmUrl);
  return new Guard(factory, config);
}

export const runtime = 'browser' as const;
