/** Card numbers must never be stored or logged: these helpers find and mask them. */
const CANDIDATE = /\b(?:\d[ -]?){12,18}\d\b/g;

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
