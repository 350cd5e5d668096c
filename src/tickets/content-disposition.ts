/**
 * RFC 6266 / 8187: an ASCII fallback for old clients plus the exact UTF-8 name.
 * Quotes, backslashes and control characters never reach the header.
 */
export function contentDisposition(filename: string): string {
  const clean =
    filename
      .replace(/[\u0000-\u001f\u007f]/g, '')
      // A lone surrogate (a broken name in a broken mail) would make encodeURIComponent throw.
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '_')
      .trim() || 'adjunto';
  const ascii = clean
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
