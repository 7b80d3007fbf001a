/** One formatter per currency: building an Intl.NumberFormat costs far more than formatting with one. */
const formats = new Map<string, { formatter: Intl.NumberFormat; digits: number }>();

function formatFor(currency: string) {
  let format = formats.get(currency);
  if (!format) {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    format = { formatter: new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: digits }), digits };
    formats.set(currency, format);
  }
  return format;
}

/** Minor units to a display amount, using the currency's own number of decimals (JPY 0, EUR 2, BHD 3). */
export function formatAmount(minor: number, currency: string): string {
  const { formatter, digits } = formatFor(currency);
  return formatter.format(minor / 10 ** digits);
}

export function notificationText(event: {
  type: string;
  amount: number;
  currency: string;
  paymentId: string;
  refund?: { amount: number };
  failure?: { code: string };
}): string {
  switch (event.type) {
    case 'payment.captured':
      return `Payment ${event.paymentId} of ${formatAmount(event.amount, event.currency)} succeeded.`;
    case 'payment.failed':
      return `Payment ${event.paymentId} of ${formatAmount(event.amount, event.currency)} failed (${event.failure?.code ?? 'unknown reason'}).`;
    case 'payment.refunded':
      return `${formatAmount(event.refund?.amount ?? event.amount, event.currency)} of payment ${event.paymentId} was refunded.`;
    default:
      return `Payment ${event.paymentId}: ${event.type}.`;
  }
}
