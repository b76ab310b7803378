// The package's Node entry ("nalu-words/node"): a Predictor from a model folder, by default the model the
// package ships. A register head is read without tfjs, from plain arrays through the served reading (tfjs
// is 0.6 s of a cold start and the served reading never calls it); any other head loads tfjs on the best
// backend this machine has.

import path from 'node:path';
import { readModel } from '../model/folder.ts';
import { healthProblem } from '../model/health.ts';
import { ArrayReader } from '../model/weights.ts';
import type { BackendInfo } from '../model/backend.ts';
import { Predictor } from './predict.ts';

/** The model shipped in the package (models/default beside src/ or dist/). */
export const SHIPPED_MODEL = path.resolve(import.meta.dirname, '..', '..', 'models', 'default');

/** What a Predictor read without tfjs names as its backend. */
export const SERVED_BACKEND: BackendInfo = { name: 'served', reason: 'the register head read from plain arrays (WebAssembly LSTM, float64 registers), without tfjs' };

/**
 * Loads and self-tests a model folder (the shipped one by default): files, hashes and canaries as
 * src/model/health.ts checks them; an unhealthy model is reported by `problem`. Backend choices go to `log`.
 */
export async function openPredictor(dir: string = SHIPPED_MODEL, log: (line: string) => void = () => undefined): Promise<Predictor> {
  const model = await readModel(dir);
  if (model.arch.head === 'registers') {
    const reader = new ArrayReader(model.arch, model.weights);
    return new Predictor(reader, model.meta, SERVED_BACKEND, healthProblem(reader, model.meta, SERVED_BACKEND.name));
  }
  const [{ initBackend }, { loadPredictor }] = await Promise.all([import('../model/backend.ts'), import('./load.ts')]);
  return loadPredictor(dir, await initBackend(log));
}

export { Predictor } from './predict.ts';
