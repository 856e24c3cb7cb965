/**
 * Import applied to the server, in the browser: the app records the version its files came from
 * (X-GridSight-Version, on the 304s of a reload too), and the import dialog checks an incidents file against that
 * version, not the head: a version that landed after the load is a conflict (409), and after the dataset is read
 * again the same file merges into the server's incidents.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BUNDLED, useAppServer } from './app-server';
import { assertClean, screenshot, waitReady } from './harness';

const server = useAppServer(['admin']);
const CSV = [
  'id,category,level,status,reportedAt,gridCode,lon,lat,title',
  'SJ9100001,safety,2,reported,2026-03-02 09:05,330424002012009,121.001211,30.5965956,浏览器导入的事件',
].join('\n');

describe('import applied to the server', () => {
  it('incidents: checked against the loaded version (409 when one landed since), then merged after a re-read', async () => {
    const tracked = await server.loginAs('admin');
    const { page } = tracked;
    expect(await waitReady(page)).toMatchObject({ ok: true });
    // A reload: the data files now come back as 304s, which must still say their version.
    await page.reload();
    expect(await waitReady(page)).toMatchObject({ ok: true });

    // Another admin's import lands after this page read version 1: version 2 is the head.
    const cookie = await server.cookie('admin');
    const landed = await server.app.inject({
      method: 'POST',
      url: '/api/data/import',
      headers: { cookie },
      payload: {
        file: 'enterprises.geojson',
        text: readFileSync(path.join(BUNDLED, 'enterprises.geojson'), 'utf8').replace(
          '"name":"',
          '"name":"改',
        ),
        baseVersion: 1,
      },
    });
    expect(landed.json()).toMatchObject({ version: 2 });

    await page.getByTestId('import-button').click();
    await page.getByTestId('import-dialog').waitFor();
    await page.getByTestId('import-as').selectOption('incidents');
    const choose = () =>
      page
        .getByTestId('import-file')
        .setInputFiles({ name: '事件.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await choose();
    const note = page.getByTestId('import-apply-note');
    await expect.poll(() => note.textContent(), { timeout: 30_000 }).toContain('基于版本 1 检查');
    expect(await page.getByTestId('import-confirm').textContent()).toContain('应用到服务器');
    await page.getByTestId('import-confirm').click();
    await expect
      .poll(() => page.getByTestId('import-apply-error').textContent(), { timeout: 15_000 })
      .toContain('服务器上的数据已被他人修改');
    expect(
      (await server.app.inject({ url: '/api/incidents/SJ9100001', headers: { cookie } })).statusCode,
    ).toBe(404);

    // The dataset is read again (version 2); the same file checked again goes through.
    await waitReady(page);
    await choose();
    await expect.poll(() => note.textContent(), { timeout: 30_000 }).toContain('基于版本 2 检查');
    await page.getByTestId('import-confirm').click();
    await expect
      .poll(() => page.getByTestId('import-applied').textContent(), { timeout: 15_000 })
      .toContain('新增 1');
    const stored = await server.app.inject({ url: '/api/incidents/SJ9100001', headers: { cookie } });
    expect(stored.statusCode).toBe(200);
    expect(stored.json()).toMatchObject({
      incident: { properties: { id: 'SJ9100001', title: '浏览器导入的事件', gridCode: '330424002012009' } },
      history: [{ action: 'import', by: 'admin' }],
    });
    // The data is read again after the apply: the map comes back, and the dialog still says what was applied.
    await waitReady(page);
    expect(await page.getByTestId('import-applied').textContent()).toContain('新增 1');
    await screenshot(page, 'server-import-incidents');
    // The refused apply is a 409 answer the browser logs; nothing else.
    tracked.console.splice(0, tracked.console.length, ...tracked.console.filter((m) => !/409/.test(m.text)));
    assertClean(tracked, server.base);
    await tracked.close();
  }, 180_000);
});
