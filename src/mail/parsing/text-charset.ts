import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { decode as libmimeDecode, normalizeCharset } from 'libmime/lib/charset';

/**
 * Turns the bytes of a text part or header into a string. Declared charsets are
 * honoured, with two exceptions taken from how browsers read mail (WHATWG
 * Encoding): ISO-8859-1 and US-ASCII labels are read as windows-1252, whose
 * curly quotes and dashes Outlook writes under those labels; and a UTF-8 or
 * ASCII label on bytes that are not UTF-8 is treated as no label at all.
 * Unlabelled 8-bit text is detected instead of being decoded as UTF-8 into
 * replacement characters.
 */

export interface DecodedText {
  text: string;
  /** The charset actually used, lower-case. */
  charset: string;
  /** True when the charset was guessed from the bytes rather than declared. */
  detected: boolean;
}

/** Most of our senders are Colombian offices; unlabelled 8-bit mail from them is windows-1252. */
export const FALLBACK_CHARSET = 'windows-1252';

const JAPANESE = /^(?:jis|iso-?2022-?jp|eucjp)/i;
/** UTF-7 can smuggle markup past filters (+ADw-script+AD4-); base64 and hex are not charsets. */
const REFUSED = /^(?:(?:cs)?unicode-?1-?1-?)?utf-?7(?:-?imap)?$|^base64$|^hex$/i;
/** Labels that mean "whatever UTF-8 or ASCII the bytes turn out to be". */
const UTF8_LIKE = /^(?:utf-?8|(?:us-?)?ascii|ansi_x3\.4-1968|7bit|8bit|unknown-8bit|x-unknown|default)$/i;
/** WHATWG Encoding maps these labels to windows-1252. */
const LATIN1_LABELS = /^(?:iso-?8859-?1|latin-?1|l1|iso_8859-1(?::1987)?|cp819|ibm819|windows-1252|cp1252)$/i;
/** Single-byte Latin charsets chardet confuses with each other on Spanish text. */
const WESTERN_GUESSES = new Set(['iso-8859-1', 'iso-8859-2', 'iso-8859-9', 'iso-8859-15', 'windows-1250', 'windows-1252', 'windows-1254']);
/** chardet scans every byte with every recognizer; a sample is enough to decide. */
const DETECTION_SAMPLE = 32 * 1024;
const MIN_CONFIDENCE = 20;

function isSupported(charset: string): boolean {
  return JAPANESE.test(charset) || iconv.encodingExists(charset);
}

/** The charset to decode a declared label with, or null when the label cannot be trusted. */
export function usableCharset(declared: string | null | undefined): string | null {
  const label = (declared ?? '').trim().replace(/^["']|["']$/g, '');
  if (!label || UTF8_LIKE.test(label) || REFUSED.test(label)) return null;
  if (LATIN1_LABELS.test(label)) return FALLBACK_CHARSET;
  const normalized = normalizeCharset(label).toLowerCase();
  if (UTF8_LIKE.test(normalized) || REFUSED.test(normalized)) return null;
  if (LATIN1_LABELS.test(normalized)) return FALLBACK_CHARSET;
  return isSupported(normalized) ? normalized : null;
}

/** Guesses the charset of bytes that are not valid UTF-8. */
export function detectCharset(bytes: Buffer): string {
  const sample = bytes.length > DETECTION_SAMPLE ? bytes.subarray(0, DETECTION_SAMPLE) : bytes;
  const best = chardet.analyse(sample)[0];
  if (!best || best.confidence < MIN_CONFIDENCE) return FALLBACK_CHARSET;
  const name = best.name.toLowerCase();
  // Short Spanish text often scores ISO-8859-2 or -9 as high as -1; for our
  // senders windows-1252 is the right reading of all of them.
  if (WESTERN_GUESSES.has(name) || name === 'utf-8') return FALLBACK_CHARSET;
  // chardet offers UTF-16/32 for a handful of high bytes; real UTF-16 text is full of NULs.
  if (/^utf-(?:16|32)/.test(name) && !sample.includes(0)) return FALLBACK_CHARSET;
  return isSupported(name) ? name : FALLBACK_CHARSET;
}

/** Decodes with a known charset; libmime adds the Japanese charsets iconv-lite lacks. */
export function decodeWithCharset(bytes: Buffer, charset: string): string {
  return libmimeDecode(bytes, charset);
}

export function hasEightBitBytes(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return true;
  return false;
}

export function decodeText(bytes: Buffer, declared: string | null | undefined): DecodedText {
  const charset = usableCharset(declared);
  if (charset) return { text: decodeWithCharset(bytes, charset), charset, detected: false };
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), charset: 'utf-8', detected: false };
  const guessed = detectCharset(bytes);
  return { text: decodeWithCharset(bytes, guessed), charset: guessed, detected: true };
}
