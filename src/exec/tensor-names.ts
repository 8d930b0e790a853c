// Reading a real checkpoint's tensor names for `cnncalc run`: a model built from nn.Sequential
// parts (torchvision's VGG: `features`, then `classifier`) names its tensors `features.0.weight`,
// `classifier.3.bias`, each part counting its modules from 0. A rule PREFIX=LAYER says that tensor
// PREFIX<i>.<param> is layer LAYER+i's (LAYER as `cnncalc table` numbers layers), so torchvision's
// vgg16 state dict, saved with safetensors, loads as it is against examples/vgg16.cnn with
// `--sequential features.=1 --sequential classifier.=32`. The prefix may be empty: a plain
// nn.Sequential's state dict (`0.weight`, `3.bias`: modules from 0, where cnncalc's own names are the
// layer numbers, INPUT 0, so the first layer's weight is `1.weight`) loads with `--sequential =1`.
// Names no rule matches are read as they are. And the list of the tensors a network expects
// (`run --list-tensors`).

import type { ExecNetwork } from './build.js';
import { tensorName, WeightsError, type NamedTensor, type WeightTensors } from './weights.js';
import { ownParams } from './network.js';

export interface SequentialRule {
  readonly prefix: string;
  /** The layer (table's numbering) of the part's module 0. */
  readonly first: number;
}

/** 'features.=1' -> { prefix: 'features.', first: 1 }; null when the text is not PREFIX=LAYER. */
export function parseSequentialRule(text: string): SequentialRule | null {
  const m = /^(.*)=(\d{1,9})$/s.exec(text);
  if (!m || Number(m[2]) < 1) return null;
  return { prefix: m[1]!, first: Number(m[2]) };
}

/** The rule a name falls under (the longest prefix that matches, then `<i>.<param>`), with the layer. */
function ruleLayer(name: string, rules: readonly SequentialRule[]): { layer: number; param: string } | null {
  let best: SequentialRule | null = null;
  for (const r of rules) if (name.startsWith(r.prefix) && (!best || r.prefix.length > best.prefix.length)) best = r;
  if (!best) return null;
  const m = /^(\d{1,9})\.([A-Za-z_]\w*)$/.exec(name.slice(best.prefix.length));
  return m ? { layer: best.first + Number(m[1]), param: m[2]! } : null;
}

/** The tensors under the names `cnncalc run` reads (weights.ts tensorName), with the way back to
 *  the file's names for messages (WeightTensors.fileName): a tensor the file holds by its own name,
 *  one it lacks by the name the rules give it (as --list-tensors prints it). Throws WeightsError
 *  when two file names come to name the same tensor. */
export function renameTensors(tensors: ReadonlyMap<string, NamedTensor>, rules: readonly SequentialRule[]): Map<string, NamedTensor> & WeightTensors {
  if (rules.length === 0) return new Map(tensors);
  const out = new Map<string, NamedTensor>();
  const from = new Map<string, string>();
  for (const [name, t] of tensors) {
    const hit = ruleLayer(name, rules);
    const native = hit ? tensorName({ id: hit.layer }, hit.param) : name;
    const other = from.get(native);
    if (other !== undefined) throw new WeightsError(`tensors '${other}' and '${name}' both name ${native}; check the --sequential rules`);
    from.set(native, name);
    out.set(native, t);
  }
  const back = (name: string): string => {
    const own = from.get(name);
    if (own !== undefined) return own;
    const m = /^(\d+)\.(\w+)$/.exec(name); // a tensor the file lacks: the name the rules give it
    return m ? fileName(Number(m[1]), m[2]!, rules) : name;
  };
  return Object.assign(out, { fileName: back });
}

/** The name a layer's tensor has in a file written under `rules` (the rule whose part starts last
 *  at or before the layer), or its own name. */
export function fileName(layer: number, param: string, rules: readonly SequentialRule[]): string {
  let best: SequentialRule | null = null;
  for (const r of rules) if (r.first <= layer && (!best || r.first > best.first)) best = r;
  return best ? `${best.prefix}${layer - best.first}.${param}` : tensorName({ id: layer }, param);
}

export interface ExpectedTensor {
  readonly name: string;
  readonly layer: number;
  readonly kind: string;
  readonly shape: readonly number[];
  readonly dtype: 'F32';
}

/** Every tensor the network reads from a weights file, in layer order. */
export function expectedTensors(net: ExecNetwork, rules: readonly SequentialRule[] = []): ExpectedTensor[] {
  return net.layers.flatMap((l) => ownParams(l).map((p) => ({ name: fileName(l.id, p.name, rules), layer: l.id, kind: l.layer.kind.toUpperCase(), shape: p.shape, dtype: 'F32' as const })));
}
