// A realistic month for the HTML report and its screenshot: November 2026 at a busy office, built
// through the commands (as a clerk would), reported as of Mon 2026-11-30 12:00 office time.
// 40 complaints across every category, channel and four clerks; replies on time and late, some
// never replied (overdue), closings with causes, ratings, a repeat complaint, an escalation past its promise, and an October to
// compare with (one of its complaints still unanswered).
import type { Harness } from './harness.js';
import { harness } from './harness.js';

export const CLERKS = ['张敏', '李强', '王芳', '陈刚'];

const KINDS: Array<[string, string]> = [
  ['facility', 'operation'],
  ['service', 'attitude'],
  ['facility', 'design'],
  ['fee', 'shared'],
  ['service', 'environment'],
  ['incident', 'water-outage'],
  ['facility', 'operation'],
  ['service', 'timeliness'],
  ['fee', 'special-repair'],
  ['incident', 'lift-entrapment'],
  ['facility', 'other'],
  ['service', 'safety'],
];
const CHANNELS = ['phone', 'phone', 'visit', 'online', 'letter', 'phone'];
const CAUSES = ['equipment', 'attitude', 'skill', 'efficiency', 'equipment', 'procedure', 'none', 'pricing'];
const RATINGS = ['satisfied', 'satisfied', 'basic', 'dissatisfied', 'satisfied'];
const NAMES = ['王先生', '李女士', '赵先生', '刘女士', '孙先生', '周女士', '吴先生', '郑女士'];
/** Who receives the complaint of each index: the clerks do not take equal shares. */
const CLERK_TURNS = [0, 1, 0, 2, 3, 0, 1, 2, 0, 1, 3];
const clerkOf = (index: number): string => CLERKS[CLERK_TURNS[index % CLERK_TURNS.length]!]!;
/** November 2026's working days (Mon 11-02 to Fri 11-27). */
const DAYS = [2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 23, 24, 25, 26, 27];

async function ok(h: Harness, args: string[], as: string): Promise<void> {
  const result = await h.run([...args, '--as', as]);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
}

const day = (month: number, date: number, hour: number): string =>
  `2026-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')} ${String(hour).padStart(2, '0')}:00`;

export async function busyMonth(options: { officeName?: string; path?: string } = {}): Promise<Harness> {
  const h = harness({ now: '2026-11-30T04:00:00Z', path: options.path });
  await ok(h, ['config', 'office-name', options.officeName ?? '阳光花园物业服务中心'], CLERKS[0]!);
  let id = 0;
  const receive = async (month: number, date: number, hour: number, index: number): Promise<number> => {
    const [category, subcategory] = KINDS[index % KINDS.length]!;
    const unit = `${1 + (index % 6)}-${1 + (index % 3)}-${(1 + (index % 18)) * 100 + 1 + (index % 4)}`;
    await ok(
      h,
      [
        'new',
        '--channel',
        CHANNELS[index % CHANNELS.length]!,
        '--category',
        category,
        '--subcategory',
        subcategory,
        '--name',
        NAMES[index % NAMES.length]!,
        '--unit',
        unit,
        '--description',
        '业主反映问题',
        '--at',
        day(month, date, hour),
      ],
      clerkOf(index),
    );
    return (id += 1);
  };
  // October: a dozen, all answered but #1 (still overdue).
  for (let index = 0; index < 12; index += 1) {
    const number = await receive(10, 12 + (index % 12), 9 + (index % 5), index * 5 + 1);
    if (number !== 1)
      await ok(
        h,
        ['reply', String(number), '--method', 'phone', '--message', '已处理', '--at', day(10, 12 + (index % 12), 15)],
        clerkOf(index * 5 + 1),
      );
  }
  // November: 40.
  for (let index = 0; index < 40; index += 1) {
    const date = DAYS[Math.floor((index * DAYS.length) / 40)]!;
    const clerk = clerkOf(index);
    const number = await receive(11, date, 9 + (index % 7), index);
    if (index % 9 === 5) continue; // never replied: overdue once its three working days are over
    // Every seventh is answered a week later, past its deadline (only early in the month, before "now").
    const late = index % 7 === 3 && date <= 18;
    await ok(
      h,
      [
        'reply',
        String(number),
        '--method',
        'phone',
        '--message',
        '已回复业主',
        '--satisfaction',
        RATINGS[index % RATINGS.length]!,
        '--at',
        late ? day(11, date + 7, 10) : day(11, date, 17),
      ],
      clerk,
    );
    if (index === 10) {
      // Handed to the engineering department with a promised date that has passed: overdue on its promise.
      await ok(
        h,
        [
          'escalate',
          String(number),
          '--to',
          '工程部',
          '--promise',
          '2026-11-20',
          '--at',
          day(11, date + (late ? 8 : 1), 9),
        ],
        clerk,
      );
    }
    if (index % 3 !== 0 || date > 25) continue;
    await ok(
      h,
      [
        'close',
        String(number),
        '--result',
        '已解决',
        '--cause',
        CAUSES[index % CAUSES.length]!,
        '--at',
        day(11, date + (late ? 8 : 1), 11),
      ],
      clerk,
    );
    if (index === 6) {
      // The owner comes back: a repeat complaint (二次投诉), answered and closed again.
      await ok(h, ['reopen', String(number), '--reason', '问题复发', '--at', day(11, date + 3, 9)], clerk);
      await ok(
        h,
        ['reply', String(number), '--method', 'in-person', '--message', '再次上门处理', '--at', day(11, date + 3, 15)],
        clerk,
      );
      await ok(
        h,
        [
          'close',
          String(number),
          '--result',
          '已彻底解决',
          '--cause',
          'skill',
          '--satisfaction',
          'basic',
          '--at',
          day(11, date + 4, 11),
        ],
        clerk,
      );
    }
  }
  return h;
}
