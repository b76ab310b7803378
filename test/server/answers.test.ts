// The answers' exact fields, forms, corrections and the grammar reader, over HTTP with the shipped model.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { initBackend } from '../../src/model/backend.ts';
import { loadPredictor } from '../../src/reading/load.ts';
import type { Predictor } from '../../src/reading/predict.ts';
import { createApp } from '../../src/server/app.ts';

let server: Server;
let base: string;
let predictor: Predictor;

before(async () => {
  predictor = await loadPredictor('models/default', await initBackend(() => undefined));
  server = createApp({ predictor, modelDir: 'models/default', log: () => undefined }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  predictor.dispose();
});

const get = async (query: string) => {
  const res = await fetch(`${base}/api/predict?${query}`);
  return { status: res.status, body: await res.json() };
};
const post = async (path: string, body: unknown) => {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};

describe('the network reader (the default)', () => {
  it('answers cardinals as before, with exact values, form, reader and corrections at every detail', async () => {
    const { status, body } = await get(`q=${encodeURIComponent('fourty tow')}`);
    assert.equal(status, 200);
    assert.deepEqual([body.reader, body.value, body.exact, body.reference, body.referenceExact, body.form], ['network', 42, '42', 42, '42', 'cardinal']);
    assert.deepEqual(body.corrections, [{ position: 0, typed: 'fourty', read: 'forty' }, { position: 1, typed: 'tow', read: 'two' }]);
    assert.deepEqual(body.steps.map((s: { exact: string; referenceExact: string }) => [s.exact, s.referenceExact]), [['40', '40'], ['42', '42']]);
    const value = await get(`q=${encodeURIComponent('fourty tow')}&detail=value`);
    assert.deepEqual(value.body.corrections, body.corrections);
    assert.equal(value.body.exact, '42');
    assert.equal(value.body.steps, undefined);
  });
  it('says which words or forms it never learned, with the grammar\'s reading beside', async () => {
    const words = await get(`q=${encodeURIComponent('one billion')}`);
    assert.equal(words.status, 422);
    assert.equal(words.body.error.code, 'out_of_vocabulary');
    assert.match(words.body.error.message, /not trained on the word "billion"; the grammar reads it as 1000000000/);
    assert.deepEqual(words.body.error.grammar, { value: 1e9, exact: '1000000000', form: 'cardinal' });
    const form = await get(`q=${encodeURIComponent('nineteen eighty four')}`);
    assert.equal(form.status, 422);
    assert.equal(form.body.error.code, 'unlearned_form');
    assert.match(form.body.error.message, /trained on cardinals only, not on years; the grammar reads it as 1984/);
    const batch = await post('/api/predict/batch', { phrases: ['two thirds', 'seven'] });
    assert.equal(batch.body.results[0].error.grammar.exact, '2/3');
    assert.equal(batch.body.results[1].exact, '7');
  });
  it('never a confident wrong number: typos of another kind and common words are refused', async () => {
    for (const phrase of ['zillion', 'gazillion', 'minus minus five', 'three point', 'two thirds thirds', 'for', 'none', 'tree']) {
      const { status, body } = await get(`q=${encodeURIComponent(phrase)}`);
      assert.ok(status >= 400 && status < 500, phrase);
      assert.ok(body.error.message.length > 0, phrase);
    }
    assert.match((await get('q=for')).body.error.message, /"for" is an English word/);
  });
});

describe('reader=grammar', () => {
  it('answers every form exactly, in the query or the body', async () => {
    for (const [phrase, exact, form] of [['five quintillion', '5000000000000000000', 'cardinal'], ['two thirds', '2/3', 'fraction'], ['twenty first', '21', 'ordinal'], ['-seven', '-7', 'cardinal'], ['zero eight', '8', 'digits']]) {
      const fromQuery = await get(`reader=grammar&q=${encodeURIComponent(phrase as string)}`);
      const fromBody = await post('/api/predict', { phrase, reader: 'grammar' });
      for (const { status, body } of [fromQuery, fromBody]) {
        assert.equal(status, 200, phrase);
        assert.deepEqual([body.reader, body.exact, body.referenceExact, body.form], ['grammar', exact, exact, form], phrase);
      }
    }
    const { body } = await get('reader=grammar&q=zero+eight');
    assert.equal(body.digits, '08');
    assert.deepEqual(body.steps.map((s: { exact: string }) => s.exact), ['0', '8']);
    assert.equal((await get('reader=grammar&q=twenty+first')).body.ordinal, true);
  });
  it('in batches, at both details, errors in their place', async () => {
    const { status, body } = await post('/api/predict/batch', { phrases: ['one and a half', 'zillion', 42], reader: 'grammar', detail: 'value' });
    assert.equal(status, 200);
    assert.deepEqual([body.results[0].exact, body.results[0].reader, body.results[0].steps], ['1.5', 'grammar', undefined]);
    assert.equal(body.results[1].error.code, 'unknown_word');
    assert.equal(body.results[2].error.code, 'not_a_string');
  });
  it('reads a phrase being typed', async () => {
    const { status, body } = await get('reader=grammar&partial=1&q=three+point');
    assert.equal(status, 200);
    assert.deepEqual([body.value, body.exact, body.partial], [3, '3', true]);
  });
  it('refuses an unknown reader', async () => {
    const { status, body } = await get('reader=robot&q=five');
    assert.equal(status, 400);
    assert.equal(body.error.code, 'bad_reader');
  });
});
