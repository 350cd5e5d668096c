/**
 * Whether `text` is standard base64 with padding (RFC 4648 §4), checked in one pass over
 * the characters. Written by hand because validator's regular expression overflows V8's
 * stack on multi-megabyte attachments when the regexp runs interpreted (seen in CI).
 */
export function isPaddedBase64(text: string): boolean {
  const length = text.length;
  if (length % 4 !== 0) return false;
  let padding = 0;
  if (length > 0 && text.charCodeAt(length - 1) === 61) padding = length > 1 && text.charCodeAt(length - 2) === 61 ? 2 : 1;
  for (let i = 0; i < length - padding; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return true;
}
