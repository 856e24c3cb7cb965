/**
 * Issue 10, item 6: the CLI reads only regular files inside the dataset folder. (A named pipe is tested on the CLI
 * as a process, in tests/unit/cli/cli.test.ts: before the fix it blocked, which only a process with a timeout shows.)
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/io/dataset';
import { DatasetError } from '../../../src/io/errors';
import { folderSource } from '../../../src/io/fs-source';

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the mini fixture in a folder of its own, beside a file of secrets outside it. */
function setUp(): { dir: string; secret: string } {
  const base = mkdtempSync(join(tmpdir(), 'gridsight-fs-'));
  temps.push(base);
  const dir = join(base, 'dataset');
  cpSync('tests/fixtures/mini', dir, { recursive: true });
  const secret = join(base, 'secret.geojson');
  writeFileSync(secret, 'DB_PASSWORD=hunter2 and more private text\n');
  return { dir, secret };
}

async function failure(p: Promise<unknown>): Promise<DatasetError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    return e as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

describe('folderSource reads only regular files inside the folder', () => {
  it('refuses a symbolic link to a file outside the folder, without reading it', async () => {
    const { dir, secret } = setUp();
    unlinkSync(join(dir, 'grids.geojson'));
    symlinkSync(secret, join(dir, 'grids.geojson'));
    const e = await failure(loadDataset(folderSource(dir)));
    expect(e.file).toBe('grids.geojson');
    expect(e.message).toBe(`grids.geojson: is a symbolic link to a file outside ${dir}; only files inside the dataset folder are read`);
    expect(e.message).not.toMatch(/hunter2|DB_PASS/);
  });

  it('refuses a relative ../ link, and a link through a linked folder that leads outside', async () => {
    const { dir } = setUp();
    unlinkSync(join(dir, 'members.json'));
    symlinkSync('../secret.geojson', join(dir, 'members.json'));
    expect((await failure(loadDataset(folderSource(dir)))).message).toMatch(/^members\.json: is a symbolic link to a file outside /);
    unlinkSync(join(dir, 'members.json'));
    symlinkSync('..', join(dir, 'up'));
    symlinkSync('up/secret.geojson', join(dir, 'members.json'));
    expect((await failure(loadDataset(folderSource(dir)))).message).toMatch(/^members\.json: is a symbolic link to a file outside /);
  });

  it('follows a symbolic link whose target is inside the folder', async () => {
    const { dir } = setUp();
    mkdirSync(join(dir, 'v2'));
    cpSync(join(dir, 'grids.geojson'), join(dir, 'v2/grids.geojson'));
    unlinkSync(join(dir, 'grids.geojson'));
    symlinkSync('v2/grids.geojson', join(dir, 'grids.geojson'));
    const ds = await loadDataset(folderSource(dir));
    expect(ds.grids?.features).toHaveLength(2);
  });

  it('refuses a folder in place of a contract file', async () => {
    const { dir } = setUp();
    unlinkSync(join(dir, 'grids.geojson'));
    mkdirSync(join(dir, 'grids.geojson'));
    const e = await failure(loadDataset(folderSource(dir)));
    expect(e.message).toBe(`grids.geojson: is a folder in ${dir}, not a regular file; only regular files are read`);
  });

  it('refuses a socket in place of a contract file', async () => {
    const { dir } = setUp();
    unlinkSync(join(dir, 'members.json'));
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(join(dir, 'members.json'), resolve));
    try {
      const e = await failure(loadDataset(folderSource(dir)));
      expect(e.message).toBe(`members.json: is a socket in ${dir}, not a regular file; only regular files are read`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('says a dangling link cannot be read', async () => {
    const { dir } = setUp();
    unlinkSync(join(dir, 'grids.geojson'));
    symlinkSync('nowhere.geojson', join(dir, 'grids.geojson'));
    const e = await failure(loadDataset(folderSource(dir)));
    expect(e.message).toBe(`grids.geojson: could not be read from ${dir} (ENOENT)`);
  });
});
