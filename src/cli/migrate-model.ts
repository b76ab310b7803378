// Gives a model saved before models proved their reading what the load now requires (a hash of its files,
// canaries, a floor: src/model/health.ts): `npm run migrate-model -- models/NAME [--data DIR]`. The model is
// checked first — its weights hash when it has one, its files, and that it still reads its validation split
// as meta.json records. Only meta.json is rewritten (aside, then renamed); model.json and weights.bin stay
// byte for byte.

import path from 'node:path';
import { writeFileAtomically } from '../common/atomic.ts';
import { initBackend } from '../model/backend.ts';
import { readDataset } from '../data/dataset.ts';
import { evaluateExamples } from '../evaluation/evaluate.ts';
import { loadModel, metaJson, withHealth } from '../model/files.ts';
import { healthProblem } from '../model/health.ts';
import { datasetPathToRecord, newCommand, REPOSITORY, runCli } from './common.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  const program = newCommand('migrate-model')
    .description('Record the hash, canaries and floor an older model folder lacks, after checking it.')
    .argument('<dir>', 'model folder, e.g. models/default')
    .option('--data <dir>', 'the dataset it was trained on (default: the folder its meta.json names, in this repository)');
  program.parse();
  const [dir] = program.args as [string];
  const opts = program.opts<{ data?: string }>();
  const backend = await initBackend(() => undefined);
  const { reader, meta, bytes } = await loadModel(dir, { requireHealth: false });
  try {
    if (meta.health) {
      console.log(`${dir} already records its hash and canaries; nothing to do`);
      return;
    }
    const data = opts.data ?? path.resolve(REPOSITORY, meta.dataset.path);
    const dataset = await readDataset(data);
    if (dataset.manifest.hash !== meta.dataset.hash) {
      throw new Error(`${data} is not the dataset the model was trained on (hash ${dataset.manifest.hash.slice(0, 12)}…, meta.json records ${meta.dataset.hash.slice(0, 12)}…); name it with --data`);
    }
    const { exact } = evaluateExamples(reader, dataset.splits.val);
    if (exact !== meta.metrics.val.exact) {
      throw new Error(`the model reads ${pct(exact)} of its validation split exactly, meta.json records ${pct(meta.metrics.val.exact)}: these are not the weights it describes`);
    }
    const migrated = withHealth({ ...meta, dataset: { ...meta.dataset, path: datasetPathToRecord(data) } }, reader, dataset.splits.val.map((e) => e.tokens), bytes.modelJson, bytes.weights, backend.name);
    const problem = healthProblem(reader, migrated, backend.name);
    if (problem) throw new Error(`the model is unhealthy (${problem}); meta.json was left as it was`);
    await writeFileAtomically(path.join(dir, 'meta.json'), metaJson(migrated));
    const { health } = migrated;
    console.log(`migrated ${dir}: ${health.canaries.length} canaries, floor ${pct(health.floor)} of validation, files sha256 ${health.sha256.slice(0, 12)}…; model.json and weights.bin unchanged`);
  } finally {
    reader.dispose();
  }
}

runCli(main);
