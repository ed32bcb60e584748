// The size of the wasm linear memory of the instance the package created.
// wasm-bindgen's `initSync` returns the existing exports when the module is
// already initialised, which gives the `memory` export without a second
// instance. Call only after a guard exists.
export async function wasmMemoryBytes() {
  const { initSync } = await import('../js/dist/wasm/phi_guard.js');
  const exports = initSync({ module: new Uint8Array(0) });
  return exports.memory.buffer.byteLength;
}
