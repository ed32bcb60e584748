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
import { initSync, WasmGuard } from './wasm/phi_guard.js';
import { Guard, type WasmFactory } from './common/guard.js';
import { PhiGuardError } from './common/errors.js';
import type { GuardConfig } from './common/types.js';

export * from './common/index.js';

let compiled: WebAssembly.Module | undefined;

const factory: WasmFactory = (config, fresh) => {
  try {
    if (!compiled) {
      compiled = new WebAssembly.Module(readFileSync(fileURLToPath(new URL('./wasm/phi_guard_bg.wasm', import.meta.url))));
      initSync({ module: compiled });
    } else if (fresh) {
      // After a trap the old instance's memory may be corrupt: start a new one.
      initSync({ module: compiled });
    }
  } catch (e) {
    throw new PhiGuardError('init', `could not load the phi-guard wasm module: ${(e as Error).message}`, { cause: e });
  }
  return new WasmGuard(JSON.stringify(config ?? {}));
};

/**
 * Compiles `config` into a guard. Call once per process and reuse the guard.
 *
 * @throws {PhiGuardError} code `config` or `pattern` for a bad config.
 * @example
 * const guard = await createGuard({ operators: { SSN: 'partialMask' } });
 */
export async function createGuard(config?: GuardConfig): Promise<Guard> {
  return new Guard(factory, config);
}

/** Synchronous {@link createGuard}, for `register()` hooks and CLIs. */
export function createGuardSync(config?: GuardConfig): Guard {
  return new Guard(factory, config);
}

/** The runtime this entry serves. */
export const runtime = 'node' as const;
