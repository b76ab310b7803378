// Atomic folder writes: no gap a kill can leave without the target, and no leftovers that live forever.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { writeDirAtomically } from '../src/atomic.ts';
import { loadModel } from '../src/model/files.ts';
import { deadPid, ROOT, tempDir } from './helpers.ts';

describe('atomic folder writes', () => {
  it('a save killed between its two renames leaves a model that loads (the old one), and no leftovers', async () => {
    const models = path.join(await tempDir(), 'models');
    await mkdir(models);
    await cp(path.join(ROOT, 'models', 'default'), path.join(models, 'default'), { recursive: true });
    // The state a kill -9 leaves after `default` was renamed aside and before the new folder was renamed in.
    const pid = await deadPid();
    await rename(path.join(models, 'default'), path.join(models, `.default.old-${pid}`));
    await cp(path.join(ROOT, 'models', 'default'), path.join(models, `.default.partial-${pid}`), { recursive: true });
    const { reader, meta } = await loadModel(path.join(models, 'default'), { warn: () => undefined });
    assert.equal(meta.name, 'default');
    reader.dispose();
    assert.deepEqual(await readdir(models), ['default']);
  });

  it('sweeps the leftovers of dead processes beside the target, and only those', async () => {
    const dir = await tempDir();
    const dead = await deadPid();
    const live = `.other.partial-${process.pid}`;
    for (const name of [`.out.partial-${dead}`, `.out.old-${dead}`, `.data.partial-${dead}`, live]) await mkdir(path.join(dir, name));
    await writeDirAtomically(path.join(dir, 'out'), async (partial) => writeFile(path.join(partial, 'a.txt'), 'new'));
    // `.out.old-…` had no `out` beside it, so it was restored first, then replaced by the new write.
    assert.deepEqual((await readdir(dir)).sort(), [live, 'out']);
    assert.equal(await readFile(path.join(dir, 'out', 'a.txt'), 'utf8'), 'new');
  });

  it('a process that exits while filling (a second Ctrl-C) removes its partial folder', async () => {
    const dir = await tempDir();
    const code = `
      import { writeFile } from 'node:fs/promises';
      import { writeDirAtomically } from ${JSON.stringify(path.join(ROOT, 'src', 'atomic.ts'))};
      await writeDirAtomically(${JSON.stringify(path.join(dir, 'out'))}, async (partial) => {
        await writeFile(partial + '/half.txt', 'half');
        process.exit(130);
      });`;
    const exitCode = await new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: 'inherit' });
      child.on('exit', resolve);
    });
    assert.equal(exitCode, 130);
    assert.deepEqual(await readdir(dir), []);
  });
});
