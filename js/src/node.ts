/**
 * The Node.js entry (`node` export condition): reads the `.wasm` file once
 * per process and instantiates it synchronously.
 *
 * @example
 * import { createGuard } from 'phi-guard';
 * const guard = await createGuard();
 * guard.redactText('call 555-123-4567'); // 'call [PHONE]'
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initSync, WasmGuard, __wbg_reset_state, wasmMemory } from './wasm/phi_guard.js';
import { Guard } from './common/guard.js';
import { wasmInstanceFor, type WasmInstance } from './common/instance.js';
import { PhiGuardError } from './common/errors.js';
import type { GuardConfig } from './common/types.js';

export * from './common/index.js';

let loaded: WasmInstance | undefined;

/**
 * Compiles and instantiates the module once per process. After a trap the
 * guard replaces the instance with `__wbg_reset_state()`, which instantiates
 * this same compiled module again (common/instance.ts).
 */
function instance(): WasmInstance {
  if (!loaded) {
    try {
      const compiled = new WebAssembly.Module(readFileSync(fileURLToPath(new URL('./wasm/phi_guard_bg.wasm', import.meta.url))));
      initSync({ module: compiled });
    } catch (e) {
      throw new PhiGuardError('init', `could not load the phi-guard wasm module: ${(e as Error).message}`, { cause: e });
    }
    loaded = wasmInstanceFor({ WasmGuard, __wbg_reset_state, wasmMemory });
  }
  return loaded;
}

/**
 * Compiles `config` into a guard. Call once per process and reuse the guard.
 *
 * @throws {PhiGuardError} code `config` or `pattern` for a bad config.
 * @example
 * const guard = await createGuard({ operators: { SSN: 'partialMask' } });
 */
export async function createGuard(config?: GuardConfig): Promise<Guard> {
  return new Guard(instance(), config);
}

/** Synchronous {@link createGuard}, for `register()` hooks and CLIs. */
export function createGuardSync(config?: GuardConfig): Guard {
  return new Guard(instance(), config);
}

/** The runtime this entry serves. */
export const runtime = 'node' as const;
