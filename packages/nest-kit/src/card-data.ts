/** Card numbers must never be stored or logged: these helpers find and mask them. */
// A card number as people write it: 13-19 digits in a row, or groups of four split by one space
// or dash (4-4-4-4, 4-4-4-4-3), or Amex's 4-6-5. Separators anywhere else are not a card
// number: a UUID's digit runs once passed the Luhn check by chance (about 1 request in 1,500).
const CANDIDATE = /\b(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{5})\b/g;

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

/** True when any string inside `value` holds a Luhn-valid 13-19 digit number. */
export function containsCardNumber(value: unknown): boolean {
  if (typeof value === 'string') return [...value.matchAll(CANDIDATE)].some((m) => isLuhnValid(m[0]));
  if (typeof value === 'number') return isLuhnValid(String(value));
  if (Array.isArray(value)) return value.some(containsCardNumber);
  if (value && typeof value === 'object') return Object.values(value).some(containsCardNumber);
  return false;
}

/** Replaces Luhn-valid numbers in a string with a mask that keeps the last four digits. */
export function maskCardNumbers(text: string): string {
  return text.replace(CANDIDATE, (m) => (isLuhnValid(m) ? `****${m.replace(/[ -]/g, '').slice(-4)}` : m));
}

/** Field names that only ever hold raw card data; a request naming one is refused whatever its value. */
const CARD_FIELD = /^(pan|card_?number|cardno|number|cvv\d?|cvc\d?|cv2|csc|security_?code)$/i;

/**
 * Where raw card data sits inside `value` ("body.card.number"), or undefined when there is none:
 * a field named like a card number / CVV, or a Luhn-valid 13-19 digit number anywhere.
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
      const childPath = `${path}.${key}`;
      if (CARD_FIELD.test(key)) return childPath;
      const hit = findCardData(child, childPath);
      if (hit) return hit;
    }
  }
  return undefined;
}
