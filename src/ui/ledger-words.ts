// The words a ledger may use for the program's codes: every label of the message catalogue in
// both languages, the export's own column headers, and the synonyms offices write by hand.
import type { LedgerField, LedgerVocabulary } from '../domain/ledger.js';
import { REPLY_METHODS } from '../domain/complaint.js';
import { CODES, LEDGER_FIELDS, wordKey } from '../domain/ledger.js';
import type { MessageKey } from './messages.js';
import { translator } from './messages.js';

const SYNONYMS: Record<Exclude<keyof LedgerVocabulary, 'header'>, Record<string, string>> = {
  channel: {
    来电: 'phone',
    电话投诉: 'phone',
    热线: 'phone',
    上门: 'visit',
    来人: 'visit',
    现场: 'visit',
    信函: 'letter',
    书面: 'letter',
    来信: 'letter',
    邮件: 'online',
    网络: 'online',
    网上: 'online',
    微信: 'online',
    app: 'online',
    小程序: 'online',
  },
  category: {
    设备: 'facility',
    设施: 'facility',
    设施设备: 'facility',
    服务: 'service',
    管理: 'service',
    费用: 'fee',
    收费问题: 'fee',
    突发: 'incident',
  },
  subcategory: {
    设计: 'design',
    质量: 'design',
    质量缺陷: 'design',
    运行: 'operation',
    故障: 'operation',
    安全管理: 'safety',
    服务态度: 'attitude',
    公摊: 'shared',
    公摊费用: 'shared',
    分摊: 'shared',
    维修费: 'special-repair',
    困人: 'lift-entrapment',
    被盗: 'burglary',
    漏水: 'flooding',
    水浸: 'flooding',
  },
  cause: {
    态度: 'attitude',
    设备: 'equipment',
    技能: 'skill',
    项目: 'scope',
    方式: 'flexibility',
    程序: 'procedure',
    收费: 'pricing',
    制度: 'rules',
    效率: 'efficiency',
    非我方责任: 'none',
    无: 'none',
  },
  satisfaction: { 非常满意: 'satisfied', 较满意: 'basic', 一般: 'basic', 不满: 'dissatisfied' },
  status: { 作废: 'voided', 无效: 'voided' },
  method: {
    电话回复: 'phone',
    书面回复: 'letter',
    信函: 'letter',
    当面回复: 'in-person',
    上门: 'in-person',
    面谈: 'in-person',
    微信回复: 'wechat',
    短信回复: 'sms',
    邮件: 'email',
    电子邮件: 'email',
    'e-mail': 'email',
  },
};

const LABEL_PREFIX: Record<Exclude<keyof LedgerVocabulary, 'header'>, string> = {
  channel: 'channel',
  category: 'category',
  subcategory: 'subcategory',
  cause: 'cause',
  satisfaction: 'satisfaction',
  status: 'status',
  method: 'method',
};

const ALL_CODES: Record<Exclude<keyof LedgerVocabulary, 'header'>, readonly string[]> = {
  ...CODES,
  status: ['received', 'replied', 'escalated', 'closed', 'voided'],
  method: REPLY_METHODS,
};

let built: LedgerVocabulary | undefined;

export function ledgerVocabulary(): LedgerVocabulary {
  if (built) return built;
  const languages = [translator('zh'), translator('en')];
  const words = (kind: Exclude<keyof LedgerVocabulary, 'header'>): Map<string, never> => {
    const map = new Map<string, string>();
    for (const code of ALL_CODES[kind]) {
      map.set(wordKey(code), code);
      for (const t of languages) map.set(wordKey(t(`${LABEL_PREFIX[kind]}.${code}` as MessageKey)), code);
    }
    for (const [word, code] of Object.entries(SYNONYMS[kind]))
      if (!map.has(wordKey(word))) map.set(wordKey(word), code);
    return map as Map<string, never>;
  };
  const header = new Map<string, LedgerField>();
  for (const field of LEDGER_FIELDS)
    for (const t of languages) header.set(wordKey(t(`ledger.header.${field}` as MessageKey)), field);
  built = {
    channel: words('channel'),
    category: words('category'),
    subcategory: words('subcategory'),
    cause: words('cause'),
    satisfaction: words('satisfaction'),
    status: words('status'),
    method: words('method'),
    header,
  };
  return built;
}

/** The export's column headers, in the user's language: the import reads them back. */
export function ledgerHeader(field: LedgerField, t: (key: MessageKey) => string): string {
  return t(`ledger.header.${field}` as MessageKey);
}
