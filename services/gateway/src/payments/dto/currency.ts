import { Transform } from 'class-transformer';
import { IsIn } from 'class-validator';
import { CurrencyCodes } from 'validator/lib/isISO4217.js';

/**
 * ISO 4217 codes that money can be charged in: the list without precious metals, bond-market
 * units, SDRs, the testing code XTS, "no currency" XXX and the funds codes (BOV, CHE, USN...).
 */
const NOT_CHARGEABLE = new Set([
  'XAG',
  'XAU',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XPD',
  'XPT',
  'XSU',
  'XTS',
  'XUA',
  'XXX',
  'BOV',
  'CHE',
  'CHW',
  'CLF',
  'COU',
  'MXV',
  'USN',
  'UYI',
  'UYW',
]);
export const CURRENCIES: readonly string[] = [...CurrencyCodes].filter((c) => !NOT_CHARGEABLE.has(c)).sort();

/** `eur` becomes `EUR`; anything that is not then a chargeable ISO 4217 code is a VALIDATION error. */
export function IsCurrency(): PropertyDecorator {
  const normalise = Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));
  const known = IsIn(CURRENCIES, { message: 'currency must be an ISO 4217 currency code, such as EUR or USD' });
  return (target, key) => {
    normalise(target, key);
    known(target, key);
  };
}
