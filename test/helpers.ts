// Shared test helpers: temporary folders and running a CLI as a user would (node + tsx, no npm wrapper, so
// signals reach the CLI itself).

import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');

const created: string[] = [];

/** A fresh folder in the system temp directory, removed when the test process exits. */
export async function tempDir(prefix = 'nalu-test-'): Promise<string> {
  if (created.length === 0) process.on('exit', () => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** The id of a process that has exited: leftovers named after it belong to no running process. */
export function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid as number));
  });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `src/cli/<name>.ts` with args, in the project folder unless `cwd` says otherwise; `onStart` may signal the child. */
export function runCli(
  name: string,
  args: string[],
  { onStart, env, cwd = ROOT }: { onStart?: (child: ReturnType<typeof spawn>) => void; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // tsx by its resolved address, so a CLI can run in a folder without node_modules.
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(ROOT, 'src', 'cli', `${name}.ts`), ...args], {
      cwd,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    onStart?.(child);
  });
}
