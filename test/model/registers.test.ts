// The register head's operations table: the choices it gives for G groups, and each operation in words, as
// the page's table and the API's ops.summary show it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeOps, operationChoices, trainingChoices } from '../../src/model/registers.ts';

it('describes each operation in words', () => {
  const ops = (o: Partial<Parameters<typeof describeOps>[0]>) => describeOps({ operand: 0, multiplier: 1, carry: 0, implied: 0, group: 0, ...o });
  assert.equal(ops({ operand: 7 }), '+ 7');
  assert.equal(ops({ multiplier: 99.9993, operand: 0.001 }), '× 100');
  assert.equal(ops({ multiplier: 10, operand: -2.5 }), '× 10, − 2.5');
  assert.equal(ops({ implied: 1, multiplier: 100 }), 'one, × 100');
  assert.equal(ops({ implied: 1, carry: 1, group: 2 }), 'one, move to millions');
  assert.equal(ops({ carry: 1, group: 1, operand: 5 }), 'move to thousands');
  assert.equal(ops({ carry: 1, group: 7 }), 'move to group 7');
  assert.equal(ops({}), 'keep');
});

it('gives one softmax column per operation and target group, each twice for training (without, then with an implied one)', () => {
  const columns = (G: number) => operationChoices(G).map((c) => `${c.operation.name}→${c.target}`);
  assert.deepEqual(columns(1), ['act→0']);
  assert.deepEqual(columns(3), ['act→0', 'move→1', 'move→2']);
  assert.deepEqual(
    trainingChoices(2).map((c) => `${c.implied}:${c.column}`),
    ['0:0', '0:1', '1:0', '1:1'],
  );
  assert.equal(trainingChoices(4).length, 2 * operationChoices(4).length);
});
