// A spreadsheet opening a CSV (or a Markdown table pasted into it) takes a cell that starts with
// =, +, -, @, a tab or a carriage return for a formula: an owner's words "=HYPERLINK(…)" or
// "-2+3+cmd|' /C calc'!A0" would run on the supervisor's computer. OWASP's CSV-injection guidance:
// write such a cell with a leading apostrophe, so that Excel and WPS take it for text.
// Pure: every CSV and Markdown writer calls formulaSafe; the CSV import calls its inverse.

const APOSTROPHE = 0x27;
const STARTS_LIKE_FORMULA = /^[=+\-@\t\r]/;
/** A number with a sign (-5, +2, -3.5) is data, not a formula, and stays as it is. */
const SIGNED_NUMBER = /^[+-](?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Whether a cell is written with an apostrophe: it starts like a formula, or it is apostrophes in
 * front of one — so that a cell that really starts with an apostrophe ("'=x") comes back as it was.
 */
function needsApostrophe(text: string): boolean {
  let at = 0;
  while (text.charCodeAt(at) === APOSTROPHE) at += 1;
  const rest = at === 0 ? text : text.slice(at);
  return STARTS_LIKE_FORMULA.test(rest) && !SIGNED_NUMBER.test(rest);
}

/** A cell as a CSV or Markdown table writes it: "=1+1" → "'=1+1"; "-5" and "-连续三天" → "-5" and "'-连续三天". */
export function formulaSafe(text: string): string {
  return needsApostrophe(text) ? `'${text}` : text;
}

/** formulaSafe undone, for a cell read from a CSV: "'=1+1" → "=1+1"; any other cell as it is. */
export function fromFormulaSafe(text: string): string {
  return text.charCodeAt(0) === APOSTROPHE && needsApostrophe(text.slice(1)) ? text.slice(1) : text;
}
