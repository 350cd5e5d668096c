/**
 * PostgreSQL text and jsonb reject NUL characters and unpaired UTF-16 surrogates,
 * both of which broken mail can decode to. Replace them rather than fail the batch.
 */
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function dbSafeText(value: string): string;
export function dbSafeText(value: string | null): string | null;
export function dbSafeText(value: string | null): string | null {
  if (value === null) return null;
  return value.replace(UNSAFE, (found) => (found === '\u0000' ? '' : '\uFFFD'));
}
