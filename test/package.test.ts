// The lock file agrees with package.json, so `npm install` on a fresh clone leaves it unchanged.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
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

describe('the README is the front door', () => {
  it('its install, start and test commands come within the first 30 lines, and CI runs the same ones', async () => {
    const lines = (await readFile(path.join(ROOT, 'README.md'), 'utf8')).split('\n');
    const at = (command: string) => lines.findIndex((l) => l.startsWith(`${command} `) || l === command);
    for (const command of ['npm install', 'npm start', 'npm test']) assert.ok(at(command) >= 0 && at(command) < 30, `${command} at line ${at(command) + 1}`);
    const ci = (await readFile(path.join(ROOT, '.ci', 'run'), 'utf8')).split('\n');
    for (const command of ['npm install', 'npm test']) assert.ok(ci.some((l) => l === command || l.startsWith(`${command} `)), `.ci/run runs ${command}`);
  });
  it('every link in README.md and docs/ points to a file in the repository', async () => {
    const pages = ['README.md', ...(await readdir(path.join(ROOT, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    for (const page of pages) {
      const text = await readFile(path.join(ROOT, page), 'utf8');
      const targets = [...text.matchAll(/\]\(([^)\s]+)\)|<img src="([^"]+)"/g)].map((m) => (m[1] ?? m[2]) as string);
      for (const target of targets) {
        assert.doesNotMatch(target, /^[a-z]+:/, `${page} links outside the repository: ${target}`);
        const file = path.resolve(ROOT, path.dirname(page), target.split('#')[0] as string);
        assert.ok(existsSync(file), `${page} links to ${target}, which is not there`);
      }
    }
  });
});
