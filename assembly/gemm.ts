// C (m×n) = op(A) (m×k) · op(B) (k×n), row-major float32, C overwritten.
//
// Register blocking: a 4-row × 8-column tile of C lives in 8 v128 accumulators while k runs.
// V8 (Node 20) loads all of a step's broadcast A values before using them, so a tile needs
// rows + 2 + rows·2 of the 15 SIMD registers it allocates: 4×8 takes 14; the 5×8 tile spilled
// two accumulators to the stack and ran at 60–80 % of this one. B is copied, 8 columns at a
// time, into a k-major panel that stays in L1 while every 4-row block of A streams past it.
// The transposes are absorbed here: op(A) is read through (row, k) strides, op(B) is
// transposed while packing, so one micro-kernel serves A·B (forward), Aᵀ·B (dW = Xᵀ·dY) and
// A·Bᵀ (dX = dY·Wᵀ). Narrow last panels (N = 10, 100) use a 4×4 kernel; tiles that overhang
// C are computed into `tile` and copied.

const MR = 4;

/** Scratch bytes gemm needs for inner dimension k: the B panel and one edge tile. */
export function gemmScratchBytes(k: i32): usize {
  return (<usize>k << 5) + MR * 32;
}

export function gemm(c: usize, a: usize, b: usize, m: i32, n: i32, k: i32, transA: bool, transB: bool, scratch: usize): void {
  // op(A)[i, p] sits at a + i·aRow + p·aK.
  const aRow: usize = transA ? 4 : <usize>k << 2;
  const aK: usize = transA ? <usize>m << 2 : 4;
  const ldc = <usize>n << 2;
  const panel = scratch;
  const tile = scratch + (<usize>k << 5);
  for (let j0 = 0; j0 < n; j0 += 8) {
    const w = min(8, n - j0);
    const width = w > 4 ? 8 : 4;
    packPanel(panel, b, k, n, j0, w, width, transB);
    for (let i0 = 0; i0 < m; i0 += MR) {
      const rows = min(MR, m - i0);
      const full = rows == MR && w == width;
      const dst = full ? c + <usize>i0 * ldc + (<usize>j0 << 2) : tile;
      const ld: usize = full ? ldc : <usize>width << 2;
      // Rows past the end of op(A) repeat its last row; their results are not copied out.
      const a0 = a + <usize>i0 * aRow;
      const a1 = a0 + <usize>min(1, rows - 1) * aRow;
      const a2 = a0 + <usize>min(2, rows - 1) * aRow;
      const a3 = a0 + <usize>min(3, rows - 1) * aRow;
      if (width == 8) kernel4x8(a0, a1, a2, a3, aK, panel, k, dst, ld);
      else kernel4x4(a0, a1, a2, a3, aK, panel, k, dst, ld);
      if (!full) copyTile(c + <usize>i0 * ldc + (<usize>j0 << 2), ldc, tile, width, rows, w);
    }
  }
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

function kernel4x8(a0: usize, a1: usize, a2: usize, a3: usize, aK: usize, pb: usize, k: i32, c: usize, ldc: usize): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00;
  let c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load32_splat(a0);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a1);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a2);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a3);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    a0 += aK; a1 += aK; a2 += aK; a3 += aK;
    pb += 32;
  }
  v128.store(c, c00); v128.store(c, c01, 16); c += ldc;
  v128.store(c, c10); v128.store(c, c11, 16); c += ldc;
  v128.store(c, c20); v128.store(c, c21, 16); c += ldc;
  v128.store(c, c30); v128.store(c, c31, 16);
}

function kernel4x4(a0: usize, a1: usize, a2: usize, a3: usize, aK: usize, pb: usize, k: i32, c: usize, ldc: usize): void {
  let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a0), b0));
    c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(a1), b0));
    c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(a2), b0));
    c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(a3), b0));
    a0 += aK; a1 += aK; a2 += aK; a3 += aK;
    pb += 16;
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
