/**
 * A loggable description of an error. Database errors are reduced to their class
 * and SQL state because driver messages can quote the values (message content)
 * that failed; other errors (network, IMAP) keep their message.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'error desconocido';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return `${error.name} SQLSTATE ${code}`;
  const message = error.message.length > 300 ? `${error.message.slice(0, 300)}…` : error.message;
  return typeof code === 'string' ? `${message} (${code})` : message;
}
