// Every word the user reads, in Chinese and English (messages/zh.ts, messages/en.ts), and the
// translators made from them. Codes (categories, channels, statuses) stay English identifiers
// everywhere else; only the catalogues know their labels.
import type { MessageParams } from '../domain/errors.js';
import type { MessageKey } from './messages/en.js';
import { enCatalogue } from './messages/en.js';
import { zhCatalogue } from './messages/zh.js';

export type { MessageKey };

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

// Each catalogue (messages/en.ts, messages/zh.ts) is built when its language is first used: a run
// needs one of them, and building both big object literals is start-up time every command would pay.
const BUILDERS: Record<Lang, () => Record<MessageKey, string>> = { en: enCatalogue, zh: zhCatalogue };
const built: Partial<Record<Lang, Record<MessageKey, string>>> = {};

function catalogueOf(lang: Lang): Record<MessageKey, string> {
  return (built[lang] ??= BUILDERS[lang]());
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translator(lang: Lang): Translate {
  const catalogue = catalogueOf(lang);
  return (key, params = {}) => fill(catalogue[key] ?? key, params);
}

/** For keys that arrive as data (from domain errors): an unknown key still prints something useful. */
export function translateLoose(lang: Lang, key: string, params: MessageParams = {}): string {
  const text = (catalogueOf(lang) as Record<string, string>)[key];
  return text === undefined ? `${key} ${JSON.stringify(params)}` : fill(text, params);
}

function fill(template: string, params: MessageParams): string {
  // A suggestion ("did you mean …") is added where one is found, and is nothing otherwise.
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : name === 'suggestion' ? '' : whole,
  );
}

/** SPEC §2: --lang, else COMPLAINT_LANG, else the locale (zh* → Chinese, anything else → English). */
export function chooseLang(flag: string | undefined, env: Record<string, string | undefined>): Lang {
  const explicit = flag ?? env.COMPLAINT_LANG;
  if (explicit !== undefined && explicit !== '') return explicit.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
