/** `ledger.hold`: funds held for one payment, keyed by payment id (holding twice is a no-op). */
export interface HoldRequest {
  paymentId: string;
  accountId: string;
  amount: number;
  currency: string;
  /** How long the hold stays open unless captured (default: the ledger's HOLD_TTL_MS). */
  expiresInMs?: number;
}

export interface HoldReply {
  paymentId: string;
  accountId: string;
  held: true;
  /** ISO time after which the ledger's sweep releases the hold if no capture took it. */
  expiresAt: string;
}

export interface ReleaseRequest {
  paymentId: string;
  accountId: string;
}
