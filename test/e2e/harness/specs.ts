// search.json files the scenarios start from: the book's §6.5 search, reduced so that a run takes
// seconds on two cores (8 trials × 5 epochs on the book's 500 images).
export const BOOK_PARAMS = {
  'training.weightDecay': { log10: [-8, -4] },
  'training.lr': { log10: [-6, -2] },
};

export function reducedSpec(name: string, trials = 8, epochs = 5) {
  return {
    name,
    data: { source: 'mnist', trainSize: 500, validationRate: 0.2, seed: 1 },
    model: { hiddenSizes: [100, 100, 100, 100, 100, 100], activation: 'relu', weightInit: 'he', batchNorm: false, dropout: 0 },
    training: { epochs, batchSize: 100, optimizer: 'sgd', lr: 0.01, weightDecay: 0 },
    search: { method: 'random', trials, seed: 1, objective: 'valAcc', params: BOOK_PARAMS, prune: null },
    run: { workers: 'auto', backend: 'auto' },
  };
}
