import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harness, newComplaintArgs, scriptedPrompter } from '../support/harness.js';

describe('complaint new', () => {
  it('logs a complaint with every flag and prints the id and the deadline in words', async () => {
    const h = harness(); // Monday 2026-11-23 10:00 in Shanghai
    const result = await h.run(newComplaintArgs());
    expect(result).toEqual({ code: 0, stdout: '#1 received · reply by Tue 24 Nov, 24:00\n', stderr: '' });
    const zh = await h.run([...newComplaintArgs(), '--lang', 'zh']);
    expect(zh.stdout).toBe('#2 已受理 · 请于 11月24日（周二）24:00 前回复\n');
  });

  it('prints the complaint as JSON with the fields SPEC §2 requires', async () => {
    const h = harness();
    const complaint = await h.json(newComplaintArgs({ location: '3号楼大堂' }));
    expect(complaint).toEqual({
      id: 1,
      status: 'received',
      category: 'facility',
      subcategory: 'operation',
      channel: 'phone',
      receivedAt: '2026-11-23T10:00:00+08:00',
      replyDueAt: '2026-11-25T00:00:00+08:00',
      replyDays: 1,
      urgent: false,
      urgentReplyHours: null,
      repliedAt: null,
      replyOnTime: null,
      promisedAt: null,
      escalatedTo: null,
      escalatedAt: null,
      satisfaction: null,
      closedAt: null,
      result: null,
      revisitDueAt: null,
      revisitedAt: null,
      revisitOnTime: null,
      revisitSatisfaction: null,
      cause: null,
      owner: 'clerk-a',
      receivedBy: 'clerk-a',
      complainant: { name: '王先生', unit: '3-2-1201', phone: '13812345678' },
      description: '电梯经常停运',
      location: '3号楼大堂',
      overdue: false,
      repeatCount: 0,
      warnings: [],
    });
  });

  it('records who received it: --as, else COMPLAINT_USER, else the login name', async () => {
    const h = harness();
    expect((await h.json([...newComplaintArgs(), '--as', '李客服'])).owner).toBe('李客服');
    expect((await h.json(newComplaintArgs())).owner).toBe('clerk-a');
    const result = await h.run([...newComplaintArgs(), '--json'], { env: { COMPLAINT_USER: '' } });
    expect(JSON.parse(result.stdout).owner).toBe('login-user');
  });

  it('records the receipt as the first event of its history, in the same write', async () => {
    const h = harness();
    await h.run(newComplaintArgs());
    const events = await h.store.events(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'received',
      actor: 'clerk-a',
      data: { channel: 'phone', replyDays: 1, replyDueAt: '2026-11-24T16:00:00.000Z' },
    });
  });

  it('takes --at for a complaint received earlier, in office time', async () => {
    const h = harness();
    const complaint = await h.json(newComplaintArgs({ channel: 'letter', at: '2025-09-30 09:00' }));
    expect(complaint.receivedAt).toBe('2025-09-30T09:00:00+08:00');
    expect(complaint.replyDueAt).toBe('2025-10-12T00:00:00+08:00');
    expect(complaint.overdue).toBe(true);
  });

  it('uses the reply days and closing time of the settings', async () => {
    const h = harness();
    await h.run(['config', 'reply-days.phone', '2']);
    await h.run(['config', 'closing-time', '17:30']);
    expect((await h.json(newComplaintArgs())).replyDueAt).toBe('2026-11-25T17:30:00+08:00');
  });

  it('warns on stderr and in JSON when the deadline runs into a year with no schedule', async () => {
    const h = harness({ now: '2026-12-30T02:00:00Z' });
    const result = await h.run([...newComplaintArgs({ channel: 'letter' }), '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('no official holiday schedule for 2027 is loaded');
    expect(JSON.parse(result.stdout).warnings).toEqual([
      { code: 'calendar-year-unknown', year: 2027, message: expect.stringContaining('2027') },
    ]);
  });

  describe('without a terminal', () => {
    it('names every missing required flag and exits 2, saving nothing', async () => {
      const h = harness();
      const result = await h.run(['new', '--channel', 'phone']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        '✗ Missing --category, --name, --unit or --phone, --description (without a terminal every required field must be given as a flag)\n',
      );
      expect(await h.store.listComplaints({})).toEqual([]);
    });
  });

  describe('bad input: one line naming the value and what is accepted, exit 2, database unchanged', () => {
    it.each([
      [{ category: 'noise' }, 'Unknown category "noise"; accepted: facility, service, fee, incident'],
      [{ subcategory: 'attitude' }, '"attitude" is not a sub-category of facility; accepted: design, operation, other'],
      [{ channel: 'fax' }, 'Unknown channel "fax"; accepted: phone, visit, letter, online'],
      [
        { phone: '12345' },
        'Malformed phone number "12345"; accepted: a mobile (13812345678), a landline with area code (021-12345678) or a local number (12345678)',
      ],
      [{ description: '  ' }, 'Missing --description'],
      [
        { at: 'yesterday' },
        'Cannot read --at "yesterday"; accepted: 2026-11-23, 2026-11-23 14:05, 2026-11-23T14:05, 2026/11/23 14:05, 2026年11月23日 or ISO-8601 with an offset',
      ],
      [{ at: '2026-11-24 10:00' }, '--at "2026-11-24 10:00" is in the future'],
    ])('%j', async (override, message) => {
      const h = harness();
      const result = await h.run(newComplaintArgs(override));
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(result.stderr).toContain(message);
      expect(result.stdout).toBe('');
      expect(await h.store.listComplaints({})).toEqual([]);
    });

    it('an unknown option', async () => {
      const h = harness();
      const result = await h.run([...newComplaintArgs(), '--priority']);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toBe('✗ Unknown option --priority; see --help for the accepted options\n');
      expect((await h.run([...newComplaintArgs(), '--chanel', 'x'])).stderr).toBe(
        '✗ Unknown option --chanel (did you mean --channel?); see --help for the accepted options\n',
      );
      expect(await h.store.listComplaints({})).toEqual([]);
    });
  });

  describe('on a terminal', () => {
    it('asks for each missing field with lists for channel, category and sub-category', async () => {
      const h = harness();
      const prompter = scriptedPrompter([
        'visit',
        'service',
        'attitude',
        '张女士',
        '5-1-302',
        '',
        '保安说话很冲',
        '东门岗亭',
      ]);
      const result = await h.run(['new'], { tty: true, prompter });
      expect(result.code).toBe(0);
      expect(prompter.asked).toEqual([
        'Channel',
        'Category',
        'Sub-category',
        "Complainant's name",
        'Unit (e.g. 3-2-1201; Enter to skip if a phone is given)',
        'Phone (Enter to skip)',
        "What is the complaint? (the owner's words)",
        'Where (Enter to skip)',
      ]);
      expect(await h.store.getComplaint(1)).toMatchObject({
        channel: 'visit',
        category: 'service',
        subcategory: 'attitude',
        complainant: { name: '张女士', unit: '5-1-302', phone: null },
        location: '东门岗亭',
      });
    });

    it('asks only for what the flags left out', async () => {
      const h = harness();
      const prompter = scriptedPrompter(['', '13812345678']);
      const result = await h.run(
        [
          'new',
          '--channel',
          'phone',
          '--category',
          'fee',
          '--subcategory',
          'shared',
          '--name',
          '赵先生',
          '--description',
          '电费分摊太高',
          '--location',
          '',
        ],
        { tty: true, prompter },
      );
      expect(result.code).toBe(0);
      expect(prompter.asked).toEqual([
        'Unit (e.g. 3-2-1201; Enter to skip if a phone is given)',
        'Phone (needed when no unit is given)',
      ]);
      expect((await h.store.getComplaint(1))?.complainant).toEqual({
        name: '赵先生',
        unit: null,
        phone: '13812345678',
      });
    });

    it('prints the command that logs it later when the answers cannot be saved', async () => {
      const h = harness();
      const answers = [
        'phone',
        'facility',
        'operation',
        "O'Brien 王",
        '3-2-1201',
        '',
        "电梯'又'停了\n已三天 $HOME",
        '',
      ];
      const saveFails = () => {
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      };
      const broken = Object.assign(Object.create(h.store), { transaction: saveFails });
      await h.run(['list']); // the office zone's offsets are cached by a first command
      const original = h.store.transaction.bind(h.store);
      h.store.transaction = broken.transaction;
      const failed = await h.run(['new', '--at', '2026-11-20 09:30'], {
        tty: true,
        prompter: scriptedPrompter(answers),
        env: { COMPLAINT_DB: 'office.db' },
      });
      h.store.transaction = original;
      expect(failed.code).toBe(1);
      const intro = 'The complaint was not saved. To log it later as it was taken, run:\n  ';
      const errorAt = failed.stderr.lastIndexOf('\n✗ ');
      expect(failed.stderr.startsWith(intro)).toBe(true);
      expect(failed.stderr.slice(errorAt + 1)).toMatch(/^✗ The database stayed busy .*\n$/);
      const command = failed.stderr.slice(intro.length, errorAt);
      // In another shell, without this one's COMPLAINT_DB and COMPLAINT_USER: the same ledger, the same clerk.
      expect(command).toMatch(new RegExp(`^complaint new --db ${resolve('office.db')} --as clerk-a --channel phone `));
      // The printed line, split by a real shell, logs the same complaint at the same time.
      const argv = spawnSync('sh', ['-c', `set -- ${command.replace(/^complaint /, '')}; printf '%s\\0' "$@"`], {
        encoding: 'utf8',
      })
        .stdout.split('\0')
        .slice(0, -1);
      expect(await h.run(argv)).toMatchObject({ code: 0 });
      expect(await h.store.getComplaint(1)).toMatchObject({
        channel: 'phone',
        category: 'facility',
        subcategory: 'operation',
        complainant: { name: "O'Brien 王", unit: '3-2-1201', phone: null },
        description: "电梯'又'停了\n已三天 $HOME",
        location: null,
        receivedAt: new Date('2026-11-20T01:30:00Z'),
      });
    });

    it('takes a unit and a phone typed in full-width digits, as a Chinese input method may, and keeps them half-width', async () => {
      const h = harness();
      const result = await h.run(newComplaintArgs({ phone: '１３８－１２３４－５６７８', unit: '３－２－１２０１' }));
      expect(result.code).toBe(0);
      expect((await h.store.getComplaint(1))?.complainant).toMatchObject({ unit: '3-2-1201', phone: '138-1234-5678' });
    });

    it('refuses a flag typo before asking anything', async () => {
      const h = harness();
      const prompter = scriptedPrompter([]);
      const result = await h.run(['new', '--category', 'noise'], { tty: true, prompter });
      expect(result.code).toBe(2);
      expect(prompter.asked).toEqual([]);
    });
  });
});

describe('Ctrl-C at a question', () => {
  it('saves nothing and exits 130', async () => {
    const h = harness();
    const cancelled = Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' });
    const prompter = { select: async () => Promise.reject(cancelled), input: async () => Promise.reject(cancelled) };
    expect(await h.run(['new'], { tty: true, prompter })).toEqual({
      code: 130,
      stdout: '',
      stderr: 'Cancelled; nothing was saved.\n',
    });
    expect(await h.store.listComplaints({})).toEqual([]);
  });
});
