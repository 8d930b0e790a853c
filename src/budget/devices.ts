// Named GPUs for `cnncalc budget --device`: memory, compute capability and a default reserve.
//
// `memory` is the capacity the vendor's specification page gives, read as binary units: NVIDIA's
// "16 GB HBM2" is 16 GiB of physical memory (16 x 2^30 bytes). A program cannot have all of it.
// Under the pytorch-cuda runtime the CUDA context, the cuBLAS workspaces and the caching
// allocator's segments are terms of their own (cuda.ts, caching-allocator.ts); `reserve` is what
// is left: the memory the driver and ECC keep out of the capacity (nvidia-smi's memory.total is
// below it: a T4 reports 15,360 MiB of 16 GiB, 1 GiB short) and the allocator's fragmentation
// across moments, which the per-moment segment rule does not see. A documented default the user
// replaces with --reserve (measure it as capacity minus torch.cuda.mem_get_info's total, plus a
// margin for fragmentation):
//   1 GiB on cards of up to 24 GiB, 1.5 GiB on 32-48 GiB cards, 2 GiB on 80 GiB and larger cards
//   (bigger cards run bigger kernels and lose more to fragmentation). These values predate the
// context's own term and were kept: the T4's capacity gap alone is its 1 GiB.
// `capability` (NVIDIA's CUDA GPUs page, https://developer.nvidia.com/cuda-gpus) picks the cuBLAS
// workspace size (cuda.ts).

const GiB = 2 ** 30;

export interface Device {
  /** The name --device accepts and --devices lists. */
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  /** Bytes of device memory (vendor capacity, binary units). */
  readonly memory: number;
  /** Default reserve: bytes the driver and ECC keep, and the allocator's fragmentation margin. */
  readonly reserve: number;
  /** CUDA compute capability, "major.minor". */
  readonly capability: string;
  /** The vendor page the capacity comes from. */
  readonly source: string;
}

function gpu(name: string, aliases: string[], description: string, gib: number, reserveGib: number, capability: string, source: string): Device {
  return { name, aliases, description, memory: gib * GiB, reserve: reserveGib * GiB, capability, source };
}

export const DEVICES: readonly Device[] = [
  // https://www.nvidia.com/en-us/data-center/tesla-t4/ : 16 GB GDDR6
  gpu('T4', ['tesla-t4'], 'NVIDIA T4, 16 GB GDDR6', 16, 1, '7.5', 'https://www.nvidia.com/en-us/data-center/tesla-t4/'),
  // https://www.nvidia.com/en-us/data-center/v100/ : 16 GB or 32 GB HBM2
  gpu('V100-16GB', ['v100', 'v100-16', 'tesla-v100'], 'NVIDIA V100, 16 GB HBM2', 16, 1, '7.0', 'https://www.nvidia.com/en-us/data-center/v100/'),
  gpu('V100-32GB', ['v100-32'], 'NVIDIA V100, 32 GB HBM2', 32, 1.5, '7.0', 'https://www.nvidia.com/en-us/data-center/v100/'),
  // https://www.nvidia.com/en-us/data-center/products/a10-gpu/ : 24 GB GDDR6
  gpu('A10', ['a10-24gb'], 'NVIDIA A10, 24 GB GDDR6', 24, 1, '8.6', 'https://www.nvidia.com/en-us/data-center/products/a10-gpu/'),
  // https://www.nvidia.com/en-us/data-center/l4/ : 24 GB GDDR6
  gpu('L4', ['l4-24gb'], 'NVIDIA L4, 24 GB GDDR6', 24, 1, '8.9', 'https://www.nvidia.com/en-us/data-center/l4/'),
  // https://www.nvidia.com/en-us/data-center/a100/ : 40 GB HBM2 or 80 GB HBM2e
  gpu('A100-40GB', ['a100', 'a100-40'], 'NVIDIA A100, 40 GB HBM2', 40, 1.5, '8.0', 'https://www.nvidia.com/en-us/data-center/a100/'),
  gpu('A100-80GB', ['a100-80'], 'NVIDIA A100, 80 GB HBM2e', 80, 2, '8.0', 'https://www.nvidia.com/en-us/data-center/a100/'),
  // https://www.nvidia.com/en-us/data-center/h100/ : 80 GB HBM3 (SXM) / HBM2e (PCIe)
  gpu('H100-80GB', ['h100', 'h100-80'], 'NVIDIA H100, 80 GB HBM3', 80, 2, '9.0', 'https://www.nvidia.com/en-us/data-center/h100/'),
  // https://www.nvidia.com/en-us/data-center/h200/ : 141 GB HBM3e
  gpu('H200', ['h200-141gb'], 'NVIDIA H200, 141 GB HBM3e', 141, 2, '9.0', 'https://www.nvidia.com/en-us/data-center/h200/'),
  // https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3090-3090ti/ : 24 GB GDDR6X
  gpu('RTX3090', ['rtx-3090', '3090'], 'NVIDIA GeForce RTX 3090, 24 GB GDDR6X', 24, 1, '8.6', 'https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3090-3090ti/'),
  // https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4090/ : 24 GB GDDR6X
  gpu('RTX4090', ['rtx-4090', '4090'], 'NVIDIA GeForce RTX 4090, 24 GB GDDR6X', 24, 1, '8.9', 'https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4090/'),
];

function normal(name: string): string {
  return name.toLowerCase().replace(/[\s_]/g, '-').replace(/-?gb$/, 'gb');
}

/** The device a name or alias denotes (case, spaces and underscores do not matter), or undefined. */
export function findDevice(name: string): Device | undefined {
  const wanted = normal(name);
  return DEVICES.find((d) => normal(d.name) === wanted || d.aliases.some((a) => normal(a) === wanted));
}
