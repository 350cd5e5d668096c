import { hashPassword, passwordProblem, verifyPassword } from './password-hashing';

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

  it('refuses without an account after spending about as long as a real check', async () => {
    const hash = await hashPassword('caballo correcto batería');
    await verifyPassword(null, 'warm-up');
    const time = async (run: () => Promise<boolean>): Promise<number> => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < 3; i++) expect(await run()).toBe(false);
      return Number(process.hrtime.bigint() - started) / 3e6;
    };
    const real = await time(() => verifyPassword(hash, 'otra contraseña'));
    const missing = await time(() => verifyPassword(null, 'otra contraseña'));
    expect(missing).toBeGreaterThan(real * 0.5);
  });

  it('treats a malformed stored hash as a refusal', async () => {
    await expect(verifyPassword('no-es-un-hash', 'lo que sea')).resolves.toBe(false);
  });
});
