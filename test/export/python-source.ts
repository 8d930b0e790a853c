// Reads back the parts of an exported Python module the tests check, without Python: the
// PARAMETERS table, the modules registered in Network.__init__ and the forward pass's lines.

export interface ExportedModule {
  readonly parameters: Map<string, number[]>;
  /** [name, constructor call] in registration order. */
  readonly modules: [string, string][];
  readonly forward: string[];
  readonly inputShape: number[];
  readonly outputShape: number[];
}

const tuple = (text: string): number[] => text.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);

export function readExport(source: string): ExportedModule {
  const table = /^PARAMETERS = \{\n([\s\S]*?)^\}/m.exec(source);
  if (!table) throw new Error('no PARAMETERS table');
  const parameters = new Map<string, number[]>();
  for (const m of table[1]!.matchAll(/^ {4}"([^"]+)": \(([^)]*)\),$/gm)) parameters.set(m[1]!, tuple(m[2]!));
  const modules = [...source.matchAll(/^ {8}self\.add_module\("([^"]+)", (.*)\)  # .*$/gm)].map((m): [string, string] => [m[1]!, m[2]!]);
  const forward = /^ {4}def forward\(self, x0\):\n([\s\S]*?)\n\n/m.exec(source)?.[1]?.split('\n').map((l) => l.trim()) ?? [];
  const shape = (name: string): number[] => tuple(new RegExp(`^${name} = \\(([^)]*)\\)$`, 'm').exec(source)?.[1] ?? '');
  return { parameters, modules, forward, inputShape: shape('INPUT_SHAPE'), outputShape: shape('OUTPUT_SHAPE') };
}
