// `complaint office add|list`: the offices (管理处) of a company's database, each with its own
// ledger, settings, clerks and calendar days; the official schedules are shared.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { officeCode } from '../domain/office.js';
import { INITIAL_TIME_ZONE, normalizeSettingValue } from '../domain/settings.js';
import { dateInZone } from '../domain/zone.js';
import { requiredText } from '../domain/text.js';
import { printJson } from '../ui/json.js';
import { renderTable } from '../ui/table.js';

export interface OfficeAddOptions {
  code: string;
  name: string;
  timezone?: string;
  json: boolean;
}

export async function runOfficeAdd(options: OfficeAddOptions, context: Context): Promise<void> {
  // Checked before the database is opened: a refused office leaves even a new --db unmade.
  const code = officeCode(options.code);
  // A company's alerts and reports name the office: a new one has a name (an old ledger may have none).
  const name = normalizeSettingValue('office-name', requiredText('name', options.name));
  const timezone = normalizeSettingValue('timezone', options.timezone ?? INITIAL_TIME_ZONE);
  const store = await context.database();
  const office = await store.transaction(() => store.addOffice({ code, name, settings: { timezone } }, context.now));
  if (options.json)
    printJson(context.io.out, { code: office.code, name: office.name, timezone, createdAt: office.createdAt });
  context.io.err(context.t('office.added', { code, name, zone: timezone }) + '\n');
}

export interface OfficeListOptions {
  json: boolean;
}

interface OfficeLine {
  code: string;
  name: string;
  timezone: string;
  complaints: number;
  createdAt: Date;
}

export async function runOfficeList(options: OfficeListOptions, context: Context): Promise<void> {
  const store = await context.database();
  const lines: OfficeLine[] = [];
  // Each office's own zone and count, read with the store turned to it in turn.
  for (const office of await store.offices()) {
    store.useOffice(office);
    const timezone = (await store.settingValues()).timezone ?? INITIAL_TIME_ZONE;
    const complaints = await store.countComplaints({});
    lines.push({ code: office.code, name: office.name, timezone, complaints, createdAt: office.createdAt });
  }
  if (options.json) {
    printJson(context.io.out, lines);
    return;
  }
  const { t } = context;
  const headers = ['code', 'name', 'zone', 'complaints', 'created'] as const;
  const rows = lines.map((line) => [
    line.code,
    line.name,
    line.timezone,
    String(line.complaints),
    dateInZone(line.createdAt, line.timezone),
  ]);
  const table = { header: (text: string) => context.style.bold(text), maxWidth: context.io.columns, flexible: [1] };
  context.io.out(
    renderTable(
      headers.map((heading) => t(`office.heading.${heading}`)),
      rows,
      table,
    ),
  );
}

export function registerOffice(program: Command, { t, context }: Registration): void {
  // `complaint office` alone lists them, as `complaint calendar` alone shows the month.
  const office = program
    .command('office')
    .description(t('help.office'))
    .option('--json', t('help.json'))
    .action((flags: { json?: boolean }) => runOfficeList({ json: flags.json === true }, context()));
  office
    .command('add')
    .description(t('help.office.add'))
    .argument('<code>', t('help.office.code'))
    .requiredOption('--name <name>', t('help.office.name'))
    .option('--timezone <zone>', t('help.office.timezone'))
    .option('--json', t('help.json'))
    // (--json after the subcommand is `office`'s own option too: commander gives it to `office`.)
    .action((code: string, flags: { name: string; timezone?: string }, command: Command) =>
      runOfficeAdd(
        {
          code,
          name: flags.name,
          timezone: flags.timezone,
          json: command.optsWithGlobals<{ json?: boolean }>().json === true,
        },
        context(),
      ),
    );
  office
    .command('list')
    .description(t('help.office.list'))
    .option('--json', t('help.json'))
    // (--json after `list` is the parent's option too: commander gives it to `office`.)
    .action((_flags: unknown, command: Command) =>
      runOfficeList({ json: command.optsWithGlobals<{ json?: boolean }>().json === true }, context()),
    );
}
