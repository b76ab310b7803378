// The lock file agrees with package.json, so `npm install` on a fresh clone leaves it unchanged.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { it } from 'node:test';
import { SERVER_NODE_FLAGS } from '../src/server/node-flags.ts';
import { ROOT } from './helpers.ts';

it('package-lock.json lists exactly the dependencies of package.json, of the same kinds', async () => {
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
  const lock = JSON.parse(await readFile(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const root = lock.packages[''];
  for (const kind of ['dependencies', 'optionalDependencies', 'devDependencies']) {
    assert.deepEqual(root[kind] ?? {}, pkg[kind] ?? {}, kind);
  }
});

it('npm start runs the server with its Node flags', async () => {
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
  for (const flag of SERVER_NODE_FLAGS) assert.ok(pkg.scripts.start.split(' ').includes(flag), flag);
});
