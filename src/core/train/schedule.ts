// The book's Trainer schedule (common/trainer.py): iter_per_epoch = max(n_train / batch, 1) as a
// float, max_iter = int(epochs × iter_per_epoch), and an evaluation after the update of every
// iteration with it % iter_per_epoch == 0, counting from 0. With 400 rows and batch 100: 200
// iterations, evaluations after 0, 4, …, 196 — 50 points, the first after a single update.
//
// When iter_per_epoch is not an integer the book's float modulo is rarely 0 and the curve gets
// fewer than `epochs` points. We evaluate after iterations ceil(k · iter_per_epoch), k = 0 ..
// epochs − 1 instead: identical when iter_per_epoch is an integer, and always `epochs` points.
// The products are taken over integers (k · n_train / batch) so that float rounding cannot
// push an exact multiple up to the next iteration.

export interface Schedule {
  /** Training iterations to run: max_iter, or one past the last evaluation if that is later. */
  iterations: number;
  /** The iterations (0-based) after whose update an evaluation runs; one per epoch, increasing. */
  evaluations: number[];
}

export function trainingSchedule(nTrain: number, batchSize: number, epochs: number): Schedule {
  // iter_per_epoch = max(nTrain / batchSize, 1) = nTrain' / batchSize with nTrain' = max(nTrain, batchSize)
  const rows = Math.max(nTrain, batchSize);
  const evaluations: number[] = [];
  for (let k = 0; k < epochs; k++) evaluations.push(Math.ceil((k * rows) / batchSize));
  const maxIter = Math.floor((epochs * rows) / batchSize);
  // ceil((epochs − 1) · ipe) can reach max_iter for some fractional ipe: run that iteration too.
  const iterations = Math.max(maxIter, epochs > 0 ? evaluations[epochs - 1] + 1 : 0);
  return { iterations, evaluations };
}

/** The iterations (0-based) after which the trainer evaluates: one per epoch. */
export function evaluationIterations(nTrain: number, batchSize: number, epochs: number): number[] {
  return trainingSchedule(nTrain, batchSize, epochs).evaluations;
}
