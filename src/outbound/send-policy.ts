import { describeError } from '../common/errors/describe-error';

/**
 * Delay before retry number `attemptsMade` after a temporary failure: doubling from
 * the base, capped at 6 hours; the 3-day give-up is enforced on the row's age.
 */
export function retryDelayMs(attemptsMade: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attemptsMade - 1), 6 * 3600 * 1000);
}

/**
 * SMTP 5xx is permanent (the address or the content is refused: retrying cannot
 * help); 4xx, network errors and anything unknown are temporary.
 */
export function classifySendError(error: unknown): { permanent: boolean; maybeDelivered: boolean; description: string } {
  const code = typeof error === 'object' && error !== null ? (error as { responseCode?: unknown }).responseCode : undefined;
  const response = typeof error === 'object' && error !== null ? (error as { response?: unknown }).response : undefined;
  const errorCode = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const description = typeof response === 'string' && response ? response.slice(0, 300) : describeError(error);
  return {
    permanent: typeof code === 'number' && code >= 500 && code < 600,
    // A connection lost with no SMTP answer may have happened after the server stored the
    // message; nodemailer does not say in which phase, so count the next send as a possible double.
    maybeDelivered: typeof code !== 'number' && typeof errorCode === 'string' && ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EMESSAGE'].includes(errorCode),
    description,
  };
}
