// The generated designs of the torch-memory suite: a seeded generator (mulberry32), so the same
// seed gives the same networks, batches, optimizers and held-out half on every machine.
//
// Design i must contain kind KINDS[i % KINDS.length] (so every kind appears), and cycles through
// every optimizer the budget knows. Every third design is "parameter-heavy" (wide FC layers at a
// batch of 1 or 2), the others "activation-heavy" (convolutions at a batch of 32 to 256, fewer where the runner caps the work). The held-out
// half is drawn from the seed before anything is measured or compared: a later fit of the model may
// use only the designs with heldOut false.

export const SEED = 20261201;
export const COUNT = 28;
export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'];
const KINDS = ['conv-groups', 'conv-dilation', 'local', 'pool-avg', 'pool-l2', 'pool-ceil', 'gap', 'tanh', 'sigmoid', 'softmax', 'dropout', 'lrn', 'bn', 'concat', 'add'];

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];

/** One block of layers, written in the notation, and its effect on the running shape {size, depth}. */
function block(rand, kind, shape) {
  const k = pick(rand, [8, 16, 32, 64]);
  const act = pick(rand, ['RELU', 'RELU', 'TANH', 'SIGMOID']);
  switch (kind) {
    case 'conv-groups': {
      const g = pick(rand, [2, 4]);
      const depth = shape.depth % g === 0 ? shape.depth : g * 4;
      const pre = depth === shape.depth ? '' : `CONV(f=1, k=${depth}) => RELU => `;
      shape.depth = k;
      return `${pre}CONV(f=3, k=${k}, g=${g}) => RELU`;
    }
    case 'conv-dilation':
      shape.depth = k;
      return `CONV(f=3, k=${k}, d=2) => ${act}`;
    case 'local': {
      // unshared weights grow with the output area: keep the input small
      const pre = shape.size > 12 ? `POOL(f=${Math.ceil(shape.size / 8)}, s=${Math.ceil(shape.size / 8)}) => ` : '';
      if (pre) shape.size = Math.floor(shape.size / Math.ceil(shape.size / 8));
      shape.size = shape.size - 2;
      shape.depth = 8;
      return `${pre}LOCAL(f=3, k=8, p=0) => RELU`;
    }
    case 'pool-avg':
      shape.size = Math.floor((shape.size + 2 - 3) / 2) + 1;
      return 'POOL(f=3, s=2, p=1, mode=avg)';
    case 'pool-l2':
      shape.size = Math.floor(shape.size / 2);
      return 'POOL(f=2, mode=l2)';
    case 'pool-ceil':
      shape.size = Math.ceil((shape.size - 3) / 2) + 1;
      return 'POOL(f=3, s=2, round=ceil)';
    case 'gap':
      shape.size = 1;
      return pick(rand, ['GAP', 'POOL(mode=max, global)']);
    case 'tanh':
      shape.depth = k;
      return `CONV3-${k} => TANH`;
    case 'sigmoid':
      shape.depth = k;
      return `CONV3-${k} => SIGMOID`;
    case 'softmax':
      return 'SOFTMAX';
    case 'dropout':
      return `DROPOUT(${pick(rand, [0.2, 0.5])})`;
    case 'lrn':
      shape.depth = k;
      return `CONV3-${k} => RELU => LRN(size=5)`;
    case 'bn':
      shape.depth = k;
      return `CONV(f=3, k=${k}, bias=no) => BN => RELU`;
    case 'concat': {
      const [a, b, c] = [pick(rand, [8, 16, 32]), pick(rand, [8, 16, 32]), pick(rand, [8, 16])];
      shape.depth = a + b + c;
      return `{ CONV(f=1, k=${a}) => RELU | CONV(f=1, k=${b}) => RELU => CONV3-${b} => RELU | POOL(f=3, s=1, p=1) => CONV(f=1, k=${c}) => RELU }`;
    }
    case 'add': {
      const d = shape.depth;
      return `{ CONV(f=3, k=${d}, bias=no) => BN => RELU => CONV(f=3, k=${d}, bias=no) => BN + ID } => RELU`;
    }
    default:
      throw new Error(`no block for ${kind}`);
  }
}

function design(rand, index) {
  const heavy = index % 3 === 0 ? 'parameters' : 'activations';
  const size = heavy === 'parameters' ? pick(rand, [16, 24, 32]) : pick(rand, [24, 32, 48]);
  const shape = { size, depth: pick(rand, [1, 3, 3]) };
  const parts = [`INPUT [${size}x${size}x${shape.depth}]`];
  const k0 = pick(rand, [16, 32]);
  parts.push(`CONV3-${k0} => RELU`);
  shape.depth = k0;
  const kinds = [KINDS[index % KINDS.length], ...Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(rand, KINDS))];
  for (const kind of kinds) {
    if (kind === 'gap' || shape.size < 6) continue; // keep spatial layers for the end
    parts.push(block(rand, kind, shape));
  }
  if (kinds[0] === 'gap' || rand() < 0.3) parts.push(block(rand, 'gap', shape));
  else if (shape.size > 8) parts.push('POOL2');
  if (heavy === 'parameters') parts.push(`FC-${pick(rand, [2048, 4096])} => RELU => DROPOUT => FC-${pick(rand, [2048, 4096])} => RELU`);
  parts.push(`FC-${pick(rand, [10, 100])}`);
  if (kinds[0] === 'softmax') parts.push('SOFTMAX');
  const batch = heavy === 'parameters' ? pick(rand, [1, 2]) : pick(rand, [32, 64, 128, 256]);
  return { heavy, network: parts.join(' => '), batch, optimizer: OPTIMIZERS[index % OPTIMIZERS.length] };
}

/** The designs, each { name, network, batch, optimizer, heavy, heldOut }. */
export function designs(seed = SEED, count = COUNT) {
  const rand = mulberry32(seed);
  const list = Array.from({ length: count }, (_, i) => ({ name: `gen${String(i + 1).padStart(2, '0')}`, ...design(rand, i) }));
  // The held-out half, drawn after the designs from the same seeded stream (Fisher-Yates)
  const order = list.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const heldOut = new Set(order.slice(0, Math.floor(count / 2)));
  return list.map((d, i) => ({ ...d, heldOut: heldOut.has(i) }));
}
