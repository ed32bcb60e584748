/**
 * The edge entry (`edge-light` / `worker` export conditions). The `.wasm`
 * file is imported as a precompiled `WebAssembly.Module` (`?module`), which
 * the edge runtime requires: no `WebAssembly.compile`, no instantiating from
 * bytes, no inlined base64.
 *
 * @example
 * // middleware.ts
 * import { createGuard } from 'phi-guard';
 * const guard = await createGuard();
 */
// @ts-ignore: resolved by the bundler (Next.js / webpack) to a WebAssembly.Module.
import wasmModule from './wasm/phi_guard_bg.wasm?module';
import { initSync, WasmGuard, __wbg_reset_state, takeError, wasmMemory } from './wasm/phi_guard.js';
import { Guard } from './common/guard.js';
import { wasmInstanceFor, type WasmInstance } from './common/instance.js';
import { PhiGuardError } from './common/errors.js';
import type { GuardConfig } from './common/types.js';

export * from './common/index.js';

/**
 * The module as this realm's `WebAssembly.Module`. Next's edge sandbox
 * (`next start`) compiles `?module` imports in the host realm and hands them
 * to the isolate's `node:vm` context, so `instanceof WebAssembly.Module` is
 * false there and wasm-bindgen's `initSync` would try to compile the module
 * again from "bytes" (refused: code generation is disallowed). Re-tagging the
 * prototype is enough: `WebAssembly.Instance` only checks the internal slot.
 * On a real edge isolate the check is already true and nothing changes.
 */
function sameRealm(m: WebAssembly.Module): WebAssembly.Module {
  if (!(m instanceof WebAssembly.Module) && Object.prototype.toString.call(m) === '[object WebAssembly.Module]') {
    Object.setPrototypeOf(m, WebAssembly.Module.prototype);
  }
  return m;
}

let loaded: WasmInstance | undefined;

/**
 * Instantiates the precompiled module once per isolate. After a trap the
 * guard replaces the instance with `__wbg_reset_state()`, which runs
 * `new WebAssembly.Instance()` on this same module: no compilation, which the
 * edge runtime would refuse (common/instance.ts).
 */
function instance(): WasmInstance {
  if (!loaded) {
    const module = sameRealm(wasmModule as WebAssembly.Module);
    // Anything else (bytes, or nothing, from a bundler not set up for
    // `?module`) would make wasm-bindgen's `initSync` compile it from bytes,
    // which this entry never does: refused here, before that path.
    if (!(module instanceof WebAssembly.Module)) {
      throw new PhiGuardError('init', 'the phi-guard wasm import is not a precompiled WebAssembly.Module: the edge entry needs the bundler to import the .wasm file with ?module (Next.js does)');
    }
    try {
      initSync({ module });
    } catch (e) {
      throw new PhiGuardError('init', `could not instantiate the phi-guard wasm module: ${(e as Error).message}`, { cause: e });
    }
    loaded = wasmInstanceFor({ WasmGuard, __wbg_reset_state, takeError, wasmMemory });
  }
  return loaded;
}

/** Compiles `config` into a guard; call once per isolate and reuse it. */
export async function createGuard(config?: GuardConfig): Promise<Guard> {
  return new Guard(instance(), config);
}

/** Synchronous {@link createGuard}. */
export function createGuardSync(config?: GuardConfig): Guard {
  return new Guard(instance(), config);
}

export const runtime = 'edge' as const;
