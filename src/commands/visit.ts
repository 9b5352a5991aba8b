// `complaint visit <id> --arrived <time>`: an on-site visit, and how many minutes the handler
// took to arrive after being sent (SPEC §1.2: target 3 minutes).
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { parseComplaintId } from '../domain/complaint.js';
import { VISIT_TARGET_MINUTES } from '../domain/lifecycle.js';
import type { ActOptions } from './act.js';
import { act, checkTime, parseAt, withCommonOptions } from './act.js';

export interface VisitOptions extends ActOptions {
  arrived: string;
  dispatched?: string;
}

export async function runVisit(options: VisitOptions, context: Context): Promise<void> {
  // Checked before the database is opened (the times are read in the office's zone after).
  parseComplaintId(options.id);
  checkTime(options.arrived, '--arrived', context.now);
  checkTime(options.dispatched, '--dispatched', context.now);
  checkTime(options.at, '--at', context.now);
  await context.store();
  const arrivedAt = parseAt(options.arrived, context, '--arrived');
  const dispatchedAt =
    options.dispatched === undefined ? undefined : parseAt(options.dispatched, context, '--dispatched');
  await act(
    { ...options, at: options.at ?? options.arrived, atFlag: options.at === undefined ? '--arrived' : '--at' },
    context,
    (complaint) => ({ type: 'visit', arrivedAt, dispatchedAt: dispatchedAt ?? complaint.replyClockFrom }),
    (before) => {
      const minutes = Math.round((arrivedAt.getTime() - (dispatchedAt ?? before.replyClockFrom).getTime()) / 60_000);
      return context.t(minutes <= VISIT_TARGET_MINUTES ? 'done.visit' : 'done.visitSlow', {
        id: before.id,
        minutes,
        target: VISIT_TARGET_MINUTES,
      });
    },
  );
}

export function registerVisit(program: Command, { t, context }: Registration): void {
  withCommonOptions(
    program
      .command('visit')
      .description(t('help.visit'))
      .argument('<id>', t('help.id'))
      .requiredOption('--arrived <time>', t('help.visit.arrived'))
      .option('--dispatched <time>', t('help.visit.dispatched')),
    t,
  ).action((id: string, flags: { arrived: string; dispatched?: string; at?: string; json?: boolean }) =>
    runVisit(
      { id, arrived: flags.arrived, dispatched: flags.dispatched, at: flags.at, json: flags.json === true },
      context(),
    ),
  );
}
