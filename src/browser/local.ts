// The model in the page: the served model folder (/model/) loaded with tf.io.http into the same reader and
// Predictor the server uses, on TensorFlow.js's cpu backend (the model is small; no .wasm files to serve).

import * as tf from '@tensorflow/tfjs';
import { readerFromArtifacts, type ModelMeta } from '../model/artifacts.ts';
import { Predictor } from '../reading/predict.ts';

export async function loadLocalPredictor(base = '/model/'): Promise<Predictor> {
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not start');
  const metaResponse = await fetch(`${base}meta.json`);
  if (!metaResponse.ok) throw new Error(`${base}meta.json answered ${metaResponse.status}`);
  const handler = tf.io.http(`${base}model.json`);
  if (!handler.load) throw new Error('tf.io.http cannot load');
  const [artifacts, meta] = await Promise.all([handler.load(), metaResponse.json() as Promise<ModelMeta>]);
  const predictor = new Predictor(readerFromArtifacts(artifacts), meta, { name: tf.getBackend(), reason: 'in this page' });
  // Read the model's own words once, here: a browser that cannot run the reading (the register head's LSTM
  // needs WebAssembly SIMD) then has the page ask the server, instead of failing at the first keystroke.
  predictor.predictMany(meta.vocabulary);
  return predictor;
}
