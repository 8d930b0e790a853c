// A cache keyed by an AST node and the parameter scope it is evaluated in: the same layer inside a
// parameterised block has other arguments at each use (`inception(64, ...)`, `inception(128, ...)`).
// One Map per scope, nodes as keys: an expansion lives only as long as its call, so nothing needs to
// be weak, and WeakMaps (ephemerons) cost the garbage collector dearly on 100,000-layer files.

export class ScopedCache<K extends object, V> {
  private readonly byScope = new Map<string, Map<K, V>>();

  private table(scope: string): Map<K, V> {
    let table = this.byScope.get(scope);
    if (!table) this.byScope.set(scope, (table = new Map()));
    return table;
  }

  has(node: K, scope: string): boolean {
    return this.table(scope).has(node);
  }

  get(node: K, scope: string): V | undefined {
    return this.table(scope).get(node);
  }

  set(node: K, scope: string, value: V): void {
    this.table(scope).set(node, value);
  }
}
