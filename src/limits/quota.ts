import { DomainError } from '../errors';
import type { Limits } from './limits';

/** What a schema holds, as its `sandbox_usage` counter says (migrations/…_usage.ts): rows of every table and their bytes. */
export interface Usage {
  rows: number;
  bytes: number;
}

/** What each API client may hold (0: no quota). */
export interface Quota {
  rows: number;
  bytes: number;
}

/** How many times the reference data a client may hold when CLIENT_ROW_QUOTA / CLIENT_BYTE_QUOTA are left at -1. */
const DEFAULT_QUOTA_FACTOR = 3;

/** The configured quota; the defaults (-1) are three times what `public`, the reference data, holds. */
export function resolveQuota(limits: Pick<Limits, 'clientRowQuota' | 'clientByteQuota'>, reference: Usage): Quota {
  return {
    rows: limits.clientRowQuota === -1 ? DEFAULT_QUOTA_FACTOR * reference.rows : limits.clientRowQuota,
    bytes: limits.clientByteQuota === -1 ? DEFAULT_QUOTA_FACTOR * reference.bytes : limits.clientByteQuota,
  };
}

/** A write that would take the client past its quota: refused by the database, rolled back whole. */
export class QuotaExceeded extends DomainError {
  readonly status = 403;
  readonly code = 'quota_exceeded';
}

/** The SQLSTATE the usage triggers raise. */
export const QUOTA_EXCEEDED_SQLSTATE = 'SGQ01';
