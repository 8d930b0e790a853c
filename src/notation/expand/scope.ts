// The parameters of the block being expanded (`let inception(a, b) = ...` used as inception(64, 96)),
// and caches keyed by an AST node and the scope it is evaluated in: the same layer inside a
// parameterised block has other arguments at each use. One Map per scope, nodes as keys: an expansion
// lives only as long as its call, so nothing needs to be weak, and WeakMaps (ephemerons) cost the
// garbage collector dearly on 100,000-layer files.

export interface Scope {
  readonly values: ReadonlyMap<string, number>;
  /** Names the values for the caches: `inception(64,96)`; '' outside any block. */
  readonly key: string;
}

export const GLOBAL: Scope = { values: new Map(), key: '' };

export class ScopedCache<K extends object, V> {
  private readonly byScope = new Map<string, Map<K, V>>();

  private table(scope: Scope): Map<K, V> {
    let table = this.byScope.get(scope.key);
    if (!table) this.byScope.set(scope.key, (table = new Map()));
    return table;
  }

  has(node: K, scope: Scope): boolean {
    return this.table(scope).has(node);
  }

  get(node: K, scope: Scope): V | undefined {
    return this.table(scope).get(node);
  }

  set(node: K, scope: Scope, value: V): void {
    this.table(scope).set(node, value);
  }
}
