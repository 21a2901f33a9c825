// The gpu backend (gpu.js cpu mode: the kernels a GPU would compile) through the shared
// conformance suite against the js reference.
import { createGpuJsBackend } from '../../src/core/train/backends/gpu';
import { runBackendConformance } from './helpers/backend-conformance';

runBackendConformance('gpu (gpu.js cpu mode)', () => createGpuJsBackend({ mode: 'cpu' }));
