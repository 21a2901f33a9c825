// The book's common/optimizer.py on top of the backend's update kernels. Like the book, each
// optimizer allocates its per-parameter state (zeros) at its first step, once, and reuses it.
import type { Backend, Mat } from './backend';
import type { TrainingSpec } from '../spec/types';

export interface Optimizer {
  /** One update of every params[i] with grads[i] (weight decay already in the gradient). */
  step(params: Mat[], grads: Mat[]): void;
}

export function createOptimizer(training: TrainingSpec, backend: Backend): Optimizer {
  const { lr, momentum, decayRate, beta1, beta2 } = training;
  switch (training.optimizer) {
    case 'sgd':
      return { step: (params, grads) => params.forEach((p, i) => backend.sgd(p, grads[i], lr)) };
    case 'momentum': {
      const v = new StateSet(backend);
      return { step: (params, grads) => params.forEach((p, i) => backend.momentum(p, grads[i], v.get(params, i), lr, momentum)) };
    }
    case 'nesterov': {
      const v = new StateSet(backend);
      return { step: (params, grads) => params.forEach((p, i) => backend.nesterov(p, grads[i], v.get(params, i), lr, momentum)) };
    }
    case 'adagrad': {
      const h = new StateSet(backend);
      return { step: (params, grads) => params.forEach((p, i) => backend.adagrad(p, grads[i], h.get(params, i), lr)) };
    }
    case 'rmsprop': {
      const h = new StateSet(backend);
      return { step: (params, grads) => params.forEach((p, i) => backend.rmsprop(p, grads[i], h.get(params, i), lr, decayRate)) };
    }
    case 'adam': {
      const m = new StateSet(backend);
      const v = new StateSet(backend);
      let iter = 0;
      return {
        step(params, grads) {
          iter++;
          // The bias correction of both moments, folded into the step size as the book does.
          const lrT = (lr * Math.sqrt(1 - beta2 ** iter)) / (1 - beta1 ** iter);
          params.forEach((p, i) => backend.adam(p, grads[i], m.get(params, i), v.get(params, i), lrT, beta1, beta2));
        },
      };
    }
  }
}

/** One zero-initialised state matrix per parameter, allocated the first time it is asked for. */
class StateSet {
  private readonly mats: Mat[] = [];

  constructor(private readonly backend: Backend) {}

  get(params: Mat[], i: number): Mat {
    const p = params[i];
    let s = this.mats[i];
    if (!s) s = this.mats[i] = this.backend.alloc(p.rows, p.cols);
    else if (s.rows !== p.rows || s.cols !== p.cols) throw new Error(`optimizer: parameter ${i} changed shape`);
    return s;
  }
}
