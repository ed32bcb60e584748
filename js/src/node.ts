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
import { initSync, WasmGuard, __wbg_reset_state, takeError, wasmMemory } from './wasm/phi_guard.js';
import { Guard } from './common/guard.js';
import { wasmInstanceFor, type WasmInstance } from './common/instance.js';
import { PhiGuardError } from './common/errors.js';
import type { GuardConfig } from './common/types.js';

export * from './common/index.js';

let loaded: WasmInstance | undefined;

/**
 * A string's UTF-16 code units into the module's memory: a copy (a widening
 * one for a one-byte string), where `TextEncoder.encodeInto` walks a string
 * that is not all ASCII a character at a time (58 us against 5 for a 100 KB
 * JSON body holding one non-Latin-1 name). The core makes the UTF-8
 * (common/guard.ts `#write`).
 */
function writeUtf16(text: string, memory: ArrayBuffer, at: number): void {
  // A Buffer made for the call (about 60 ns, for a text of 1,024 units or
  // more), not kept: one kept here held the module's memory, replaced or
  // not, until the next long text.
  Buffer.from(memory).write(text, at, 2 * text.length, 'utf16le');
}

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
    loaded = wasmInstanceFor({ WasmGuard, __wbg_reset_state, takeError, wasmMemory, writeUtf16 });
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
