// `npx tsx bench/keystrokes.ts [--loads N] [--show N]` (after `npm run build`): where the page's slow
// keystrokes go. Types the browser test's phrase 3 times on each of N fresh pages (Debian's chromium via
// playwright-core, never a downloaded browser) under a Chrome trace, and prints the slowest keystrokes with
// the main thread's wall and CPU time in them and the garbage collections inside: a keystroke whose CPU time
// is a fraction of its wall time waited on the machine (other processes), not on the page.

import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import { chromium } from 'playwright-core';
import { initBackend } from '../src/model/backend.ts';
import { loadPredictor } from '../src/reading/load.ts';
import { createApp } from '../src/server/app.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'];
const PHRASE = 'seven hundred and seventy seven';
const ROUNDS = 3;

interface TraceEvent {
  name: string;
  cat?: string;
  ph?: string;
  ts: number;
  /** Wall and thread (CPU) duration, µs. */
  dur?: number;
  tdur?: number;
}

interface Keystroke {
  round: number;
  end: number;
  ms: number;
}

async function main(): Promise<void> {
  const opts = new Command().option('--loads <n>', 'fresh pages', '3').option('--show <n>', 'slowest keystrokes shown per page', '3').parse().opts<{ loads: string; show: string }>();
  const predictor = await loadPredictor('models/default', await initBackend(() => undefined));
  const server = createApp({ predictor, modelDir: 'models/default', log: () => undefined }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    for (let load = 1; load <= Number(opts.loads); load++) {
      const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
      await page.goto(`${base}/`);
      await page.waitForFunction(() => document.getElementById('engine')?.textContent?.startsWith('this page'));
      const cdp = await page.context().newCDPSession(page);
      const events: TraceEvent[] = [];
      cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'v8', 'blink.user_timing', 'disabled-by-default-v8.gc'] } });
      // As the browser test times them: an input event each, the time to the page updated.
      const keystrokes = await page.evaluate(
        ({ phrase, rounds }) => {
          const input = document.getElementById('q') as HTMLInputElement;
          const out: { round: number; end: number; ms: number }[] = [];
          for (let round = 0; round < rounds; round++) {
            for (let end = 1; end <= phrase.length; end++) {
              input.value = phrase.slice(0, end);
              performance.mark(`from ${round} ${end}`);
              const start = performance.now();
              input.dispatchEvent(new InputEvent('input', { inputType: end === 1 ? 'insertFromPaste' : 'insertText' }));
              out.push({ round, end, ms: performance.now() - start });
              performance.mark(`to ${round} ${end}`);
            }
          }
          return out;
        },
        { phrase: PHRASE, rounds: ROUNDS },
      );
      await cdp.send('Tracing.end');
      await complete;
      const marks = new Map(events.filter((e) => e.cat?.includes('blink.user_timing')).map((e) => [e.name, e.ts]));
      const sorted = [...keystrokes].sort((a, b) => a.ms - b.ms);
      const median = (sorted[Math.floor(sorted.length / 2)] as Keystroke).ms;
      console.log(`load ${load}: median ${median.toFixed(1)} ms over ${keystrokes.length} keystrokes; the slowest:`);
      for (const k of sorted.reverse().slice(0, Number(opts.show))) {
        const from = marks.get(`from ${k.round} ${k.end}`) ?? 0;
        const to = marks.get(`to ${k.round} ${k.end}`) ?? 0;
        const inside = events.filter((e) => e.ph === 'X' && e.ts >= from && e.ts + (e.dur ?? 0) <= to);
        const dispatch = inside.find((e) => e.name === 'EventDispatch');
        const gc = inside.filter((e) => e.name === 'MinorGC' || e.name === 'MajorGC');
        const gcText = gc.map((e) => `${e.name} ${((e.dur ?? 0) / 1000).toFixed(1)} ms wall, ${((e.tdur ?? 0) / 1000).toFixed(1)} ms CPU`).join('; ') || 'none';
        console.log(`  round ${k.round + 1}, keystroke ${k.end} ("${PHRASE.slice(0, k.end)}"): ${k.ms.toFixed(1)} ms; main thread ${((dispatch?.dur ?? 0) / 1000).toFixed(1)} ms wall, ${((dispatch?.tdur ?? 0) / 1000).toFixed(1)} ms CPU; GC: ${gcText}`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
    predictor.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
