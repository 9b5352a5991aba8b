import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harness, newComplaintArgs } from '../support/harness.js';

describe('complaint config', () => {
  it('keeps a time zone spelt as the time-zone database spells it', async () => {
    const h = harness();
    expect((await h.run(['config', 'timezone', ' asia/SHANGHAI '])).code).toBe(0);
    expect((await h.run(['config', 'timezone'])).stdout).toBe('Asia/Shanghai\n');
    expect((await h.run(['config', 'timezone', 'Asia/Kolkata'])).code).toBe(0);
    expect((await h.run(['config', 'timezone'])).stdout).toBe('Asia/Kolkata\n');
  });

  it('lists the settings, with the defaults of SPEC §1', async () => {
    const h = harness();
    expect(await h.json(['config'])).toEqual({
      timezone: 'Asia/Shanghai',
      'closing-time': '',
      'reply-days.phone': '1',
      'reply-days.visit': '1',
      'reply-days.letter': '3',
      'reply-days.online': '3',
      'urgent-reply-hours': '2',
      'revisit-days': '3',
      'office-name': '',
      departments: '工程部,客服部,秩序维护部,环境部,财务部',
      clerks: '',
    });
    expect((await h.run(['config'])).stdout).toContain('reply-days.letter=3\n');
  });

  it('reads and changes one setting', async () => {
    const h = harness();
    const set = await h.run(['config', 'office-name', '阳光花园管理处']);
    expect(set).toEqual({ code: 0, stdout: '', stderr: 'office-name = 阳光花园管理处\n' });
    expect((await h.run(['config', 'office-name'])).stdout).toBe('阳光花园管理处\n');
    expect((await h.run(['config', 'reply-days.letter', '5'])).stderr).toContain(
      'Deadlines already fixed are unchanged',
    );
  });

  it.each([
    [
      ['config', 'colour'],
      'Unknown setting "colour"; accepted: timezone, closing-time, reply-days.phone, reply-days.visit, reply-days.letter, reply-days.online, urgent-reply-hours, revisit-days, office-name, departments, clerks',
    ],
    [['config', 'timezone', 'Beijing'], 'Unknown time zone "Beijing"; accepted: an IANA name such as Asia/Shanghai'],
    [
      ['config', 'reply-days.phone', '0'],
      'Reply days "0" not understood; accepted: a whole number of working days from 1 to 60',
    ],
  ])('refuses %j with exit 2 and changes nothing', async (args, message) => {
    const h = harness();
    const before = await h.store.settingValues();
    const result = await h.run(args);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `✗ ${message}\n` });
    expect(await h.store.settingValues()).toEqual(before);
  });
});

/** A made-up 2027 schedule (tests/fixtures/schedule-2027.json): 32 holidays, 6 make-up working days. */
const SCHEDULE_2027 = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'schedule-2027.json'), 'utf8');

describe('complaint calendar', () => {
  it('draws a month with holidays and make-up days marked by letters and named', async () => {
    const h = harness();
    const { stdout, code } = await h.run(['calendar', '2025-10']);
    expect(code).toBe(0);
    expect(stdout).toContain(' 1H  2H  3H  4H  5H');
    expect(stdout).toContain('11W 12');
    expect(stdout).toMatch(/H 10-01 – 10-08\s+holiday · 国庆节、中秋节/);
    expect(stdout).toMatch(/W 10-11\s+make-up working day · 国庆节、中秋节/);
    expect(stdout).toContain('Mo  Tu  We  Th  Fr  Sa  Su');
  });

  it('shows the current month in office time by default, in Chinese when asked', async () => {
    const h = harness();
    const { stdout } = await h.run(['calendar', '--lang', 'zh']);
    expect(stdout).toContain('2026年11月');
    expect(stdout).toContain('一  二  三  四  五  六  日');
  });

  it('prints the month as JSON', async () => {
    const h = harness();
    const month = await h.json(['calendar', '2026-02']);
    expect(month.scheduleKnown).toBe(true);
    expect(month.days).toHaveLength(28);
    expect(month.days[13]).toEqual({
      date: '2026-02-14',
      working: true,
      kind: 'makeup',
      name: '春节',
      scheduleKnown: true,
    });
  });

  it('warns about a month of a year with no schedule', async () => {
    const h = harness();
    const result = await h.run(['calendar', '2027-01', '--json']);
    expect(result.stderr).toContain('2027');
    expect(JSON.parse(result.stdout)).toMatchObject({
      scheduleKnown: false,
      warnings: [{ code: 'calendar-year-unknown', year: 2027 }],
    });
    // Unmarked February 2027 is not "no holidays": the Spring Festival is in it, only not loaded.
    const grid = await h.run(['calendar', '2027-02']);
    expect(grid.stdout).toContain("2027's official schedule is not loaded: only weekends are shown.");
    expect(grid.stdout).not.toContain('No holidays');
    expect((await h.run(['calendar', '2026-03'])).stdout).toContain('No holidays or make-up days this month.');
  });

  it('imports next year and recounts the deadlines of complaints awaiting a reply, with history', async () => {
    const h = harness({ now: '2026-12-30T02:00:00Z' });
    const first = await h.json(newComplaintArgs({ channel: 'letter' })); // counts 12-31, 2027-01-01, 01-04 without 2027
    expect(first.replyDueAt).toBe('2027-01-05T00:00:00+08:00');
    const phone = await h.json(newComplaintArgs()); // 12-31: untouched by 2027
    h.files.set('2027.json', SCHEDULE_2027);
    h.now = new Date('2026-12-30T03:00:00Z');
    const result = await h.run(['calendar', 'import', '2027.json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'Loaded the 2027 schedule: 32 holidays, 6 make-up working days.\nReply deadline of #1 moved from Mon 4 Jan 2027, 24:00 to Tue 5 Jan 2027, 24:00.\n',
    );
    expect((await h.json(['show', String(first.id)])).replyDueAt).toBe('2027-01-06T00:00:00+08:00');
    expect((await h.json(['show', String(phone.id)])).replyDueAt).toBe(phone.replyDueAt);
    const events = (await h.json(['show', '1'])).events;
    expect(events.at(-1)).toMatchObject({
      type: 'deadline-recomputed',
      details: {
        fromAt: '2027-01-05T00:00:00+08:00',
        toAt: '2027-01-06T00:00:00+08:00',
        reason: 'schedule-imported',
        year: 2027,
      },
    });
    expect((await h.run(['calendar', '2027-01', '--json'])).stderr).toBe('');
  });

  it('keeps a deadline never counted over the imported year to the millisecond, whatever config timezone did after intake', async () => {
    const h = harness({ now: '2026-12-10T02:00:00Z' });
    const december = await h.json(newComplaintArgs({ at: '2026-12-10 09:00' })); // due end of Fri 12-11, Shanghai
    h.now = new Date('2026-12-30T02:00:00Z');
    const letter = await h.json(newComplaintArgs({ channel: 'letter' })); // counted into 2027, weekends only
    expect((await h.run(['config', 'timezone', 'UTC'])).code).toBe(0);
    h.files.set('2027.json', SCHEDULE_2027);
    expect((await h.run(['calendar', 'import', '2027.json'])).code).toBe(0);
    const kept = await h.json(['show', String(december.id)]);
    expect(new Date(kept.replyDueAt).getTime()).toBe(new Date(december.replyDueAt).getTime());
    expect(kept.events.map((event: { type: string }) => event.type)).not.toContain('deadline-recomputed');
    // The letter's clock was counted in Shanghai at intake: counted again there (01-01 off), not in UTC.
    expect((await h.json(['show', String(letter.id)])).replyDueAt).toBe('2027-01-05T16:00:00+00:00');
  });

  it("replaces a year's schedule as a whole when the year is imported again (the shipped one too)", async () => {
    const h = harness();
    h.files.set('2027.json', SCHEDULE_2027);
    await h.run(['calendar', 'import', '2027.json']);
    expect((await h.json(['calendar', '2027-06'])).days[9]).toMatchObject({
      date: '2027-06-10',
      kind: 'holiday',
      name: '端午节',
    });
    // A corrected notice moves the Dragon Boat holiday to 06-14…16: 06-10 is an ordinary Thursday again.
    const corrected = JSON.parse(SCHEDULE_2027) as { days: Array<{ name: string; date: string; isOffDay: boolean }> };
    const moved: Record<string, string> = {
      '2027-06-09': '2027-06-14',
      '2027-06-10': '2027-06-15',
      '2027-06-11': '2027-06-16',
    };
    corrected.days = corrected.days.map((day) => ({ ...day, date: moved[day.date] ?? day.date }));
    h.files.set('2027-corrected.json', JSON.stringify(corrected));
    expect((await h.run(['calendar', 'import', '2027-corrected.json'])).code).toBe(0);
    const june = (await h.json(['calendar', '2027-06'])).days;
    expect(june[9]).toMatchObject({ date: '2027-06-10', kind: 'workday', working: true });
    expect(june[13]).toMatchObject({ date: '2027-06-14', kind: 'holiday' });
    // The shipped 2026 schedule, imported again without its National Day make-up Saturday (10-10):
    const shipped2026 = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'data', 'holiday-cn', '2026.json'), 'utf8'),
    ) as { days: Array<{ date: string }> };
    expect((await h.json(['calendar', '2026-10'])).days[9]).toMatchObject({ date: '2026-10-10', kind: 'makeup' });
    h.files.set(
      '2026.json',
      JSON.stringify({ ...shipped2026, days: shipped2026.days.filter((day) => day.date !== '2026-10-10') }),
    );
    expect((await h.run(['calendar', 'import', '2026.json'])).code).toBe(0);
    expect((await h.json(['calendar', '2026-10'])).days[9]).toMatchObject({
      date: '2026-10-10',
      kind: 'weekend',
      working: false,
    });
  });

  it('refuses a file that is not a schedule, changing nothing', async () => {
    const h = harness();
    h.files.set('bad.json', '{"year": 2027}');
    h.files.set('broken.json', '{');
    expect((await h.run(['calendar', 'import', 'bad.json'])).code).toBe(2);
    expect((await h.run(['calendar', 'import', 'broken.json'])).code).toBe(2);
    expect(await h.run(['calendar', 'import', 'missing.json'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Cannot read missing.json'),
    });
    expect(await h.store.scheduleImports()).toEqual([]);
  });

  it('sets and unsets the office days, moving open deadlines each time', async () => {
    const h = harness();
    await h.run(newComplaintArgs()); // due end of Tue 11-24
    const set = await h.run(['calendar', 'set', '2026-11-24', 'off', '--note', '台风停工']);
    expect(set.stderr).toBe(
      '2026-11-24 is now an office rest day in the office calendar.\nReply deadline of #1 moved from Tue 24 Nov, 24:00 to Wed 25 Nov, 24:00.\n'.replace(
        'an office rest day',
        'a rest day',
      ),
    );
    expect((await h.json(['calendar', '2026-11'])).days[23]).toMatchObject({
      kind: 'office-off',
      name: '台风停工',
      working: false,
    });
    await h.run(['calendar', 'unset', '2026-11-24']);
    expect((await h.json(['show', '1'])).replyDueAt).toBe('2026-11-25T00:00:00+08:00');
    expect((await h.json(['show', '1'])).events.map((event: { type: string }) => event.type)).toEqual([
      'received',
      'deadline-recomputed',
      'deadline-recomputed',
    ]);
    expect((await h.run(['calendar', 'unset', '2026-11-24'])).stderr).toBe(
      '2026-11-24 had no office setting; nothing changed.\n',
    );
  });

  it.each([
    [['calendar', 'set', '2026-02-30', 'off'], 'Date "2026-02-30" not understood'],
    [['calendar', 'set', '2026-02-03', 'holiday'], 'Day kind "holiday" not understood; accepted: off, work'],
    [['calendar', '2026-13'], 'Month "2026-13" not understood'],
  ])('refuses %j with exit 2', async (args, message) => {
    const h = harness();
    const result = await h.run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('the command line', () => {
  it('an unknown command is exit 2 and names the commands', async () => {
    const result = await harness().run(['nwe']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      '✗ Unknown command nwe (did you mean new?); accepted: new, list, show, edit, note, visit, revisit, reply, escalate, assign, close, reopen, void, report, overdue, config, office, calendar, backup, restore, doctor, import, export, migrate, completion\n',
    );
  });
  it('--help and --version print and exit 0', async () => {
    const h = harness();
    expect((await h.run(['--version'])).stdout).toBe('0.0.0-test\n');
    const help = await h.run(['new', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--channel <channel>');
    expect((await h.run(['--help', '--lang', 'zh'])).stdout).toContain('登记一条投诉');
  });
  it("every help text is in Chinese with --lang zh, commander's own words included", async () => {
    const h = harness();
    const commands = [
      'new',
      'list',
      'show',
      'note',
      'visit',
      'reply',
      'escalate',
      'assign',
      'close',
      'reopen',
      'void',
      'report',
      'overdue',
      'config',
      'calendar',
      'backup',
      'restore',
      'doctor',
      'import',
      'export',
    ];
    const helps = [
      [],
      ...commands.map((command) => [command]),
      ['calendar', 'import'],
      ['calendar', 'set'],
      ['calendar', 'unset'],
    ];
    for (const path of helps) {
      const help = await h.run(['--lang', 'zh', ...path, '--help']);
      expect(help.code).toBe(0);
      // A description is the text after the flags or argument name; codes (phone|visit, YYYY-MM) may stay as they are.
      const descriptions = help.stdout
        .split('\n')
        .filter((line) => /^ {2}\S/.test(line))
        .map((line) =>
          line
            .trim()
            .split(/\s{2,}/)
            .slice(1)
            .join(' '),
        )
        .filter((text) => text !== '');
      const english = descriptions.filter((text) => !/\p{Script=Han}/u.test(text) && /[a-z]{3,} [a-z]{2,}/i.test(text));
      expect(english, `complaint ${path.join(' ')} --help`).toEqual([]);
      expect(help.stdout, `complaint ${path.join(' ')} --help`).not.toMatch(
        /Usage:|Options:|Arguments:|Commands:|display help/,
      );
    }
  });
  it('no command at all is exit 2 with the help on stderr; `help` is exit 0 with it on stdout', async () => {
    const h = harness();
    const bare = await h.run([]);
    expect([bare.code, bare.stdout]).toEqual([2, '']);
    expect(bare.stderr).toContain('Usage: complaint [options] [command]');
    const help = await h.run(['help']);
    expect([help.code, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toContain('Usage: complaint [options] [command]');
    expect(await h.run(['help', 'new'])).toMatchObject({ code: 0, stderr: '' });
  });
  it('a bad --lang is exit 2', async () => {
    expect(await harness().run(['list', '--lang', 'fr'])).toEqual({
      code: 2,
      stdout: '',
      stderr: '✗ Language "fr" not understood; accepted: zh, en\n',
    });
  });
});

describe('a calendar change and the report', () => {
  it('recounts the working hours of replies that ran over the changed days', async () => {
    const h = harness({ now: '2027-01-05T02:00:00Z' });
    await h.run(newComplaintArgs({ at: '2026-12-31 09:00' }));
    await h.run(['reply', '1', '--method', 'phone', '--message', '已处理', '--at', '2027-01-04 09:00']);
    // Without 2027's schedule, Friday 01-01 counted as a working day: 15 + 24 + 9 hours = 2 working days.
    expect((await h.json(['report', '--month', '2026-12'])).byOwner[0].medianReplyWorkingDays).toBe(2);
    h.files.set('2027.json', SCHEDULE_2027);
    await h.run(['calendar', 'import', '2027.json']);
    expect((await h.json(['report', '--month', '2026-12'])).byOwner[0].medianReplyWorkingDays).toBe(1);
  });
});
