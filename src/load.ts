// A Predictor from a model folder on disk (Node only; the page builds its own from the served files).

import type { BackendInfo } from './backend.ts';
import { loadModel } from './model/files.ts';
import { Predictor } from './predict.ts';

export async function loadPredictor(dir: string, backend: BackendInfo): Promise<Predictor> {
  const { reader, meta } = await loadModel(dir);
  return new Predictor(reader, meta, backend);
}
