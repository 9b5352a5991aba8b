// The HTML report as a browser shows and prints it: headless Chromium (Debian's `chromium` package,
// never a downloaded browser) opens the page of a realistic month, takes a screenshot, and checks
// that every chart has drawn marks, that nothing is wider than A4's printable width in print, that
// the Chinese text is drawn with a font that has Chinese glyphs, and that the page asks for nothing
// from the network. One browser launch for the whole file.
//
// `UPDATE_SCREENSHOT=1 npx vitest run tests/browser` also writes docs/report-html.png (the README's).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyMonth } from '../support/report-month.js';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'];
const executablePath = CANDIDATES.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
if (!executablePath)
  console.warn(
    "⚠ tests/browser/report-html.test.ts skipped: no chromium binary found (install Debian's chromium package, or set CHROMIUM_PATH)",
  );

/** A4 is 210 mm wide; at the page's 15 mm margins 180 mm are printable: 680 CSS px (96 per inch). */
const PRINTABLE_WIDTH = Math.floor((180 / 25.4) * 96);

describe.skipIf(!executablePath)('the HTML report in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let folder: string;
  /** the same month in English: longer words in the tables' headers */
  let english: string;
  const requested: string[] = [];

  beforeAll(async () => {
    const h = await busyMonth();
    const result = await h.run(['report', '--month', '2026-11', '--html', 'november.html', '--lang', 'zh']);
    if (result.code !== 0) throw new Error(result.stderr);
    folder = mkdtempSync(join(tmpdir(), 'complaint-html-'));
    const file = join(folder, 'november.html');
    writeFileSync(file, h.files.get('november.html')!);
    const en = await h.run(['report', '--month', '2026-11', '--html', 'november-en.html', '--lang', 'en']);
    if (en.code !== 0) throw new Error(en.stderr);
    english = join(folder, 'november-en.html');
    writeFileSync(english, h.files.get('november-en.html')!);
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 820, height: 1100 } });
    // Anything but the file itself would be the network (or a file beside it the page cannot count on).
    await page.route('**/*', (route) => {
      requested.push(route.request().url());
      return route
        .request()
        .url()
        .startsWith(pathToFileURL(folder).href + '/')
        ? route.continue()
        : route.abort();
    });
    await page.goto(pathToFileURL(file).href);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('shows the page: a screenshot, and nothing asked of the network', async () => {
    const shot = await page.screenshot({ fullPage: true });
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
    expect(shot.length).toBeGreaterThan(20_000);
    expect(requested).toHaveLength(1);
    expect(await page.title()).toBe('阳光花园物业服务中心 2026年11月投诉统计及分析报告');
    if (process.env.UPDATE_SCREENSHOT === '1') {
      // The README's picture: from the heading to the clerks' chart, at a screen's width.
      const end = await page.locator('figure[data-chart="owner"]').boundingBox();
      const clip = { x: 0, y: 0, width: 820, height: Math.ceil(end!.y + end!.height + 12) };
      writeFileSync(
        new URL('../../docs/report-html.png', import.meta.url),
        await page.screenshot({ fullPage: true, clip }),
      );
    }
  });

  it('every chart has drawn marks of its data, beyond its axes', async () => {
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => ({
        id: figure.getAttribute('data-chart'),
        svgs: figure.querySelectorAll('svg').length,
        // ECharts marks the shapes of a data series; a bar or a dot with an area is a drawn mark.
        marks: [...figure.querySelectorAll('svg [ecmeta_series_index]')].filter((shape) => {
          const box = shape.getBoundingClientRect();
          return box.width > 1 && box.height > 1;
        }).length,
        width: figure.querySelector('svg')!.getBoundingClientRect().width,
      })),
    );
    expect(charts.map((chart) => chart.id)).toEqual(['category', 'owner', 'cause', 'overdue', 'trend', 'building']);
    for (const chart of charts) {
      expect(chart.svgs, chart.id!).toBe(1);
      expect(chart.marks, chart.id!).toBeGreaterThanOrEqual(3);
      expect(chart.width, chart.id!).toBeGreaterThan(300);
    }
  });

  it('draws the Chinese text with a font that has Chinese glyphs, in the page and in the charts', async () => {
    const heading = await page.locator('h1').boundingBox();
    expect(heading!.width).toBeGreaterThan(200);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const fontsOf = async (selector: string): Promise<string[]> => {
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      return fonts.filter((font) => font.glyphCount > 0).map((font) => font.familyName);
    };
    // Debian's fonts-noto-cjk (or one of the page's other CJK families on another system).
    const cjk = /CJK|Source Han|Noto Sans SC|YaHei|PingFang|WenQuanYi/i;
    const headingFonts = await fontsOf('h1');
    expect(
      headingFonts.some((family) => cjk.test(family)),
      headingFonts.join(', '),
    ).toBe(true);
    const { nodeId: label } = await cdp.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: 'figure[data-chart="category"] svg text',
    });
    expect(label).toBeGreaterThan(0);
    const chartFonts = await fontsOf('figure[data-chart="owner"] svg text:last-of-type');
    expect(
      chartFonts.some((family) => cjk.test(family)),
      chartFonts.join(', '),
    ).toBe(true);
  });

  it('prints within the A4 printable width, a section a page, in Chinese and in English', async () => {
    const zh = page.url();
    for (const url of [zh, pathToFileURL(english).href]) {
      await page.goto(url);
      await page.setViewportSize({ width: PRINTABLE_WIDTH, height: 1000 });
      await page.emulateMedia({ media: 'print' });
      const overflow = await page.evaluate((limit) => {
        const wide = [...document.querySelectorAll('body *')]
          .map((element) => ({ element, box: element.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && (box.right > limit + 0.5 || box.left < -0.5))
          .map(
            ({ element, box }) =>
              `${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''} ${Math.round(box.left)}–${Math.round(box.right)}`,
          );
        return { wide, scrollWidth: document.documentElement.scrollWidth };
      }, PRINTABLE_WIDTH);
      expect(overflow.wide, url).toEqual([]);
      expect(overflow.scrollWidth, url).toBeLessThanOrEqual(PRINTABLE_WIDTH);
      const sections = await page.locator('section').count();
      const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
      // Every page A4 (595 × 842 points), and each section starts a page of its own.
      const boxes = pdf.match(/\/MediaBox \[[^\]]*\]/g) ?? [];
      expect(new Set(boxes), url).toEqual(new Set(['/MediaBox [0 0 594.95996 841.91998]']));
      expect(boxes.length, url).toBeGreaterThanOrEqual(sections);
    }
  });
});
