// A cache keyed by an AST node and the parameter scope it is evaluated in: the same layer inside a
// parameterised block has other arguments at each use (`inception(64, ...)`, `inception(128, ...)`).

export class ScopedCache<K extends object, V> {
  private readonly entries = new WeakMap<K, Map<string, V>>();

  has(node: K, scope: string): boolean {
    return this.entries.get(node)?.has(scope) ?? false;
  }

  get(node: K, scope: string): V | undefined {
    return this.entries.get(node)?.get(scope);
  }

  set(node: K, scope: string, value: V): void {
    let byScope = this.entries.get(node);
    if (!byScope) this.entries.set(node, (byScope = new Map()));
    byScope.set(scope, value);
  }
}
