/**
 * A loggable description of an error. Database errors are reduced to their class
 * and SQL state because driver messages can quote the values (message content)
 * that failed; other errors (network, IMAP) keep their message.
 */
export function describeError(error: unknown): string {
  // Duck-typed rather than instanceof: errors from another realm (worker, vm) are not `Error` here.
  if (typeof error !== 'object' || error === null || typeof (error as { message?: unknown }).message !== 'string') {
    return 'error desconocido';
  }
  const { name, message: text, code } = error as { name?: unknown; message: string; code?: unknown };
  const errorName = typeof name === 'string' ? name : 'Error';
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return `${errorName} SQLSTATE ${code}`;
  const message = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return typeof code === 'string' ? `${message} (${code})` : message;
}
