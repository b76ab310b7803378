// Reads one phrase with a saved model: `npm run predict -- "seven hundred and seventy seven" [--model DIR] [--json]`
// Shows each token (and any typo correction), the network's running value, and the grammar's.

import { initBackend } from '../model/backend.ts';
import { PATHS } from '../common/paths.ts';
import { PhraseError } from '../language/errors.ts';
import { loadPredictor } from '../reading/load.ts';
import { READERS, type GrammarPrediction, type ReaderName } from '../reading/predict.ts';
import { newCommand, runCli } from './common.ts';

async function main(): Promise<void> {
  const program = newCommand('predict')
    .description('Read a number phrase token by token with a trained model.')
    .argument('<phrase...>', 'the phrase, e.g. "seven hundred and seventy seven"')
    .option('--model <dir>', 'model folder', PATHS.defaultModel)
    .option('--json', 'print JSON')
    .option('--reader <name>', 'who reads: network (the model, beside the grammar) or grammar (the grammar alone)', 'network');
  program.parse();
  const opts = program.opts<{ model: string; json?: boolean; reader: string }>();
  if (!READERS.includes(opts.reader as ReaderName)) throw new Error(`--reader must be ${READERS.join(' or ')}, got "${opts.reader}"`);
  const phrase = program.args.join(' ');
  const backend = await initBackend(() => undefined);
  const predictor = await loadPredictor(opts.model, backend);
  if (predictor.problem) {
    // Its numbers would be wrong: say why, as the server's 503 does, and exit 1.
    const message = `the model "${predictor.meta.name}" is unhealthy: ${predictor.problem}`;
    predictor.dispose();
    if (opts.json) console.log(JSON.stringify({ error: { code: 'model_unhealthy', message } }));
    throw new Error(message);
  }
  let result;
  try {
    if (opts.reader === 'grammar') {
      printGrammar(predictor.readPhrase(phrase), opts.json === true);
      predictor.dispose();
      return;
    }
    result = predictor.predictPhrase(phrase);
  } catch (error) {
    if (error instanceof PhraseError) {
      if (opts.json) console.log(JSON.stringify({ error: error.toJSON() }));
      throw new Error(`${error.message}${error.position !== undefined ? ` (word ${error.position + 1})` : ''}${error.suggestion !== undefined ? `; did you mean "${error.suggestion}"?` : ''}`);
    }
    throw error;
  }
  if (opts.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    const corrections = result.tokens.filter((t) => t.corrected).map((t) => `"${t.text}" → ${t.normalized}`);
    if (corrections.length > 0) console.log(`corrected: ${corrections.join(', ')}`);
    const width = Math.max(5, ...result.steps.map((s) => s.token.length));
    console.log(`${'token'.padEnd(width)}  ${'network'.padStart(12)}  ${'grammar'.padStart(12)}  what the head did`);
    for (const s of result.steps) {
      const did = s.ops?.summary ?? (s.gate === undefined ? '' : `gate ${s.gate}`);
      console.log(`${s.token.padEnd(width)}  ${s.value.toFixed(3).padStart(12)}  ${String(s.reference).padStart(12)}  ${did}`);
    }
    console.log(`value ${result.rounded} (network ${result.value}), grammar ${result.referenceExact} (${result.form})${result.agrees ? '' : '  ← DISAGREE'}`);
    console.log(`model ${result.model.name} (${result.model.head}), backend ${result.backend}`);
  }
  if (result.warning) console.error(`warning: ${result.warning}`);
  predictor.dispose();
}

/** The grammar's reading alone: each token's exact running value, then the value and its form. */
function printGrammar(reading: GrammarPrediction, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(reading, null, 2));
    return;
  }
  const corrections = reading.corrections.map((c) => `"${c.typed}" → ${c.read}`);
  if (corrections.length > 0) console.log(`corrected: ${corrections.join(', ')}`);
  const width = Math.max(5, ...reading.steps.map((s) => s.token.length));
  console.log(`${'token'.padEnd(width)}  ${'grammar'.padStart(12)}`);
  for (const s of reading.steps) console.log(`${s.token.padEnd(width)}  ${s.exact.padStart(12)}`);
  const details = [reading.form, ...(reading.digits !== undefined ? [`digits ${reading.digits}`] : [])].join(', ');
  console.log(`value ${reading.exact} (${details}), read by the grammar alone`);
}

runCli(main);
