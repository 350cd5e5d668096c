import type { Request } from 'express';

/**
 * The client's address as Express sees it: X-Forwarded-For counts only when
 * TRUST_PROXY says a proxy sets it. IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is shown as IPv4.
 */
export function clientAddress(request: Request): string | null {
  const address = request.ip ?? request.socket?.remoteAddress ?? null;
  if (!address) return null;
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
