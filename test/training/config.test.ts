// Training options by head: a flag the chosen head does not read fails with one line, a default never
// does; the paper preset; a recorded configuration (meta.json, the tuning log) is complete and versioned.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { HEADS } from '../../src/model/choices.ts';
import { CONFIG_VERSION, configFromRecord, OPTION_GROUPS, PAPER_PRESET, recordedOptions, resolveTrainConfig, TRAIN_DEFAULTS, TRAIN_FIELDS } from '../../src/training/config.ts';
import { readTuning } from '../../src/experiments/tuning.ts';
import { ConfigError } from '../../src/common/config.ts';

describe('options beside their heads', () => {
  it('a flag the head does not read fails, naming the heads that do', () => {
    assert.throws(() => resolveTrainConfig({ sparsity: '0.1' }), { message: '--sparsity applies to nau, nmu, nau-nmu; not registers' });
    assert.throws(() => resolveTrainConfig({ head: 'nalu', choiceWeight: '1' }), { message: '--choice-weight applies to registers; not nalu' });
    assert.throws(() => resolveTrainConfig({ headInput: 'hc' }), { message: '--head-input applies to nalu, nac, linear, nau, nmu, nau-nmu; not registers' });
    assert.throws(() => resolveTrainConfig({ head: 'nau', expClamp: '10' }), { message: '--exp-clamp applies to nalu; not nau' });
    assert.throws(() => resolveTrainConfig({ head: 'nau', wordDropoutUntil: '0.5' }), { message: '--word-dropout-until applies to --loss final; not running' });
  });
  it('the same flags pass for a head that reads them', () => {
    assert.equal(resolveTrainConfig({ head: 'nau', sparsity: '0.1' }).sparsity, 0.1);
    assert.equal(resolveTrainConfig({ head: 'nalu', expClamp: '10' }).expClamp, 10);
    assert.equal(resolveTrainConfig({ head: 'nau', loss: 'final', wordDropoutUntil: '0.5' }).wordDropoutUntil, 0.5);
  });
  it('defaults and presets never trip the check (the paper preset sets sparsity and teacher forcing for every head)', () => {
    for (const head of HEADS.filter((h) => h !== 'registers')) assert.equal(resolveTrainConfig({ protocol: 'paper', head }).head, head);
    assert.deepEqual(resolveTrainConfig({}), TRAIN_DEFAULTS);
  });
  it('a grid of heads accepts a flag that one of them reads, and refuses one that none reads', () => {
    assert.equal(resolveTrainConfig({ protocol: 'paper', sparsityFrom: '0.5' }, { heads: ['nalu', 'nau'] }).sparsityFrom, 0.5);
    assert.throws(() => resolveTrainConfig({ protocol: 'paper', sparsityFrom: '0.5' }, { heads: ['nalu', 'linear'] }), { message: '--sparsity-from applies to nau, nmu, nau-nmu; not nalu, linear' });
  });
  it('every option is either shared or in exactly one group', () => {
    for (const key of Object.keys(TRAIN_FIELDS)) assert.ok(OPTION_GROUPS.filter((g) => key in g.defaults).length <= 1, key);
  });
});

describe('recorded configurations', () => {
  it('the committed models record their full configuration, versioned', async () => {
    for (const model of ['models/default', 'models/paper-nalu']) {
      const meta = JSON.parse(await readFile(`${model}/meta.json`, 'utf8'));
      // Recorded before operations (version 3) or since: every option of its version, nothing missing.
      assert.ok(meta.configVersion >= 2 && meta.configVersion <= CONFIG_VERSION, model);
      assert.deepEqual(Object.keys(meta.hyperparameters), recordedOptions(meta.configVersion), model);
      // Read back, the record is what it says, and an option added since takes the default that reproduces it.
      const full = configFromRecord(meta.hyperparameters, meta.configVersion) as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(full)) assert.deepEqual(value, key in meta.hyperparameters ? meta.hyperparameters[key] : TRAIN_DEFAULTS[key as keyof typeof TRAIN_DEFAULTS], `${model}: ${key}`);
    }
  });
  it('a record from before versions takes today\'s defaults for the options it lacks; unknown keys and versions fail', () => {
    const old = configFromRecord({ head: 'nalu', loss: 'final', hidden: 32 });
    assert.deepEqual(old, { ...TRAIN_DEFAULTS, head: 'nalu', loss: 'final', hidden: 32 });
    assert.throws(() => configFromRecord({ hiden: 32 }), /unknown option --hiden/);
    assert.throws(() => configFromRecord({}, CONFIG_VERSION + 1), new RegExp(`configVersion ${CONFIG_VERSION + 1} is not known`));
    // Version 2 predates operations: its register heads had the cardinal table.
    assert.deepEqual(configFromRecord({ head: 'registers' }, 2).operations, ['act', 'move']);
    assert.deepEqual(recordedOptions(CONFIG_VERSION), Object.keys(TRAIN_FIELDS));
    assert.ok(!recordedOptions(2).includes('operations') && !recordedOptions(1).includes('moveTarget'));
    // Version 1 predates moveTarget: its register heads chose a move's group from context.
    assert.equal(configFromRecord({ head: 'registers' }, 1).moveTarget, 'context');
    assert.equal(configFromRecord({ head: 'registers', moveTarget: 'word' }, 2).moveTarget, 'word');
  });
  it('every tuning entry records a full configuration (the seeds apart), versioned', async () => {
    const entries = await readTuning('docs/paper-tuning.jsonl');
    assert.ok(entries.length > 50);
    for (const e of entries) {
      assert.ok(e.configVersion >= 2 && e.configVersion <= CONFIG_VERSION);
      assert.deepEqual(Object.keys(e.config), recordedOptions(e.configVersion).filter((k) => k !== 'seed'));
    }
  });
});

describe('--protocol paper', () => {
  it('starts from the preset, lets flags override it, and keeps the final-value loss', () => {
    const config = resolveTrainConfig({ protocol: 'paper', head: 'nau', epochs: '7' });
    assert.equal(config.loss, 'final');
    assert.equal(config.teacherForcing, false);
    assert.equal(config.head, 'nau');
    assert.equal(config.epochs, 7);
    assert.equal(config.headInput, PAPER_PRESET.headInput);
    assert.equal(resolveTrainConfig({}).loss, 'running', 'no protocol: the defaults as before');
  });
  it('refuses running targets or the register head', () => {
    assert.throws(() => resolveTrainConfig({ protocol: 'paper', loss: 'running' }), ConfigError);
    assert.throws(() => resolveTrainConfig({ protocol: 'paper', head: 'registers' }), ConfigError);
    assert.throws(() => resolveTrainConfig({ protocol: 'papers' }), /--protocol must be one of custom, paper/);
    assert.throws(() => resolveTrainConfig({ order: 'reversed' }), /--order reversed is for the paper-style heads/);
  });
  it('needs the final-value loss: running values do not exist for a phrase with a word left out', () => {
    assert.throws(() => resolveTrainConfig({ head: 'nau', loss: 'running', teacherForcing: 'false', wordDropout: '0.1' }), /--word-dropout needs the final-value loss/);
    assert.equal(resolveTrainConfig({ protocol: 'paper', wordDropout: '0.05' }).wordDropout, 0.05);
    assert.throws(() => resolveTrainConfig({ protocol: 'paper', wordDropout: '1' }), /--word-dropout must be at most 0.9/);
  });
});
