import * as tf from '@tensorflow/tfjs';
import { initBackend } from './src/model/backend.ts';
import { loadModel } from './src/model/files.ts';
import { readDataset } from './src/data/dataset.ts';
import { predictRunning } from './src/model/running.ts';
import { OP_CONTEXT } from './src/model/registers.ts';
import { byForm } from './src/evaluation/forms.ts';
await initBackend(() => undefined);
const data = await readDataset('/tmp/19p');
for (const dir of process.argv.slice(2)) {
  const { reader } = await loadModel(dir, { requireHealth: false });
  const variants: [string, any][] = [['as trained', reader], ['gates=1', reader.without('contextGate')]];
  const g = reader.params.get(OP_CONTEXT)!;
  const open = tf.onesLike(g); 
  for (const [name, r] of variants) {
    for (const split of ['train', 'val'] as const) {
      const forms = byForm(data.splits[split]);
      const years = forms.get('year') ?? [];
      const pred = predictRunning(r, years.map((e) => e.tokens), { roundRegisters: true });
      const wrong = years.filter((e, i) => pred[i]!.values.at(-1) !== e.value);
      console.log(dir, name, split, 'years', years.length - wrong.length, '/', years.length, wrong.slice(0, 3).map((e, i) => `${e.tokens.join(' ')} -> ${pred[years.indexOf(e)]!.values.join(',')}`).join(' | '));
    }
  }
  open.dispose();
}
