// Writing folders and files so that an interrupted or failed write never leaves a half-written result in
// place: everything goes to a hidden sibling that is renamed over the target only when complete.

import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

function sibling(target: string, tag: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${tag}-${process.pid}`);
}

/** Runs `fill` on an empty temporary folder, then swaps it in for `target` (replacing what was there). */
export async function writeDirAtomically<T>(target: string, fill: (dir: string) => Promise<T>): Promise<T> {
  const resolved = path.resolve(target);
  const partial = sibling(resolved, 'partial');
  await mkdir(path.dirname(resolved), { recursive: true });
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial);
  try {
    const result = await fill(partial);
    const exists = await stat(resolved).then(() => true, () => false);
    const old = sibling(resolved, 'old');
    if (exists) await rename(resolved, old);
    await rename(partial, resolved);
    if (exists) await rm(old, { recursive: true, force: true });
    return result;
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
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
