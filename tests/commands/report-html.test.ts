// `complaint report --html <file>`: one self-contained page with the whole report and its charts
// drawn as SVG when the file is made. (tests/browser/report-html.test.ts looks at it in Chromium.)
import { describe, expect, it } from 'vitest';
import { formatter } from '../../src/ui/format.js';
import { translator } from '../../src/ui/messages.js';
import { buildReport } from '../../src/domain/report.js';
import { loadCharts, reportHtml, trendChart } from '../../src/ui/report-html.js';
import { harness } from '../support/harness.js';
import { busyMonth } from '../support/report-month.js';

const text = (content: string | Uint8Array | undefined): string =>
  typeof content === 'string' ? content : new TextDecoder().decode(content);
const count = (html: string, pattern: RegExp): number => html.match(pattern)?.length ?? 0;

describe('complaint report --html', () => {
  it('writes one page: the title, every section, a drawn SVG per chart, no script and nothing from the network', async () => {
    const h = await busyMonth();
    const result = await h.run(['report', '--month', '2026-11', '--html', 'november.html', '--lang', 'zh']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '已将 2026-11 的报表写入 november.html。\n' });
    const html = text(h.files.get('november.html'));
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<title>阳光花园物业服务中心 2026年11月投诉统计及分析报告</title>');
    expect(html).toContain('<h1>阳光花园物业服务中心 2026年11月投诉统计及分析报告</h1>');
    for (const title of ['一、总体情况', '二、按投诉类别', '三、按受理渠道', '四、按负责人（考核）', '六、超时未办结'])
      expect(html).toContain(`<h2>${title}`);
    // One figure per chart, each holding exactly one SVG, with marks of its data series.
    const figures = [...html.matchAll(/<figure class="chart" data-chart="(\w+)">([\s\S]*?)<\/figure>/g)];
    expect(figures.map((figure) => figure[1])).toEqual(['category', 'owner', 'cause', 'overdue', 'trend', 'building']);
    expect(count(html, /<svg\b/g)).toBe(figures.length);
    for (const [, , inner] of figures) {
      expect(count(inner!, /<svg\b/g)).toBe(1);
      expect(count(inner!, /ecmeta_series_index=/g)).toBeGreaterThan(0);
    }
    // The clerks' chart holds every clerk's name; the category chart both months.
    expect(figures[1]![2]).toContain('张敏');
    expect(figures[0]![2]).toContain('本月');
    // (url(#…) is a clip path inside the page's own SVG, the trend lines')
    expect(html).not.toMatch(/<script|\bsrc=|\bhref=|url\((?!#)|@import|https?:\/\/(?!www\.w3\.org\/)/i);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain("font-family: 'Noto Sans CJK SC'");
    // The tables keep every figure of the terminal report.
    expect(html).toMatch(/<td>受理投诉<\/td><td>40 件（另作废 0 件，不计入）<\/td>/);
  });

  it("speaks the user's language: English here", async () => {
    const h = await busyMonth();
    expect((await h.run(['report', '--month', '2026-11', '--html', 'r.html'])).code).toBe(0);
    const html = text(h.files.get('r.html'));
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<title>阳光花园物业服务中心: Complaint statistics and analysis, Nov 2026</title>');
    expect(html).toContain('Complaints by category, this month beside last month');
    expect(html).toContain('Replies by clerk: on time, late, not yet replied');
    expect(html).not.toMatch(/[一二三四五六]、/);
  });

  it('escapes the office name and every other text', async () => {
    const h = await busyMonth({ officeName: '<b>&"\'管理处' });
    expect((await h.run(['report', '--month', '2026-11', '--html', 'r.html', '--lang', 'zh'])).code).toBe(0);
    const html = text(h.files.get('r.html'));
    expect(html).toContain('<title>&#60;b&#62;&#38;&#34;&#39;管理处 2026年11月投诉统计及分析报告</title>');
    expect(html).toContain('<h1>&#60;b&#62;&#38;&#34;&#39;管理处 2026年11月投诉统计及分析报告</h1>');
    expect(html).not.toContain('<b>');
  });

  it('charts the 15 clerks with the most complaints, says so, and keeps every clerk in the tables', async () => {
    const h = harness({ now: '2026-11-30T04:00:00Z' });
    const clerks = Array.from({ length: 17 }, (_, index) => `c${String(index + 1).padStart(2, '0')}`);
    for (const clerk of [clerks[16]!, ...clerks]) {
      const result = await h.run([
        'new',
        '--channel',
        'phone',
        '--category',
        'fee',
        '--name',
        '王先生',
        '--unit',
        '1-1-101',
        '--description',
        '收费',
        '--at',
        '2026-11-02 09:00',
        '--as',
        clerk,
      ]);
      expect(result.code, result.stderr).toBe(0);
    }
    expect((await h.run(['report', '--month', '2026-11', '--html', 'r.html'])).code).toBe(0);
    const html = text(h.files.get('r.html'));
    const figure = (id: string): string =>
      html.match(new RegExp(`<figure class="chart" data-chart="${id}">[\\s\\S]*?</figure>`))![0];
    expect(figure('owner')).toContain(
      '<figcaption>Replies by clerk: on time, late, not yet replied (the 15 of 17 clerks with the most)</figcaption>',
    );
    expect(figure('overdue')).toContain(
      '<figcaption>Overdue follow-ups by clerk (the 15 of 17 clerks with the most)</figcaption>',
    );
    // c17 has two; of the others, one each, the first 14 by name.
    for (const id of ['owner', 'overdue']) {
      expect(figure(id)).toContain('>c17</text>');
      expect(figure(id)).toContain('>c14</text>');
      expect(figure(id)).not.toContain('>c15</text>');
    }
    for (const clerk of clerks) expect(html).toContain(`<td>${clerk}</td>`);
  });

  it('an empty month: the sections say so, and no chart is drawn', async () => {
    const h = harness({ now: '2026-11-30T04:00:00Z' });
    expect((await h.run(['report', '--month', '2026-11', '--html', 'r.html'])).code).toBe(0);
    const html = text(h.files.get('r.html'));
    expect(html).toContain('No complaints were received this month.');
    expect(html).not.toContain('<svg');
    expect(html).toContain('<title>Complaint statistics and analysis, Nov 2026</title>');
  });

  it('follows the refusal rules of output files, and is one format among the others', async () => {
    const h = await busyMonth();
    h.files.set('old.html', 'kept');
    expect(await h.run(['report', '--month', '2026-11', '--html', 'old.html'])).toEqual({
      code: 1,
      stdout: '',
      stderr: '✗ old.html already exists; choose a new name, or add --force to replace it\n',
    });
    expect(h.files.get('old.html')).toBe('kept');
    expect(h.files.has('old.html.partial')).toBe(false);
    expect((await h.run(['report', '--month', '2026-11', '--html', 'old.html', '--force'])).code).toBe(0);
    expect(text(h.files.get('old.html'))).toMatch(/^<!DOCTYPE html>/);
    for (const other of [['--json'], ['--csv'], ['--md'], ['--xlsx', 'r.xlsx']]) {
      const result = await h.run(['report', '--month', '2026-11', '--html', 'new.html', ...other]);
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr: '✗ Choose one of --json, --csv, --md, --xlsx and --html\n',
      });
    }
    expect(h.files.has('new.html') || h.files.has('r.xlsx')).toBe(false);
    expect((await h.run(['report', '--month', '2026-11', '--html', ' '])).code).toBe(2);
    expect((await h.run(['report', '--month', '2026-13', '--html', 'x.html'])).stderr).toContain(
      'Month "2026-13" not understood',
    );
    expect(h.files.has('x.html')).toBe(false);
  });
});

describe('the trend-line chart', () => {
  const format = formatter('zh', translator('zh'), 'Asia/Shanghai', new Date('2026-11-30T04:00:00Z'));
  const points = [
    { month: '2026-09', received: 30, onTimeRate: 0.9, satisfactionRate: 0.8 },
    { month: '2026-10', received: 0, onTimeRate: null, satisfactionRate: null },
    { month: '2026-11', received: 41, onTimeRate: 0.75, satisfactionRate: 1 },
  ];

  it('draws received as columns and the two rates as lines in percent, with a gap where a rate has nothing to divide by', async () => {
    const chart = trendChart(await loadCharts(), points, format)!;
    expect(chart.id).toBe('trend');
    expect(chart.caption).toBe('各月受理件数、按时回复率与满意率');
    expect(chart.legend.map((entry) => entry.label)).toEqual(['受理', '按时回复率', '满意率']);
    expect(count(chart.svg, /<svg\b/g)).toBe(1);
    for (const month of ['2026-09', '2026-10', '2026-11']) expect(chart.svg).toContain(`>${month}</text>`);
    expect(chart.svg).toContain('>100%</text>');
    // A column for each month (a zero one flat). Lines: a dot for each month with a rate, none for the gap.
    expect(count(chart.svg, /ecmeta_series_index="0"/g)).toBe(3);
    expect(chart.svg).toMatch(
      /<path d="M[\d.]+ [\d.]+l24 0l0 0l-24 0Z" fill="#9db5e8" ecmeta_series_index="0" ecmeta_data_index="1"/,
    );
    expect(count(chart.svg, /ecmeta_series_index="1" ecmeta_data_index="\d"/g)).toBe(2);
    expect(chart.svg).not.toContain('ecmeta_series_index="1" ecmeta_data_index="1"');
    expect(chart.svg).toContain("font-family:'Noto Sans CJK SC'");
  });

  it('draws nothing for an empty series', async () => {
    expect(trendChart(await loadCharts(), [], format)).toBeNull();
  });

  it('is drawn in the trend section of a page', async () => {
    const zero = {
      received: 0,
      replied: 0,
      repliedOnTime: 0,
      repliedLate: 0,
      clockEnded: 0,
      closed: 0,
      escalated: 0,
      repeat: 0,
      rated: 0,
      satisfied: 0,
      revisited: 0,
      revisitedOnTime: 0,
      revisitSatisfied: 0,
      revisitClockEnded: 0,
    };
    const report = buildReport({
      period: { kind: 'month', from: '2026-11', to: '2026-11' },
      asOf: new Date('2026-11-30T04:00:00Z'),
      groups: { totals: zero, byCategory: [], byChannel: [], byOwner: [] },
      voided: 0,
      monthly: [],
      places: { places: [], repeatUnits: [] },
      causes: [],
      medianReplyHours: new Map(),
      overdue: [],
    });
    const html = await reportHtml(report, format, '', { trend: points });
    const section = html.slice(html.indexOf('<section data-section="trend">'));
    expect(section.slice(0, section.indexOf('</section>'))).toContain(
      '<figure class="chart" data-chart="trend"><figcaption>各月受理件数、按时回复率与满意率</figcaption>',
    );
    expect(html.match(/<svg\b/g)).toHaveLength(1);
    expect(await reportHtml(report, format, '')).not.toContain('<svg');
  });
});
