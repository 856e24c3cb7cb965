/**
 * Issue 10, `?data=`: a link may open only a dataset on the app's own origin or one config.json lists. A refused
 * link shows a banner saying why and the default dataset instead, and nothing is fetched from the other site; a
 * dataset that is not the default is marked in the top bar and on the wall, with the folder it comes from.
 */
import { describe, expect, test } from 'vitest';
import { assertClean, screenshot, useAppBrowser, waitReady, type TrackedPage } from './harness';

const app = useAppBrowser();
const DEFAULT_NAME = '智汇湾工业社区';

async function openReady(url: string, viewport?: { width: number; height: number }): Promise<TrackedPage> {
  const tracked = await app.open({ viewport });
  await tracked.page.goto(app.server.url(url));
  expect(await waitReady(tracked.page), 'ready').toMatchObject({ ok: true });
  return tracked;
}

describe('?data=', () => {
  test.each([
    ['https://evil.example/fake/', /evil\.example/],
    ['//evil.example/fake/', /evil\.example/],
    ['javascript:alert(1)', /http/],
  ])('%s is refused with a banner saying why; the default dataset is shown, nothing leaves the origin', async (given, why) => {
    const tracked = await openReady(`/?data=${encodeURIComponent(given)}`);
    const { page } = tracked;
    await page.getByTestId('dataset-refused').waitFor();
    expect(await page.getByTestId('dataset-refused-given').textContent()).toBe(given);
    expect(await page.getByTestId('dataset-refused-reason').textContent()).toMatch(why);
    await expect.poll(() => page.getByTestId('dataset-select').locator('option:checked').textContent()).toBe(DEFAULT_NAME);
    // The default is on screen, so nothing says "not the default" once config.json has been read.
    await page.waitForFunction(() => document.querySelector('[data-testid="dataset-select"] option'));
    expect(await page.getByTestId('dataset-not-default').count()).toBe(0);
    if (given.startsWith('https:')) await screenshot(page, 'dataset-link-refused');
    assertClean(tracked, app.server.origin);
  });

  test('a same-origin dataset that is not the default is followed and marked in the top bar, with its folder', async () => {
    const tracked = await openReady('/?data=./data/zhihuiwan-defects/');
    const { page } = tracked;
    await page.getByTestId('dataset-not-default').waitFor();
    expect(await page.getByTestId('dataset-source').textContent()).toBe('./data/zhihuiwan-defects/');
    expect(await page.getByTestId('dataset-refused').count()).toBe(0);
    await screenshot(page, 'dataset-link-not-default');
    assertClean(tracked, app.server.origin);
  });

  test('the wall says so too: a refused link, and a dataset that is not the default', async () => {
    const refused = await openReady(`/?data=${encodeURIComponent('https://evil.example/fake/')}#/wall`, { width: 1920, height: 1080 });
    await refused.page.getByTestId('wall-refused').waitFor();
    expect(await refused.page.getByTestId('wall-refused').textContent()).toContain('https://evil.example/fake/');
    expect(await refused.page.getByTestId('wall-name').textContent()).toBe(DEFAULT_NAME);
    expect(await refused.page.getByTestId('wall-not-default').count()).toBe(0);
    await screenshot(refused.page, 'dataset-link-wall-refused');
    assertClean(refused, app.server.origin);

    const other = await openReady('/?data=./data/zhihuiwan-defects/#/wall', { width: 1920, height: 1080 });
    await other.page.getByTestId('wall-not-default').waitFor();
    expect(await other.page.getByTestId('wall-not-default').textContent()).toContain('./data/zhihuiwan-defects/');
    await screenshot(other.page, 'dataset-link-wall-not-default');
    assertClean(other, app.server.origin);
  });
});
