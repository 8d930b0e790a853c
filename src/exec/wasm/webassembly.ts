// The part of the WebAssembly JavaScript API the backend uses, declared here because the project
// compiles against ES2022 and Node's types only (no DOM library, which is where TypeScript keeps it).

declare global {
  namespace WebAssembly {
    interface MemoryDescriptor {
      initial: number;
      maximum?: number;
      shared?: boolean;
    }
    class Memory {
      constructor(descriptor: MemoryDescriptor);
      readonly buffer: ArrayBuffer;
      grow(delta: number): number;
    }
    class Module {
      constructor(bytes: Uint8Array);
    }
    class Global {
      readonly value: unknown;
    }
    type Exports = Record<string, unknown>;
    class Instance {
      constructor(module: Module, imports: Record<string, Record<string, unknown>>);
      readonly exports: Exports;
    }
    function validate(bytes: Uint8Array): boolean;
  }
}

export {};
