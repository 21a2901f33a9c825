// C (m×n) = op(A) (m×k) · B (k×n) for an op(A) that is mostly zeros: the first layer's input,
// MNIST pixels (≈81 % exact zeros), in the forward X·W and the weight gradient dW = Xᵀ·dY.
//
// Row i of C is Σ_p op(A)[i,p] · (row p of B). Its non-zero terms are listed first (the byte
// offset of B's row and the factor, into scratch), then summed 52 columns at a time in 13 v128
// accumulators (13 + the broadcast factor + one B load fit V8's 15 SIMD registers). The terms
// are added in the order of p, as gemm adds them; a skipped term is 0·b = ±0, which changes no
// sum (an accumulator that starts at +0 never becomes −0), so for finite B the result is gemm's
// to the bit. Only a non-finite B differs: gemm's 0·∞ = NaN is skipped here.
// An A with more non-zeros than zeros goes to gemm instead: there its register blocking is faster
// than lists that skip little (measured here, the two break even near half zeros).
import { gemm } from './gemm';
import { madd, storeLanes } from './lanes';

/** A·B, or Aᵀ·B with A stored k×m. `scratch` holds the term lists: up to four of k entries of
 * 8 bytes (gemmScratchBytes covers them). */
export function gemmSparse(c: usize, a: usize, b: usize, m: i32, n: i32, k: i32, transA: bool, scratch: usize): void {
  if (nonzeros(a, m * k) > (m * k) >> 1) {
    gemm(c, a, b, m, n, k, transA, false, scratch);
    return;
  }
  const ldc = <usize>n << 2;
  if (!transA) {
    for (let i = 0; i < m; i++, a += <usize>k << 2, c += ldc) sumRows(c, n, b, scratch, listContiguous(scratch, a, k, ldc));
    return;
  }
  // Row i of C takes column i of A: four columns are listed in one pass down A's rows.
  const lda = <usize>m << 2;
  const span = <usize>k << 3; // bytes of one list
  const ends = scratch + (span << 2);
  let i = 0;
  for (; i + 4 <= m; i += 4, a += 16) {
    listColumns4(scratch, span, ends, a, lda, k, ldc);
    for (let j = 0; j < 4; j++, c += ldc) sumRows(c, n, b, scratch + <usize>j * span, load<usize>(ends + (<usize>j << 2)));
  }
  for (; i < m; i++, a += 4, c += ldc) sumRows(c, n, b, scratch, listStrided(scratch, a, lda, k, ldc));
}

/** How many of x[0..n) are not ±0 (a NaN is). */
function nonzeros(x: usize, n: i32): i32 {
  const zero = f32x4.splat(0);
  let count = i32x4.splat(0); // a lane that compares non-zero is −1
  const end = x + (<usize>(n >> 2) << 4);
  for (; x < end; x += 16) count = i32x4.sub(count, f32x4.ne(v128.load(x), zero));
  let total = i32x4.extract_lane(count, 0) + i32x4.extract_lane(count, 1) + i32x4.extract_lane(count, 2) + i32x4.extract_lane(count, 3);
  for (let i = n & 3; i > 0; i--, x += 4) total += load<f32>(x) != 0 ? 1 : 0;
  return total;
}

/** Lists the non-zero x[p] (p < k, x contiguous) as (p·ldb, x[p]); returns the list's end. Four
 * entries are tested at once: image borders are long runs of zeros. A NaN is listed (NaN ≠ 0). */
function listContiguous(list: usize, x: usize, k: i32, ldb: usize): usize {
  const zero = f32x4.splat(0);
  let p = 0;
  for (; p + 4 <= k; p += 4) {
    const v = v128.load(x + (<usize>p << 2));
    if (!v128.any_true(f32x4.ne(v, zero))) continue;
    list = append(list, <usize>p * ldb, f32x4.extract_lane(v, 0));
    list = append(list, <usize>(p + 1) * ldb, f32x4.extract_lane(v, 1));
    list = append(list, <usize>(p + 2) * ldb, f32x4.extract_lane(v, 2));
    list = append(list, <usize>(p + 3) * ldb, f32x4.extract_lane(v, 3));
  }
  for (; p < k; p++) list = append(list, <usize>p * ldb, load<f32>(x + (<usize>p << 2)));
  return list;
}

/** The lists of four adjacent columns x[p·lda + j] (j < 4, p < k): list j at lists + j·span,
 * its end at ends[j]. Rows whose four entries are all zero are skipped at once. */
function listColumns4(lists: usize, span: usize, ends: usize, x: usize, lda: usize, k: i32, ldb: usize): void {
  const zero = f32x4.splat(0);
  let l0 = lists, l1 = l0 + span, l2 = l1 + span, l3 = l2 + span;
  for (let p = 0; p < k; p++, x += lda) {
    const v = v128.load(x);
    if (!v128.any_true(f32x4.ne(v, zero))) continue;
    const offset = <usize>p * ldb;
    l0 = append(l0, offset, f32x4.extract_lane(v, 0));
    l1 = append(l1, offset, f32x4.extract_lane(v, 1));
    l2 = append(l2, offset, f32x4.extract_lane(v, 2));
    l3 = append(l3, offset, f32x4.extract_lane(v, 3));
  }
  store<usize>(ends, l0);
  store<usize>(ends, l1, 4);
  store<usize>(ends, l2, 8);
  store<usize>(ends, l3, 12);
}

/** listContiguous for x[p] at x + p·stride (a column of a row-major matrix). */
function listStrided(list: usize, x: usize, stride: usize, k: i32, ldb: usize): usize {
  for (let p = 0; p < k; p++, x += stride) list = append(list, <usize>p * ldb, load<f32>(x));
  return list;
}

/** Writes the entry and advances past it only when the factor is non-zero: no branch to mispredict. */
@inline
function append(list: usize, offset: usize, factor: f32): usize {
  store<u32>(list, <u32>offset);
  store<f32>(list, factor, 4);
  return list + (factor != 0 ? 8 : 0);
}

/** c[0..n) = Σ over the list's entries (offset, factor) of factor · b[offset/4 ..][0..n).
 * Each pass over the list fills a block of v128 columns. A row's last block, when narrower than
 * the others, is moved back to end at the row's end (n = 100: columns 0–51, then 48–99): the
 * overlap is computed twice, to the same bits (the same terms in the same order), and that costs
 * less than a narrower pass. The old split 48 + 48 + 4 ran a third pass that was one FMA chain,
 * bound by its latency, and V8 compiled the 12-accumulator loop with its loads hoisted and five
 * accumulators spilled to the stack (measured: 13 + 13 runs 1.4–1.6× faster on MNIST rows). */
function sumRows(c: usize, n: i32, b: usize, list: usize, end: usize): void {
  const groups = n >> 2; // whole v128s in a row
  if (groups >= 13) {
    // Two call sites keep sum13 a function of its own: inlined into this loop, V8 scheduled its
    // loads first and spilled accumulators, as it did sum12's.
    sum13(c, b, list, end);
    for (let g = 13; g < groups; g += 13) {
      const at = <usize>min(g, groups - 13) << 4;
      sum13(c + at, b + at, list, end);
    }
  } else if (groups >= 8) {
    sum8(c, b, list, end);
    const at = <usize>(groups - 8) << 4;
    if (groups > 8) sum8(c + at, b + at, list, end);
  } else if (groups >= 4) {
    sum4(c, b, list, end);
    const at = <usize>(groups - 4) << 4;
    if (groups > 4) sum4(c + at, b + at, list, end);
  } else {
    for (let g = 0; g < groups; g++) v128.store(c + (<usize>g << 4), sum1(b + (<usize>g << 4), list, end));
  }
  // The last 1–3 columns: the load runs past B's row (into the next row or the allocation's
  // padding); only the valid lanes are stored.
  const rest = n & 3;
  if (rest) storeLanes(c + (<usize>groups << 4), sum1(b + (<usize>groups << 4), list, end), rest);
}

function sum13(c: usize, b: usize, list: usize, end: usize): void {
  let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0;
  let c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0;
  for (; list < end; list += 8) {
    const row = b + <usize>load<u32>(list);
    const x = v128.load32_splat(list, 4);
    c0 = madd(x, v128.load(row), c0);
    c1 = madd(x, v128.load(row, 16), c1);
    c2 = madd(x, v128.load(row, 32), c2);
    c3 = madd(x, v128.load(row, 48), c3);
    c4 = madd(x, v128.load(row, 64), c4);
    c5 = madd(x, v128.load(row, 80), c5);
    c6 = madd(x, v128.load(row, 96), c6);
    c7 = madd(x, v128.load(row, 112), c7);
    c8 = madd(x, v128.load(row, 128), c8);
    c9 = madd(x, v128.load(row, 144), c9);
    c10 = madd(x, v128.load(row, 160), c10);
    c11 = madd(x, v128.load(row, 176), c11);
    c12 = madd(x, v128.load(row, 192), c12);
  }
  v128.store(c, c0); v128.store(c, c1, 16); v128.store(c, c2, 32); v128.store(c, c3, 48);
  v128.store(c, c4, 64); v128.store(c, c5, 80); v128.store(c, c6, 96); v128.store(c, c7, 112);
  v128.store(c, c8, 128); v128.store(c, c9, 144); v128.store(c, c10, 160); v128.store(c, c11, 176);
  v128.store(c, c12, 192);
}

function sum8(c: usize, b: usize, list: usize, end: usize): void {
  let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
  for (; list < end; list += 8) {
    const row = b + <usize>load<u32>(list);
    const x = v128.load32_splat(list, 4);
    c0 = madd(x, v128.load(row), c0);
    c1 = madd(x, v128.load(row, 16), c1);
    c2 = madd(x, v128.load(row, 32), c2);
    c3 = madd(x, v128.load(row, 48), c3);
    c4 = madd(x, v128.load(row, 64), c4);
    c5 = madd(x, v128.load(row, 80), c5);
    c6 = madd(x, v128.load(row, 96), c6);
    c7 = madd(x, v128.load(row, 112), c7);
  }
  v128.store(c, c0); v128.store(c, c1, 16); v128.store(c, c2, 32); v128.store(c, c3, 48);
  v128.store(c, c4, 64); v128.store(c, c5, 80); v128.store(c, c6, 96); v128.store(c, c7, 112);
}

function sum4(c: usize, b: usize, list: usize, end: usize): void {
  let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0;
  for (; list < end; list += 8) {
    const row = b + <usize>load<u32>(list);
    const x = v128.load32_splat(list, 4);
    c0 = madd(x, v128.load(row), c0);
    c1 = madd(x, v128.load(row, 16), c1);
    c2 = madd(x, v128.load(row, 32), c2);
    c3 = madd(x, v128.load(row, 48), c3);
  }
  v128.store(c, c0); v128.store(c, c1, 16); v128.store(c, c2, 32); v128.store(c, c3, 48);
}

function sum1(b: usize, list: usize, end: usize): v128 {
  let c0 = f32x4.splat(0);
  for (; list < end; list += 8) {
    c0 = madd(v128.load32_splat(list, 4), v128.load(b + <usize>load<u32>(list)), c0);
  }
  return c0;
}
