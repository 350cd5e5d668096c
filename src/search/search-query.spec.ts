import { MAX_SEARCH_LENGTH, parseSearchQuery } from './search-query';

describe('parseSearchQuery', () => {
  it('recognizes a reference in any case and pads its sequence', () => {
    expect(parseSearchQuery('  mda-2024-123 ')).toEqual({ text: 'mda-2024-123', references: ['MDA-2024-000123'], addresses: [], rest: '' });
    expect(parseSearchQuery('MDA-2024-000123').references).toEqual(['MDA-2024-000123']);
  });

  it('ignores reference-like tokens that are part of a longer word or have sequence zero', () => {
    expect(parseSearchQuery('XMDA-2024-000123 MDA-2024-0001234 MDA-2024-000000').references).toEqual([]);
  });

  it('recognizes addresses, lower-cased, also inside angle brackets or quotes', () => {
    const parsed = parseSearchQuery('"Ana Pérez" <Ana.Perez@Tunja-Boyaca.gov.co>');
    expect(parsed.addresses).toEqual(['ana.perez@tunja-boyaca.gov.co']);
    expect(parsed.rest).toBe('"Ana Pérez"');
  });

  it('keeps the other words as the condition on exact matches', () => {
    const parsed = parseSearchQuery('MDA-2024-000123 contraseña ana@gmail.com');
    expect(parsed).toEqual({
      text: 'MDA-2024-000123 contraseña ana@gmail.com',
      references: ['MDA-2024-000123'],
      addresses: ['ana@gmail.com'],
      rest: 'contraseña',
    });
  });

  it('treats plain words as plain words', () => {
    expect(parseSearchQuery('contraseña  "plan de desarrollo" -kpt')).toEqual({
      text: 'contraseña "plan de desarrollo" -kpt',
      references: [],
      addresses: [],
      rest: 'contraseña "plan de desarrollo" -kpt',
    });
  });

  it('drops control characters and the highlight markers, and caps the length', () => {
    expect(parseSearchQuery('clave\u0000\ue000x\ue001\n').text).toBe('clave x');
    expect(parseSearchQuery('a'.repeat(500)).text).toHaveLength(MAX_SEARCH_LENGTH);
  });

  it('normalizes decomposed accents, as typed on some keyboards', () => {
    expect(parseSearchQuery('contrasen\u0303a').text).toBe('contraseña');
  });

  it('de-duplicates repeated references and addresses', () => {
    const parsed = parseSearchQuery('MDA-2024-000001 mda-2024-1 a@b.co A@B.CO');
    expect(parsed.references).toEqual(['MDA-2024-000001']);
    expect(parsed.addresses).toEqual(['a@b.co']);
  });
});
