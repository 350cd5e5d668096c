import * as argon2 from 'argon2';

import { hashPassword, passwordProblem, verifyPassword } from './password-hashing';

// argon2's exports are read-only, so wrap verify in a pass-through spy: the real check still runs.
jest.mock('argon2', () => {
  const actual = jest.requireActual<typeof import('argon2')>('argon2');
  return { ...actual, verify: jest.fn(actual.verify) };
});

describe('passwordProblem', () => {
  it('asks only for length: 12 characters, no composition rules', () => {
    expect(passwordProblem('once letras')).toBe('La contraseña debe tener al menos 12 caracteres.');
    expect(passwordProblem('doce letrass')).toBeNull();
    expect(passwordProblem('aaaaaaaaaaaa')).toBeNull();
    // Characters, not bytes: ñ and emoji count once.
    expect(passwordProblem('ñññññññññññ')).toMatch(/al menos 12/);
    expect(passwordProblem('x'.repeat(257))).toMatch(/no puede pasar de 256/);
  });
});

describe('password hashing', () => {
  it('stores argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('caballo correcto batería');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(verifyPassword(hash, 'caballo correcto batería')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'caballo correcto bateria')).resolves.toBe(false);
  });

  it('refuses without an account only after a real verification at the same cost', async () => {
    // Behaviour, not wall-clock time (too noisy on a shared machine): the missing account
    // must run argon2's own verify against a hash with the production parameters.
    const verify = argon2.verify as jest.MockedFunction<typeof argon2.verify>;
    verify.mockClear();
    await expect(verifyPassword(null, 'otra contraseña')).resolves.toBe(false);
    expect(verify).toHaveBeenCalledTimes(1);
    const [dummy, password] = verify.mock.calls[0];
    expect(password).toBe('otra contraseña');
    const real = await hashPassword('caballo correcto batería');
    const costOf = (hash: string): string => hash.split('$').slice(1, 4).join('$');
    expect(costOf(dummy)).toBe(costOf(real));
    await expect(verify.mock.results[0].value).resolves.toBe(false);
  });

  it('treats a malformed stored hash as a refusal', async () => {
    await expect(verifyPassword('no-es-un-hash', 'lo que sea')).resolves.toBe(false);
  });
});
