import { isUtf8 } from 'node:buffer';
import libmime from 'libmime';
import { parseAddressHeader } from 'mailparser';
import type { AddressObject, EmailAddress } from 'mailparser';
import type { MailAddress } from './inbound-message';
import type { RawHeader } from './raw-headers';
import { decodeWithCharset, detectCharset, hasEightBitBytes } from './text-charset';

/**
 * Decodes header values from bytes. RFC 5322 headers are ASCII with RFC 2047
 * encoded words, but some mailers write raw 8-bit text: usually UTF-8, sometimes
 * Latin-1 or GBK. One charset is chosen for the whole block (a mailer that writes
 * raw bytes writes them all the same way), guessed from all 8-bit values together
 * because a single short header is too little for detection.
 */
export function headerBlockCharset(headers: readonly RawHeader[]): string | null {
  const foreign = headers.filter((h) => hasEightBitBytes(h.value) && !isUtf8(h.value)).map((h) => h.value);
  if (foreign.length === 0) return null;
  return detectCharset(Buffer.concat(foreign.flatMap((value) => [value, Buffer.from(' ')])));
}

/** Header bytes as a string, before RFC 2047 decoding. */
export function headerText(value: Buffer, blockCharset: string | null): string {
  if (!hasEightBitBytes(value)) return value.toString('latin1');
  if (blockCharset === null || isUtf8(value)) return value.toString('utf8');
  return decodeWithCharset(value, blockCharset);
}

/** An unstructured header (Subject) with its encoded words decoded; readHeaderBlock already unfolded it. */
export function decodeUnstructured(value: Buffer, blockCharset: string | null): string {
  const text = headerText(value, blockCharset);
  try {
    return libmime.decodeWords(text).trim();
  } catch {
    return text.trim();
  }
}

function flatten(addresses: EmailAddress[]): EmailAddress[] {
  return addresses.flatMap((entry) => (entry.group ? flatten(entry.group) : [entry]));
}

/**
 * Cleans an address addressparser returned. Broken senders leave stray angle
 * brackets (`"x"@example.com>`) and spaces (`<power quadrant system@example.com>`);
 * the last word with an `@` is the deliverable part.
 */
export function cleanAddress(address: string): string {
  let cleaned = address.trim().replace(/^<+|>+$/g, '').trim();
  const quotedLocal = /^"[^"]*"@\S+$/.test(cleaned);
  if (!quotedLocal && /\s/.test(cleaned)) {
    const words = cleaned.split(/\s+/).filter((word) => word.includes('@'));
    cleaned = words.length ? words[words.length - 1] : '';
  }
  return cleaned.toLowerCase();
}

const BARE_LOCAL_PART = /^[a-z0-9][a-z0-9._+-]*$/i;

/** Whether an address can be a sender: `local@domain`, a quoted local part, or a bare `MAILER-DAEMON`. */
export function isUsableAddress(address: string): boolean {
  if (!address) return false;
  const at = address.lastIndexOf('@');
  if (at < 0) return BARE_LOCAL_PART.test(address);
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  return local.length > 0 && domain.length > 0 && !/[\s<>()[\],;:@]/.test(domain) && !/[<>()[\],;:]/.test(local.replace(/^"[^"]*"$/, 'q'));
}

/**
 * `<MAILER-DAEMON>` (a Return-Path written by some MTAs) or a bare `MAILER-DAEMON`:
 * addressparser reads these as a display name, but they name a mailbox.
 */
const BARE_MAILBOX = /^\s*(?:<\s*([^\s<>@",;:]+)\s*>|(mailer-daemon|postmaster))\s*$/i;

export function parseAddresses(value: Buffer, blockCharset: string | null): MailAddress[] {
  const text = headerText(value, blockCharset);
  const bare = BARE_MAILBOX.exec(text);
  if (bare) return [{ address: (bare[1] ?? bare[2]).toLowerCase(), name: '' }];
  let parsed: AddressObject;
  try {
    parsed = parseAddressHeader(text);
  } catch {
    return [];
  }
  return flatten(parsed.value).map((entry) => ({
    address: cleanAddress(entry.address ?? ''),
    name: (entry.name ?? '').trim(),
  }));
}
