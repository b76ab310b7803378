// The package's Node entry ("nalu-words/node"): a Predictor from a model folder, by default the model the
// package ships, on the best tfjs backend this machine has.

import path from 'node:path';
import { initBackend } from '../model/backend.ts';
import { loadPredictor } from './load.ts';
import type { Predictor } from './predict.ts';

/** The model shipped in the package (models/default beside src/ or dist/). */
export const SHIPPED_MODEL = path.resolve(import.meta.dirname, '..', '..', 'models', 'default');

/** Loads and self-tests a model folder (the shipped one by default); backend choices go to `log`. */
export async function openPredictor(dir: string = SHIPPED_MODEL, log: (line: string) => void = () => undefined): Promise<Predictor> {
  return loadPredictor(dir, await initBackend(log));
}

export { loadPredictor };
export { Predictor } from './predict.ts';
