// A Predictor from a model folder on disk (Node only; the page builds its own from the served files).

import type { BackendInfo } from '../model/backend.ts';
import { loadModel } from '../model/files.ts';
import { healthProblem } from '../model/health.ts';
import { Predictor } from './predict.ts';

/**
 * Loads and verifies a model, and checks what it reads (src/model/health.ts): an unhealthy model is
 * reported by `problem`, not thrown, so the server can say why on /healthz.
 */
export async function loadPredictor(dir: string, backend: BackendInfo): Promise<Predictor> {
  const { reader, meta } = await loadModel(dir);
  return new Predictor(reader, meta, backend, healthProblem(reader, meta, backend.name));
}
