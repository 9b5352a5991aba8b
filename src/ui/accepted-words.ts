// An error that names a bad code and the accepted ones speaks the user's words: in Chinese the
// accepted list is the labels the screen shows, each with its code ("设备设施（facility）、…"), and
// "did you mean" looks among codes and labels alike. The domain names codes only; this is where
// they become words, once, for every command and for import's row errors.
import type { CodeKind } from './code-words.js';
import { nearest } from './code-words.js';
import type { Lang } from './messages.js';
import { translateLoose } from './messages.js';

/** The code-valued errors, by the kind of code they name. */
const KIND_OF_ERROR: Record<string, CodeKind> = {
  'invalid.channel': 'channel',
  'invalid.category': 'category',
  'invalid.subcategory': 'subcategory',
  'invalid.status': 'status',
  'invalid.method': 'method',
  'invalid.satisfaction': 'satisfaction',
  'invalid.cause': 'cause',
};

/** A ledger column holding codes, by the kind of code. */
const KIND_OF_FIELD: Record<string, CodeKind> = {
  channel: 'channel',
  category: 'category',
  subcategory: 'subcategory',
  status: 'status',
  replyMethod: 'method',
  satisfaction: 'satisfaction',
  cause: 'cause',
};

type Params = Record<string, string | number>;

/** The error's parameters with `accepted` in the user's words and a `suggestion` where a near one exists. */
export function inUserWords(key: string, params: Params, lang: Lang): Params {
  // "before #3 became 已回复", not "replied"
  if ((key === 'invalid.beforeStatus' || key === 'transition.refused') && typeof params.status === 'string')
    return { ...params, status: translateLoose(lang, `status.${params.status}`) };
  const { value, accepted } = params;
  if (typeof value !== 'string' || typeof accepted !== 'string') return params;
  const codes = accepted.split(/,\s*/);
  const kind =
    KIND_OF_ERROR[key] ??
    (key === 'ledger.badCode' && typeof params.field === 'string' ? KIND_OF_FIELD[params.field] : undefined);
  if (kind === undefined) return { ...params, suggestion: suggestion(value, codes, lang) };
  const labels = codes.map((code) => translateLoose(lang, `${kind}.${code}`));
  // A clerk may type the other language's word ("已存" on an English screen): both are looked at.
  const otherLabels = codes.map((code) => translateLoose(lang === 'zh' ? 'en' : 'zh', `${kind}.${code}`));
  const near = nearest(value, [...codes, ...labels, ...otherLabels]);
  return {
    ...params,
    // "不是 收费 的子类", not "fee" (English lists codes, so it keeps the code)
    ...(typeof params.category === 'string' && lang === 'zh'
      ? { category: translateLoose(lang, `category.${params.category}`) }
      : {}),
    accepted:
      lang === 'zh'
        ? codes.map((code, at) => (labels[at] === code ? code : `${labels[at]}（${code}）`)).join('、')
        : codes.join(', '),
    suggestion: near === undefined ? '' : translateLoose(lang, 'usage.didYouMean', { value: near }),
  };
}

function suggestion(value: string, accepted: readonly string[], lang: Lang): string {
  const near = nearest(value, accepted);
  return near === undefined ? '' : translateLoose(lang, 'usage.didYouMean', { value: near });
}
