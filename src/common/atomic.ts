// Writing folders and files so that an interrupted or failed write never leaves a half-written result in
// place: everything goes to a hidden sibling `.NAME.partial-PID` that is swapped in only when complete.
//
// A folder cannot be renamed over a non-empty one, so the swap is two renames: the old folder aside to
// `.NAME.old-PID`, the new one in. Both are synchronous, back to back, so no signal handler or
// `process.exit` can run between them; only a kill -9 can land there, and then the next write or model load
// in that folder restores `.NAME.old-PID` (a complete folder) as NAME. Leftovers of dead processes are
// removed by that same sweep, and a process that exits while filling removes its own partial folder.

import { existsSync, renameSync, rmSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const LEFTOVER = /^\.(.+)\.(partial|old)-(\d+)$/;

function sibling(target: string, tag: 'partial' | 'old'): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${tag}-${process.pid}`);
}

/** Whether a process with this id is running (a process we may not signal still counts as running). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Cleans up after killed writers in `dir`: a `.NAME.old-PID` whose NAME is missing (a kill between the two
 * renames) becomes NAME again; every other leftover of a dead process is removed. Best effort: a folder we
 * cannot read or write is left as it is. Returns the names it restored.
 */
export async function recoverLeftovers(dir: string): Promise<string[]> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  const restored: string[] = [];
  for (const entry of entries) {
    const match = LEFTOVER.exec(entry);
    if (!match || isRunning(Number(match[3]))) continue;
    const [, name, kind] = match as unknown as [string, string, string];
    const leftover = path.join(dir, entry);
    const target = path.join(dir, name);
    try {
      if (kind === 'old' && !(await stat(target).then(() => true, () => false))) {
        await rename(leftover, target);
        restored.push(name);
      } else {
        await rm(leftover, { recursive: true, force: true });
      }
    } catch {
      // Another process may be recovering the same folder; whatever it leaves, the next sweep sees.
    }
  }
  return restored;
}

/** Partial folders of this process, removed if it exits (a second Ctrl-C) before they are swapped in. */
const filling = new Set<string>();
let exitHookInstalled = false;

function removeOnExit(partial: string): void {
  filling.add(partial);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const dir of filling) rmSync(dir, { recursive: true, force: true });
  });
}

/** Runs `fill` on an empty temporary folder, then swaps it in for `target` (replacing what was there). */
export async function writeDirAtomically<T>(target: string, fill: (dir: string) => Promise<T>): Promise<T> {
  const resolved = path.resolve(target);
  const partial = sibling(resolved, 'partial');
  await mkdir(path.dirname(resolved), { recursive: true });
  await recoverLeftovers(path.dirname(resolved));
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial);
  removeOnExit(partial);
  try {
    const result = await fill(partial);
    swapIn(partial, resolved);
    return result;
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  } finally {
    filling.delete(partial);
  }
}

/** The two renames, synchronously, then the old folder removed. */
function swapIn(partial: string, target: string): void {
  const old = sibling(target, 'old');
  const exists = existsSync(target);
  if (exists) renameSync(target, old);
  renameSync(partial, target);
  if (exists) rmSync(old, { recursive: true, force: true });
}

/** Writes a file through a temporary sibling and a rename. */
export async function writeFileAtomically(target: string, content: string): Promise<void> {
  const partial = sibling(path.resolve(target), 'partial');
  await mkdir(path.dirname(partial), { recursive: true });
  try {
    await writeFile(partial, content);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
