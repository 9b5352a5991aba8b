// `complaint config [key] [value]`: read or change the office settings stored in the database.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import type { SettingKey } from '../domain/settings.js';
import { SETTING_KEYS, normalizeSettingValue, parseSettingKey } from '../domain/settings.js';
import { printJson } from '../ui/json.js';
import { renderTable } from '../ui/table.js';

export interface ConfigOptions {
  key?: string;
  value?: string;
  json: boolean;
}

export function runConfig(options: ConfigOptions, context: Context): void {
  const key = options.key === undefined ? undefined : parseSettingKey(options.key);
  if (key !== undefined && options.value !== undefined) {
    const value = normalizeSettingValue(key, options.value);
    const store = context.store();
    store.transaction(() => store.setSetting(key, value));
    context.io.err(context.t('config.saved', { key, value: value === '' ? '""' : value }) + '\n');
    if (key === 'timezone' || key === 'closing-time' || key.startsWith('reply-days.') || key === 'urgent-reply-hours' || key === 'revisit-days') context.io.err(context.t('config.notRetroactive') + '\n');
  }
  const values = settingValues(context);
  if (key !== undefined) {
    if (options.json) printJson(context.io.out, { [key]: values[key] });
    else if (options.value === undefined) context.io.out(values[key] + '\n');
    return;
  }
  if (options.json) {
    printJson(context.io.out, values);
    return;
  }
  if (!context.io.isTTY) {
    for (const name of SETTING_KEYS) context.io.out(`${name}=${values[name]}\n`);
    return;
  }
  const rows = SETTING_KEYS.map((name) => [name, values[name] === '' ? context.style.dim('""') : values[name]]);
  const table = { header: (text: string) => context.style.bold(text), maxWidth: context.io.columns };
  context.io.out(renderTable([context.t('col.key'), context.t('col.value')], rows, table));
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
      run({ key, value, json: flags.json === true }, context());
    });
}
