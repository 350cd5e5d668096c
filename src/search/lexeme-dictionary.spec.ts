import type { DataSource } from 'typeorm';
import { forgetOldest, LexemeDictionary } from './lexeme-dictionary';
import { splitText } from './search-snippet';

/** Stands in for PostgreSQL's es_unaccent stemming in this pure unit test; the e2e search test uses the real one. */
const STEMS: Record<string, string[]> = { Contraseñas: ['contrasen'], contrasena: ['contrasen'], de: [], SisPT: ['sispt'], olvidé: ['olvid'] };

function fakeDatabase() {
  const asked: string[][] = [];
  const dataSource = {
    query: async (_sql: string, [words]: [string[]]) => {
      asked.push(words);
      return words.map((word) => ({ word, lexemes: STEMS[word] ?? [word.toLowerCase()] }));
    },
  } as unknown as DataSource;
  return { dataSource, asked };
}

describe('LexemeDictionary', () => {
  it('matches words by their lexemes, asking only about words it does not know yet', async () => {
    const { dataSource, asked } = fakeDatabase();
    const dictionary = new LexemeDictionary(dataSource);
    const wanted = new Set(['contrasen']);

    const first = await dictionary.matcherFor([splitText('Contraseñas de SisPT'), splitText('contrasena de')], wanted);
    expect(asked).toEqual([['Contraseñas', 'de', 'SisPT', 'contrasena']]);
    expect(['Contraseñas', 'contrasena', 'de', 'SisPT', 'nunca vista'].map(first)).toEqual([true, true, false, false, false]);

    const second = await dictionary.matcherFor([splitText('olvidé la contrasena de SisPT')], wanted);
    expect(asked[1]).toEqual(['olvidé', 'la']);
    expect(second('contrasena')).toBe(true);

    await dictionary.matcherFor([splitText('contrasena de SisPT')], wanted);
    expect(asked).toHaveLength(2);
    expect(dictionary.size).toBe(6);
  });

  it('never asks about a very long "word"', async () => {
    const { dataSource, asked } = fakeDatabase();
    const long = 'a'.repeat(101);
    const matches = await new LexemeDictionary(dataSource).matcherFor([splitText(`${long} corta`)], new Set([long]));
    expect(asked).toEqual([['corta']]);
    expect(matches(long)).toBe(false);
  });

  it.each([
    [5, 10, 5],
    [10, 10, 10],
    [11, 10, 9],
    [25, 10, 9],
  ])('keeps %i words under a capacity of %i as the newest %i', (count, capacity, kept) => {
    const known = new Map(Array.from({ length: count }, (_, i) => [`w${i}`, i]));
    forgetOldest(known, capacity);
    expect([...known.keys()]).toEqual(Array.from({ length: kept }, (_, i) => `w${count - kept + i}`));
  });
});
