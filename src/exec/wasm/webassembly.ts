// The part of the WebAssembly JavaScript API the backend uses, typed here because the project
// compiles against ES2022 and Node's types only (TypeScript keeps WebAssembly's in the DOM
// library). Own interfaces rather than global declarations, so that a consumer compiling with
// the DOM library sees no second declaration of WebAssembly.Memory and the like.

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(delta: number): number;
}

/** A compiled module (opaque; it can be posted to a worker). */
export interface WasmModule {
  readonly [brand]?: never;
}
declare const brand: unique symbol;

export interface WasmApi {
  readonly Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

/** The platform's WebAssembly, where it has one. */
export function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}
