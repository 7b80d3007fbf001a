/**
 * Card numbers must never be stored or logged: these pure functions find and mask them, in any
 * string, also inside longer tokens (`cus_4111…`, `ref_3782-822463-10005_`, `c4111…x`).
 * Rules and their known limits: docs/security.md.
 */

/** Issuer ranges (inclusive prefixes of equal length) and the lengths cards in them have. */
const CARD_RANGES: ReadonlyArray<readonly [from: string, to: string, lengths: readonly number[]]> = [
  ['4', '4', [13, 16, 19]], // Visa
  ['51', '55', [16]], // Mastercard
  ['2221', '2720', [16]], // Mastercard 2-series
  ['34', '34', [15]], // American Express
  ['37', '37', [15]],
  ['6011', '6011', [16, 17, 18, 19]], // Discover
  ['644', '649', [16, 17, 18, 19]],
  ['65', '65', [16, 17, 18, 19]], // Discover, RuPay, Troy
  ['300', '305', [14, 15, 16, 17, 18, 19]], // Diners Club
  ['3095', '3095', [14, 15, 16, 17, 18, 19]],
  ['36', '36', [14, 15, 16, 17, 18, 19]],
  ['38', '39', [14, 15, 16, 17, 18, 19]],
  ['3528', '3589', [16, 17, 18, 19]], // JCB (and RuPay's 353/356)
  ['62', '62', [16, 17, 18, 19]], // UnionPay, Discover 622126-622925
  ['2200', '2205', [16, 17, 18, 19]], // Mir, BORICA
  ['5018', '5020', [13, 14, 15, 16, 17, 18, 19]], // Maestro, Dankort
  ['5038', '5038', [13, 14, 15, 16, 17, 18, 19]],
  ['5893', '5893', [13, 14, 15, 16, 17, 18, 19]],
  ['6304', '6304', [13, 14, 15, 16, 17, 18, 19]],
  ['6759', '6759', [13, 14, 15, 16, 17, 18, 19]],
  ['6761', '6763', [13, 14, 15, 16, 17, 18, 19]],
  ['506099', '506198', [16, 18, 19]], // Verve
  ['507865', '507964', [16, 18, 19]],
  ['508', '508', [16]], // RuPay
  ['60', '60', [16]],
  ['636', '636', [16, 17, 18, 19]], // InterPayment
  ['637', '639', [16]], // InstaPayment
  ['9792', '9792', [16]], // Troy
  ['6703', '6703', [16, 17, 18, 19]], // Bancontact
];

export function isLuhnValid(digits: string): boolean {
  const clean = digits.replace(/[ -]/g, '');
  if (!/^\d{13,19}$/.test(clean)) return false;
  let sum = 0;
  for (let i = 0; i < clean.length; i++) {
    let d = clean.charCodeAt(clean.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** 13-19 digits that pass Luhn, with the length a card of that issuer range has. */
export function isCardNumber(digits: string): boolean {
  if (!isLuhnValid(digits) || !/^\d+$/.test(digits)) return false;
  return CARD_RANGES.some(([from, to, lengths]) => {
    const prefix = digits.slice(0, from.length);
    return prefix >= from && prefix <= to && lengths.includes(digits.length);
  });
}

/** What may sit between two digit groups of one card number: a few spaces, dashes, dots or underscores. */
const GAP = /^[ _.-]{1,3}$/;
/**
 * Tokens whose digits are never joined into a card number: UUIDs (correlation and trace ids;
 * their digit groups are at most 12 long), hex digests of 32, 40, 64 or 128 characters, W3C
 * `traceparent` values, and the 16-hex span id written after a `spanId`/`span_id` key (log lines,
 * span files). A random hex digest holds a Luhn-valid card-shaped digit run about once in 500,
 * and a random span id is a Luhn-valid card about once in 60,000: a busy stack makes thousands of
 * them, so refusing them would refuse ordinary trace context. A bare 16-digit value is still a card.
 */
const EXEMPT =
  /(?<=[sS]pan_?[iI][dD]["']?\s?[:=]\s?["']?)[0-9a-f]{16}(?![0-9A-Za-z])|(?<![0-9A-Za-z])[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(?![0-9A-Za-z])|(?<![0-9A-Za-z])(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|[0-9A-F]{8}-[0-9A-F]{4}-[1-8][0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}|(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128}|[0-9A-F]{32}|[0-9A-F]{40}|[0-9A-F]{64}|[0-9A-F]{128}))(?![0-9A-Za-z])/g;
/** E.164 numbers have at most 15 digits: `+` then that many is a phone number, not a card. */
const MAX_PHONE_DIGITS = 15;

interface Run {
  start: number;
  end: number;
  digits: string;
}

/** Where card numbers sit in `text`: [start, end) spans from the first to the last digit. */
function cardNumberSpans(text: string): Array<[number, number]> {
  if (!hasThirteenDigitChain(text)) return [];
  // Exemptions only ever take digit runs out, which splits chains and never joins them: when the
  // chains without exemptions hold no card (and no phone number was waved through, whose pieces
  // could), there is none. That skips the exemption regex for almost every log line.
  const plain = spansOf(text, digitRuns(text));
  if (!plain.spans.length && !plain.phoneSkipped) return [];
  const exempt = [...text.matchAll(EXEMPT)].map((m) => [m.index, m.index + m[0].length] as const);
  if (!exempt.length) return plain.spans;
  return spansOf(
    text,
    digitRuns(text).filter((r) => !exempt.some(([s, e]) => r.start >= s && r.start < e)),
  ).spans;
}

function digitRuns(text: string): Run[] {
  return [...text.matchAll(/\d+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, digits: m[0] }));
}

/** Card spans in the chains the runs make (runs joined by a GAP), and whether a chain was taken for a phone number. */
function spansOf(text: string, runs: Run[]): { spans: Array<[number, number]>; phoneSkipped: boolean } {
  const spans: Array<[number, number]> = [];
  let phoneSkipped = false;
  let chain: Run[] = [];
  const flush = () => {
    const found = spansInChain(text, chain);
    if (found === 'phone') phoneSkipped = true;
    else spans.push(...found);
    chain = [];
  };
  for (const run of runs) {
    const last = chain.at(-1);
    if (last && !GAP.test(text.slice(last.end, run.start))) flush();
    chain.push(run);
  }
  flush();
  return { spans, phoneSkipped };
}

/** Whether some chain of digit groups (joined by a GAP) has 13 digits: the shortest card. One pass, no allocation. */
function hasThirteenDigitChain(text: string): boolean {
  let digits = 0;
  let gap = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits >= 13) return true;
      gap = 0;
    } else if (digits > 0 && (c === 32 || c === 95 || c === 46 || c === 45) && gap < 3) gap++;
    else digits = gap = 0;
  }
  return false;
}

/** Every card number made of consecutive groups of one chain (digit groups joined by separators); 'phone' for a `+` number. */
function spansInChain(text: string, chain: Run[]): Array<[number, number]> | 'phone' {
  if (!chain.length) return [];
  const total = chain.reduce((n, r) => n + r.digits.length, 0);
  if (total < 13) return [];
  if (text[chain[0].start - 1] === '+' && total <= MAX_PHONE_DIGITS) return 'phone';
  const spans: Array<[number, number]> = [];
  for (let first = 0; first < chain.length; first++) {
    let digits = '';
    for (let last = first; last < chain.length && digits.length < 19; last++) {
      digits += chain[last].digits;
      if (digits.length >= 13 && isCardNumber(digits)) spans.push([chain[first].start, chain[last].end]);
    }
  }
  return spans;
}

/** True when any string (or object key) inside `value` holds a card number. */
export function containsCardNumber(value: unknown): boolean {
  if (typeof value === 'string') return cardNumberSpans(value).length > 0;
  if (typeof value === 'number' || typeof value === 'bigint') return isCardNumber(String(value));
  if (Array.isArray(value)) return value.some(containsCardNumber);
  if (value && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => containsCardNumber(k) || (!isSpanIdField(k, v) && containsCardNumber(v)));
  return false;
}

/** A span id stored as a document field (`{ spanId: '4f3a…' }`): trace context, not a card. */
function isSpanIdField(key: string, value: unknown): boolean {
  return /span_?id$/i.test(key) && typeof value === 'string' && /^[0-9a-f]{16}$/.test(value);
}

/** Replaces every card number in a string with `****` and its last four digits, separators and all. */
export function maskCardNumbers(text: string): string {
  const spans = cardNumberSpans(text).sort((a, b) => a[0] - b[0]);
  if (!spans.length) return text;
  let out = '';
  let at = 0;
  for (let i = 0; i < spans.length; i++) {
    let [start, end] = spans[i];
    if (start < at) start = at; // overlaps the span just masked
    while (i + 1 < spans.length && spans[i + 1][0] < end) end = Math.max(end, spans[++i][1]);
    if (end <= start) continue;
    out += text.slice(at, start) + `****${text.slice(start, end).replace(/\D/g, '').slice(-4)}`;
    at = end;
  }
  return out + text.slice(at);
}

/** Field names that only ever hold raw card data; a request naming one is refused whatever its value. */
const CARD_FIELD = /^(pan|card_?number|cardno|number|cvv\d?|cvc\d?|cv2|csc|security_?code)$/i;

/**
 * Where raw card data sits inside `value` ("body.card.number"), or undefined when there is none:
 * a field named like a card number / CVV, or a card number in any string, number or key.
 */
export function findCardData(value: unknown, path = '$'): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return containsCardNumber(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findCardData(value[i], `${path}[${i}]`);
      if (hit) return hit;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (containsCardNumber(key)) return `${path}.${maskCardNumbers(key)}`;
      const childPath = `${path}.${key}`;
      if (CARD_FIELD.test(key)) return childPath;
      if (isSpanIdField(key, child)) continue;
      const hit = findCardData(child, childPath);
      if (hit) return hit;
    }
  }
  return undefined;
}
