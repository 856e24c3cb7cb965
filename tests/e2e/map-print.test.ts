/**
 * 打印地图 in a real browser, on the overview: an A4 sheet at 300 dpi as a PNG (its size and pHYs from its header, the
 * legend's swatches in the side column in the legend's own colours, a map frame that is not blank, the map put back
 * as it was), a PDF of A4 landscape, and a cancelled print that leaves the map as it was. On #/analyze: the legend
 * explains the analysis layers drawn (hex cells, clusters, heat, patrol coverage), on a landscape and on a portrait
 * A4 sheet (1240 × 1754 at 150 dpi, a portrait PDF page). Downscaled copies of the sheets, a piece at full size, and
 * the 150 dpi sheets whole are kept in tests/artifacts for a person to look at.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { ARTIFACTS, assertClean, screenshot, useAppBrowser, waitReady, type AppWindow } from './harness';
import { pageLayout, type Rect } from '../../src/io/print/paper';
import { pngInfo } from '../../src/io/print/png-dpi';
import { LEGEND_ITEMS } from '../../src/map/legend-items';
import { PATROL_COLOURS } from '../../src/map/analysis-grid-colour';
import { CLUSTER_COLOURS } from '../../src/map/analysis-clusters';
import { DENSITY_COLOURS } from '../../src/map/hex-layers';
import { waitDeckLayer } from './deck-page';

const app = useAppBrowser();

/** What the map looks like now: canvas size, container style, camera. */
const mapState = (page: Page) =>
  page.evaluate(() => {
    const m = (window as AppWindow).__gridsight!.map;
    const c = m.getCanvas();
    return {
      canvas: [c.width, c.height],
      style: m.getContainer().getAttribute('style') ?? '',
      center: m
        .getCenter()
        .toArray()
        .map((v) => v.toFixed(6)),
      zoom: m.getZoom().toFixed(4),
    };
  });

/** What the page says of its last print (window.__gridsight.lastPrint). */
type LastPrint = { ms: number; legend: { shown: string[]; left: string[]; scale: number } };
const lastPrint = (page: Page) =>
  page.evaluate(
    () => (window as AppWindow & { __gridsight: { lastPrint?: LastPrint } }).__gridsight.lastPrint!,
  );

/** Clicks 生成 and returns the download's name and bytes. */
async function generate(page: Page): Promise<{ name: string; bytes: Uint8Array }> {
  const [d] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId('print-generate').click(),
  ]);
  return { name: d.suggestedFilename(), bytes: new Uint8Array(readFileSync(await d.path())) };
}

/** "#rrggbb" as [r, g, b], optionally laid at `alpha` over white (a tinted swatch). */
function rgb(hex: string, alpha = 1): [number, number, number] {
  const v = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return v.map((c) => Math.round(c * alpha + 255 * (1 - alpha))) as [number, number, number];
}

/**
 * Decodes the PNG in the page: per colour, the pixels in `side` within 6 of it; the distinct colours (to 4 bits)
 * on a 40 × 40 lattice over `frame`; and the sheet at a third of its size, as a PNG in base64.
 */
function inspect(page: Page, png: Uint8Array, side: Rect, frame: Rect, colours: [number, number, number][]) {
  return page.evaluate(
    async ({ b64, side, frame, colours }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(bitmap, 0, 0);
      const s = ctx.getImageData(side.x, side.y, side.width, side.height).data;
      const counts = colours.map(([r, g, b]) => {
        let n = 0;
        for (let i = 0; i < s.length; i += 4) {
          if (Math.abs(s[i] - r) <= 6 && Math.abs(s[i + 1] - g) <= 6 && Math.abs(s[i + 2] - b) <= 6) n++;
        }
        return n;
      });
      const f = ctx.getImageData(frame.x, frame.y, frame.width, frame.height).data;
      const distinct = new Set<number>();
      for (let j = 0; j < 40; j++) {
        for (let i = 0; i < 40; i++) {
          const at =
            (Math.floor(((j + 0.5) * frame.height) / 40) * frame.width +
              Math.floor(((i + 0.5) * frame.width) / 40)) *
            4;
          distinct.add(((f[at] >> 4) << 8) | ((f[at + 1] >> 4) << 4) | (f[at + 2] >> 4));
        }
      }
      const small = new OffscreenCanvas(Math.round(bitmap.width / 3), Math.round(bitmap.height / 3));
      const sctx = small.getContext('2d')!;
      sctx.imageSmoothingQuality = 'high';
      sctx.drawImage(bitmap, 0, 0, small.width, small.height);
      const out = new Uint8Array(await (await small.convertToBlob({ type: 'image/png' })).arrayBuffer());
      let bin = '';
      for (let i = 0; i < out.length; i += 0x8000) bin += String.fromCharCode(...out.subarray(i, i + 0x8000));
      // And a piece at full size (the frame's top-right corner, the north arrow, the legend's top), to judge sharpness.
      const piece = new OffscreenCanvas(1400, 800);
      piece
        .getContext('2d')!
        .drawImage(bitmap, side.x + side.width - 1400, frame.y - 200, 1400, 800, 0, 0, 1400, 800);
      const pieceBytes = new Uint8Array(
        await (await piece.convertToBlob({ type: 'image/png' })).arrayBuffer(),
      );
      let pieceBin = '';
      for (let i = 0; i < pieceBytes.length; i += 0x8000)
        pieceBin += String.fromCharCode(...pieceBytes.subarray(i, i + 0x8000));
      return { counts, distinct: distinct.size, small: btoa(bin), piece: btoa(pieceBin) };
    },
    { b64: Buffer.from(png).toString('base64'), side, frame, colours },
  );
}

describe('map print (打印地图)', () => {
  test('prints the overview to an A4 300 dpi PNG with its legend, and to an A4 PDF; cancel puts the map back', async () => {
    const tracked = await app.open();
    const { page } = tracked;
    const origin = new URL(app.server.url('/')).origin;
    await page.goto(app.server.url('/#/'));
    expect(await waitReady(page), 'window.__gridsight.ready result').toMatchObject({ ok: true });
    const before = await mapState(page);

    await page.getByTestId('map-print').click();
    await page.getByTestId('print-dialog').waitFor();
    expect(await page.getByTestId('print-paper-A4').isChecked()).toBe(true);
    expect(await page.getByTestId('print-dpi-300').isChecked()).toBe(true);
    expect(await page.getByTestId('print-format-png').isChecked()).toBe(true);
    expect(await page.getByTestId('print-title').inputValue()).toBe('智汇湾工业社区');
    expect(await page.getByTestId('print-size').textContent()).toContain('3508 × 2480');
    await screenshot(page, 'map-print-dialog');

    // Cancelled while the map is drawn at print size: nothing is kept, the map is as it was.
    await page.getByTestId('print-generate').click();
    await page.getByTestId('print-cancel').click();
    await page.waitForSelector('[data-testid="print-dialog"][data-stage="idle"]', { timeout: 30_000 });
    expect(await mapState(page)).toEqual(before);

    const png = await generate(page);
    expect(png.name).toBe('智汇湾工业社区_A4_300dpi.png');
    expect(pngInfo(png.bytes)).toEqual({ width: 3508, height: 2480, dpi: 300 });
    expect(await mapState(page)).toEqual(before);
    await page.getByTestId('print-done').waitFor();
    const pngMs = await page.evaluate(
      () => (window as AppWindow & { __gridsight: { lastPrint?: { ms: number } } }).__gridsight.lastPrint?.ms,
    );

    // The legend: every entry of the visible layers (all are on) in the side column, in the legend's colours.
    const layout = pageLayout('A4', 300);
    const expected = LEGEND_ITEMS.map((i) => rgb(i.colour, i.kind === 'fill' ? 0.35 : 1));
    const seen = await inspect(page, png.bytes, layout.side, layout.map, expected);
    LEGEND_ITEMS.forEach((item, k) =>
      expect(seen.counts[k], `${item.key} ${item.colour}`).toBeGreaterThan(20),
    );
    // The map frame is a map, not a blank or one-colour picture.
    expect(seen.distinct).toBeGreaterThan(12);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'map-print-a4.png'), Buffer.from(seen.small, 'base64'));
    writeFileSync(path.join(ARTIFACTS, 'map-print-a4-detail.png'), Buffer.from(seen.piece, 'base64'));

    // PDF: one A4 landscape page holding the sheet as a JPEG (150 dpi keeps the test short).
    await page.getByTestId('print-format-pdf').check();
    await page.getByTestId('print-dpi-150').check();
    const pdf = await generate(page);
    expect(pdf.name).toBe('智汇湾工业社区_A4_150dpi.pdf');
    const text = new TextDecoder('latin1').decode(pdf.bytes);
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toContain('/MediaBox [0 0 841.89 595.28]');
    expect(text).toContain('/Width 1754 /Height 1240');
    expect(text).toContain('/Filter /DCTDecode');
    const pdfMs = await page.evaluate(
      () => (window as AppWindow & { __gridsight: { lastPrint?: { ms: number } } }).__gridsight.lastPrint?.ms,
    );
    expect(await mapState(page)).toEqual(before);
    console.log(
      `map print: A4 300 dpi PNG ${pngMs} ms (${png.bytes.length} bytes), A4 150 dpi PDF ${pdfMs} ms (${pdf.bytes.length} bytes)`,
    );
    await screenshot(page, 'map-print-done');
    assertClean(tracked, origin);
  });

  test('on #/analyze the legend explains the analysis layers, landscape and portrait (1240 × 1754 at 150 dpi)', async () => {
    const tracked = await app.open();
    const { page } = tracked;
    const origin = new URL(app.server.url('/')).origin;
    await page.goto(app.server.url('/#/analyze'));
    expect(await waitReady(page), 'window.__gridsight.ready result').toMatchObject({ ok: true });
    // The hex cells (density, on by default) and the clusters, plus the heatmap and the patrol coverage colouring.
    await page.waitForSelector('[data-testid="hex-legend"][data-mode="density"]', { timeout: 60_000 });
    await page.locator('[data-analysis-layer="heatmap"]').check();
    await page.locator('[data-testid="grid-colouring"] button[data-colouring="patrol"]').click();
    await page.waitForSelector('[data-testid="grid-colour-legend"][data-colouring="patrol"] li[data-count]', {
      timeout: 60_000,
    });
    await page.waitForSelector('[data-testid="heat-legend"]');
    await waitDeckLayer(page, 'analysis-incident-heat', true, 60_000);
    await waitDeckLayer(page, 'analysis-hex', true, 60_000);
    await screenshot(page, 'map-print-analyze-screen');

    await page.getByTestId('map-print').click();
    await page.getByTestId('print-dialog').waitFor();
    expect(await page.getByTestId('print-orientation-landscape').isChecked()).toBe(true);
    await page.getByTestId('print-dpi-150').check();
    const landscape = await generate(page);
    expect(pngInfo(landscape.bytes)).toEqual({ width: 1754, height: 1240, dpi: 150 });
    await page.getByTestId('print-done').waitFor();
    const printed = await lastPrint(page);
    // Every analysis layer on the map is in the legend, after the base map's entries, and nothing was left out.
    expect(printed.legend.shown.slice(-4)).toEqual(['hex', 'clusters', 'heat', 'gridColour']);
    expect(printed.legend.left).toEqual([]);
    // And drawn in its colours in the legend's place: the patrol classes (only the legend has them off the map),
    // the cluster dots and the density classes.
    const analysisColours = [...PATROL_COLOURS, ...CLUSTER_COLOURS, DENSITY_COLOURS[0]];
    const wide = pageLayout('A4', 150);
    const seen = await inspect(
      page,
      landscape.bytes,
      wide.legend,
      wide.map,
      analysisColours.map((c) => rgb(c)),
    );
    analysisColours.forEach((c, k) => expect(seen.counts[k], `legend colour ${c}`).toBeGreaterThan(15));
    expect(seen.distinct).toBeGreaterThan(12);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'map-print-analyze-a4-150.png'), landscape.bytes);

    // Portrait: the dialog says the size, the sheet is 1240 × 1754 at 150 dpi with the legend in the band under the
    // frame, and its PDF has a portrait page.
    await page.getByTestId('print-orientation-portrait').check();
    expect(await page.getByTestId('print-size').textContent()).toContain('1240 × 1754');
    const portrait = await generate(page);
    expect(portrait.name).toBe('智汇湾工业社区_A4-纵向_150dpi.png');
    expect(pngInfo(portrait.bytes)).toEqual({ width: 1240, height: 1754, dpi: 150 });
    await page.getByTestId('print-done').waitFor();
    const printedTall = await lastPrint(page);
    expect(printedTall.legend.shown.slice(-4)).toEqual(['hex', 'clusters', 'heat', 'gridColour']);
    expect(printedTall.legend.left).toEqual([]);
    const tall = pageLayout('A4', 150, 'portrait');
    const seenTall = await inspect(
      page,
      portrait.bytes,
      tall.legend,
      tall.map,
      analysisColours.map((c) => rgb(c)),
    );
    analysisColours.forEach((c, k) =>
      expect(seenTall.counts[k], `portrait legend colour ${c}`).toBeGreaterThan(15),
    );
    expect(seenTall.distinct).toBeGreaterThan(12);
    writeFileSync(path.join(ARTIFACTS, 'map-print-analyze-a4-portrait-150.png'), portrait.bytes);

    await page.getByTestId('print-format-pdf').check();
    const pdf = await generate(page);
    expect(pdf.name).toBe('智汇湾工业社区_A4-纵向_150dpi.pdf');
    const text = new TextDecoder('latin1').decode(pdf.bytes);
    expect(text).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(text).toContain('/Width 1240 /Height 1754');
    console.log(
      `map print on #/analyze: A4 150 dpi PNG ${printed.ms} ms (legend at ${printed.legend.scale}), ` +
        `A4 portrait ${printedTall.ms} ms (legend at ${printedTall.legend.scale})`,
    );
    assertClean(tracked, origin);
  }, 300_000);
});
