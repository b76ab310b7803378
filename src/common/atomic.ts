// Writing folders and files so that an interrupted or failed write never leaves a half-written result in
// place: everything goes to a hidden sibling `.NAME.partial-PID` that is swapped in only when complete.
//
// A folder cannot be renamed over a non-empty one, so the swap is two renames: the old folder aside to
// `.NAME.old-PID`, the new one in. Both are synchronous, back to back, so no signal handler or
// `process.exit` can run between them; only a kill -9 can land there, and then the next write or model load
// in that folder restores `.NAME.old-PID` (a complete folder) as NAME. Leftovers of dead processes are
// removed by that same sweep, and a process that exits while filling removes its own partial folder.

import { existsSync, renameSync, rmSync } from 'node:fs';
import { access, constants, mkdir, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
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

/**
 * A kind of folder this project writes: replacing one is safe only when every file in it is one we write
 * and its marker file says it is ours, so a user's own files are never swept away with it.
 */
export interface OwnedFolder {
  /** What the folder holds, for messages ("dataset", "model"). */
  what: string;
  /** The names of the files a folder of this kind holds. */
  ownFile: RegExp;
  /** Whether the folder's marker (manifest.json, model.json) was written by us. */
  isOurs: (dir: string) => Promise<boolean>;
}

export class RefusedWriteError extends Error {
  override name = 'RefusedWriteError';
}

/** `dir` itself or a folder above it. */
function contains(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The path with its existing part resolved through symbolic links. */
async function realTarget(target: string): Promise<string> {
  const resolved = path.resolve(target);
  const real = await realpath(resolved).catch(() => undefined);
  if (real) return real;
  const parent = path.dirname(resolved);
  return parent === resolved ? resolved : path.join(await realTarget(parent), path.basename(resolved));
}

/** Folders that must never be replaced, whatever a caller asks: the working folder and everything above it. */
async function protectedFolders(): Promise<string[]> {
  return Promise.all([process.cwd(), import.meta.dirname].map((dir) => realTarget(dir)));
}

/**
 * Checks, before any work starts, that writing `kind` to `target` loses nothing: a missing or empty folder
 * is fine; an existing one must be a folder of that kind holding only our files, or `force` must be given.
 * Never, even with `force`: the working folder or a folder above it, the project's own folder, or a folder
 * holding `.git`. Also fails when the folder could not be created. Throws RefusedWriteError in one line.
 */
export async function checkReplaceable(target: string, kind: OwnedFolder, { force = false }: { force?: boolean } = {}): Promise<void> {
  const real = await realTarget(target);
  if ((await protectedFolders()).some((dir) => contains(real, dir))) {
    throw new RefusedWriteError(`refusing to write a ${kind.what} to "${target}": it is the working folder or holds it`);
  }
  const info = await stat(real).catch(() => undefined);
  if (!info) return checkCreatable(target, real);
  if (!info.isDirectory()) throw new RefusedWriteError(`refusing to write a ${kind.what} to "${target}": it is a file, not a folder`);
  const entries = await readdir(real);
  if (entries.includes('.git')) throw new RefusedWriteError(`refusing to write a ${kind.what} to "${target}": it holds a .git folder`);
  await access(real, constants.W_OK).catch(() => {
    throw new RefusedWriteError(`cannot write to "${target}": the folder is not writable`);
  });
  if (force || entries.length === 0) return;
  const foreign = entries.find((name) => !kind.ownFile.test(name));
  if (foreign !== undefined || !(await kind.isOurs(real))) {
    const why = foreign !== undefined ? `it holds "${foreign}", which is not part of a ${kind.what}` : `it is not a ${kind.what} written by nalu-words`;
    throw new RefusedWriteError(`refusing to replace "${target}": ${why}; choose another folder, or add --force to replace it whole`);
  }
}

/** The nearest existing folder above a missing target must be a writable folder. */
async function checkCreatable(target: string, real: string): Promise<void> {
  for (let dir = path.dirname(real); ; dir = path.dirname(dir)) {
    const info = await stat(dir).catch(() => undefined);
    if (info) {
      if (!info.isDirectory()) throw new RefusedWriteError(`cannot write to "${target}": "${dir}" is not a folder`);
      await access(dir, constants.W_OK).catch(() => {
        throw new RefusedWriteError(`cannot write to "${target}": "${dir}" is not writable`);
      });
      return;
    }
    if (path.dirname(dir) === dir) return;
  }
}

/**
 * Runs `fill` on an empty temporary folder, then swaps it in for `target`, replacing what was there only as
 * `checkReplaceable` allows (checked again here, so no caller can skip it).
 */
export async function writeDirAtomically<T>(
  target: string,
  kind: OwnedFolder,
  fill: (dir: string) => Promise<T>,
  { force = false }: { force?: boolean } = {},
): Promise<T> {
  await checkReplaceable(target, kind, { force });
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
