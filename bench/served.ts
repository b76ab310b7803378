// `npx tsx bench/served.ts ROOT [ROOT …]`: the served Predictor's speed on models/default, one tree per process,
// the trees alternated over rounds so load on a shared machine falls on each alike. ROOT is a checkout of this
// repository (a worktree of another commit, say). Per phrase: single predictPhrase calls and batches of 512
// (predictMany) over data/extrapolation's validation and test phrases, the best of 5 passes, in µs.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROUNDS = 3;
const PASSES = 5;

async function measure(root: string): Promise<void> {
  const { initBackend } = await import(`${root}/src/model/backend.ts`);
  const { loadPredictor } = await import(`${root}/src/reading/load.ts`);
  const { readDataset } = await import(`${root}/src/data/dataset.ts`);
  const backend = await initBackend(() => undefined);
  const predictor = await loadPredictor(`${root}/models/default`, backend);
  const data = await readDataset(`${root}/data/extrapolation`);
  const phrases: string[] = [...data.splits.val, ...data.splits.test].map((e: { phrase: string }) => e.phrase);
  for (let i = 0; i < 500; i++) predictor.predictPhrase(phrases[i % phrases.length]);
  let single = Infinity;
  let batch = Infinity;
  for (let r = 0; r < PASSES; r++) {
    let t = performance.now();
    for (const p of phrases) predictor.predictPhrase(p);
    single = Math.min(single, (performance.now() - t) / phrases.length);
    t = performance.now();
    for (let i = 0; i < phrases.length; i += 512) predictor.predictMany(phrases.slice(i, i + 512));
    batch = Math.min(batch, (performance.now() - t) / phrases.length);
  }
  console.log(JSON.stringify({ single: single * 1000, batch: batch * 1000 }));
}

if (process.argv[2] === '--measure') await measure(process.argv[3] as string);
else {
  const roots = process.argv.slice(2);
  if (roots.length === 0) {
    console.error('usage: npx tsx bench/served.ts ROOT [ROOT …]');
    process.exit(1);
  }
  const results = new Map(roots.map((r) => [r, [] as { single: number; batch: number }[]]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const root of roots) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure', root], { encoding: 'utf8' });
      results.get(root)?.push(JSON.parse(out.trim().split('\n').pop() as string));
    }
  }
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
  console.log(`| tree | single phrase, µs (${ROUNDS} rounds) | batched, µs per phrase |\n|---|---|---|`);
  for (const [root, rs] of results) console.log(`| ${root} | ${range(rs.map((r) => r.single))} | ${range(rs.map((r) => r.batch))} |`);
}
