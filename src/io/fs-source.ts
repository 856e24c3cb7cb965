/**
 * A dataset folder on disk (the CLI). dataset.json is optional here: without it the folder's contract files
 * are the manifest. Node only: the browser bundle never imports this file.
 *
 * Only regular files inside the folder are read: a symbolic link is followed only when its target is inside the
 * folder too (a link to a file elsewhere would have the tool read, and quote in its errors, a file that is not
 * the dataset's), and a named pipe, socket, device or folder in place of a contract file is refused before any
 * read, so the tool never blocks on one.
 */
import { constants, type Stats } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import type { DatasetFile, DatasetManifest } from '../domain/types';
import { DATASET_FILES } from '../domain/types';
import { parseManifest, type DatasetSource } from './dataset';
import { DatasetError } from './errors';

/** What a non-regular file is, in words. */
function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

const codeOf = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** @example await loadDataset(folderSource('data/zhihuiwan')) */
export function folderSource(dir: string): DatasetSource {
  const root = resolve(dir);
  let realRoot: Promise<string> | undefined;

  const readBuffer = async (file: string): Promise<Buffer> => {
    const unreadable = (e: unknown) => new DatasetError(file, `could not be read from ${root} (${codeOf(e)})`);
    let target: string;
    try {
      target = await realpath(join(root, file));
    } catch (e) {
      throw unreadable(e);
    }
    const inside = relative(await (realRoot ??= realpath(root)), target);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      throw new DatasetError(file, `is a symbolic link to a file outside ${root}; only files inside the dataset folder are read`);
    }
    const refuse = (s: Stats) =>
      new DatasetError(file, `is ${kindOf(s)} in ${root}, not a regular file; only regular files are read`);
    try {
      const before = await stat(target);
      if (!before.isFile()) throw refuse(before);
      // O_NONBLOCK: should the file have become a named pipe since, opening it still returns at once (and the
      // check below refuses it) instead of waiting for a writer.
      const handle = await open(target, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      try {
        const now = await handle.stat();
        if (!now.isFile()) throw refuse(now);
        return await handle.readFile();
      } finally {
        await handle.close();
      }
    } catch (e) {
      throw e instanceof DatasetError ? e : unreadable(e);
    }
  };
  // Bytes first, then one decode: readFile(…, 'utf8') decodes chunk by chunk into a string that JSON.parse must
  // flatten again, about 15 % more CPU on the county's 13 MB (tests/bench/cli-bench.mjs).
  const read = async (file: string): Promise<string> => (await readBuffer(file)).toString('utf8');
  return {
    location: root,
    read,
    readBytes: readBuffer,
    async manifest(): Promise<DatasetManifest> {
      let entries: string[];
      try {
        if (!(await stat(root)).isDirectory()) throw new Error('not a folder');
        entries = await readdir(root);
      } catch (e) {
        throw new DatasetError(root, `is not a readable dataset folder (${codeOf(e)})`);
      }
      const files = DATASET_FILES.filter((f) => entries.includes(f)) as DatasetFile[];
      const fromFile = entries.includes('dataset.json') ? parseManifest(await read('dataset.json')) : undefined;
      return { ...fromFile, name: fromFile?.name ?? basename(root), files };
    },
  };
}
