// The conformance suite that wasm and gpu run, here on the js backend with float64 storage: it
// checks the suite itself (its tolerances admit a different rounding) and the float64 mode
// that the gradient checks rely on.
import { JsBackend } from '../../src/core/train/backends/js';
import { runBackendConformance } from './helpers/backend-conformance';

runBackendConformance('js (float64 storage)', () => new JsBackend('float64'));
