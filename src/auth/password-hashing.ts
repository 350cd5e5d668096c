import * as argon2 from 'argon2';

/** NIST SP 800-63B: length matters, composition rules do not. */
export const MIN_PASSWORD_LENGTH = 12;
/** argon2 hashes anything, but nobody types this much; the cap stops a megabyte password from costing CPU. */
export const MAX_PASSWORD_LENGTH = 256;

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane) keeps a login near 30 ms on the 2-core server. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Spanish reason the password is unacceptable, or null when it is fine. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `La contraseña debe tener al menos ${MIN_PASSWORD_LENGTH} caracteres.`;
  if (length > MAX_PASSWORD_LENGTH) return `La contraseña no puede pasar de ${MAX_PASSWORD_LENGTH} caracteres.`;
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | null = null;

/**
 * Checks a password against a stored hash. Without a hash (no such account) it still
 * runs one verification, against a throwaway hash, so a wrong address answers as
 * slowly as a wrong password and timing does not reveal which accounts exist.
 */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (hash === null) {
    dummyHash ??= hashPassword('mesa-dummy-password-for-timing');
    await argon2.verify(await dummyHash, password);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    // A malformed stored hash is a refusal, not a 500 that would tell the account apart.
    return false;
  }
}
