// A Predictor from a model folder on disk (Node only; the page builds its own from the served files).

import type { BackendInfo } from '../model/backend.ts';
import { predictRunning } from '../model/running.ts';
import { loadModel } from '../model/files.ts';
import { selfTest } from '../model/verify.ts';
import { Predictor } from './predict.ts';

/** Loads, verifies and self-tests a model: a failed self-test is reported by `problem`, not thrown. */
export async function loadPredictor(dir: string, backend: BackendInfo): Promise<Predictor> {
  const { reader, meta } = await loadModel(dir);
  return new Predictor(reader, meta, backend, selfTest(meta.vocabulary, (phrases) => predictRunning(reader, phrases)));
}
