// C (m×n) = op(A) (m×k) · op(B) (k×n), row-major float32, C overwritten.
//
// Register blocking: a 4-row × 8-column tile of C lives in 8 v128 accumulators while k runs.
// V8 loads all of a step's broadcast A values before using them, so a tile needs
// rows + 2 + rows·2 of the 15 SIMD registers it allocates (rows + 2 + rows with a fused
// multiply-add): 4×8 takes 14; a 5×8 tile spilled two accumulators to the stack and ran at
// 60–80 % of this one. Both operands are packed first, so the micro-kernel walks two pointers:
// op(A) once per call into k-major 4-row blocks (4×4 transposes by shuffles), op(B) 8 columns
// at a time into a k-major panel that stays in L1 while every A block streams past it. The
// transposes are absorbed in the packing, so one micro-kernel serves A·B (forward), Aᵀ·B
// (dW = Xᵀ·dY) and A·Bᵀ (dX = dY·Wᵀ). Narrow last panels (N = 10, 100) use a 4×4 kernel; tiles
// that overhang C are computed into `tile` and copied. `madd` is one FMA in the relaxed-SIMD
// build (media/kernels-relaxed.wasm) and a multiply and an add in the SIMD128 one.
import { madd } from './lanes';

const MR = 4;

/** Scratch bytes gemm needs for inner dimension k and op(A) of `aElems` elements: the B panel,
 * one edge tile and op(A) packed in 4-row blocks. */
export function gemmScratchBytes(k: i32, aElems: i32): usize {
  return (<usize>k << 5) + MR * 32 + ((<usize>aElems + (<usize>k << 2)) << 2);
}

export function gemm(c: usize, a: usize, b: usize, m: i32, n: i32, k: i32, transA: bool, transB: bool, scratch: usize): void {
  const aRow: usize = transA ? 4 : <usize>k << 2;
  const aK: usize = transA ? <usize>m << 2 : 4;
  const ldc = <usize>n << 2;
  const panel = scratch;
  const tile = scratch + (<usize>k << 5);
  const packed = tile + MR * 32;
  const blockBytes = <usize>k << 4;
  packA(packed, a, m, k, aRow, aK);
  for (let j0 = 0; j0 < n; j0 += 8) {
    const w = min(8, n - j0);
    const width = w > 4 ? 8 : 4;
    packPanel(panel, b, k, n, j0, w, width, transB);
    let pa = packed;
    for (let i0 = 0; i0 < m; i0 += MR, pa += blockBytes) {
      const rows = min(MR, m - i0);
      const full = rows == MR && w == width;
      const dst = full ? c + <usize>i0 * ldc + (<usize>j0 << 2) : tile;
      const ld: usize = full ? ldc : <usize>width << 2;
      if (width == 8) kernel4x8(pa, panel, k, dst, ld);
      else kernel4x4(pa, panel, k, dst, ld);
      if (!full) copyTile(c + <usize>i0 * ldc + (<usize>j0 << 2), ldc, tile, width, rows, w);
    }
  }
}

/** packed[(blk·k + p)·4 + r] = op(A)[4·blk + r, p]; rows past m repeat the last row. */
function packA(packed: usize, a: usize, m: i32, k: i32, aRow: usize, aK: usize): void {
  for (let i0 = 0; i0 < m; i0 += MR) {
    const rows = min(MR, m - i0);
    const r0 = a + <usize>i0 * aRow;
    const r1 = r0 + <usize>min(1, rows - 1) * aRow;
    const r2 = r0 + <usize>min(2, rows - 1) * aRow;
    const r3 = r0 + <usize>min(3, rows - 1) * aRow;
    if (aK == 4 && rows == MR) {
      // Rows contiguous in k: transpose 4×4 blocks with shuffles.
      let p = 0;
      for (; p + 4 <= k; p += 4, packed += 64) {
        const off = <usize>p << 2;
        const x0 = v128.load(r0 + off), x1 = v128.load(r1 + off), x2 = v128.load(r2 + off), x3 = v128.load(r3 + off);
        const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
        const t1 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
        const t2 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
        const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
        v128.store(packed, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
        v128.store(packed, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 16);
        v128.store(packed, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 32);
        v128.store(packed, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 48);
      }
      for (; p < k; p++, packed += 16) packStep(packed, r0, r1, r2, r3, <usize>p << 2);
    } else if (aRow == 4 && rows == MR) {
      // op(A) = Aᵀ: the 4 values of step p are contiguous.
      for (let p = 0, src = r0; p < k; p++, packed += 16, src += aK) v128.store(packed, v128.load(src));
    } else {
      for (let p = 0, off: usize = 0; p < k; p++, packed += 16, off += aK) packStep(packed, r0, r1, r2, r3, off);
    }
  }
}
/** One k step of a packed block: op(A)[r, p] for the block's four rows, `off` bytes into each. */
@inline
function packStep(packed: usize, r0: usize, r1: usize, r2: usize, r3: usize, off: usize): void {
  store<f32>(packed, load<f32>(r0 + off));
  store<f32>(packed, load<f32>(r1 + off), 4);
  store<f32>(packed, load<f32>(r2 + off), 8);
  store<f32>(packed, load<f32>(r3 + off), 12);
}

/** panel[p·width + j] = op(B)[p, j0 + j] for j < w, zero for the padding columns. */
function packPanel(panel: usize, b: usize, k: i32, n: i32, j0: i32, w: i32, width: i32, transB: bool): void {
  const stride = <usize>width << 2;
  if (!transB && w == width) {
    let src = b + (<usize>j0 << 2);
    const ldb = <usize>n << 2;
    for (let p = 0; p < k; p++, src += ldb, panel += stride) {
      v128.store(panel, v128.load(src));
      if (width == 8) v128.store(panel, v128.load(src, 16), 16);
    }
    return;
  }
  for (let j = 0; j < width; j++) {
    let dst = panel + (<usize>j << 2);
    if (j >= w) {
      for (let p = 0; p < k; p++, dst += stride) store<f32>(dst, 0);
    } else if (transB) {
      // B is n×k: column j of the panel is row j0 + j of B, contiguous.
      let src = b + (<usize>(j0 + j) * <usize>k << 2);
      for (let p = 0; p < k; p++, dst += stride, src += 4) store<f32>(dst, load<f32>(src));
    } else {
      let src = b + (<usize>(j0 + j) << 2);
      const ldb = <usize>n << 2;
      for (let p = 0; p < k; p++, dst += stride, src += ldb) store<f32>(dst, load<f32>(src));
    }
  }
}

function kernel4x8(pa: usize, pb: usize, k: i32, c: usize, ldc: usize): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00;
  let c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  const end = pa + (<usize>k << 4);
  for (; pa < end; pa += 16, pb += 32) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load32_splat(pa);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = v128.load32_splat(pa, 4);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = v128.load32_splat(pa, 8);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = v128.load32_splat(pa, 12);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
  }
  v128.store(c, c00); v128.store(c, c01, 16); c += ldc;
  v128.store(c, c10); v128.store(c, c11, 16); c += ldc;
  v128.store(c, c20); v128.store(c, c21, 16); c += ldc;
  v128.store(c, c30); v128.store(c, c31, 16);
}

function kernel4x4(pa: usize, pb: usize, k: i32, c: usize, ldc: usize): void {
  let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0;
  for (let p = 0; p < k; p++, pa += 16, pb += 16) {
    const b0 = v128.load(pb);
    c0 = madd(v128.load32_splat(pa), b0, c0);
    c1 = madd(v128.load32_splat(pa, 4), b0, c1);
    c2 = madd(v128.load32_splat(pa, 8), b0, c2);
    c3 = madd(v128.load32_splat(pa, 12), b0, c3);
  }
  v128.store(c, c0); c += ldc;
  v128.store(c, c1); c += ldc;
  v128.store(c, c2); c += ldc;
  v128.store(c, c3);
}
function copyTile(c: usize, ldc: usize, tile: usize, width: i32, rows: i32, w: i32): void {
  const ldt = <usize>width << 2;
  for (let r = 0; r < rows; r++, c += ldc, tile += ldt) memory.copy(c, tile, <usize>w << 2);
}
