// `complaint config [key] [value]`: read or change the office settings stored in the database.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Store } from '../store/store.js';
import type { Registration } from '../cli/registration.js';
import type { SettingKey } from '../domain/settings.js';
import {
  SETTING_KEYS,
  normalizeSettingValue,
  normalizeWebhook,
  parseDepartmentWebhookKey,
  parseSettingKey,
} from '../domain/settings.js';
import { webhookForDisplay } from '../ui/alerts.js';
import { printJson } from '../ui/json.js';
import { renderTable } from '../ui/table.js';

export interface ConfigOptions {
  key?: string;
  value?: string;
  json: boolean;
}

export async function runConfig(options: ConfigOptions, context: Context): Promise<void> {
  // A department's robot is checked against the office's departments, read from the database; its
  // address, and any other key and its value, are checked first, so that a refused one leaves even
  // a new --db unmade.
  const notify = options.key?.startsWith('notify.') === true;
  const url = notify && options.value !== undefined ? normalizeWebhook(options.value) : undefined;
  const key = options.key === undefined || notify ? undefined : parseSettingKey(options.key);
  const value =
    key !== undefined && options.value !== undefined ? normalizeSettingValue(key, options.value) : undefined;
  const store = await context.store();
  const department = notify ? parseDepartmentWebhookKey(options.key!, context.settings().departments) : undefined;
  if (department !== undefined) {
    await departmentWebhook(department, url, options, store, context);
    return;
  }
  if (key !== undefined && value !== undefined) {
    await store.transaction(() => store.setSetting(key, value));
    context.io.err(context.t('config.saved', { key, value: value === '' ? '""' : value }) + '\n');
    if (
      key === 'timezone' ||
      key === 'closing-time' ||
      key.startsWith('reply-days.') ||
      key === 'urgent-reply-hours' ||
      key === 'revisit-days'
    )
      context.io.err(context.t('config.notRetroactive') + '\n');
    await context.reloadOffice();
  }
  const values = settingValues(context);
  if (key !== undefined) {
    if (options.json) printJson(context.io.out, { [key]: values[key] });
    else if (options.value === undefined) context.io.out(values[key] + '\n');
    return;
  }
  // The departments' robots are listed with their keys hidden (a robot's key is its address's query).
  const robots = Object.entries(context.settings().departmentWebhooks).map(
    ([name, url]) => [`notify.${name}`, webhookForDisplay(url)] as const,
  );
  if (options.json) {
    printJson(context.io.out, { ...values, ...Object.fromEntries(robots) });
    return;
  }
  if (!context.io.isTTY) {
    for (const name of SETTING_KEYS) context.io.out(`${name}=${values[name]}\n`);
    for (const [name, url] of robots) context.io.out(`${name}=${url}\n`);
    return;
  }
  const rows = [
    ...SETTING_KEYS.map((name) => [name, values[name] === '' ? context.style.dim('""') : values[name]]),
    ...robots.map(([name, url]) => [name, url]),
  ];
  const table = { header: (text: string) => context.style.bold(text), maxWidth: context.io.columns };
  context.io.out(renderTable([context.t('col.key'), context.t('col.value')], rows, table));
}

/** `config notify.<department> [url]`: reads (in full: it is asked for by name) or sets a department's robot. */
async function departmentWebhook(
  key: `notify.${string}`,
  url: string | undefined,
  options: ConfigOptions,
  store: Store,
  context: Context,
): Promise<void> {
  if (url !== undefined) {
    await store.transaction(() => store.setSetting(key, url));
    context.io.err(context.t('config.saved', { key, value: url === '' ? '""' : webhookForDisplay(url) }) + '\n');
    return;
  }
  const kept = (await store.settingValues())[key] ?? '';
  if (options.json) printJson(context.io.out, { [key]: kept });
  else context.io.out(kept + '\n');
}

function settingValues(context: Context): Record<SettingKey, string> {
  const settings = context.settings();
  return {
    timezone: settings.timezone,
    'closing-time': settings.closingTime ?? '',
    'reply-days.phone': String(settings.replyDays.phone),
    'reply-days.visit': String(settings.replyDays.visit),
    'reply-days.letter': String(settings.replyDays.letter),
    'reply-days.online': String(settings.replyDays.online),
    'urgent-reply-hours': String(settings.urgentReplyHours),
    'revisit-days': String(settings.revisitDays),
    'office-name': settings.officeName,
    departments: settings.departments.join(','),
    clerks: settings.clerks.join(','),
  };
}

export function registerConfig(program: Command, { t, context }: Registration, run = runConfig): void {
  program
    .command('config')
    .description(t('help.config'))
    .argument('[key]', t('help.config.key', { keys: SETTING_KEYS.join(', ') }))
    .argument('[value]', t('help.config.value'))
    .option('--json', t('help.json'))
    .action((key: string | undefined, value: string | undefined, flags: { json?: boolean }) => {
      return run({ key, value, json: flags.json === true }, context());
    });
}
