// AssemblyScript source of the WebAssembly kernels (scripts/wasm.mjs compiles it into
// kernels.bytes.ts). Every pointer is a byte address in the one shared memory the executor's
// tensors live in (wasm/arena.ts); nothing here allocates, so the module has no data segments and
// any number of instances (one per thread) can share that memory.
//
// Why AssemblyScript rather than hand-written WAT: bench/wasm-toolchain.mjs writes the 4x8
// micro-kernel below both ways (WAT assembled by wabt and optimised by binaryen -O3; asc -O3, which
// runs binaryen itself) and times them interleaved: the same size (486 and 491 bytes) and the same
// speed within this shared machine's noise, since both come down to the same v128.load32_splat,
// f32x4.mul and f32x4.add on eight v128 locals (`npm run wasm -- --wat` prints this module's).
// The packing, edge, im2col and dot-product loops are then far shorter and safer to write here.
// A 6x8 tile (twelve sums) and a loop unrolled twice both measured slower than this 4x8 one.
//
// GEMM: C[M x N] (+)= A[M x K] * B[K x N], element (i, p) of A at a + 4*(i*ar + p*ac), (p, j) of B
// at b + 4*(p*br + j*bc), (i, j) of C at c + 4*(i*ldc + j): the contract of kernels/gemm.ts. Goto's
// blocking: a KC x NC block of B packed into 8-column panels (L2), an MC x KC block of A into
// 4-row panels (L1/L2), and a 4x8 register tile of C (eight f32x4 sums; without FMA each step is 8
// multiplies and 8 adds for 2 loads of B and 4 broadcasts of A). One call computes the columns
// [j0, j1) only, so threads split a product by columns; scratch is the calling thread's own.

const MR = 4;
const NR = 8;
const KC = 256;
const MC = 128;
const NC = 1024;

/** Bytes of one thread's scratch: A block, B block, one edge tile. */
export const SCRATCH_BYTES: i32 = (MC * KC + KC * NC + MR * NR) * 4;

@inline function min(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

// The 4x4 block of rows r0..r3 turned: its column j stored at dst + j * stride (bytes).
@inline function transpose4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, stride: usize): void {
  const t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5); // r0[0] r1[0] r0[1] r1[1]
  const t1 = f32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = f32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + stride, f32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, f32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, f32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

// A rows [i0, i0+mc) x columns [p0, p0+kc) -> 4-row panels: pa[(i/4)*kc*4 + p*4 + i%4], zero-padded
function packA(a: usize, ar: i32, ac: i32, i0: i32, mc: i32, p0: i32, kc: i32, pa: usize): void {
  for (let i = 0; i < mc; i += MR) {
    const rows = min(MR, mc - i);
    const panel = pa + <usize>(i * kc) * 4;
    if (rows == MR && ar == 1) {
      // the panel's four rows are adjacent at each column (a transposed A): one vector a column
      let src = a + <usize>(i0 + i + p0 * ac) * 4;
      const step = <usize>ac * 4;
      for (let p = 0, dst = panel; p < kc; p++, dst += 16, src += step) v128.store(dst, v128.load(src));
      continue;
    }
    if (rows == MR && ac == 1) {
      // rows along K (a row-major A): four columns of the four rows at a time, turned in registers
      const row = a + <usize>((i0 + i) * ar + p0) * 4;
      const rowBytes = <usize>ar * 4;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const src = row + <usize>p * 4;
        transpose4(v128.load(src), v128.load(src + rowBytes), v128.load(src + 2 * rowBytes), v128.load(src + 3 * rowBytes), panel + <usize>p * 16, 16);
      }
      for (; p < kc; p++) {
        for (let r = 0; r < MR; r++) store<f32>(panel + <usize>(p * 4 + r) * 4, load<f32>(row + <usize>r * rowBytes + <usize>p * 4));
      }
      continue;
    }
    for (let r = 0; r < MR; r++) {
      let src = a + <usize>((i0 + i + r) * ar + p0 * ac) * 4;
      let dst = panel + <usize>r * 4;
      if (r >= rows) {
        for (let p = 0; p < kc; p++, dst += 16) store<f32>(dst, 0);
        continue;
      }
      const step = <usize>ac * 4;
      for (let p = 0; p < kc; p++, dst += 16, src += step) store<f32>(dst, load<f32>(src));
    }
  }
}

// B rows [p0, p0+kc) x columns [j0, j0+nc) -> 8-column panels: pb[(j/8)*kc*8 + p*8 + j%8]
function packB(b: usize, br: i32, bc: i32, p0: i32, kc: i32, j0: i32, nc: i32, pb: usize): void {
  for (let j = 0; j < nc; j += NR) {
    const cols = min(NR, nc - j);
    const panel = pb + <usize>(j * kc) * 4;
    if (cols == NR && bc == 1) {
      let src = b + <usize>(p0 * br + j0 + j) * 4;
      const step = <usize>br * 4;
      let dst = panel;
      for (let p = 0; p < kc; p++, dst += 32, src += step) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      }
      continue;
    }
    if (cols == NR && br == 1) {
      // columns along K (a transposed B): four rows of four columns at a time, turned in registers
      const colBytes = <usize>bc * 4;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        for (let h = 0; h < NR; h += 4) {
          const src = b + <usize>(p0 + p + (j0 + j + h) * bc) * 4;
          transpose4(v128.load(src), v128.load(src + colBytes), v128.load(src + 2 * colBytes), v128.load(src + 3 * colBytes), panel + <usize>(p * 8 + h) * 4, 32);
        }
      }
      for (; p < kc; p++) {
        for (let q = 0; q < NR; q++) store<f32>(panel + <usize>(p * 8 + q) * 4, load<f32>(b + <usize>(p0 + p + (j0 + j + q) * bc) * 4));
      }
      continue;
    }
    for (let q = 0; q < NR; q++) {
      let dst = panel + <usize>q * 4;
      if (q >= cols) {
        for (let p = 0; p < kc; p++, dst += 32) store<f32>(dst, 0);
        continue;
      }
      let src = b + <usize>(p0 * br + (j0 + j + q) * bc) * 4;
      const step = <usize>br * 4;
      for (let p = 0; p < kc; p++, dst += 32, src += step) store<f32>(dst, load<f32>(src));
    }
  }
}

// The 4x8 tile of C at c (row stride ldc bytes) (+)= A panel * B panel over kc steps.
function micro(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const end = pb + <usize>kc * 32;
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    pa += 16;
    pb += 32;
  }
  if (add) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldc));
    c11 = f32x4.add(c11, v128.load(c + ldc, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldc));
    c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldc));
    c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

// A partial tile (rows x cols of C): the full tile into scratch, then its valid part.
function edge(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, add: bool, rows: i32, cols: i32, tile: usize): void {
  micro(kc, pa, pb, tile, NR * 4, false);
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      const at = c + <usize>r * ldc + <usize>q * 4;
      const v = load<f32>(tile + <usize>(r * NR + q) * 4);
      store<f32>(at, add ? load<f32>(at) + v : v);
    }
  }
}

function zeroColumns(M: i32, c: usize, ldc: i32, j0: i32, j1: i32): void {
  for (let i = 0; i < M; i++) memory.fill(c + <usize>(i * ldc + j0) * 4, 0, <usize>(j1 - j0) * 4);
}

export function gemm(
  M: i32, N: i32, K: i32, a: usize, ar: i32, ac: i32, b: usize, br: i32, bc: i32,
  c: usize, ldc: i32, accumulate: bool, j0: i32, j1: i32, scratch: usize,
): void {
  if (j1 > N) j1 = N;
  if (j0 >= j1 || M == 0) return;
  if (K == 0) {
    if (!accumulate) zeroColumns(M, c, ldc, j0, j1);
    return;
  }
  const pa = scratch;
  const pb = scratch + <usize>(MC * KC) * 4;
  const tile = pb + <usize>(KC * NC) * 4;
  const ldcBytes = <usize>ldc * 4;
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      const add = accumulate || pc > 0;
      packB(b, br, bc, pc, kc, jc, nc, pb);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        packA(a, ar, ac, ic, mc, pc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const bp = pb + <usize>(jr * kc) * 4;
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const ap = pa + <usize>(ir * kc) * 4;
            const at = c + <usize>(ic + ir) * ldcBytes + <usize>(jc + jr) * 4;
            if (rows == MR && cols == NR) micro(kc, ap, bp, at, ldcBytes, add);
            else edge(kc, ap, bp, at, ldcBytes, add, rows, cols, tile);
          }
        }
      }
    }
  }
}

// One image x [C, H, W] at x -> col [C*fh*fw, outH*outW] (kernels/im2col.ts, the same layout);
// channels [c0, c1) only, so threads split it.
// `count` GEMMs of one shape, product e with A, B and C at a + e*as, b + e*bs and c + e*cs
// (floats), all columns each: products [e0, e1) only, so threads split them by product, and none
// packs an operand another thread packs too (as splitting each product's columns would).
export function gemmBatch(
  M: i32, N: i32, K: i32, a: usize, ar: i32, ac: i32, as: i32, b: usize, br: i32, bc: i32, bs: i32,
  c: usize, ldc: i32, cs: i32, accumulate: bool, e0: i32, e1: i32, scratch: usize,
): void {
  for (let e = e0; e < e1; e++) {
    gemm(M, N, K, a + <usize>(e * as) * 4, ar, ac, b + <usize>(e * bs) * 4, br, bc, c + <usize>(e * cs) * 4, ldc, accumulate, 0, N, scratch);
  }
}

export function im2col(
  x: usize, C: i32, H: i32, W: i32, fh: i32, sh: i32, ph: i32, dh: i32, fw: i32, sw: i32, pw: i32, dw: i32,
  outH: i32, outW: i32, col: usize, c0: i32, c1: i32,
): void {
  const N = outH * outW;
  for (let c = c0; c < c1; c++) {
    const plane = x + <usize>(c * H * W) * 4;
    for (let ky = 0; ky < fh; ky++) {
      for (let kx = 0; kx < fw; kx++) {
        const row = col + <usize>(((c * fh + ky) * fw + kx) * N) * 4;
        const dx = kx * dw - pw;
        // the output columns whose input column ix = ox*sw + dx lies inside [0, W)
        let lo = dx < 0 ? (-dx + sw - 1) / sw : 0;
        let hi = (W - 1 - dx) >= 0 ? (W - 1 - dx) / sw + 1 : 0;
        if (hi > outW) hi = outW;
        if (lo > hi) lo = hi;
        for (let oy = 0; oy < outH; oy++) {
          const iy = oy * sh - ph + ky * dh;
          const o = row + <usize>(oy * outW) * 4;
          if (iy < 0 || iy >= H) {
            memory.fill(o, 0, <usize>outW * 4);
            continue;
          }
          if (lo > 0) memory.fill(o, 0, <usize>lo * 4);
          const r = plane + <usize>(iy * W + dx) * 4;
          if (sw == 1) memory.copy(o + <usize>lo * 4, r + <usize>lo * 4, <usize>(hi - lo) * 4);
          else for (let ox = lo; ox < hi; ox++) store<f32>(o + <usize>ox * 4, load<f32>(r + <usize>(ox * sw) * 4));
          if (hi < outW) memory.fill(o + <usize>hi * 4, 0, <usize>(outW - hi) * 4);
        }
      }
    }
  }
}

// col [C*fh*fw, outH*outW] -> dx [C, H, W], accumulated (the adjoint of im2col); channels [c0, c1).
// At stride 1 a row of col adds to a contiguous run of dx: four at a time.
export function col2im(
  col: usize, C: i32, H: i32, W: i32, fh: i32, sh: i32, ph: i32, dh: i32, fw: i32, sw: i32, pw: i32, dw: i32,
  outH: i32, outW: i32, x: usize, c0: i32, c1: i32,
): void {
  const N = outH * outW;
  for (let c = c0; c < c1; c++) {
    const plane = x + <usize>(c * H * W) * 4;
    for (let ky = 0; ky < fh; ky++) {
      for (let kx = 0; kx < fw; kx++) {
        const row = col + <usize>(((c * fh + ky) * fw + kx) * N) * 4;
        const dx = kx * dw - pw;
        let lo = dx < 0 ? (-dx + sw - 1) / sw : 0;
        let hi = (W - 1 - dx) >= 0 ? (W - 1 - dx) / sw + 1 : 0;
        if (hi > outW) hi = outW;
        for (let oy = 0; oy < outH; oy++) {
          const iy = oy * sh - ph + ky * dh;
          if (iy < 0 || iy >= H) continue;
          const o = row + <usize>(oy * outW) * 4;
          const r = plane + <usize>(iy * W + dx) * 4;
          let ox = lo;
          if (sw == 1) {
            for (; ox + 4 <= hi; ox += 4) {
              const at = r + <usize>ox * 4;
              v128.store(at, f32x4.add(v128.load(at), v128.load(o + <usize>ox * 4)));
            }
          }
          for (; ox < hi; ox++) {
            const at = r + <usize>(ox * sw) * 4;
            store<f32>(at, load<f32>(at) + load<f32>(o + <usize>ox * 4));
          }
        }
      }
    }
  }
}

// C[M x N] (+)= A[M x K] * B[K x N] for a few rows of A with both A's rows and B's columns
// contiguous along K (ac == 1, br == 1: an FC layer's x * W^T at a small batch): dot products
// straight from the operands, four columns of C at a time, since packing would copy the whole
// weight to read it once. Columns [j0, j1) only.
export function gemmDots(
  M: i32, N: i32, K: i32, a: usize, ar: i32, b: usize, bc: i32,
  c: usize, ldc: i32, accumulate: bool, j0: i32, j1: i32,
): void {
  if (j1 > N) j1 = N;
  const K4 = K & ~3;
  const rowBytes = <usize>bc * 4;
  for (let j = j0; j < j1; j += 4) {
    const cols = min(4, j1 - j);
    for (let i = 0; i < M; i++) {
      const x = a + <usize>(i * ar) * 4;
      const w0 = b + <usize>j * rowBytes;
      if (cols == 4) {
        dots4(K, x, w0, rowBytes, c + <usize>(i * ldc + j) * 4, accumulate);
        continue;
      }
      for (let q = 0; q < cols; q += 2) {
        // two columns per sweep over x: one load of x for two rows of W
        const wa = w0 + <usize>q * rowBytes;
        const wb = q + 1 < cols ? wa + rowBytes : wa;
        let sa = f32x4.splat(0), sb = f32x4.splat(0);
        for (let p = 0; p < K4; p += 4) {
          const off = <usize>p * 4;
          const xv = v128.load(x + off);
          sa = f32x4.add(sa, f32x4.mul(xv, v128.load(wa + off)));
          sb = f32x4.add(sb, f32x4.mul(xv, v128.load(wb + off)));
        }
        const at = c + <usize>(i * ldc + j + q) * 4;
        dotTail(K4, K, x, wa, at, accumulate, sa);
        if (q + 1 < cols) dotTail(K4, K, x, wb, at + 4, accumulate, sb);
      }
    }
  }
}

// Four of gemmDots' columns (rows of W, rowBytes apart from w) in one sweep over x: one load of x
// for four rows, and four streams of W in flight. Each sum in gemmDots' order, so the same bits.
@inline function dots4(K: i32, x: usize, w: usize, rowBytes: usize, at: usize, accumulate: bool): void {
  const K4 = K & ~3;
  const w1 = w + rowBytes, w2 = w1 + rowBytes, w3 = w2 + rowBytes;
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  for (let p = 0; p < K4; p += 4) {
    const off = <usize>p * 4;
    const xv = v128.load(x + off);
    s0 = f32x4.add(s0, f32x4.mul(xv, v128.load(w + off)));
    s1 = f32x4.add(s1, f32x4.mul(xv, v128.load(w1 + off)));
    s2 = f32x4.add(s2, f32x4.mul(xv, v128.load(w2 + off)));
    s3 = f32x4.add(s3, f32x4.mul(xv, v128.load(w3 + off)));
  }
  dotTail(K4, K, x, w, at, accumulate, s0);
  dotTail(K4, K, x, w1, at + 4, accumulate, s1);
  dotTail(K4, K, x, w2, at + 8, accumulate, s2);
  dotTail(K4, K, x, w3, at + 12, accumulate, s3);
}

// A dot product's end: the four lanes of its sums s, then elements [K4, K) one by one; stored at
// `at` (or added to it).
@inline function dotTail(K4: i32, K: i32, x: usize, w: usize, at: usize, accumulate: bool, s: v128): void {
  let r = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
  for (let p = K4; p < K; p++) r += load<f32>(x + <usize>p * 4) * load<f32>(w + <usize>p * 4);
  store<f32>(at, accumulate ? load<f32>(at) + r : r);
}

// C[M x N] (+)= A[M x K] * B[K x N] for a few rows of A with B's rows contiguous (bc == 1: an FC
// layer's input gradient dy * W at a small batch): each row of C as a sum of K rows of B scaled by
// A's elements, in that order, so B is read once and not packed; blocks of JB columns of C stay in
// L1 while the rows of B stream past. Columns [j0, j1) only.
const JB = 2048;

export function gemmRows(
  M: i32, N: i32, K: i32, a: usize, ar: i32, ac: i32, b: usize, br: i32,
  c: usize, ldc: i32, accumulate: bool, j0: i32, j1: i32,
): void {
  if (j1 > N) j1 = N;
  for (let jb = j0; jb < j1; jb += JB) {
    const je = min(jb + JB, j1);
    for (let i = 0; i < M; i++) {
      const row = c + <usize>(i * ldc) * 4;
      if (!accumulate) memory.fill(row + <usize>jb * 4, 0, <usize>(je - jb) * 4);
      for (let p = 0; p < K; p++) {
        const s = load<f32>(a + <usize>(i * ar + p * ac) * 4);
        const sv = f32x4.splat(s);
        const src = b + <usize>(p * br) * 4;
        let j = jb;
        for (; j + 4 <= je; j += 4) {
          const at = row + <usize>j * 4;
          v128.store(at, f32x4.add(v128.load(at), f32x4.mul(sv, v128.load(src + <usize>j * 4))));
        }
        for (; j < je; j++) {
          const at = row + <usize>j * 4;
          store<f32>(at, load<f32>(at) + s * load<f32>(src + <usize>j * 4));
        }
      }
    }
  }
}

// B blocks of x and of dx, 64 KiB each (512 KiB at B = 4), stay in L2 while W's and dW's rows go
// past in runs of 64 KiB: with 4 KiB blocks (in L1) each run was a page of its own, and VGG16's
// FC-4096 backward took 77-80 ms on two threads against 66-68 now.
const FC_JB = 16384;

// An FC layer's backward at a few images B, both products in one sweep over the weight: for each
// row o of W [n x in], dW[o] (+)= sum over b of dy[b][o] x[b] and dx[b] += dy[b][o] W[o], so that W
// and dW are each streamed once (two GEMMs would read W twice, and multiply into dW as a product
// of inner dimension B). Blocks of FC_JB columns of dx stay in cache while the rows go past. Each
// row's dy is splat once (fcRow), and at one image the rows go four at a time (fcRows4), each x
// and dx loaded once for the four: VGG16's FC-4096 with its SGD step, two threads, went from
// 90-100 to 40-68 ms at batch 1 (16 bytes of traffic a weight), 127-162 to 90-97 at batch 2 and
// 165-203 to 109-130 at 4, where a loop over the images reloaded dy for every four weights. The
// sums run in the order of gemmRows (dx: row by row) and of the GEMM's micro-kernel (dW: the sum
// over b from 0, then added), so the figures equal the two products'. Columns [j0, j1) of in only.
// fresh: dW is written, not added to (its first gradient of the pass). kind >= 0: dW is W's final
// gradient of the pass, and W takes its optimizer step (optimizeAt, state s0 and s1 laid out as W,
// constants at hp) as soon as each element's gradient is stored and its weight used: one sweep
// instead of the step's own second sweep over W and dW (VGG16's FC-4096: 411 MB each). finite:
// the rows whose dy is zero in every image may be left unread (skipsSilentRows): 3,068 of VGG16's
// first FC-4096's 4,096 at one image, after ReLU and dropout, and its backward took 27 ms, not 43.
export function fcBackward(
  B: i32, n: i32, inputs: i32, x: usize, dy: usize, w: usize, dw: usize, dx: usize,
  fresh: i32, kind: i32, s0: usize, s1: usize, hp: usize, finite: i32, j0: i32, j1: i32,
): void {
  if (j1 > inputs) j1 = inputs;
  const lr = fill(load<f64>(hp)), c1 = fill(load<f64>(hp, 8)), c2 = fill(load<f64>(hp, 16));
  const first = load<f64>(hp, 24) != 0, decay = fill(load<f64>(hp, 32));
  const skips = skipsSilentRows(fresh, kind, finite, load<f64>(hp));
  if (skips) for (let o = 0; o < n; o++) if (silent(B, n, dy, o)) memory.fill(dw + (<usize>o * <usize>inputs + <usize>j0) * 4, 0, <usize>(j1 - j0) * 4);
  for (let jb = j0; jb < j1; jb += FC_JB) {
    const je = min(jb + FC_JB, j1);
    for (let b = 0; b < B; b++) memory.fill(dx + <usize>(b * inputs + jb) * 4, 0, <usize>(je - jb) * 4);
    if (B > 1) {
      for (let o = 0; o < n; o++) if (!skips || !silent(B, n, dy, o)) fcRow(B, n, inputs, o, x, dy, w, dw, dx, fresh, kind, s0, s1, jb, je, lr, c1, c2, first, decay);
      continue;
    }
    // at one image, the rows that add to dx four at a time (in order, so each dx sums as row by row)
    const end4 = jb + ((je - jb) & ~3);
    let o0 = 0, o1 = 0, o2 = 0, held = 0;
    for (let o = 0; o < n; o++) {
      if (skips && silent(1, n, dy, o)) continue;
      if (held < 3) {
        if (held == 0) o0 = o;
        else if (held == 1) o1 = o;
        else o2 = o;
        held++;
        continue;
      }
      fcRows4(inputs, o0, o1, o2, o, x, dy, w, dw, dx, fresh, kind, s0, s1, jb, end4, lr, c1, c2, first, decay);
      fcRow(1, n, inputs, o0, x, dy, w, dw, dx, fresh, kind, s0, s1, end4, je, lr, c1, c2, first, decay);
      fcRow(1, n, inputs, o1, x, dy, w, dw, dx, fresh, kind, s0, s1, end4, je, lr, c1, c2, first, decay);
      fcRow(1, n, inputs, o2, x, dy, w, dw, dx, fresh, kind, s0, s1, end4, je, lr, c1, c2, first, decay);
      fcRow(1, n, inputs, o, x, dy, w, dw, dx, fresh, kind, s0, s1, end4, je, lr, c1, c2, first, decay);
      held = 0;
    }
    if (held > 0) fcRow(1, n, inputs, o0, x, dy, w, dw, dx, fresh, kind, s0, s1, jb, je, lr, c1, c2, first, decay);
    if (held > 1) fcRow(1, n, inputs, o1, x, dy, w, dw, dx, fresh, kind, s0, s1, jb, je, lr, c1, c2, first, decay);
    if (held > 2) fcRow(1, n, inputs, o2, x, dy, w, dw, dx, fresh, kind, s0, s1, jb, je, lr, c1, c2, first, decay);
  }
}

// A row whose dy is zero in every image ("silent") adds exactly nothing to dx and its gradient is
// all zeros, where the caller has found W and x finite (finite: the forward's outputs were, so
// 0 W is 0, not NaN) and dW is written fresh (0 + 0 x is +0: the bits of the sum that starts from
// zero). Its weights stay as they are under SGD where lr 0 is +0 (lr +0 or positive and finite:
// w - +0 = w, -0 included; -0 - -0 is +0, and inf 0 is NaN), or with no step here; the other
// optimizers step even at a zero gradient, so their rows all go through the sweep.
@inline function skipsSilentRows(fresh: i32, kind: i32, finite: i32, lr: f64): bool {
  return fresh != 0 && finite != 0 && (kind < 0 || (kind == SGD && 1 / (lr * 0) > 0));
}

@inline function silent(B: i32, n: i32, dy: usize, o: i32): bool {
  for (let b = 0; b < B; b++) if (load<f32>(dy + <usize>(b * n + o) * 4) != 0) return false;
  return true;
}

// Row o of fcBackward over columns [from, je)
function fcRow(
  B: i32, n: i32, inputs: i32, o: i32, x: usize, dy: usize, w: usize, dw: usize, dx: usize,
  fresh: i32, kind: i32, s0: usize, s1: usize, from: i32, je: i32,
  lr: v128, c1: v128, c2: v128, first: bool, decay: v128,
): void {
  const row = <usize>o * <usize>inputs * 4;
  const wRow = w + row;
  const dwRow = dw + row;
  // each image's dy[b][o], splat once (B is at most 4)
  const zero = f32x4.splat(0);
  const nb = <usize>n * 4, xb = <usize>inputs * 4;
  const at0 = dy + <usize>o * 4;
  const e0 = f32x4.splat(load<f32>(at0));
  const e1 = B > 1 ? f32x4.splat(load<f32>(at0 + nb)) : zero;
  const e2 = B > 2 ? f32x4.splat(load<f32>(at0 + 2 * nb)) : zero;
  const e3 = B > 3 ? f32x4.splat(load<f32>(at0 + 3 * nb)) : zero;
  let j = from;
  for (; j + 4 <= je; j += 4) {
    const at = <usize>j * 4;
    const wv = v128.load(wRow + at);
    // dW: the sum over b from 0, as the GEMM's; dx[b] += dy[b][o] W[o]
    let sum = f32x4.add(zero, f32x4.mul(e0, v128.load(x + at)));
    fcAdd(dx + at, e0, wv);
    if (B > 1) {
      sum = f32x4.add(sum, f32x4.mul(e1, v128.load(x + xb + at)));
      fcAdd(dx + xb + at, e1, wv);
    }
    if (B > 2) {
      sum = f32x4.add(sum, f32x4.mul(e2, v128.load(x + 2 * xb + at)));
      fcAdd(dx + 2 * xb + at, e2, wv);
    }
    if (B > 3) {
      sum = f32x4.add(sum, f32x4.mul(e3, v128.load(x + 3 * xb + at)));
      fcAdd(dx + 3 * xb + at, e3, wv);
    }
    fcGradientStep(kind, wRow + at, dwRow + at, wv, sum, fresh, s0 + row + at, s1 + row + at, lr, c1, c2, first, decay);
  }
  for (; j < je; j++) {
    const at = <usize>j * 4;
    const wv = load<f32>(wRow + at);
    let sum: f32 = 0;
    for (let b = 0; b < B; b++) {
      const s = load<f32>(dy + <usize>(b * n + o) * 4);
      sum += s * load<f32>(x + <usize>b * <usize>inputs * 4 + at);
      const d = dx + <usize>b * <usize>inputs * 4 + at;
      store<f32>(d, load<f32>(d) + s * wv);
    }
    store<f32>(dwRow + at, fresh ? sum : sum + load<f32>(dwRow + at));
    if (kind >= 0) optimizeAt(kind, wRow + at, dwRow + at, s0 + row + at, s1 + row + at, false, lr, c1, c2, first, decay);
  }
}

// Rows o0 < o1 < o2 < o3 of fcBackward at one image over columns [jb, end), a multiple of four
// long: the four rows' dy and each x loaded once, dx added to row after row in one register, and
// each row's gradient and step as fcRow's.
@inline function fcRows4(
  inputs: i32, o0: i32, o1: i32, o2: i32, o3: i32, x: usize, dy: usize, w: usize, dw: usize, dx: usize,
  fresh: i32, kind: i32, s0: usize, s1: usize, jb: i32, end: i32,
  lr: v128, c1: v128, c2: v128, first: bool, decay: v128,
): void {
  const stride = <usize>inputs * 4;
  const r0 = <usize>o0 * stride, r1 = <usize>o1 * stride, r2 = <usize>o2 * stride, r3 = <usize>o3 * stride;
  const zero = f32x4.splat(0);
  const d0 = f32x4.splat(load<f32>(dy + <usize>o0 * 4)), d1 = f32x4.splat(load<f32>(dy + <usize>o1 * 4));
  const d2 = f32x4.splat(load<f32>(dy + <usize>o2 * 4)), d3 = f32x4.splat(load<f32>(dy + <usize>o3 * 4));
  for (let j = jb; j < end; j += 4) {
    const col = <usize>j * 4;
    const w0 = v128.load(w + r0 + col), w1 = v128.load(w + r1 + col);
    const w2 = v128.load(w + r2 + col), w3 = v128.load(w + r3 + col);
    let v = f32x4.add(v128.load(dx + col), f32x4.mul(d0, w0));
    v = f32x4.add(v, f32x4.mul(d1, w1));
    v = f32x4.add(v, f32x4.mul(d2, w2));
    v128.store(dx + col, f32x4.add(v, f32x4.mul(d3, w3)));
    const xv = v128.load(x + col);
    fcGradientStep(kind, w + r0 + col, dw + r0 + col, w0, f32x4.add(zero, f32x4.mul(d0, xv)), fresh, s0 + r0 + col, s1 + r0 + col, lr, c1, c2, first, decay);
    fcGradientStep(kind, w + r1 + col, dw + r1 + col, w1, f32x4.add(zero, f32x4.mul(d1, xv)), fresh, s0 + r1 + col, s1 + r1 + col, lr, c1, c2, first, decay);
    fcGradientStep(kind, w + r2 + col, dw + r2 + col, w2, f32x4.add(zero, f32x4.mul(d2, xv)), fresh, s0 + r2 + col, s1 + r2 + col, lr, c1, c2, first, decay);
    fcGradientStep(kind, w + r3 + col, dw + r3 + col, w3, f32x4.add(zero, f32x4.mul(d3, xv)), fresh, s0 + r3 + col, s1 + r3 + col, lr, c1, c2, first, decay);
  }
}

// Four gradients of a row, their sum over the images from 0 (as the GEMM's) in `sum`: added to what
// is at gAt (or written there, fresh), and the four weights' step
@inline function fcGradientStep(kind: i32, wAt: usize, gAt: usize, wv: v128, sum: v128, fresh: i32, s0: usize, s1: usize,
  lr: v128, c1: v128, c2: v128, first: bool, decay: v128): void {
  const g = fresh ? sum : f32x4.add(sum, v128.load(gAt));
  v128.store(gAt, g);
  fcStep(kind, wAt, wv, g, gAt, s0, s1, lr, c1, c2, first, decay);
}

// d += e v (four floats at d)
@inline function fcAdd(d: usize, e: v128, v: v128): void {
  v128.store(d, f32x4.add(v128.load(d), f32x4.mul(e, v)));
}

// lanes 2 and 3 of v as f64x2
@inline function high(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}

// The step of the four weights wv at wAt, whose gradients g are stored at gAt (kind < 0: none).
// SGD's is sgdAt's arithmetic on the registers; the others read their operands back as optimizeAt
// does.
@inline function fcStep(kind: i32, wAt: usize, wv: v128, g: v128, gAt: usize, s0: usize, s1: usize,
  lr: v128, c1: v128, c2: v128, first: bool, decay: v128): void {
  if (kind == SGD) {
    const lo = f64x2.sub(f64x2.promote_low_f32x4(wv), f64x2.mul(lr, f64x2.promote_low_f32x4(g)));
    const hi = f64x2.sub(high(wv), f64x2.mul(lr, high(g)));
    v128.store(wAt, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
  } else if (kind > 0) {
    optimizeAt(kind, wAt, gAt, s0, s1, true, lr, c1, c2, first, decay);
    optimizeAt(kind, wAt + 8, gAt + 8, s0 + 8, s1 + 8, true, lr, c1, c2, first, decay);
  }
}

// Winograd F(2x2, 3x3) (Lavin and Gray, 2016) for 3x3 stride-1 convolutions: each 2x2 block of
// outputs ("tile") is A^T [ sum over c of (G g_c G^T) . (B^T d_c B) ] A for the tile's 4x4 input
// patch d_c, so the sixteen element-wise products summed over channels are sixteen GEMMs
// M_e [k x P] = U_e [k x C] * V_e [C x P], 4*k*C*P multiplies for the 9*k*C*P of im2col + GEMM.
// Layouts: U [16][k][C], V [16][C][P], M [16][k][P], with P the tiles of one chunk.

// U_e[o][c] = (G g G^T)_e for filters [o0, o1) of w [k, C, 3, 3]. turned: element e = 4r + s
// stored in plane 4P(r) + P(s) instead, P swapping 0 and 3, which makes plane e (read as [C][o],
// transposed) the transform of the filters turned by 180 degrees with their two channel axes
// swapped, the convolution that is the input gradient: G J = P G for J the 3x3 reversal, so
// G (J g J) G^T = P (G g G^T) P^T. The filters are read in their own order either way, nine
// floats apart, where reading them turned and transposed took 10-12.5 ms for 512 x 512 against 6.5.
export function winogradFilter(w: usize, k: i32, C: i32, U: usize, turned: bool, o0: i32, o1: i32): void {
  const plane = <usize>(k * C) * 4;
  for (let o = o0; o < o1; o++) {
    let c0 = 0;
    for (; c0 + 4 <= C; c0 += 4) {
      filterTiles4(w + <usize>((o * C + c0) * 9) * 4, U + <usize>(o * C + c0) * 4, plane, turned);
    }
    for (let c = c0; c < C; c++) {
      const src = w + <usize>((o * C + c) * 9) * 4;
      const at = U + <usize>(o * C + c) * 4;
      for (let r = 0; r < 4; r++) {
        // row r of G g (G's row r times g's rows i = 0, 1, 2), then times G^T
        let t0: f32 = 0, t1: f32 = 0, t2: f32 = 0;
        for (let i = 0; i < 3; i++) {
          const gr: f32 = r == 0 ? (i == 0 ? 1 : 0) : r == 3 ? (i == 2 ? 1 : 0) : i == 1 && r == 2 ? -0.5 : 0.5;
          if (gr == 0) continue;
          t0 += gr * load<f32>(src + <usize>(i * 3) * 4);
          t1 += gr * load<f32>(src + <usize>(i * 3 + 1) * 4);
          t2 += gr * load<f32>(src + <usize>(i * 3 + 2) * 4);
        }
        // times G^T: columns t0, (t0+t1+t2)/2, (t0-t1+t2)/2, t2
        const e = at + <usize>(4 * swap03(r, turned)) * plane;
        store<f32>(e + <usize>swap03(0, turned) * plane, t0);
        store<f32>(e + plane, 0.5 * (t0 + t2) + 0.5 * t1);
        store<f32>(e + 2 * plane, 0.5 * (t0 + t2) - 0.5 * t1);
        store<f32>(e + <usize>swap03(3, turned) * plane, t2);
      }
    }
  }
}

// P(i): 0 and 3 swapped where turned
@inline function swap03(i: i32, turned: bool): i32 {
  return turned && (i == 0 || i == 3) ? 3 - i : i;
}

// Tap q of four filters nine floats apart (a filter a lane).
@inline function taps4(src: usize, q: i32): v128 {
  const at = src + <usize>q * 4;
  let v = f32x4.splat(load<f32>(at));
  v = f32x4.replace_lane(v, 1, load<f32>(at + 36));
  v = f32x4.replace_lane(v, 2, load<f32>(at + 72));
  return f32x4.replace_lane(v, 3, load<f32>(at + 108));
}

// Row r of G g for the columns a, b, c of g (its rows 0, 1, 2 at one column): g0, (g0 + g1 + g2)/2,
// (g0 - g1 + g2)/2, g2, as winogradFilter's scalar loop sums them.
@inline function gRow(r: i32, a: v128, b: v128, c: v128): v128 {
  const half = f32x4.splat(0.5);
  if (r == 0) return a;
  if (r == 3) return c;
  const middle = r == 1 ? f32x4.mul(half, b) : f32x4.mul(f32x4.splat(-0.5), b);
  return f32x4.add(f32x4.add(f32x4.mul(half, a), middle), f32x4.mul(half, c));
}

// Row r of (G g) times G^T, from its three elements t0, t1, t2: t0, (t0 + t2)/2 + t1/2,
// (t0 + t2)/2 - t1/2, t2, stored at columns s = 0 .. 3 (P(s) where turned), a plane apart.
@inline function filterRow4(at: usize, plane: usize, t0: v128, t1: v128, t2: v128, turned: bool): void {
  const half = f32x4.splat(0.5);
  const mean = f32x4.mul(half, f32x4.add(t0, t2));
  v128.store(at + <usize>swap03(0, turned) * plane, t0);
  v128.store(at + plane, f32x4.add(mean, f32x4.mul(half, t1)));
  v128.store(at + 2 * plane, f32x4.sub(mean, f32x4.mul(half, t1)));
  v128.store(at + <usize>swap03(3, turned) * plane, t2);
}

// winogradFilter for four consecutive channels of one filter at once, a channel a lane.
@inline function filterTiles4(src: usize, at: usize, plane: usize, turned: bool): void {
  const g0 = taps4(src, 0), g1 = taps4(src, 1), g2 = taps4(src, 2);
  const g3 = taps4(src, 3), g4 = taps4(src, 4), g5 = taps4(src, 5);
  const g6 = taps4(src, 6), g7 = taps4(src, 7), g8 = taps4(src, 8);
  for (let r = 0; r < 4; r++) {
    const row = at + <usize>(4 * swap03(r, turned)) * plane;
    filterRow4(row, plane, gRow(r, g0, g3, g6), gRow(r, g1, g4, g7), gRow(r, g2, g5, g8), turned);
  }
}

// V_e[c][t] = (B^T d B)_e for tiles [t0, t0+count) of image x [C, H, W] (padding p), channels
// [c0, c1): four tiles of a row at a time where their patches lie inside the row (inputTiles4),
// one at a time at the edges
export function winogradInput(
  x: usize, C: i32, H: i32, W: i32, p: i32, tilesW: i32, t0: i32, count: i32, V: usize, c0: i32, c1: i32,
): void {
  const plane = <usize>(C * count) * 4;
  const image = <usize>(H * W) * 4;
  for (let c = c0; c < c1; c++) {
    const img = x + <usize>c * image;
    for (let t = 0; t < count; ) {
      const y0 = 2 * ((t0 + t) / tilesW) - p;
      const tx = (t0 + t) % tilesW;
      const x0 = 2 * tx - p;
      const at = V + <usize>(c * count + t) * 4;
      // four tiles' patches span columns x0 .. x0 + 9
      if (t + 4 <= count && tx + 4 <= tilesW && x0 >= 0 && x0 + 10 <= W) {
        inputTiles4(img, H, W, y0, x0, at, plane);
        t += 4;
      } else {
        inputTile(img, H, W, y0, x0, at, plane);
        t++;
      }
    }
  }
}

// Row iy of four adjacent patches from column x0 (x0 .. x0 + 9, inside the row; zero outside the
// image) as the three vectors x0 .. x0 + 3, x0 + 4 .. x0 + 7 and x0 + 8, x0 + 9, 0, 0.
@inline function rowPart(img: usize, H: i32, W: i32, iy: i32, x0: i32, part: i32): v128 {
  if (iy < 0 || iy >= H) return f32x4.splat(0);
  const q = img + <usize>(iy * W + x0) * 4;
  return part == 0 ? v128.load(q) : part == 1 ? v128.load(q, 16) : v128.load64_zero(q, 32);
}

// Column j of four adjacent patches, a tile a lane, from their row's parts: lane i is x0 + 2i + j.
@inline function patchColumn(j: i32, lo: v128, hi: v128, tail: v128): v128 {
  const even = f32x4.shuffle(lo, hi, 0, 2, 4, 6);
  const odd = f32x4.shuffle(lo, hi, 1, 3, 5, 7);
  return j == 0 ? even : j == 1 ? odd : j == 2 ? f32x4.shuffle(even, tail, 1, 2, 3, 4) : f32x4.shuffle(odd, tail, 1, 2, 3, 5);
}

// Element e of B^T applied to four values (a row or a column of a patch): a0 - a2, a1 + a2,
// a2 - a1, a1 - a3.
@inline function bT(e: i32, a0: v128, a1: v128, a2: v128, a3: v128): v128 {
  return e == 0 ? f32x4.sub(a0, a2) : e == 1 ? f32x4.add(a1, a2) : e == 2 ? f32x4.sub(a2, a1) : f32x4.sub(a1, a3);
}

// Column j of B^T d B for four tiles, from column j of (d B) in each of the patch's rows: its four
// elements (rows r of B^T) stored at e = 4r + j, a plane apart.
@inline function inputColumn4(w0: v128, w1: v128, w2: v128, w3: v128, at: usize, plane: usize): void {
  v128.store(at, bT(0, w0, w1, w2, w3));
  v128.store(at + 4 * plane, bT(1, w0, w1, w2, w3));
  v128.store(at + 8 * plane, bT(2, w0, w1, w2, w3));
  v128.store(at + 12 * plane, bT(3, w0, w1, w2, w3));
}

// inputTile for four adjacent tiles of a row at once, one tile a lane, the patches inside the row:
// the patches' rows, then column j of d B in each row and B^T down that column.
@inline function inputTiles4(img: usize, H: i32, W: i32, y0: i32, x0: i32, at: usize, plane: usize): void {
  const l0 = rowPart(img, H, W, y0 + 0, x0, 0), h0 = rowPart(img, H, W, y0 + 0, x0, 1), e0 = rowPart(img, H, W, y0 + 0, x0, 2);
  const d00 = patchColumn(0, l0, h0, e0), d01 = patchColumn(1, l0, h0, e0), d02 = patchColumn(2, l0, h0, e0), d03 = patchColumn(3, l0, h0, e0);
  const l1 = rowPart(img, H, W, y0 + 1, x0, 0), h1 = rowPart(img, H, W, y0 + 1, x0, 1), e1 = rowPart(img, H, W, y0 + 1, x0, 2);
  const d10 = patchColumn(0, l1, h1, e1), d11 = patchColumn(1, l1, h1, e1), d12 = patchColumn(2, l1, h1, e1), d13 = patchColumn(3, l1, h1, e1);
  const l2 = rowPart(img, H, W, y0 + 2, x0, 0), h2 = rowPart(img, H, W, y0 + 2, x0, 1), e2 = rowPart(img, H, W, y0 + 2, x0, 2);
  const d20 = patchColumn(0, l2, h2, e2), d21 = patchColumn(1, l2, h2, e2), d22 = patchColumn(2, l2, h2, e2), d23 = patchColumn(3, l2, h2, e2);
  const l3 = rowPart(img, H, W, y0 + 3, x0, 0), h3 = rowPart(img, H, W, y0 + 3, x0, 1), e3 = rowPart(img, H, W, y0 + 3, x0, 2);
  const d30 = patchColumn(0, l3, h3, e3), d31 = patchColumn(1, l3, h3, e3), d32 = patchColumn(2, l3, h3, e3), d33 = patchColumn(3, l3, h3, e3);
  inputColumn4(bT(0, d00, d01, d02, d03), bT(0, d10, d11, d12, d13), bT(0, d20, d21, d22, d23), bT(0, d30, d31, d32, d33), at + 0 * plane, plane);
  inputColumn4(bT(1, d00, d01, d02, d03), bT(1, d10, d11, d12, d13), bT(1, d20, d21, d22, d23), bT(1, d30, d31, d32, d33), at + 1 * plane, plane);
  inputColumn4(bT(2, d00, d01, d02, d03), bT(2, d10, d11, d12, d13), bT(2, d20, d21, d22, d23), bT(2, d30, d31, d32, d33), at + 2 * plane, plane);
  inputColumn4(bT(3, d00, d01, d02, d03), bT(3, d10, d11, d12, d13), bT(3, d20, d21, d22, d23), bT(3, d30, d31, d32, d33), at + 3 * plane, plane);
}

// The sixteen elements of B^T d B for the 4x4 patch of one channel's image img from (y0, x0),
// zero outside it, stored a plane apart from at.
@inline function inputTile(img: usize, H: i32, W: i32, y0: i32, x0: i32, at: usize, plane: usize): void {
  // B^T d: rows d0 - d2, d1 + d2, d2 - d1, d1 - d3 of the patch, each a row of four
  let r00: f32 = 0, r01: f32 = 0, r02: f32 = 0, r03: f32 = 0, r10: f32 = 0, r11: f32 = 0, r12: f32 = 0, r13: f32 = 0;
  let r20: f32 = 0, r21: f32 = 0, r22: f32 = 0, r23: f32 = 0, r30: f32 = 0, r31: f32 = 0, r32: f32 = 0, r33: f32 = 0;
  for (let i = 0; i < 4; i++) {
    const iy = y0 + i;
    let v0: f32 = 0, v1: f32 = 0, v2: f32 = 0, v3: f32 = 0;
    if (iy >= 0 && iy < H) {
      const row = img + <usize>(iy * W) * 4;
      if (x0 >= 0 && x0 + 3 < W) {
        const q = row + <usize>x0 * 4;
        v0 = load<f32>(q); v1 = load<f32>(q, 4); v2 = load<f32>(q, 8); v3 = load<f32>(q, 12);
      } else {
        if (x0 >= 0 && x0 < W) v0 = load<f32>(row + <usize>x0 * 4);
        if (x0 + 1 >= 0 && x0 + 1 < W) v1 = load<f32>(row + <usize>(x0 + 1) * 4);
        if (x0 + 2 >= 0 && x0 + 2 < W) v2 = load<f32>(row + <usize>(x0 + 2) * 4);
        if (x0 + 3 >= 0 && x0 + 3 < W) v3 = load<f32>(row + <usize>(x0 + 3) * 4);
      }
    }
    // row i of the patch contributes to rows 0..3 of B^T d
    if (i == 0) { r00 += v0; r01 += v1; r02 += v2; r03 += v3; }
    else if (i == 1) { r10 += v0; r11 += v1; r12 += v2; r13 += v3; r20 -= v0; r21 -= v1; r22 -= v2; r23 -= v3; r30 += v0; r31 += v1; r32 += v2; r33 += v3; }
    else if (i == 2) { r00 -= v0; r01 -= v1; r02 -= v2; r03 -= v3; r10 += v0; r11 += v1; r12 += v2; r13 += v3; r20 += v0; r21 += v1; r22 += v2; r23 += v3; }
    else { r30 -= v0; r31 -= v1; r32 -= v2; r33 -= v3; }
  }
  inputRow(at, plane, r00, r01, r02, r03);
  inputRow(at + 4 * plane, plane, r10, r11, r12, r13);
  inputRow(at + 8 * plane, plane, r20, r21, r22, r23);
  inputRow(at + 12 * plane, plane, r30, r31, r32, r33);
}

// one row of (B^T d) times B: elements a0 - a2, a1 + a2, a2 - a1, a1 - a3, a plane apart
@inline function inputRow(at: usize, plane: usize, a0: f32, a1: f32, a2: f32, a3: f32): void {
  store<f32>(at, a0 - a2);
  store<f32>(at + plane, a1 + a2);
  store<f32>(at + 2 * plane, a2 - a1);
  store<f32>(at + 3 * plane, a1 - a3);
}

// y[o] tiles [t0, t0+count) = A^T M A from M_e[o][t], filters [o0, o1) of y [k, outH, outW]
export function winogradOutput(
  M: usize, k: i32, tilesW: i32, t0: i32, count: i32, outH: i32, outW: i32, y: usize, o0: i32, o1: i32,
): void {
  const plane = <usize>(k * count) * 4;
  for (let o = o0; o < o1; o++) {
    const out = y + <usize>(o * outH * outW) * 4;
    for (let t = 0; t < count; t++) {
      const m = M + <usize>(o * count + t) * 4;
      const tx = (t0 + t) % tilesW;
      if (t + 4 <= count && tx + 4 <= tilesW && 2 * tx + 8 <= outW && 2 * ((t0 + t) / tilesW) + 2 <= outH) {
        outputTiles4(m, plane, out + <usize>(2 * ((t0 + t) / tilesW) * outW + 2 * tx) * 4, <usize>outW * 4);
        t += 3;
        continue;
      }
      // A^T m: rows m0 + m1 + m2 and m1 - m2 - m3 of the 4x4 m (row e/4, column e%4)
      let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0, u0: f32 = 0, u1: f32 = 0, u2: f32 = 0, u3: f32 = 0;
      for (let i = 0; i < 4; i++) {
        const row = m + <usize>(i * 4) * plane;
        const v0 = load<f32>(row), v1 = load<f32>(row + plane), v2 = load<f32>(row + 2 * plane), v3 = load<f32>(row + 3 * plane);
        if (i < 3) { s0 += v0; s1 += v1; s2 += v2; s3 += v3; }
        if (i == 1) { u0 += v0; u1 += v1; u2 += v2; u3 += v3; }
        else if (i > 1) { u0 -= v0; u1 -= v1; u2 -= v2; u3 -= v3; }
      }
      const oy = 2 * ((t0 + t) / tilesW);
      const ox = 2 * ((t0 + t) % tilesW);
      const right = ox + 1 < outW;
      let at = out + <usize>(oy * outW + ox) * 4;
      store<f32>(at, s0 + s1 + s2);
      if (right) store<f32>(at, s1 - s2 - s3, 4);
      if (oy + 1 < outH) {
        at += <usize>outW * 4;
        store<f32>(at, u0 + u1 + u2);
        if (right) store<f32>(at, u1 - u2 - u3, 4);
      }
    }
  }
}

// winogradOutput for four adjacent tiles of a row (a tile a lane), all of whose outputs exist: A^T m A
// per lane, then each output row's pairs interleaved into eight adjacent outputs.
@inline function outputTiles4(m: usize, plane: usize, at: usize, rowBytes: usize): void {
  const m00 = v128.load(m), m01 = v128.load(m + plane), m02 = v128.load(m + 2 * plane), m03 = v128.load(m + 3 * plane);
  const m10 = v128.load(m + 4 * plane), m11 = v128.load(m + 5 * plane), m12 = v128.load(m + 6 * plane), m13 = v128.load(m + 7 * plane);
  const m20 = v128.load(m + 8 * plane), m21 = v128.load(m + 9 * plane), m22 = v128.load(m + 10 * plane), m23 = v128.load(m + 11 * plane);
  const m30 = v128.load(m + 12 * plane), m31 = v128.load(m + 13 * plane), m32 = v128.load(m + 14 * plane), m33 = v128.load(m + 15 * plane);
  // A^T m: rows m0 + m1 + m2 (s) and m1 - m2 - m3 (u)
  const s0 = f32x4.add(f32x4.add(m00, m10), m20), s1 = f32x4.add(f32x4.add(m01, m11), m21);
  const s2 = f32x4.add(f32x4.add(m02, m12), m22), s3 = f32x4.add(f32x4.add(m03, m13), m23);
  const u0 = f32x4.sub(f32x4.sub(m10, m20), m30), u1 = f32x4.sub(f32x4.sub(m11, m21), m31);
  const u2 = f32x4.sub(f32x4.sub(m12, m22), m32), u3 = f32x4.sub(f32x4.sub(m13, m23), m33);
  outputRow4(at, f32x4.add(f32x4.add(s0, s1), s2), f32x4.sub(f32x4.sub(s1, s2), s3));
  outputRow4(at + rowBytes, f32x4.add(f32x4.add(u0, u1), u2), f32x4.sub(f32x4.sub(u1, u2), u3));
}

// four tiles' left (l) and right (r) outputs of a row as l0 r0 l1 r1 l2 r2 l3 r3 from at
@inline function outputRow4(at: usize, l: v128, r: v128): void {
  v128.store(at, f32x4.shuffle(l, r, 0, 4, 1, 5));
  v128.store(at, f32x4.shuffle(l, r, 2, 6, 3, 7), 16);
}

// y[o, :] += bias[o] over the maps [o0, o1) of y [k, N] (a convolution's per-channel bias)
export function addBias(y: usize, bias: usize, N: i32, o0: i32, o1: i32): void {
  for (let o = o0; o < o1; o++) {
    const b = load<f32>(bias + <usize>o * 4);
    const v = f32x4.splat(b);
    let at = y + <usize>(o * N) * 4;
    const end = at + <usize>N * 4;
    for (; at + 16 <= end; at += 16) v128.store(at, f32x4.add(v128.load(at), v));
    for (; at < end; at += 4) store<f32>(at, load<f32>(at) + b);
  }
}

// dBias[o] += the sum of dy[o, :] over the maps [o0, o1) of dy [k, N] (a convolution's bias
// gradient): summed in f64, as the reference (kernels/channel-bias.ts) sums in JavaScript numbers,
// in four lanes rather than its one order, so the two round alike to f32 but for a last bit where a
// sum lies that close to a rounding boundary.
export function biasGradient(dy: usize, dBias: usize, N: i32, o0: i32, o1: i32): void {
  for (let o = o0; o < o1; o++) {
    let at = dy + <usize>(o * N) * 4;
    const end = at + <usize>N * 4;
    let lo = f64x2.splat(0);
    let hi = f64x2.splat(0);
    for (; at + 16 <= end; at += 16) {
      const v = v128.load(at);
      lo = f64x2.add(lo, lowPair(v));
      hi = f64x2.add(hi, highPair(v));
    }
    let s = lanesSum(lo, hi);
    for (; at < end; at += 4) s += <f64>load<f32>(at);
    const b = dBias + <usize>o * 4;
    store<f32>(b, <f32>(<f64>load<f32>(b) + s));
  }
}

// Element-wise kernels over elements [lo, hi) (threads split the range).
// ReLU as kernels/activations.ts: y = x <= 0 ? 0 : x, so NaN passes (it fails the comparison) and
// -0 becomes +0; the backward dx = y <= 0 ? 0 : dy. Clearing the lanes the comparison selects gives
// exactly those bits. In place (y == x, dx == dy) is safe: each element is read before it is written.
export function relu(x: usize, y: usize, lo: i32, hi: i32): void {
  const zero = f32x4.splat(0);
  let i = lo;
  for (; i + 4 <= hi; i += 4) {
    const at = <usize>i * 4;
    const v = v128.load(x + at);
    v128.store(y + at, v128.andnot(v, f32x4.le(v, zero)));
  }
  for (; i < hi; i++) {
    const v = load<f32>(x + <usize>i * 4);
    store<f32>(y + <usize>i * 4, v <= 0 ? 0 : v);
  }
}

// y = a + b over elements [lo, hi) (y may be a): a sum's merge, and a gradient that several
// branches give (the float32 sum, as JavaScript's float64 sum of two float32 values rounds to it)
export function addInto(y: usize, a: usize, b: usize, lo: i32, hi: i32): void {
  let i = lo;
  for (; i + 4 <= hi; i += 4) {
    const at = <usize>i * 4;
    v128.store(y + at, f32x4.add(v128.load(a + at), v128.load(b + at)));
  }
  for (; i < hi; i++) {
    const at = <usize>i * 4;
    store<f32>(y + at, load<f32>(a + at) + load<f32>(b + at));
  }
}

export function reluBackward(y: usize, dy: usize, dx: usize, lo: i32, hi: i32): void {
  const zero = f32x4.splat(0);
  let i = lo;
  for (; i + 4 <= hi; i += 4) {
    const at = <usize>i * 4;
    v128.store(dx + at, v128.andnot(v128.load(dy + at), f32x4.le(v128.load(y + at), zero)));
  }
  for (; i < hi; i++) {
    const at = <usize>i * 4;
    store<f32>(dx + at, load<f32>(y + at) <= 0 ? 0 : load<f32>(dy + at));
  }
}

// Max pooling as kernels/pool.ts poolForward (windows clipped to the input, a NaN wins its window,
// ties keep the first), planes [p0, p1) of x [planes, H, W] -> y [planes, outH, outW]; idx, unless
// 0, gets the offset within the image ((plane % C)*H*W + iy*W + ix) of the input each output took.
export function maxPool(
  x: usize, y: usize, idx: usize, C: i32, H: i32, W: i32, fh: i32, sh: i32, ph: i32, fw: i32, sw: i32, pw: i32,
  outH: i32, outW: i32, p0: i32, p1: i32,
): void {
  const pairs = fh == 2 && fw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0; // POOL2, the commonest
  for (let plane = p0; plane < p1; plane++) {
    const img = x + <usize>(plane * H * W) * 4;
    const imageOff = (plane % C) * H * W;
    let o = <usize>(plane * outH * outW) * 4;
    for (let oy = 0; oy < outH; oy++) {
      const sy = oy * sh - ph;
      const ylo = sy < 0 ? 0 : sy;
      const yhi = min(sy + fh, H);
      for (let ox = 0; ox < outW; ox++, o += 4) {
        if (pairs && ox + 4 <= outW && 2 * ox + 8 <= W && sy + 2 <= H) {
          maxPool2x2Four(img, W, sy, 2 * ox, imageOff, y + o, idx == 0 ? 0 : idx + o);
          ox += 3;
          o += 12;
          continue;
        }
        const sx = ox * sw - pw;
        // four outputs a lane where all four windows' columns lie in the row (and, at stride 2,
        // the one input past them that the second load reads)
        if (sw <= 2 && ox + 4 <= outW && sx >= 0 && sx + 3 * sw + fw + sw - 1 <= W && ylo < yhi) {
          maxPoolFour(img, W, ylo, yhi, sx, fw, sw, imageOff, y + o, idx == 0 ? 0 : idx + o);
          ox += 3;
          o += 12;
          continue;
        }
        const xlo = sx < 0 ? 0 : sx;
        const xhi = min(sx + fw, W);
        let best: f32 = -Infinity;
        let at = -1;
        for (let iy = ylo; iy < yhi; iy++) {
          for (let ix = xlo; ix < xhi; ix++) {
            const v = load<f32>(img + <usize>(iy * W + ix) * 4);
            if (v > best || at < 0 || v != v) {
              best = v;
              at = iy * W + ix;
            }
          }
        }
        store<f32>(y + o, best);
        if (idx != 0) store<i32>(idx + o, imageOff + at);
      }
    }
  }
}

// Four adjacent outputs of a max pooling at stride s (1 or 2) whose windows (rows [ylo, yhi),
// columns sx + lane * s + [0, fw)) lie inside the image, an output a lane: the scalar loop's order
// and test (the window's first input, then a later one wins where it is larger or NaN), so the
// same bits and indices. No indices where idx is 0.
// @ts-ignore: decorator
@inline function maxPoolFour(img: usize, W: i32, ylo: i32, yhi: i32, sx: i32, fw: i32, s: i32, imageOff: i32, yAt: usize, idx: usize): void {
  const lanes = s == 1 ? i32x4(0, 1, 2, 3) : i32x4(0, 2, 4, 6);
  let best = stridedLoad(img + <usize>(ylo * W + sx) * 4, s);
  let at = i32x4.add(i32x4.splat(ylo * W + sx), lanes);
  for (let iy = ylo; iy < yhi; iy++) {
    for (let j = iy == ylo ? 1 : 0; j < fw; j++) {
      const first = iy * W + sx + j;
      const v = stridedLoad(img + <usize>first * 4, s);
      const take = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
      best = v128.bitselect(v, best, take);
      at = v128.bitselect(i32x4.add(i32x4.splat(first), lanes), at, take);
    }
  }
  v128.store(yAt, best);
  if (idx != 0) v128.store(idx, i32x4.add(at, i32x4.splat(imageOff)));
}

// Average pooling as kernels/pool.ts poolForward's avg (AvgPool2d with count_include_pad): the sum
// over the window clipped to the input, in float64 in the window's order, over the window's size
// within the padded input (f*f but for a last ceil-mode window); four outputs a lane (two float64
// pairs) where their windows' columns lie in the row, as maxPool's. The same bits.
export function avgPool(
  x: usize, y: usize, H: i32, W: i32, fh: i32, sh: i32, ph: i32, fw: i32, sw: i32, pw: i32, outH: i32, outW: i32, p0: i32, p1: i32,
): void {
  for (let plane = p0; plane < p1; plane++) {
    const img = x + <usize>(plane * H * W) * 4;
    let o = y + <usize>(plane * outH * outW) * 4;
    for (let oy = 0; oy < outH; oy++) {
      const sy = oy * sh - ph;
      const ylo = sy < 0 ? 0 : sy;
      const yend = min(sy + fh, H + ph);
      const yhi = min(yend, H);
      const py = <f64>(yend - sy);
      for (let ox = 0; ox < outW; ox++, o += 4) {
        const sx = ox * sw - pw;
        if (sw <= 2 && ox + 4 <= outW && sx >= 0 && sx + 3 * sw + fw + sw - 1 <= W) {
          let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
          for (let iy = ylo; iy < yhi; iy++) {
            for (let j = 0; j < fw; j++) {
              const v = stridedLoad(img + <usize>(iy * W + sx + j) * 4, sw);
              s0 = f64x2.add(s0, lowPair(v));
              s1 = f64x2.add(s1, highPair(v));
            }
          }
          const size = f64x2.splat(py * <f64>fw); // inside the row: each window fw wide
          v128.store(o, joinPairs(f64x2.div(s0, size), f64x2.div(s1, size)));
          ox += 3;
          o += 12;
          continue;
        }
        const xlo = sx < 0 ? 0 : sx;
        const xend = min(sx + fw, W + pw);
        const xhi = min(xend, W);
        let sum: f64 = 0;
        for (let iy = ylo; iy < yhi; iy++) for (let ix = xlo; ix < xhi; ix++) sum += <f64>load<f32>(img + <usize>(iy * W + ix) * 4);
        store<f32>(o, <f32>(sum / (py * <f64>(xend - sx))));
      }
    }
  }
}

// Average pooling's backward as kernels/pool.ts windowPoolBackward's avg: dx [planes, H, W] of
// planes [p0, p1) zeroed, then each output's gradient over its window's padded size added to every
// input of its window, output by output and in the window's order, each sum rounded to float32 as
// the reference stores it: the same bits.
export function avgPoolBackward(
  dy: usize, dx: usize, H: i32, W: i32, fh: i32, sh: i32, ph: i32, fw: i32, sw: i32, pw: i32, outH: i32, outW: i32, p0: i32, p1: i32,
): void {
  for (let plane = p0; plane < p1; plane++) {
    const img = dx + <usize>(plane * H * W) * 4;
    memory.fill(img, 0, <usize>(H * W) * 4);
    let o = dy + <usize>(plane * outH * outW) * 4;
    for (let oy = 0; oy < outH; oy++) {
      const sy = oy * sh - ph;
      const ylo = sy < 0 ? 0 : sy;
      const yend = min(sy + fh, H + ph);
      const yhi = min(yend, H);
      for (let ox = 0; ox < outW; ox++, o += 4) {
        const sx = ox * sw - pw;
        const xlo = sx < 0 ? 0 : sx;
        const xend = min(sx + fw, W + pw);
        const xhi = min(xend, W);
        const share = <f64>load<f32>(o) / (<f64>(yend - sy) * <f64>(xend - sx));
        for (let iy = ylo; iy < yhi; iy++) {
          for (let ix = xlo; ix < xhi; ix++) {
            const at = img + <usize>(iy * W + ix) * 4;
            store<f32>(at, <f32>(<f64>load<f32>(at) + share));
          }
        }
      }
    }
  }
}

// Max pooling's backward as kernels/pool.ts maxPoolBackward, each sum in its order (so the same
// bits): planes [p0, p1) of dx [planes, H, W] zeroed, then each output's gradient added to the input
// its window took (idx as maxPool writes it: offsets within the image); a plane at a time, so that it
// is still in cache for the additions.
export function maxPoolBackward(dy: usize, idx: usize, dx: usize, C: i32, inPlane: i32, outPlane: i32, p0: i32, p1: i32): void {
  for (let p = p0; p < p1; p++) {
    memory.fill(dx + <usize>(p * inPlane) * 4, 0, <usize>inPlane * 4);
    const image = dx + <usize>((p / C) * C * inPlane) * 4;
    for (let o = p * outPlane, end = o + outPlane; o < end; o++) {
      const at = image + <usize>load<i32>(idx + <usize>o * 4) * 4;
      store<f32>(at, load<f32>(at) + load<f32>(dy + <usize>o * 4));
    }
  }
}

// Four adjacent outputs of a 2x2 stride-2 max pooling from rows iy and iy + 1, columns ix .. ix + 7,
// an output a lane: the scalar loop's order and test (a later value wins where it is larger or NaN),
// so the same bits and indices, -0 and NaN included. No indices where idx is 0.
@inline function maxPool2x2Four(img: usize, W: i32, iy: i32, ix: i32, imageOff: i32, yAt: usize, idx: usize): void {
  const top = img + <usize>(iy * W + ix) * 4;
  const bottom = top + <usize>W * 4;
  const t0 = v128.load(top), t1 = v128.load(top, 16), b0 = v128.load(bottom), b1 = v128.load(bottom, 16);
  const first = i32x4.add(i32x4.splat(imageOff + iy * W + ix), i32x4(0, 2, 4, 6));
  let best = f32x4.shuffle(t0, t1, 0, 2, 4, 6);
  let at = first;
  for (let q = 1; q < 4; q++) {
    const v = q == 1 ? f32x4.shuffle(t0, t1, 1, 3, 5, 7) : q == 2 ? f32x4.shuffle(b0, b1, 0, 2, 4, 6) : f32x4.shuffle(b0, b1, 1, 3, 5, 7);
    const wins = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
    best = v128.bitselect(v, best, wins);
    at = v128.bitselect(i32x4.add(first, i32x4.splat(q == 1 ? 1 : q == 2 ? W : W + 1)), at, wins);
  }
  v128.store(yAt, best);
  if (idx != 0) v128.store(idx, at);
}

// One optimizer step (optim/optimizers.ts, whose formulas these are, operation for operation) over
// elements [lo, hi) of the weights w, gradients g and state s0, s1. The reference computes in
// float64 (JavaScript numbers) and rounds to float32 at each store, so this does too, two elements
// at a time in f64x2: each IEEE operation gives the same bits, and a stored state is read back
// rounded, as the reference reads it. hp: f64 [lr, c1 (adam's 1 - b1^t), c2 (1 - b2^t), first step
// (1 or 0), adamw's decay factor 1 - lr*wd]. kind: the index in OPTIMIZER_NAMES.
const SGD = 0, MOMENTUM = 1, NESTEROV = 2, ADAM = 3, ADAMW = 4, RMSPROP = 5;

// two float32 at p (one where !two) as f64x2
@inline function get(p: usize, two: bool): v128 {
  return f64x2.promote_low_f32x4(two ? v128.load64_zero(p) : v128.load32_zero(p));
}

// stores v rounded to float32 and gives back what was stored, as float64
@inline function put(p: usize, v: v128, two: bool): v128 {
  const f = f32x4.demote_f64x2_zero(v);
  if (two) v128.store64_lane(p, f, 0);
  else v128.store32_lane(p, f, 0);
  return f64x2.promote_low_f32x4(f);
}

@inline function fill(x: f64): v128 {
  return f64x2.splat(x);
}

// SGD's step of two weights (one where !two): w -= lr g
@inline function sgdAt(w: usize, g: usize, lr: v128, two: bool): void {
  put(w, f64x2.sub(get(w, two), f64x2.mul(lr, get(g, two))), two);
}

@inline function optimizeAt(kind: i32, w: usize, g: usize, s0: usize, s1: usize, two: bool,
  lr: v128, c1: v128, c2: v128, first: bool, decay: v128): void {
  if (kind == SGD) {
    sgdAt(w, g, lr, two);
    return;
  }
  const gv = get(g, two);
  if (kind == MOMENTUM || kind == NESTEROV) {
    const mu = fill(0.9);
    const b = put(s0, first ? gv : f64x2.add(f64x2.mul(mu, get(s0, two)), gv), two);
    const d = kind == NESTEROV ? f64x2.add(gv, f64x2.mul(mu, b)) : b;
    put(w, f64x2.sub(get(w, two), f64x2.mul(lr, d)), two);
  } else if (kind == ADAM || kind == ADAMW) {
    const b1 = 0.9, b2 = 0.999;
    let wv = get(w, two);
    if (kind == ADAMW) wv = put(w, f64x2.mul(wv, decay), two);
    const m = put(s0, f64x2.add(f64x2.mul(fill(b1), get(s0, two)), f64x2.mul(fill(1 - b1), gv)), two);
    const v = put(s1, f64x2.add(f64x2.mul(fill(b2), get(s1, two)), f64x2.mul(f64x2.mul(fill(1 - b2), gv), gv)), two);
    const num = f64x2.mul(lr, f64x2.div(m, c1));
    const den = f64x2.add(f64x2.sqrt(f64x2.div(v, c2)), fill(1e-8));
    put(w, f64x2.sub(wv, f64x2.div(num, den)), two);
  } else if (kind == RMSPROP) {
    const v = put(s0, f64x2.add(f64x2.mul(fill(0.99), get(s0, two)), f64x2.mul(f64x2.mul(fill(0.01), gv), gv)), two);
    put(w, f64x2.sub(get(w, two), f64x2.div(f64x2.mul(lr, gv), f64x2.add(f64x2.sqrt(v), fill(1e-8)))), two);
  } else {
    const s = put(s0, f64x2.add(get(s0, two), f64x2.mul(gv, gv)), two);
    put(w, f64x2.sub(get(w, two), f64x2.div(f64x2.mul(lr, gv), f64x2.add(f64x2.sqrt(s), fill(1e-10)))), two);
  }
}

export function optimize(kind: i32, w: usize, g: usize, s0: usize, s1: usize, hp: usize, lo: i32, hi: i32): void {
  // the step's constants, once per call rather than per element (for all the compiler knows, the
  // stores below could write over hp)
  const lr = fill(load<f64>(hp)), c1 = fill(load<f64>(hp, 8)), c2 = fill(load<f64>(hp, 16));
  const first = load<f64>(hp, 24) != 0, decay = fill(load<f64>(hp, 32));
  let i = lo;
  if (kind == SGD) {
    // the commonest step, without the kind's tests: as optimizeAt's, in float64, then rounded (two
    // at a time: four, as one vector load and store of each tensor, ran slower in a training step,
    // 134 against 82 ms over VGG16's weights, though faster on its own)
    for (; i + 2 <= hi; i += 2) sgdAt(w + <usize>i * 4, g + <usize>i * 4, lr, true);
  }
  for (; i + 2 <= hi; i += 2) {
    const at = <usize>i * 4;
    optimizeAt(kind, w + at, g + at, s0 + at, s1 + at, true, lr, c1, c2, first, decay);
  }
  if (i < hi) {
    const at = <usize>i * 4;
    optimizeAt(kind, w + at, g + at, s0 + at, s1 + at, false, lr, c1, c2, first, decay);
  }
}

// The weight gradient by the same transforms (the adjoint of the forward's): with M = sum over c of
// U_c . V_c and y = A^T M A per tile, dM = A dy A^T, dU_e [k x C] = sum over tiles of
// dM_e [k x P] * V_e^T [P x C] (sixteen GEMMs, 4*k*C*P multiplies for im2col + GEMM's 9*k*C*P) and
// dg = G^T dU G. dM in M's layout [16][k][P], dU in U's [16][k][C]; both operands of those
// products run along P, which packA and packB turn four by four in registers.

// dM_e[o][t] = (A dy_t A^T)_e for tiles [t0, t0+count) of dy [k, outH, outW], filters [o0, o1); a
// tile's outputs beyond outH x outW were never stored, so their gradient is 0. Four tiles of a row
// at a time (a tile a lane) where all their outputs exist.
export function winogradOutputAdjoint(
  dy: usize, k: i32, tilesW: i32, t0: i32, count: i32, outH: i32, outW: i32, M: usize, o0: i32, o1: i32,
): void {
  const plane = <usize>(k * count) * 4;
  for (let o = o0; o < o1; o++) {
    const grad = dy + <usize>(o * outH * outW) * 4;
    for (let t = 0; t < count; ) {
      const oy = 2 * ((t0 + t) / tilesW);
      const tx = (t0 + t) % tilesW;
      const ox = 2 * tx;
      const m = M + <usize>(o * count + t) * 4;
      const at = grad + <usize>(oy * outW + ox) * 4;
      if (t + 4 <= count && tx + 4 <= tilesW && ox + 8 <= outW && oy + 2 <= outH) {
        const top0 = v128.load(at), top1 = v128.load(at, 16);
        const bot = at + <usize>outW * 4;
        const bot0 = v128.load(bot), bot1 = v128.load(bot, 16);
        const a = f32x4.shuffle(top0, top1, 0, 2, 4, 6), b = f32x4.shuffle(top0, top1, 1, 3, 5, 7);
        const c = f32x4.shuffle(bot0, bot1, 0, 2, 4, 6), d = f32x4.shuffle(bot0, bot1, 1, 3, 5, 7);
        adjointRow4(m, plane, a, b);
        adjointRow4(m + 4 * plane, plane, f32x4.add(a, c), f32x4.add(b, d));
        adjointRow4(m + 8 * plane, plane, f32x4.sub(a, c), f32x4.sub(b, d));
        adjointRow4(m + 12 * plane, plane, f32x4.neg(c), f32x4.neg(d));
        t += 4;
        continue;
      }
      const right = ox + 1 < outW;
      const down = oy + 1 < outH;
      const a = load<f32>(at);
      const b: f32 = right ? load<f32>(at, 4) : 0;
      const c: f32 = down ? load<f32>(at + <usize>outW * 4) : 0;
      const d: f32 = right && down ? load<f32>(at + <usize>outW * 4, 4) : 0;
      // A dy: rows (a, b), (a + c, b + d), (a - c, b - d), (-c, -d); each times A^T
      adjointRow(m, plane, a, b);
      adjointRow(m + 4 * plane, plane, a + c, b + d);
      adjointRow(m + 8 * plane, plane, a - c, b - d);
      adjointRow(m + 12 * plane, plane, -c, -d);
      t++;
    }
  }
}

// adjointRow for four tiles, a tile a lane
@inline function adjointRow4(at: usize, plane: usize, p: v128, q: v128): void {
  v128.store(at, p);
  v128.store(at + plane, f32x4.add(p, q));
  v128.store(at + 2 * plane, f32x4.sub(p, q));
  v128.store(at + 3 * plane, f32x4.neg(q));
}

// a row (p, q) of A dy times A^T: p, p + q, p - q, -q, a plane apart
@inline function adjointRow(at: usize, plane: usize, p: f32, q: f32): void {
  store<f32>(at, p);
  store<f32>(at + plane, p + q);
  store<f32>(at + 2 * plane, p - q);
  store<f32>(at + 3 * plane, -q);
}

// row i of G^T x for the four values x0..x3 of a column (G's column i): the 3x4 G^T's rows are
// (1, 1/2, 1/2, 0), (0, 1/2, -1/2, 0), (0, 1/2, 1/2, 1)
@inline function gT(i: i32, x0: f32, x1: f32, x2: f32, x3: f32): f32 {
  return i == 0 ? x0 + 0.5 * (x1 + x2) : i == 1 ? 0.5 * (x1 - x2) : 0.5 * (x1 + x2) + x3;
}

// dw[o][c] += G^T dU_oc G for filters [o0, o1) of dw [k, C, 3, 3] (the adjoint of winogradFilter);
// fresh: dw is written, not added to (the gradient's first of the pass). kind >= 0: dw is the
// weight's final gradient, and each filter of w takes its optimizer step (optimize: state s0, s1
// laid out as w, constants at hp) as soon as its gradient is written, while that is in cache,
// instead of in a pass of the step's own over the whole of w and dw.
export function winogradFilterAdjoint(
  U: usize, k: i32, C: i32, dw: usize, fresh: i32, kind: i32, w: usize, s0: usize, s1: usize, hp: usize, o0: i32, o1: i32,
): void {
  const plane = <usize>(k * C) * 4;
  for (let o = o0; o < o1; o++) {
    filterAdjoint(U, plane, C, dw, fresh, o);
    if (kind >= 0) optimize(kind, w, dw, s0, s1, hp, o * C * 9, (o + 1) * C * 9);
  }
}

// winogradFilterAdjoint's filter o
@inline function filterAdjoint(U: usize, plane: usize, C: i32, dw: usize, fresh: i32, o: i32): void {
  let c0 = 0;
  for (; c0 + 4 <= C; c0 += 4) filterAdjoint4(U + <usize>(o * C + c0) * 4, plane, dw + <usize>((o * C + c0) * 9) * 4, fresh);
  for (let c = c0; c < C; c++) {
    const src = U + <usize>(o * C + c) * 4;
    const dst = dw + <usize>((o * C + c) * 9) * 4;
    for (let i = 0; i < 3; i++) {
      // row i of G^T dU, over dU's four columns j (element e = r*4 + j)
      let t0: f32 = 0, t1: f32 = 0, t2: f32 = 0, t3: f32 = 0;
      for (let j = 0; j < 4; j++) {
        const col = src + <usize>j * plane;
        const v = gT(i, load<f32>(col), load<f32>(col + 4 * plane), load<f32>(col + 8 * plane), load<f32>(col + 12 * plane));
        if (j == 0) t0 = v; else if (j == 1) t1 = v; else if (j == 2) t2 = v; else t3 = v;
      }
      for (let q = 0; q < 3; q++) {
        const at = dst + <usize>(i * 3 + q) * 4;
        const v = gT(q, t0, t1, t2, t3);
        store<f32>(at, fresh ? v : load<f32>(at) + v);
      }
    }
  }
}

// gT for four lanes at once
@inline function gT4(i: i32, x0: v128, x1: v128, x2: v128, x3: v128): v128 {
  const half = f32x4.splat(0.5);
  if (i == 0) return f32x4.add(x0, f32x4.mul(half, f32x4.add(x1, x2)));
  if (i == 1) return f32x4.mul(half, f32x4.sub(x1, x2));
  return f32x4.add(f32x4.mul(half, f32x4.add(x1, x2)), x3);
}

// Row i of G^T dU's column j, for four channels (a lane each) from dU at src (elements a plane apart).
@inline function adjointColumn4(i: i32, src: usize, plane: usize, j: i32): v128 {
  const col = src + <usize>j * plane;
  return gT4(i, v128.load(col), v128.load(col + 4 * plane), v128.load(col + 8 * plane), v128.load(col + 12 * plane));
}

// winogradFilterAdjoint for four consecutive channels of one filter, a channel a lane: the nine taps
// (i, q) of the four, turned channel by channel (two 4x4 transposes and the last tap's lanes) and
// added to, or written over (fresh), each channel's nine taps at dst (36 floats together) as eight
// vector stores and four single ones: 512 x 512 filters in 3.0 ms on two threads and 5.2-5.9 on
// one, where 36 single stores took 3.4 and 6.5.
@inline function filterAdjoint4(src: usize, plane: usize, dst: usize, fresh: i32): void {
  const a0 = adjointColumn4(0, src, plane, 0), a1 = adjointColumn4(0, src, plane, 1);
  const a2 = adjointColumn4(0, src, plane, 2), a3 = adjointColumn4(0, src, plane, 3);
  const b0 = adjointColumn4(1, src, plane, 0), b1 = adjointColumn4(1, src, plane, 1);
  const b2 = adjointColumn4(1, src, plane, 2), b3 = adjointColumn4(1, src, plane, 3);
  const c0 = adjointColumn4(2, src, plane, 0), c1 = adjointColumn4(2, src, plane, 1);
  const c2 = adjointColumn4(2, src, plane, 2), c3 = adjointColumn4(2, src, plane, 3);
  // taps 0-3, 4-7 and 8 in G's order (i * 3 + q), each for the four channels
  const t0 = gT4(0, a0, a1, a2, a3), t1 = gT4(1, a0, a1, a2, a3), t2 = gT4(2, a0, a1, a2, a3);
  const t3 = gT4(0, b0, b1, b2, b3), t4 = gT4(1, b0, b1, b2, b3), t5 = gT4(2, b0, b1, b2, b3);
  const t6 = gT4(0, c0, c1, c2, c3), t7 = gT4(1, c0, c1, c2, c3), t8 = gT4(2, c0, c1, c2, c3);
  for (let c = 0; c < 4; c++) {
    const at = dst + <usize>c * 36;
    tapsTo(at, lanesOf(t0, t1, t2, t3, c), fresh);
    tapsTo(at + 16, lanesOf(t4, t5, t6, t7, c), fresh);
    const last = c == 0 ? f32x4.extract_lane(t8, 0) : c == 1 ? f32x4.extract_lane(t8, 1) : c == 2 ? f32x4.extract_lane(t8, 2) : f32x4.extract_lane(t8, 3);
    store<f32>(at + 32, fresh ? last : load<f32>(at + 32) + last);
  }
}

// lane c of each of a, b, d, e, as one vector (column c of the 4x4 they make)
@inline function lanesOf(a: v128, b: v128, d: v128, e: v128, c: i32): v128 {
  if (c < 2) {
    const ab = v128.shuffle<f32>(a, b, 0, 4, 1, 5), de = v128.shuffle<f32>(d, e, 0, 4, 1, 5);
    return c == 0 ? v128.shuffle<f32>(ab, de, 0, 1, 4, 5) : v128.shuffle<f32>(ab, de, 2, 3, 6, 7);
  }
  const ab = v128.shuffle<f32>(a, b, 2, 6, 3, 7), de = v128.shuffle<f32>(d, e, 2, 6, 3, 7);
  return c == 2 ? v128.shuffle<f32>(ab, de, 0, 1, 4, 5) : v128.shuffle<f32>(ab, de, 2, 3, 6, 7);
}

// four taps at at: added to (or written, fresh)
@inline function tapsTo(at: usize, v: v128, fresh: i32): void {
  v128.store(at, fresh ? v : f32x4.add(v128.load(at), v));
}

// Winograd F(4x4, 3x3) for the weight gradient: tiles of 4x4 outputs, their 6x6 input patches four
// apart, 36 element-wise products for 16 outputs where F(2x2, 3x3) has 16 for 4, so its 36 GEMMs
// dU_e [k x C] (+)= dM_e [k x P] V_e^T [P x C] do 2.25 multiplies per output and channel pair
// against F(2x2)'s 4. With Lavin and Gray's matrices (points 0, +-1, +-2, infinity):
//   B^T = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1]
//   A^T = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1]
//   G   = [1/4 0 0; -1/6 -1/6 -1/6; -1/6 1/6 -1/6; 1/24 1/12 1/6; 1/24 -1/12 1/6; 0 0 1]
// V_e = (B^T d B)_e, dM_e = (A dy A^T)_e and dg = G^T dU G; layouts as F(2x2)'s with 36 planes:
// V [36][C][P], dM [36][k][P], dU [36][k][C]. Four tiles at a time, a tile (or a channel) a lane.

// Element e of B^T applied to the six values a0..a5 (a row or a column of a patch)
@inline function bT6(e: i32, a0: v128, a1: v128, a2: v128, a3: v128, a4: v128, a5: v128): v128 {
  const four = f32x4.splat(4), two = f32x4.splat(2), five = f32x4.splat(5);
  if (e == 0) return f32x4.add(f32x4.sub(f32x4.mul(four, a0), f32x4.mul(five, a2)), a4);
  if (e == 1) return f32x4.sub(f32x4.add(a3, a4), f32x4.mul(four, f32x4.add(a1, a2)));
  if (e == 2) return f32x4.add(f32x4.mul(four, f32x4.sub(a1, a2)), f32x4.sub(a4, a3));
  if (e == 3) return f32x4.add(f32x4.mul(two, f32x4.sub(a3, a1)), f32x4.sub(a4, a2));
  if (e == 4) return f32x4.add(f32x4.mul(two, f32x4.sub(a1, a3)), f32x4.sub(a4, a2));
  return f32x4.add(f32x4.sub(f32x4.mul(four, a1), f32x4.mul(five, a3)), a5);
}

// Element e of A applied to the four values q0..q3 (a row or a column of a tile of dy): A^T's column e
@inline function a6(e: i32, q0: v128, q1: v128, q2: v128, q3: v128): v128 {
  const two = f32x4.splat(2), four = f32x4.splat(4), eight = f32x4.splat(8);
  if (e == 0) return q0;
  if (e == 1) return f32x4.add(f32x4.add(q0, q2), f32x4.add(q1, q3));
  if (e == 2) return f32x4.sub(f32x4.add(q0, q2), f32x4.add(q1, q3));
  if (e == 3) return f32x4.add(f32x4.add(q0, f32x4.mul(four, q2)), f32x4.add(f32x4.mul(two, q1), f32x4.mul(eight, q3)));
  if (e == 4) return f32x4.sub(f32x4.add(q0, f32x4.mul(four, q2)), f32x4.add(f32x4.mul(two, q1), f32x4.mul(eight, q3)));
  return q3;
}

// Element i of G^T applied to the six values x0..x5: G's column i
@inline function gT6(i: i32, x0: v128, x1: v128, x2: v128, x3: v128, x4: v128, x5: v128): v128 {
  const sixth = f32x4.splat(<f32>(1.0 / 6)), twelfth = f32x4.splat(<f32>(1.0 / 12)), quarter = f32x4.splat(0.25);
  if (i == 0) return f32x4.add(f32x4.mul(quarter, f32x4.add(x0, f32x4.mul(sixth, f32x4.add(x3, x4)))), f32x4.mul(sixth, f32x4.neg(f32x4.add(x1, x2))));
  if (i == 1) return f32x4.add(f32x4.mul(sixth, f32x4.sub(x2, x1)), f32x4.mul(twelfth, f32x4.sub(x3, x4)));
  return f32x4.add(f32x4.mul(sixth, f32x4.sub(f32x4.add(x3, x4), f32x4.add(x1, x2))), x5);
}

// x[c][iy][ix], zero outside the H x W image
@inline function pixel(img: usize, H: i32, W: i32, iy: i32, ix: i32): f32 {
  return iy >= 0 && iy < H && ix >= 0 && ix < W ? load<f32>(img + <usize>(iy * W + ix) * 4) : 0;
}

// Four values of an image, one per lane: lane i at (y_i + r, x_i + j) of the tiles whose origins
// (y, x) are packed in ys and xs, zero outside the image or for lanes past `lanes`
@inline function gather4(img: usize, H: i32, W: i32, ys: v128, xs: v128, r: i32, j: i32, lanes: i32): v128 {
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, pixel(img, H, W, i32x4.extract_lane(ys, 0) + r, i32x4.extract_lane(xs, 0) + j));
  if (lanes > 1) v = f32x4.replace_lane(v, 1, pixel(img, H, W, i32x4.extract_lane(ys, 1) + r, i32x4.extract_lane(xs, 1) + j));
  if (lanes > 2) v = f32x4.replace_lane(v, 2, pixel(img, H, W, i32x4.extract_lane(ys, 2) + r, i32x4.extract_lane(xs, 2) + j));
  if (lanes > 3) v = f32x4.replace_lane(v, 3, pixel(img, H, W, i32x4.extract_lane(ys, 3) + r, i32x4.extract_lane(xs, 3) + j));
  return v;
}

// The first `lanes` lanes of v at at (all four as one store)
@inline function storeLanes(at: usize, v: v128, lanes: i32): void {
  if (lanes == 4) { v128.store(at, v); return; }
  store<f32>(at, f32x4.extract_lane(v, 0));
  if (lanes > 1) store<f32>(at, f32x4.extract_lane(v, 1), 4);
  if (lanes > 2) store<f32>(at, f32x4.extract_lane(v, 2), 8);
}

// The origins of tiles [t, t + 4) (y of the row times `step` less `off`, likewise x), as lanes
@inline function tileOrigins(t: i32, tilesW: i32, step: i32, off: i32, ys: bool): v128 {
  let v = i32x4.splat(0);
  for (let i = 0; i < 4; i++) {
    const o = ys ? step * ((t + i) / tilesW) - off : step * ((t + i) % tilesW) - off;
    v = i == 0 ? i32x4.replace_lane(v, 0, o) : i == 1 ? i32x4.replace_lane(v, 1, o) : i == 2 ? i32x4.replace_lane(v, 2, o) : i32x4.replace_lane(v, 3, o);
  }
  return v;
}

// One row (six columns) of four patches: from the row itself where all four lie inside it, else
// gathered; then d B along it, stored as the row's six elements at rows (a plane apart)
@inline function patchRow6(
  img: usize, H: i32, W: i32, ys: v128, xs: v128, r: i32, inside: bool, x0: i32, lanes: i32, row: usize,
): void {
  let c0: v128, c1: v128, c2: v128, c3: v128, c4: v128, c5: v128;
  const iy = i32x4.extract_lane(ys, 0) + r;
  if (inside) {
    if (iy < 0 || iy >= H) {
      c0 = c1 = c2 = c3 = c4 = c5 = f32x4.splat(0);
    } else {
      // columns x0 .. x0 + 17: lane i of column j is x0 + 4i + j
      const q = img + <usize>(iy * W + x0) * 4;
      const v0 = v128.load(q), v1 = v128.load(q, 16), v2 = v128.load(q, 32), v3 = v128.load(q, 48), v4 = v128.load64_zero(q, 64);
      c0 = lanesOf(v0, v1, v2, v3, 0); c1 = lanesOf(v0, v1, v2, v3, 1); c2 = lanesOf(v0, v1, v2, v3, 2); c3 = lanesOf(v0, v1, v2, v3, 3);
      c4 = lanesOf(v1, v2, v3, v4, 0); c5 = lanesOf(v1, v2, v3, v4, 1);
    }
  } else {
    c0 = gather4(img, H, W, ys, xs, r, 0, lanes); c1 = gather4(img, H, W, ys, xs, r, 1, lanes); c2 = gather4(img, H, W, ys, xs, r, 2, lanes);
    c3 = gather4(img, H, W, ys, xs, r, 3, lanes); c4 = gather4(img, H, W, ys, xs, r, 4, lanes); c5 = gather4(img, H, W, ys, xs, r, 5, lanes);
  }
  for (let j = 0; j < 6; j++) v128.store(row + <usize>j * 16, bT6(j, c0, c1, c2, c3, c4, c5));
}

// V_e[c][t] = (B^T d B)_e of F(4x4, 3x3) for tiles [t0, t0 + count) of image x [C, H, W]
// (padding p), channels [c0, c1). rows is the thread's scratch (36 vectors: d B of four patches).
export function winograd4Input(
  x: usize, C: i32, H: i32, W: i32, p: i32, tilesW: i32, t0: i32, count: i32, V: usize, c0: i32, c1: i32, rows: usize,
): void {
  const plane = <usize>(C * count) * 4;
  const image = <usize>(H * W) * 4;
  for (let c = c0; c < c1; c++) {
    const img = x + <usize>c * image;
    for (let t = 0; t < count; t += 4) {
      const lanes = min(4, count - t);
      const tx = (t0 + t) % tilesW;
      const x0 = 4 * tx - p;
      const inside = lanes == 4 && tx + 4 <= tilesW && x0 >= 0 && x0 + 18 <= W;
      // the lanes' origins, where the patches are gathered (inside, lane 0's row is all it needs)
      const ys = inside ? i32x4.splat(4 * ((t0 + t) / tilesW) - p) : tileOrigins(t0 + t, tilesW, 4, p, true);
      const xs = inside ? i32x4.splat(x0) : tileOrigins(t0 + t, tilesW, 4, p, false);
      for (let r = 0; r < 6; r++) patchRow6(img, H, W, ys, xs, r, inside, x0, lanes, rows + <usize>(r * 6) * 16);
      const at = V + <usize>(c * count + t) * 4;
      for (let j = 0; j < 6; j++) {
        const w0 = v128.load(rows + <usize>j * 16), w1 = v128.load(rows + <usize>(6 + j) * 16), w2 = v128.load(rows + <usize>(12 + j) * 16);
        const w3 = v128.load(rows + <usize>(18 + j) * 16), w4 = v128.load(rows + <usize>(24 + j) * 16), w5 = v128.load(rows + <usize>(30 + j) * 16);
        for (let i = 0; i < 6; i++) storeLanes(at + <usize>(6 * i + j) * plane, bT6(i, w0, w1, w2, w3, w4, w5), lanes);
      }
    }
  }
}

// dM_e[o][t] = (A dy_t A^T)_e of F(4x4, 3x3) for tiles [t0, t0 + count) of dy [k, outH, outW],
// filters [o0, o1); outputs beyond outH x outW have gradient 0. rows: the thread's scratch.
export function winograd4OutputAdjoint(
  dy: usize, k: i32, tilesW: i32, t0: i32, count: i32, outH: i32, outW: i32, M: usize, o0: i32, o1: i32, rows: usize,
): void {
  const plane = <usize>(k * count) * 4;
  for (let o = o0; o < o1; o++) {
    const grad = dy + <usize>(o * outH * outW) * 4;
    for (let t = 0; t < count; t += 4) {
      const lanes = min(4, count - t);
      const tx = (t0 + t) % tilesW;
      const oy = 4 * ((t0 + t) / tilesW), ox = 4 * tx;
      const inside = lanes == 4 && tx + 4 <= tilesW && ox + 16 <= outW && oy + 4 <= outH;
      const ys = inside ? i32x4.splat(oy) : tileOrigins(t0 + t, tilesW, 4, 0, true);
      const xs = inside ? i32x4.splat(ox) : tileOrigins(t0 + t, tilesW, 4, 0, false);
      for (let r = 0; r < 4; r++) {
        let q0: v128, q1: v128, q2: v128, q3: v128;
        if (inside) {
          const at = grad + <usize>((oy + r) * outW + ox) * 4;
          const v0 = v128.load(at), v1 = v128.load(at, 16), v2 = v128.load(at, 32), v3 = v128.load(at, 48);
          q0 = lanesOf(v0, v1, v2, v3, 0); q1 = lanesOf(v0, v1, v2, v3, 1); q2 = lanesOf(v0, v1, v2, v3, 2); q3 = lanesOf(v0, v1, v2, v3, 3);
        } else {
          q0 = gather4(grad, outH, outW, ys, xs, r, 0, lanes); q1 = gather4(grad, outH, outW, ys, xs, r, 1, lanes);
          q2 = gather4(grad, outH, outW, ys, xs, r, 2, lanes); q3 = gather4(grad, outH, outW, ys, xs, r, 3, lanes);
        }
        for (let j = 0; j < 6; j++) v128.store(rows + <usize>(r * 6 + j) * 16, a6(j, q0, q1, q2, q3));
      }
      const m = M + <usize>(o * count + t) * 4;
      for (let j = 0; j < 6; j++) {
        const w0 = v128.load(rows + <usize>j * 16), w1 = v128.load(rows + <usize>(6 + j) * 16);
        const w2 = v128.load(rows + <usize>(12 + j) * 16), w3 = v128.load(rows + <usize>(18 + j) * 16);
        for (let i = 0; i < 6; i++) storeLanes(m + <usize>(6 * i + j) * plane, a6(i, w0, w1, w2, w3), lanes);
      }
    }
  }
}

// dw[o][c] += G^T dU_oc G of F(4x4, 3x3) for filters [o0, o1) of dw [k, C, 3, 3]; fresh, kind, w,
// s0, s1 and hp as winogradFilterAdjoint's. rows: the thread's scratch.
export function winograd4FilterAdjoint(
  U: usize, k: i32, C: i32, dw: usize, fresh: i32, kind: i32, w: usize, s0: usize, s1: usize, hp: usize, o0: i32, o1: i32, rows: usize,
): void {
  const plane = <usize>(k * C) * 4;
  for (let o = o0; o < o1; o++) {
    for (let c = 0; c < C; c += 4) filterAdjoint6(U + <usize>(o * C + c) * 4, plane, dw + <usize>((o * C + c) * 9) * 4, fresh, min(4, C - c), rows);
    if (kind >= 0) optimize(kind, w, dw, s0, s1, hp, o * C * 9, (o + 1) * C * 9);
  }
}

// The nine taps of `lanes` consecutive channels of one filter (a channel a lane) from dU at src;
// where fewer than four, the loads past them read the next filter's (or V's) floats, never stored.
// Four channels' taps are turned channel by channel and stored as filterAdjoint4 stores F(2x2)'s.
@inline function filterAdjoint6(src: usize, plane: usize, dst: usize, fresh: i32, lanes: i32, rows: usize): void {
  // G^T down each of the six columns j: rows i = 0, 1, 2 of G^T dU, kept at rows + (3j + i) * 16
  for (let j = 0; j < 6; j++) {
    const col = src + <usize>j * plane;
    const x0 = v128.load(col), x1 = v128.load(col + 6 * plane), x2 = v128.load(col + 12 * plane);
    const x3 = v128.load(col + 18 * plane), x4 = v128.load(col + 24 * plane), x5 = v128.load(col + 30 * plane);
    for (let i = 0; i < 3; i++) v128.store(rows + <usize>(3 * j + i) * 16, gT6(i, x0, x1, x2, x3, x4, x5));
  }
  const t0 = tapRow6(rows, 0, 0), t1 = tapRow6(rows, 0, 1), t2 = tapRow6(rows, 0, 2);
  const t3 = tapRow6(rows, 1, 0), t4 = tapRow6(rows, 1, 1), t5 = tapRow6(rows, 1, 2);
  const t6 = tapRow6(rows, 2, 0), t7 = tapRow6(rows, 2, 1), t8 = tapRow6(rows, 2, 2);
  if (lanes == 4) {
    for (let c = 0; c < 4; c++) {
      const at = dst + <usize>c * 36;
      tapsTo(at, lanesOf(t0, t1, t2, t3, c), fresh);
      tapsTo(at + 16, lanesOf(t4, t5, t6, t7, c), fresh);
      const last = c == 0 ? f32x4.extract_lane(t8, 0) : c == 1 ? f32x4.extract_lane(t8, 1) : c == 2 ? f32x4.extract_lane(t8, 2) : f32x4.extract_lane(t8, 3);
      store<f32>(at + 32, fresh ? last : load<f32>(at + 32) + last);
    }
    return;
  }
  for (let c = 0; c < lanes; c++) {
    for (let q = 0; q < 9; q++) {
      const tap = q == 0 ? t0 : q == 1 ? t1 : q == 2 ? t2 : q == 3 ? t3 : q == 4 ? t4 : q == 5 ? t5 : q == 6 ? t6 : q == 7 ? t7 : t8;
      const v = c == 0 ? f32x4.extract_lane(tap, 0) : c == 1 ? f32x4.extract_lane(tap, 1) : f32x4.extract_lane(tap, 2);
      const at = dst + <usize>(c * 9 + q) * 4;
      store<f32>(at, fresh ? v : load<f32>(at) + v);
    }
  }
}

// Tap (i, q) of G^T dU G for four channels: G^T along row i of G^T dU (kept by filterAdjoint6)
@inline function tapRow6(rows: usize, i: i32, q: i32): v128 {
  const y0 = v128.load(rows + <usize>i * 16), y1 = v128.load(rows + <usize>(3 + i) * 16), y2 = v128.load(rows + <usize>(6 + i) * 16);
  const y3 = v128.load(rows + <usize>(9 + i) * 16), y4 = v128.load(rows + <usize>(12 + i) * 16), y5 = v128.load(rows + <usize>(15 + i) * 16);
  return gT6(q, y0, y1, y2, y3, y4, y5);
}

// Zeroes the 32-bit elements [lo, hi) from at (counted in elements, so that a range of the whole
// 4 GiB memory fits in an i32): a typed array's fill on shared memory runs several times slower
// than this bulk memory.fill (61-102 ms against 15 ms for 552 MB in plain memory).
export function zero(at: usize, lo: i32, hi: i32): void {
  memory.fill(at + <usize>lo * 4, 0, <usize>(hi - lo) * 4);
}

// Depthwise convolution (one group per channel, one filter each: MobileNet's and EfficientNet's)
// without im2col, whose column matrix would be f*f times the input to feed products of one row:
// each output row is a sum over the taps of a weight times a run of an input row, four outputs a
// lane at stride 1 and 2 (every other input). Taps that fall in the padding are left out, where
// the reference multiplies im2col's zeros. Images [0, B) of x [B, C, H, W], channels [c0, c1), so
// that a thread owns its channels' weight gradients. Windows: f, s, p, d per side (h: rows, w:
// columns), as kernels/im2col.ts has them.

// The first and one past the last output o (of `out`) whose tap at offset off (o*s + off) lies in
// [0, size).
function firstInside(off: i32, s: i32): i32 {
  return off >= 0 ? 0 : (s - 1 - off) / s;
}
function endInside(off: i32, s: i32, size: i32, out: i32): i32 {
  const last = size - 1 - off;
  return last < 0 ? 0 : min(out, last / s + 1);
}

// Four inputs of a row at stride s (1 or 2) from at: at[0..3], or at[0], at[2], at[4], at[6].
// @ts-ignore: decorator
@inline function stridedLoad(at: usize, s: i32): v128 {
  const a = v128.load(at);
  return s === 1 ? a : f32x4.shuffle(a, v128.load(at, 16), 0, 2, 4, 6);
}

// How many outputs from o0 the four-lane loop may take: at stride 2 its second load reads one
// input past the last it uses, which must still lie in the row.
// @ts-ignore: decorator
@inline function vectorEnd(o0: i32, o1: i32, s: i32, off: i32, size: i32): i32 {
  if (s > 2) return o0;
  return s === 1 ? o1 : min(o1, (size - 2 - off) / 2 + 1);
}

export function depthwiseForward(
  x: usize, w: usize, y: usize, B: i32, C: i32, H: i32, W: i32, outH: i32, outW: i32,
  fh: i32, fw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, c0: i32, c1: i32,
): void {
  for (let c = c0; c < c1; c++) {
    const wc = w + <usize>(c * fh * fw) * 4;
    for (let n = 0; n < B; n++) {
      const plane = <usize>(n * C + c);
      const xp = x + plane * <usize>(H * W) * 4;
      const yp = y + plane * <usize>(outH * outW) * 4;
      memory.fill(yp, 0, <usize>(outH * outW) * 4);
      for (let oy = 0; oy < outH; oy++) {
        const yRow = yp + <usize>(oy * outW) * 4;
        for (let i = 0; i < fh; i++) {
          const iy = oy * sh - ph + i * dh;
          if (iy < 0 || iy >= H) continue;
          const xRow = xp + <usize>(iy * W) * 4;
          for (let j = 0; j < fw; j++) {
            const off = j * dw - pw;
            const o1 = endInside(off, sw, W, outW);
            const wv = load<f32>(wc + <usize>(i * fw + j) * 4);
            const w4 = f32x4.splat(wv);
            let ox = firstInside(off, sw);
            for (const end = vectorEnd(ox, o1, sw, off, W); ox + 4 <= end; ox += 4) {
              const at = yRow + <usize>ox * 4;
              v128.store(at, f32x4.add(v128.load(at), f32x4.mul(w4, stridedLoad(xRow + <usize>(ox * sw + off) * 4, sw))));
            }
            for (; ox < o1; ox++) {
              const at = yRow + <usize>ox * 4;
              store<f32>(at, load<f32>(at) + wv * load<f32>(xRow + <usize>(ox * sw + off) * 4));
            }
          }
        }
      }
    }
  }
}

// The backward: dx (unless 0) overwritten with the sum over taps of the weight times dy, and dwt
// (the weight gradient) added to with the sum over positions of dy times the input each tap read.
export function depthwiseBackward(
  x: usize, w: usize, dy: usize, dwt: usize, dx: usize, B: i32, C: i32, H: i32, W: i32, outH: i32, outW: i32,
  fh: i32, fw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, c0: i32, c1: i32,
): void {
  for (let c = c0; c < c1; c++) {
    const wc = w + <usize>(c * fh * fw) * 4;
    const dwc = dwt + <usize>(c * fh * fw) * 4;
    for (let n = 0; n < B; n++) {
      const plane = <usize>(n * C + c);
      const xp = x + plane * <usize>(H * W) * 4;
      const dyp = dy + plane * <usize>(outH * outW) * 4;
      const dxp = dx + plane * <usize>(H * W) * 4;
      if (dx !== 0) memory.fill(dxp, 0, <usize>(H * W) * 4);
      for (let i = 0; i < fh; i++) {
        for (let j = 0; j < fw; j++) {
          const off = j * dw - pw;
          const ox0 = firstInside(off, sw);
          const o1 = endInside(off, sw, W, outW);
          const vEnd = vectorEnd(ox0, o1, sw, off, W);
          const wv = load<f32>(wc + <usize>(i * fw + j) * 4);
          const w4 = f32x4.splat(wv);
          let sum4 = f32x4.splat(0);
          let sum: f32 = 0;
          for (let oy = 0; oy < outH; oy++) {
            const iy = oy * sh - ph + i * dh;
            if (iy < 0 || iy >= H) continue;
            const xRow = xp + <usize>(iy * W) * 4;
            const dyRow = dyp + <usize>(oy * outW) * 4;
            let ox = ox0;
            for (; ox + 4 <= vEnd; ox += 4) sum4 = f32x4.add(sum4, f32x4.mul(v128.load(dyRow + <usize>ox * 4), stridedLoad(xRow + <usize>(ox * sw + off) * 4, sw)));
            for (; ox < o1; ox++) sum += load<f32>(dyRow + <usize>ox * 4) * load<f32>(xRow + <usize>(ox * sw + off) * 4);
            if (dx === 0) continue;
            const dxRow = dxp + <usize>(iy * W) * 4;
            ox = ox0;
            // at stride 1 four adjacent inputs take four adjacent gradients; else one at a time
            for (const end = sw === 1 ? o1 : ox0; ox + 4 <= end; ox += 4) {
              const at = dxRow + <usize>(ox + off) * 4;
              v128.store(at, f32x4.add(v128.load(at), f32x4.mul(w4, v128.load(dyRow + <usize>ox * 4))));
            }
            for (; ox < o1; ox++) {
              const at = dxRow + <usize>(ox * sw + off) * 4;
              store<f32>(at, load<f32>(at) + wv * load<f32>(dyRow + <usize>ox * 4));
            }
          }
          const total = f32x4.extract_lane(sum4, 0) + f32x4.extract_lane(sum4, 1) + f32x4.extract_lane(sum4, 2) + f32x4.extract_lane(sum4, 3) + sum;
          const at = dwc + <usize>(i * fw + j) * 4;
          store<f32>(at, load<f32>(at) + total);
        }
      }
    }
  }
}

// Batch normalisation (kernels/bn.ts, whose formulas these are, operation for operation, in
// float64 and rounded to float32 at each store), channels [c0, c1) of x [B, C, HW] (threads split
// them). Only the sums run in another order: four lanes rather than one, so the statistics agree
// with the reference's to float64's rounding, not bit for bit. hp: f64 [eps].

// A vector of four floats as two float64 pairs (its low and its high half), the two pairs joined
// back into four floats, and the sum of two pairs' four lanes.
// @ts-ignore: decorator
@inline function lowPair(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
// @ts-ignore: decorator
@inline function highPair(v: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 0, 1));
}
// @ts-ignore: decorator
@inline function joinPairs(lo: v128, hi: v128): v128 {
  return f32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}
// @ts-ignore: decorator
@inline function lanesSum(a: v128, b: v128): f64 {
  const s = f64x2.add(a, b);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

// A float64 constant of its own: a literal inside <f32>(...) takes float32 as its type, and
// 1 - 0.1 in float32 moved the running mean by float32's rounding.
const BN_MOMENTUM: f64 = 0.1;

// channelStats' results (one instance per thread, so per thread)
let statMean: f64 = 0;
let statVariance: f64 = 0;

// The mean and the biased variance of channel c, in two passes as the reference's.
function channelStats(x: usize, B: i32, C: i32, HW: i32, c: i32): void {
  let lo = f64x2.splat(0), hi = f64x2.splat(0), tail: f64 = 0;
  for (let n = 0; n < B; n++) {
    const p = x + <usize>((n * C + c) * HW) * 4;
    let i = 0;
    for (; i + 4 <= HW; i += 4) {
      const v = v128.load(p + <usize>i * 4);
      lo = f64x2.add(lo, lowPair(v));
      hi = f64x2.add(hi, highPair(v));
    }
    for (; i < HW; i++) tail += <f64>load<f32>(p + <usize>i * 4);
  }
  const count = <f64>(B * HW);
  const mean = (lanesSum(lo, hi) + tail) / count;
  const m = f64x2.splat(mean);
  lo = f64x2.splat(0);
  hi = f64x2.splat(0);
  tail = 0;
  for (let n = 0; n < B; n++) {
    const p = x + <usize>((n * C + c) * HW) * 4;
    let i = 0;
    for (; i + 4 <= HW; i += 4) {
      const v = v128.load(p + <usize>i * 4);
      const d0 = f64x2.sub(lowPair(v), m), d1 = f64x2.sub(highPair(v), m);
      lo = f64x2.add(lo, f64x2.mul(d0, d0));
      hi = f64x2.add(hi, f64x2.mul(d1, d1));
    }
    for (; i < HW; i++) {
      const d = <f64>load<f32>(p + <usize>i * 4) - mean;
      tail += d * d;
    }
  }
  statMean = mean;
  statVariance = (lanesSum(lo, hi) + tail) / count;
}

// y = x a + b per channel, a = gamma / sqrt(variance + eps), b = beta - mean a; training takes the
// batch's statistics and updates the running ones (momentum 0.1, the variance unbiased).
export function bnForward(
  x: usize, y: usize, gamma: usize, beta: usize, runMean: usize, runVar: usize, B: i32, C: i32, HW: i32, train: i32, hp: usize,
  c0: i32, c1: i32,
): void {
  const eps = load<f64>(hp);
  for (let c = c0; c < c1; c++) {
    const at = <usize>c * 4;
    let mean = <f64>load<f32>(runMean + at);
    let variance = <f64>load<f32>(runVar + at);
    if (train) {
      channelStats(x, B, C, HW, c);
      mean = statMean;
      variance = statVariance;
      const count = <f64>(B * HW);
      const unbiased = count > 1 ? (variance * count) / (count - 1) : variance;
      store<f32>(runMean + at, <f32>((1 - BN_MOMENTUM) * <f64>load<f32>(runMean + at) + BN_MOMENTUM * mean));
      store<f32>(runVar + at, <f32>((1 - BN_MOMENTUM) * <f64>load<f32>(runVar + at) + BN_MOMENTUM * unbiased));
    }
    const a = <f64>load<f32>(gamma + at) / Math.sqrt(variance + eps);
    const b = <f64>load<f32>(beta + at) - mean * a;
    const av = f64x2.splat(a), bv = f64x2.splat(b);
    for (let n = 0; n < B; n++) {
      const o = <usize>((n * C + c) * HW) * 4;
      let i = 0;
      for (; i + 4 <= HW; i += 4) {
        const v = v128.load(x + o + <usize>i * 4);
        v128.store(y + o + <usize>i * 4, joinPairs(f64x2.add(f64x2.mul(lowPair(v), av), bv), f64x2.add(f64x2.mul(highPair(v), av), bv)));
      }
      for (; i < HW; i++) store<f32>(y + o + <usize>i * 4, <f32>(<f64>load<f32>(x + o + <usize>i * 4) * a + b));
    }
  }
}

// The training backward: dGamma += sum dy xh, dBeta += sum dy, and (unless dx is 0)
// dx = gamma inv (dy - sum dy / count - xh sum(dy xh) / count), xh = (x - mean) inv.
export function bnBackward(
  x: usize, gamma: usize, dy: usize, dGamma: usize, dBeta: usize, dx: usize, B: i32, C: i32, HW: i32, hp: usize, c0: i32, c1: i32,
): void {
  const eps = load<f64>(hp);
  const count = <f64>(B * HW);
  for (let c = c0; c < c1; c++) {
    channelStats(x, B, C, HW, c);
    const mean = statMean;
    const inv = 1 / Math.sqrt(statVariance + eps);
    const m = f64x2.splat(mean), iv = f64x2.splat(inv);
    let dLo = f64x2.splat(0), dHi = f64x2.splat(0), xLo = f64x2.splat(0), xHi = f64x2.splat(0);
    let sdy: f64 = 0, sdyx: f64 = 0;
    for (let n = 0; n < B; n++) {
      const o = <usize>((n * C + c) * HW) * 4;
      let i = 0;
      for (; i + 4 <= HW; i += 4) {
        const g = v128.load(dy + o + <usize>i * 4), v = v128.load(x + o + <usize>i * 4);
        const g0 = lowPair(g), g1 = highPair(g);
        dLo = f64x2.add(dLo, g0);
        dHi = f64x2.add(dHi, g1);
        xLo = f64x2.add(xLo, f64x2.mul(f64x2.mul(g0, f64x2.sub(lowPair(v), m)), iv));
        xHi = f64x2.add(xHi, f64x2.mul(f64x2.mul(g1, f64x2.sub(highPair(v), m)), iv));
      }
      for (; i < HW; i++) {
        const g = <f64>load<f32>(dy + o + <usize>i * 4);
        sdy += g;
        sdyx += g * (<f64>load<f32>(x + o + <usize>i * 4) - mean) * inv;
      }
    }
    sdy += lanesSum(dLo, dHi);
    sdyx += lanesSum(xLo, xHi);
    const at = <usize>c * 4;
    store<f32>(dGamma + at, <f32>(<f64>load<f32>(dGamma + at) + sdyx));
    store<f32>(dBeta + at, <f32>(<f64>load<f32>(dBeta + at) + sdy));
    if (dx === 0) continue;
    const gi = <f64>load<f32>(gamma + at) * inv;
    const meanDy = sdy / count;
    const gv = f64x2.splat(gi), md = f64x2.splat(meanDy), sx = f64x2.splat(sdyx), cv = f64x2.splat(count);
    for (let n = 0; n < B; n++) {
      const o = <usize>((n * C + c) * HW) * 4;
      let i = 0;
      for (; i + 4 <= HW; i += 4) {
        const g = v128.load(dy + o + <usize>i * 4), v = v128.load(x + o + <usize>i * 4);
        const r0 = f64x2.mul(gv, f64x2.sub(f64x2.sub(lowPair(g), md), f64x2.div(f64x2.mul(f64x2.mul(f64x2.sub(lowPair(v), m), iv), sx), cv)));
        const r1 = f64x2.mul(gv, f64x2.sub(f64x2.sub(highPair(g), md), f64x2.div(f64x2.mul(f64x2.mul(f64x2.sub(highPair(v), m), iv), sx), cv)));
        v128.store(dx + o + <usize>i * 4, joinPairs(r0, r1));
      }
      for (; i < HW; i++) {
        const xh = (<f64>load<f32>(x + o + <usize>i * 4) - mean) * inv;
        store<f32>(dx + o + <usize>i * 4, <f32>(gi * (<f64>load<f32>(dy + o + <usize>i * 4) - meanDy - (xh * sdyx) / count)));
      }
    }
  }
}

// SiLU, x * sigmoid(x) with sigmoid(x) = 1 / (1 + e^-x), forward and backward (kernels/
// activations-modern.ts, whose formulas these are, in float64 and rounded to float32 at each store)
// over elements [lo, hi). The reference takes e^x from Math.exp; here expPair computes it, within
// a few float64 ulp, so the two agree to float32's rounding, not bit for bit.

const LOG2E: f64 = 1.4426950408889634;
// ln 2 in two parts: the first of 32 significant bits, so that k times it is exact for any k here
const LN2_HI: f64 = 0.6931471803691238;
const LN2_LO: f64 = 1.9082149292705877e-10;

// 1/a! + r/b! for the consecutive factorials a! and b! of two of e^r's Taylor terms
// @ts-ignore: decorator
@inline function taylorPair(r: v128, a: f64, b: f64): v128 {
  return f64x2.add(f64x2.splat(1 / a), f64x2.mul(r, f64x2.splat(1 / b)));
}

// e^x for two float64: x = k ln2 + r, |r| <= ln2 / 2, e^r by its Taylor series to r^13 (the next
// term is below 4e-18), times 2^k as two powers of two (each normal, so that results near the ends
// of the range under- and overflow as they should); NaN stays NaN.
// @ts-ignore: decorator
@inline function expPair(x: v128): v128 {
  // pmin and pmax are one instruction each (min and max order NaN and -0 at some length), and
  // with x first they keep its NaN
  const c = f64x2.pmin(f64x2.pmax(x, f64x2.splat(-746)), f64x2.splat(710));
  const k = f64x2.nearest(f64x2.mul(c, f64x2.splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(c, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  // Estrin's scheme, so that the chain of dependent operations is 5 deep rather than Horner's 26
  const r2 = f64x2.mul(r, r), r4 = f64x2.mul(r2, r2), r8 = f64x2.mul(r4, r4);
  const t01 = taylorPair(r, 1, 1), t23 = taylorPair(r, 2, 6), t45 = taylorPair(r, 24, 120), t67 = taylorPair(r, 720, 5040);
  const t89 = taylorPair(r, 40320, 362880), t1011 = taylorPair(r, 3628800, 39916800), t1213 = taylorPair(r, 479001600, 6227020800);
  const low = f64x2.add(t01, f64x2.mul(r2, t23));
  const mid = f64x2.add(t45, f64x2.mul(r2, t67));
  const high = f64x2.add(f64x2.add(t89, f64x2.mul(r2, t1011)), f64x2.mul(r4, t1213));
  const p = f64x2.add(f64x2.add(low, f64x2.mul(r4, mid)), f64x2.mul(r8, high));
  const k1 = f64x2.floor(f64x2.mul(k, f64x2.splat(0.5)));
  return f64x2.mul(f64x2.mul(p, powerOfTwo(k1)), powerOfTwo(f64x2.sub(k, k1)));
}

// 2^k for two integer-valued float64 k in [-1022, 1023]: k + 1.5 * 2^52 holds k in its low bits,
// and shifting k + 1023 there up by 52 bits leaves 2^k's exponent field alone. A float-to-integer
// conversion and a 64-bit arithmetic shift take several instructions a lane here, as min and max
// do (hence pmin and pmax above): SiLU took 7.9 ns an element on one thread with them, 5.7 without.
// @ts-ignore: decorator
@inline function powerOfTwo(k: v128): v128 {
  const held = f64x2.add(k, f64x2.splat(6755399441055744.0)); // 1.5 * 2^52
  return i64x2.shl(i64x2.add(held, i64x2.splat(1023)), 52);
}

// sigmoid(x) for two float64, as the reference: 1 / (1 + e^-x)
// @ts-ignore: decorator
@inline function sigmoidPair(x: v128): v128 {
  return f64x2.div(f64x2.splat(1), f64x2.add(f64x2.splat(1), expPair(f64x2.neg(x))));
}

// @ts-ignore: decorator
@inline function siluPair(x: v128): v128 {
  return f64x2.mul(x, sigmoidPair(x));
}

// dy s (1 + x (1 - s)), s = sigmoid(x)
// @ts-ignore: decorator
@inline function siluGradientPair(x: v128, dy: v128): v128 {
  const s = sigmoidPair(x);
  const one = f64x2.splat(1);
  return f64x2.mul(f64x2.mul(dy, s), f64x2.add(one, f64x2.mul(x, f64x2.sub(one, s))));
}

export function siluForward(x: usize, y: usize, lo: i32, hi: i32): void {
  let i = lo;
  for (; i + 4 <= hi; i += 4) {
    const v = v128.load(x + <usize>i * 4);
    v128.store(y + <usize>i * 4, joinPairs(siluPair(lowPair(v)), siluPair(highPair(v))));
  }
  for (; i < hi; i++) {
    const v = siluPair(f64x2.splat(<f64>load<f32>(x + <usize>i * 4)));
    store<f32>(y + <usize>i * 4, <f32>f64x2.extract_lane(v, 0));
  }
}

export function siluBackward(x: usize, dy: usize, dx: usize, lo: i32, hi: i32): void {
  let i = lo;
  for (; i + 4 <= hi; i += 4) {
    const at = <usize>i * 4;
    const v = v128.load(x + at), g = v128.load(dy + at);
    v128.store(dx + at, joinPairs(siluGradientPair(lowPair(v), lowPair(g)), siluGradientPair(highPair(v), highPair(g))));
  }
  for (; i < hi; i++) {
    const at = <usize>i * 4;
    const v = siluGradientPair(f64x2.splat(<f64>load<f32>(x + at)), f64x2.splat(<f64>load<f32>(dy + at)));
    store<f32>(dx + at, <f32>f64x2.extract_lane(v, 0));
  }
}

// GELU, x Phi(x) = 0.5 x (1 + erf(x / sqrt 2)), forward and backward (kernels/activations-modern.ts,
// whose formulas these are, one float64 at a time), with erf from the reference's own table of
// Taylor polynomials (its ERF_* layout: pieces an eighth wide on [0, 6), degree 10), copied into
// the shared memory at `table`: the forward pass gives the reference's bits, and the backward's
// e^(-x^2/2) is expPair's, within float32's rounding of the reference's.
function erfAt(table: usize, x: f64): f64 {
  const a = abs(x);
  if (a == 0) return x;
  if (!(a < 6)) return isNaN(a) ? NaN : x < 0 ? -1 : 1;
  const piece = floor(a * 8);
  const t = a - (piece + 0.5) / 8;
  const at = table + <usize>(<i32>piece * 11) * 8;
  let p = load<f64>(at + 80);
  for (let k = 9; k >= 0; k--) p = p * t + load<f64>(at + <usize>k * 8);
  return x < 0 ? -p : p;
}

export function geluForward(table: usize, x: usize, y: usize, lo: i32, hi: i32): void {
  for (let i = lo; i < hi; i++) {
    const at = <usize>i * 4;
    const v = <f64>load<f32>(x + at);
    store<f32>(y + at, <f32>(0.5 * v * (1 + erfAt(table, v / Math.SQRT2))));
  }
}

export function geluBackward(table: usize, x: usize, dy: usize, dx: usize, lo: i32, hi: i32): void {
  const root2pi = Math.sqrt(2 * Math.PI);
  for (let i = lo; i < hi; i++) {
    const at = <usize>i * 4;
    const v = <f64>load<f32>(x + at);
    const density = f64x2.extract_lane(expPair(f64x2.splat(-0.5 * v * v)), 0);
    store<f32>(dx + at, <f32>(<f64>load<f32>(dy + at) * (0.5 * (1 + erfAt(table, v / Math.SQRT2)) + (v * density) / root2pi)));
  }
}

// Layer normalisation over the channels at each position (kernels/ln.ts, whose formulas these are,
// operation for operation, in float64 and rounded to float32 at each store, each sum in its
// order): four adjacent positions a step (a position a lane, two float64 pairs), the channels of one
// position HW floats apart. Positions [lo, hi) of the B * HW (threads split them), except the
// parameters' gradients, which add over every position in turn: channels [c0, c1) there. So the
// figures are the reference's, bit for bit. hp: f64 [eps].

// One past the last position from pos (of [lo, hi) of the B * HW) in pos's image: a thread's range
// may begin and end inside images, and four adjacent positions must lie in one.
// @ts-ignore: decorator
@inline function runEnd(pos: i32, hi: i32, HW: i32): i32 {
  return min(hi, (pos / HW + 1) * HW);
}

export function lnForward(
  x: usize, w: usize, b: usize, y: usize, mean: usize, rstd: usize, C: i32, HW: i32, hp: usize, lo: i32, hi: i32,
): void {
  const eps = load<f64>(hp);
  const cv = f64x2.splat(<f64>C), ev = f64x2.splat(eps), one = f64x2.splat(1);
  const stride = <usize>HW * 4;
  for (let pos = lo; pos < hi; ) {
    const end = runEnd(pos, hi, HW);
    const n = pos / HW;
    for (; pos < end; ) {
      const first = x + <usize>(n * C * HW + pos % HW) * 4;
      const out = y + (first - x);
      if (pos + 4 <= end) {
        let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
        for (let c = 0, q = first; c < C; c++, q += stride) {
          const v = v128.load(q);
          s0 = f64x2.add(s0, lowPair(v));
          s1 = f64x2.add(s1, highPair(v));
        }
        const m0 = f64x2.div(s0, cv), m1 = f64x2.div(s1, cv);
        let t0 = f64x2.splat(0), t1 = f64x2.splat(0);
        for (let c = 0, q = first; c < C; c++, q += stride) {
          const v = v128.load(q);
          const d0 = f64x2.sub(lowPair(v), m0), d1 = f64x2.sub(highPair(v), m1);
          t0 = f64x2.add(t0, f64x2.mul(d0, d0));
          t1 = f64x2.add(t1, f64x2.mul(d1, d1));
        }
        const r0 = f64x2.div(one, f64x2.sqrt(f64x2.add(f64x2.div(t0, cv), ev)));
        const r1 = f64x2.div(one, f64x2.sqrt(f64x2.add(f64x2.div(t1, cv), ev)));
        for (let c = 0, q = first; c < C; c++, q += stride) {
          const v = v128.load(q);
          const wc = f64x2.splat(<f64>load<f32>(w + <usize>c * 4)), bc = f64x2.splat(<f64>load<f32>(b + <usize>c * 4));
          const y0 = f64x2.add(f64x2.mul(f64x2.mul(f64x2.sub(lowPair(v), m0), r0), wc), bc);
          const y1 = f64x2.add(f64x2.mul(f64x2.mul(f64x2.sub(highPair(v), m1), r1), wc), bc);
          v128.store(out + (q - first), joinPairs(y0, y1));
        }
        if (mean !== 0) {
          v128.store(mean + <usize>pos * 4, joinPairs(m0, m1));
          v128.store(rstd + <usize>pos * 4, joinPairs(r0, r1));
        }
        pos += 4;
        continue;
      }
      let s: f64 = 0;
      for (let c = 0, q = first; c < C; c++, q += stride) s += <f64>load<f32>(q);
      const m = s / <f64>C;
      let t: f64 = 0;
      for (let c = 0, q = first; c < C; c++, q += stride) {
        const d = <f64>load<f32>(q) - m;
        t += d * d;
      }
      const r = 1 / Math.sqrt(t / <f64>C + eps);
      for (let c = 0, q = first; c < C; c++, q += stride) {
        store<f32>(out + (q - first), <f32>((<f64>load<f32>(q) - m) * r * <f64>load<f32>(w + <usize>c * 4) + <f64>load<f32>(b + <usize>c * 4)));
      }
      if (mean !== 0) {
        store<f32>(mean + <usize>pos * 4, <f32>m);
        store<f32>(rstd + <usize>pos * 4, <f32>r);
      }
      pos++;
    }
  }
}

// The input gradient: per position sg = sum over c of dy w, sgx = sum of dy w xh (xh = (x - mean)
// rstd, from the kept float32 mean and rstd), then dx = rstd (dy w - sg / C - xh sgx / C).
export function lnBackwardInput(
  x: usize, w: usize, mean: usize, rstd: usize, dy: usize, dx: usize, C: i32, HW: i32, lo: i32, hi: i32,
): void {
  const cv = f64x2.splat(<f64>C);
  const stride = <usize>HW * 4;
  for (let pos = lo; pos < hi; ) {
    const end = runEnd(pos, hi, HW);
    const n = pos / HW;
    for (; pos < end; ) {
      const at = <usize>(n * C * HW + pos % HW) * 4;
      if (pos + 4 <= end) {
        const mv = v128.load(mean + <usize>pos * 4), rv = v128.load(rstd + <usize>pos * 4);
        const m0 = lowPair(mv), m1 = highPair(mv), r0 = lowPair(rv), r1 = highPair(rv);
        let g0 = f64x2.splat(0), g1 = f64x2.splat(0), h0 = f64x2.splat(0), h1 = f64x2.splat(0);
        for (let c = 0, q = at; c < C; c++, q += stride) {
          const wc = f64x2.splat(<f64>load<f32>(w + <usize>c * 4));
          const v = v128.load(x + q), d = v128.load(dy + q);
          const dw0 = f64x2.mul(lowPair(d), wc), dw1 = f64x2.mul(highPair(d), wc);
          g0 = f64x2.add(g0, dw0);
          g1 = f64x2.add(g1, dw1);
          h0 = f64x2.add(h0, f64x2.mul(dw0, f64x2.mul(f64x2.sub(lowPair(v), m0), r0)));
          h1 = f64x2.add(h1, f64x2.mul(dw1, f64x2.mul(f64x2.sub(highPair(v), m1), r1)));
        }
        const a0 = f64x2.div(g0, cv), a1 = f64x2.div(g1, cv);
        for (let c = 0, q = at; c < C; c++, q += stride) {
          const wc = f64x2.splat(<f64>load<f32>(w + <usize>c * 4));
          const v = v128.load(x + q), d = v128.load(dy + q);
          const xh0 = f64x2.mul(f64x2.sub(lowPair(v), m0), r0), xh1 = f64x2.mul(f64x2.sub(highPair(v), m1), r1);
          const e0 = f64x2.mul(r0, f64x2.sub(f64x2.sub(f64x2.mul(lowPair(d), wc), a0), f64x2.div(f64x2.mul(xh0, h0), cv)));
          const e1 = f64x2.mul(r1, f64x2.sub(f64x2.sub(f64x2.mul(highPair(d), wc), a1), f64x2.div(f64x2.mul(xh1, h1), cv)));
          v128.store(dx + q, joinPairs(e0, e1));
        }
        pos += 4;
        continue;
      }
      const m = <f64>load<f32>(mean + <usize>pos * 4), r = <f64>load<f32>(rstd + <usize>pos * 4);
      let sg: f64 = 0, sgx: f64 = 0;
      for (let c = 0, q = at; c < C; c++, q += stride) {
        const dwc = <f64>load<f32>(dy + q) * <f64>load<f32>(w + <usize>c * 4);
        sg += dwc;
        sgx += dwc * ((<f64>load<f32>(x + q) - m) * r);
      }
      for (let c = 0, q = at; c < C; c++, q += stride) {
        const xh = (<f64>load<f32>(x + q) - m) * r;
        store<f32>(dx + q, <f32>(r * (<f64>load<f32>(dy + q) * <f64>load<f32>(w + <usize>c * 4) - sg / <f64>C - (xh * sgx) / <f64>C)));
      }
      pos++;
    }
  }
}

// The parameters' gradients, channels [c0, c1): dWeight += dy xh and dBias += dy over every
// position of every image in turn, each sum rounded to float32 at each step as the reference's is.
export function lnBackwardParams(
  x: usize, mean: usize, rstd: usize, dy: usize, dWeight: usize, dBias: usize, B: i32, C: i32, HW: i32, c0: i32, c1: i32,
): void {
  for (let c = c0; c < c1; c++) {
    let dwv = <f64>load<f32>(dWeight + <usize>c * 4), dbv = <f64>load<f32>(dBias + <usize>c * 4);
    for (let n = 0; n < B; n++) {
      const at = <usize>((n * C + c) * HW) * 4;
      const stats = <usize>(n * HW) * 4;
      for (let p = 0; p < HW; p++) {
        const q = at + <usize>p * 4, s = stats + <usize>p * 4;
        const xh = (<f64>load<f32>(x + q) - <f64>load<f32>(mean + s)) * <f64>load<f32>(rstd + s);
        const d = <f64>load<f32>(dy + q);
        dwv = <f64><f32>(dwv + d * xh);
        dbv = <f64><f32>(dbv + d);
      }
    }
    store<f32>(dWeight + <usize>c * 4, <f32>dwv);
    store<f32>(dBias + <usize>c * 4, <f32>dbv);
  }
}

// Seeded uniforms (exec/random.ts fillUniform): out[i] = lo + span * u_i for i in [i0, i1), u_i
// mulberry32's output for the state state + (i + 1) * 0x6d2b79f5 (its state only counts, so any
// range starts where it lies), computed in float64 as JavaScript computes it and rounded to float32
// on the store: the same bits as the TypeScript loop, in any split. lo and span: float64 at hp.
const GOLDEN: u32 = 0x6d2b79f5;

// @ts-ignore: decorator
@inline function mulberry(s: u32): u32 {
  let t = s;
  t = (t ^ (t >>> 15)) * (t | 1);
  t ^= t + (t ^ (t >>> 7)) * (t | 61);
  return t ^ (t >>> 14);
}

// @ts-ignore: decorator
@inline function mulberry4(s: v128): v128 {
  let t = i32x4.mul(v128.xor(s, i32x4.shr_u(s, 15)), v128.or(s, i32x4.splat(1)));
  t = v128.xor(t, i32x4.add(t, i32x4.mul(v128.xor(t, i32x4.shr_u(t, 7)), v128.or(t, i32x4.splat(61)))));
  return v128.xor(t, i32x4.shr_u(t, 14));
}

export function fillUniform(out: usize, state: u32, hp: usize, i0: i32, i1: i32): void {
  const lo = load<f64>(hp), span = load<f64>(hp, 8);
  const loV = f64x2.splat(lo), spanV = f64x2.splat(span), scale = f64x2.splat(1.0 / 4294967296.0);
  let i = i0;
  if (i + 4 <= i1) {
    const first = state + <u32>(i + 1) * GOLDEN;
    let s = i32x4(first, first + GOLDEN, first + 2 * GOLDEN, first + 3 * GOLDEN);
    const step = i32x4.splat(4 * GOLDEN);
    for (; i + 4 <= i1; i += 4) {
      const r = mulberry4(s);
      const low = f64x2.mul(f64x2.convert_low_i32x4_u(r), scale);
      const high = f64x2.mul(f64x2.convert_low_i32x4_u(i32x4.shuffle(r, r, 2, 3, 0, 1)), scale);
      v128.store(out + <usize>i * 4, joinPairs(f64x2.add(loV, f64x2.mul(spanV, low)), f64x2.add(loV, f64x2.mul(spanV, high))));
      s = i32x4.add(s, step);
    }
  }
  for (; i < i1; i++) {
    const u = <f64>mulberry(state + <u32>(i + 1) * GOLDEN) / 4294967296.0;
    store<f32>(out + <usize>i * 4, <f32>(lo + span * u));
  }
}

// The NaNs and the infinities among x[i0, i1), added (atomically: every thread adds its range's)
// to the two i32 at counts.
export function countNonFinite(x: usize, counts: usize, i0: i32, i1: i32): void {
  const inf = f32x4.splat(Infinity);
  let nan = i32x4.splat(0), infinite = i32x4.splat(0);
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const v = v128.load(x + <usize>i * 4);
    nan = i32x4.sub(nan, f32x4.ne(v, v)); // a true lane is -1
    infinite = i32x4.sub(infinite, f32x4.eq(f32x4.abs(v), inf));
  }
  let n = i32x4.extract_lane(nan, 0) + i32x4.extract_lane(nan, 1) + i32x4.extract_lane(nan, 2) + i32x4.extract_lane(nan, 3);
  let f = i32x4.extract_lane(infinite, 0) + i32x4.extract_lane(infinite, 1) + i32x4.extract_lane(infinite, 2) + i32x4.extract_lane(infinite, 3);
  for (; i < i1; i++) {
    const v = load<f32>(x + <usize>i * 4);
    if (v != v) n++;
    else if (abs(v) == Infinity) f++;
  }
  if (n != 0) atomic.add<i32>(counts, n);
  if (f != 0) atomic.add<i32>(counts + 4, f);
}
