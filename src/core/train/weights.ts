// A trained net's arrays out of and into a backend, by the book's names (see MultiLayerNet.named):
// weights as n_in × n_out matrices, as the book's W1 (784, 100); biases, gamma, beta and the running
// statistics as vectors, as its b1 (100,). Our layout is the book's, so nothing is transposed.
import type { NpzArrays } from '../runs/npz';
import type { Backend, Mat } from './backend';
import type { MultiLayerNet } from './net';

const shapeOf = (name: string, m: Mat) => (name.startsWith('W') ? [m.rows, m.cols] : [m.cols]);

/** Copies of every array of `net` (their buffers may be transferred to another thread). */
export async function readWeights(backend: Backend, net: MultiLayerNet): Promise<NpzArrays> {
  const arrays: NpzArrays = {};
  for (const { name, mat } of net.named) arrays[name] = { shape: shapeOf(name, mat), data: await backend.read(mat) };
  return arrays;
}

/** Loads `arrays` into `net`; every array the net holds must be there with its shape, or this throws naming `file`. */
export function loadWeights(backend: Backend, net: MultiLayerNet, arrays: NpzArrays, file: string): void {
  for (const { name, mat } of net.named) {
    const want = shapeOf(name, mat);
    const got = arrays[name];
    if (!got) throw new Error(`${file}: has no array ${name} (it holds ${Object.keys(arrays).join(', ') || 'none'}); the run's network needs ${want.join(' × ')}`);
    if (got.shape.join() !== want.join()) throw new Error(`${file}: ${name} is (${got.shape.join(', ')}), the run's network needs (${want.join(', ')})`);
    backend.write(mat, got.data);
  }
}
