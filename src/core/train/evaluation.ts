// Test-mode accuracy on the whole training set and the whole validation set, as the book's
// Trainer measures after each epoch. The rows (training first, then validation) are evaluated in
// chunks of a fixed size, so memory stays bounded on large sets; for the book's 500 rows that is
// one chunk. A label of −1 never counts, which both separates the two sets inside a chunk (each
// has its own label vector) and pads the last chunk.
import { whenAll, type Backend, type Deferred, type IntVec, type Mat } from './backend';
import type { MultiLayerNet } from './net';

/** Largest evaluation activation, in floats (16 MiB of float32). */
const CHUNK_FLOATS = 1 << 22;

/** Rows per evaluation chunk: all of them if they fit, else as many as the widest layer allows. */
export function evaluationChunkRows(totalRows: number, widestLayer: number): number {
  return Math.max(1, Math.min(totalRows, Math.floor(CHUNK_FLOATS / widestLayer)));
}

interface Chunk {
  rows: IntVec;
  trainLabels: IntVec;
  valLabels: IntVec;
}

export class Evaluator {
  private readonly chunks: Chunk[] = [];
  private readonly input: Mat;

  /** `x`/`t` hold the nTrain training rows followed by the nVal validation rows. */
  constructor(
    private readonly backend: Backend,
    private readonly x: Mat,
    t: Int32Array,
    private readonly nTrain: number,
    private readonly nVal: number,
    chunkRows: number,
  ) {
    const total = nTrain + nVal;
    this.input = backend.alloc(chunkRows, x.cols);
    const rows = new Int32Array(chunkRows);
    const trainLabels = new Int32Array(chunkRows);
    const valLabels = new Int32Array(chunkRows);
    for (let start = 0; start < total; start += chunkRows) {
      for (let r = 0; r < chunkRows; r++) {
        const row = start + r;
        rows[r] = Math.min(row, total - 1);
        trainLabels[r] = row < nTrain ? t[row] : -1;
        valLabels[r] = row >= nTrain && row < total ? t[row] : -1;
      }
      const chunk = {
        rows: backend.allocInts(chunkRows),
        trainLabels: backend.allocInts(chunkRows),
        valLabels: backend.allocInts(chunkRows),
      };
      backend.writeInts(chunk.rows, rows);
      backend.writeInts(chunk.trainLabels, trainLabels);
      backend.writeInts(chunk.valLabels, valLabels);
      this.chunks.push(chunk);
    }
  }

  /** The accuracies once the counts are in: at once on the CPU backends, after the kernels on a GPU. */
  accuracy(net: MultiLayerNet): Deferred<{ trainAcc: number; valAcc: number }> {
    const counts: Deferred<number>[] = [];
    for (const chunk of this.chunks) {
      this.backend.gatherRows(this.input, this.x, chunk.rows);
      const logits = net.predict(this.input, false);
      counts.push(this.backend.countCorrect(logits, chunk.trainLabels), this.backend.countCorrect(logits, chunk.valLabels));
    }
    return whenAll(counts, (values) => {
      let trainCorrect = 0;
      let valCorrect = 0;
      for (let c = 0; c < values.length; c += 2) {
        trainCorrect += values[c];
        valCorrect += values[c + 1];
      }
      return { trainAcc: trainCorrect / this.nTrain, valAcc: valCorrect / this.nVal };
    });
  }
}
