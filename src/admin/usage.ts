import type { ApiClient } from './types';

const count = (value: number) => value.toLocaleString('en-US');
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `42,089 of 126,270 rows · 3.5 MB of 10.9 MB · expires if unused until 2027-01-01`: what a client holds against its quota, and its expiry. */
export function describeUsage(client: ApiClient): string {
  const { rows, bytes, row_quota: rowQuota, byte_quota: byteQuota } = client.usage;
  const parts: string[] = [];
  if (rows !== null) parts.push(rowQuota ? `${count(rows)} of ${count(rowQuota)} rows` : `${count(rows)} rows`);
  if (bytes !== null) parts.push(byteQuota ? `${megabytes(bytes)} of ${megabytes(byteQuota)}` : megabytes(bytes));
  if (client.expires_at) parts.push(`${client.status === 'expired' ? 'expired' : 'expires if unused until'} ${client.expires_at.slice(0, 10)}`);
  return parts.join(' · ');
}
