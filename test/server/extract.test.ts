// POST /api/extract against the real app on port 0, with the shipped model.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { initBackend } from '../../src/model/backend.ts';
import { PATHS } from '../../src/common/paths.ts';
import { loadPredictor } from '../../src/reading/load.ts';
import type { Predictor } from '../../src/reading/predict.ts';
import { createApp } from '../../src/server/app.ts';
import { MAX_EXTRACT_CHARS, MAX_EXTRACT_NUMBERS } from '../../src/server/routes.ts';

let server: Server;
let base: string;
let predictor: Predictor;

before(async () => {
  predictor = await loadPredictor(PATHS.defaultModel, await initBackend(() => undefined));
  server = createApp({ predictor, modelDir: PATHS.defaultModel, log: () => undefined }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  predictor.dispose();
});

const extract = (body: unknown, raw = false) =>
  fetch(`${base}/api/extract`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ? (body as string) : JSON.stringify(body) });

interface SpanJson {
  start: number;
  end: number;
  text: string;
  exact: string;
  reader: string;
  steps?: { token: string; referenceExact?: string; exact: string }[];
  network?: { code: string };
}

describe('POST /api/extract', () => {
  it('finds every number with its place, the network reading cardinals and the grammar the rest', async () => {
    const text = 'We sold two hundred and five units in nineteen ninety nine; the one you mentioned.';
    const res = await extract({ text });
    assert.equal(res.status, 200);
    const { numbers } = (await res.json()) as { numbers: SpanJson[] };
    assert.deepEqual(numbers.map((n) => [n.start, n.end, n.text, n.exact, n.reader]), [
      [8, 28, 'two hundred and five', '205', 'network'],
      [38, 58, 'nineteen ninety nine', '1999', 'grammar'],
    ]);
    assert.deepEqual(numbers[0]?.steps?.map((s) => s.referenceExact), ['2', '200', '200', '205']);
    assert.equal(numbers[1]?.network?.code, 'unlearned_form');
  });
  it('takes threshold, detail and reader', async () => {
    const { numbers } = (await (await extract({ text: 'I have one dog', threshold: 0, detail: 'value', reader: 'grammar' })).json()) as { numbers: SpanJson[] };
    assert.deepEqual(numbers.map((n) => [n.text, n.exact, n.reader, 'steps' in n]), [['one', '1', 'grammar', false]]);
    const none = (await (await extract({ text: 'I have one dog' })).json()) as { numbers: SpanJson[] };
    assert.deepEqual(none.numbers, []);
  });
  const refusals: [string, unknown, number, string][] = [
    ['no text', {}, 400, 'missing_text'],
    ['text not a string', { text: ['one'] }, 400, 'not_a_string'],
    ['threshold not a number', { text: 'one', threshold: '2' }, 400, 'bad_threshold'],
    ['negative threshold', { text: 'one', ordinalThreshold: -1 }, 400, 'bad_threshold'],
    ['bad detail', { text: 'one', detail: 'all' }, 400, 'bad_detail'],
    ['bad reader', { text: 'one', reader: 'oracle' }, 400, 'bad_reader'],
    ['text over the limit', { text: 'a'.repeat(MAX_EXTRACT_CHARS + 1) }, 413, 'too_long'],
    ['1 MB of one word', { text: 'seven'.repeat(200_000) }, 413, 'too_long'],
    ['more numbers than the limit', { text: 'one '.repeat(MAX_EXTRACT_NUMBERS + 1) }, 413, 'too_many_numbers'],
  ];
  for (const [what, body, status, code] of refusals) {
    it(`${what} → ${status} ${code}`, async () => {
      const res = await extract(body);
      assert.equal(res.status, status);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, code);
    });
  }
  it('GET is 405; malformed JSON is a 400', async () => {
    assert.equal((await fetch(`${base}/api/extract`)).status, 405);
    assert.equal((await extract('{"text": ', true)).status, 400);
  });
  it('garbage, one long word and a text full of numbers up to the limit are read cheaply, never a 5xx', async () => {
    const garbage = String.fromCharCode(...Array.from({ length: MAX_EXTRACT_CHARS }, (_, i) => (i * 7919) % 0xd7ff));
    // Bytes as they come out of a binary file read as Latin-1: digits and letters among control characters.
    const bytes = Buffer.from(Array.from({ length: MAX_EXTRACT_CHARS }, (_, i) => (i * 2654435761) % 256)).toString('latin1');
    const dense = 'twenty one, three hundred and five; a third of 7 million. '.repeat(MAX_EXTRACT_CHARS / 60);
    const list = 'one '.repeat(MAX_EXTRACT_NUMBERS);
    for (const text of [garbage, bytes, 'x'.repeat(MAX_EXTRACT_CHARS), 'seven'.repeat(MAX_EXTRACT_CHARS / 5), '7'.repeat(MAX_EXTRACT_CHARS), dense, list]) {
      const started = performance.now();
      const res = await extract({ text });
      const ms = performance.now() - started;
      assert.equal(res.status, 200, `${text.slice(0, 20)}: ${res.status === 200 ? '' : await res.clone().text()}`);
      const { numbers } = (await res.json()) as { numbers: SpanJson[] };
      if (text === dense) assert.equal(numbers.length, 4 * Math.floor(MAX_EXTRACT_CHARS / 60));
      if (text === list) assert.equal(numbers.length, MAX_EXTRACT_NUMBERS);
      for (const n of numbers) assert.equal(text.slice(n.start, n.end), n.text);
      // Generous for a shared machine; the route's own cost is measured in the report.
      assert.ok(ms < 1000, `${ms} ms`);
    }
  });
});
