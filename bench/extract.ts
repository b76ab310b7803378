// What one POST /api/extract costs the event loop at its limits (src/server/routes.ts: 10,000 characters,
// 1,000 numbers): the route's synchronous work — findNumbers with the network, then the JSON of the
// answer — timed in process on the costliest texts we know of, at both details: median and max of --runs,
// in CPU time (what the request takes from the event loop; wall time adds what other processes take).
//   npx tsx bench/extract.ts [--runs 20]

import os from 'node:os';
import { parseArgs } from 'node:util';
import { openPredictor } from '../src/reading/node.ts';
import { MAX_EXTRACT_CHARS, MAX_EXTRACT_NUMBERS } from '../src/server/routes.ts';
import { findNumbers, TooManyNumbers } from '../src/text/find.ts';
import type { Detail } from '../src/reading/predict.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);
const predictor = await openPredictor();

/** `unit` repeated up to the character limit, cut at a whole unit. */
const fill = (unit: string) => unit.repeat(Math.floor(MAX_EXTRACT_CHARS / unit.length));
/** Typos of "seventeen" (two edits allowed at its length), all different, each after a number word. */
function typos(): string {
  const out: string[] = [];
  const word = 'seventeen';
  for (let i = 0; i < word.length && out.join(' ').length < MAX_EXTRACT_CHARS - 40; i++) {
    for (const c of 'abcdefghijklmnopqrstuvwxyz') {
      const typo = word.slice(0, i) + c + word.slice(i + 1);
      if (typo !== word) out.push(`one thousand ${typo},`);
      if (out.join(' ').length > MAX_EXTRACT_CHARS - 40) break;
    }
  }
  return out.join(' ');
}

const texts: Record<string, string> = {
  'a list of "one"s (1,000 numbers)': 'one '.repeat(MAX_EXTRACT_NUMBERS),
  'two-word numbers, as many as fit': fill('ninety one ').slice(0, 11 * MAX_EXTRACT_NUMBERS),
  'dense mixed numbers': fill('twenty one, three hundred and five; a third of 7 million. '),
  'the longest cardinals': fill('nine hundred and ninety nine million nine hundred and ninety nine thousand nine hundred and ninety nine, '),
  'fresh typos inside numbers': typos(),
  'prose without numbers': fill('the river ran past the old mill and on into town. '),
};

console.log('| text | numbers | detail | median CPU ms | max CPU ms | median wall ms |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [name, text] of Object.entries(texts)) {
  for (const detail of ['steps', 'value'] as Detail[]) {
    const times: number[] = [];
    const walls: number[] = [];
    let count = 0;
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      try {
        const numbers = findNumbers(text, { predictor, detail, maxNumbers: MAX_EXTRACT_NUMBERS });
        JSON.stringify({ numbers });
        count = numbers.length;
      } catch (error) {
        if (!(error instanceof TooManyNumbers)) throw error;
        count = -error.found;
      }
      const used = process.cpuUsage(cpu);
      times.push((used.user + used.system) / 1000);
      walls.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    walls.sort((a, b) => a - b);
    console.log(`| ${name} (${text.length} chars) | ${count < 0 ? `${-count}: refused` : count} | ${detail} | ${(times[Math.floor(runs / 2)] as number).toFixed(1)} | ${(times[runs - 1] as number).toFixed(1)} | ${(walls[Math.floor(runs / 2)] as number).toFixed(1)} |`);
  }
}
console.log(`\nnode ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
