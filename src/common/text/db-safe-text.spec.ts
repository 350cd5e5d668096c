import { dbSafeText } from './db-safe-text';

describe('dbSafeText', () => {
  it.each([
    ['keeps Spanish text intact', 'Solicitud de usuario — Señora Muñoz, ¿cómo está?', 'Solicitud de usuario — Señora Muñoz, ¿cómo está?'],
    ['drops NUL characters', 'a\u0000b', 'ab'],
    ['replaces a lone high surrogate', 'x\uD83Dy', 'x\uFFFDy'],
    ['replaces a lone low surrogate', 'x\uDE00y', 'x\uFFFDy'],
    ['keeps a valid surrogate pair (emoji)', 'ok 😀', 'ok 😀'],
  ])('%s', (_name, input, expected) => {
    expect(dbSafeText(input)).toBe(expected);
  });

  it('passes null through', () => {
    expect(dbSafeText(null)).toBeNull();
  });
});
