import { diffTags, normalizeTags } from './ticket-tags';

describe('normalizeTags', () => {
  it('trims, lower-cases with Spanish letters and collapses inner spaces', () => {
    expect(normalizeTags(['  Urgente ', 'ÁREA  Técnica', 'SisPT'])).toEqual(['urgente', 'área técnica', 'sispt']);
  });

  it('drops empty tags and duplicates that differ only in case or spacing, keeping the first', () => {
    expect(normalizeTags(['Boyacá', '', '   ', 'boyacá', ' BOYACÁ'])).toEqual(['boyacá']);
  });

  it('treats composed and decomposed accents as the same tag', () => {
    expect(normalizeTags(['bogota\u0301', 'bogot\u00e1'])).toEqual(['bogot\u00e1']);
  });
});

describe('diffTags', () => {
  it('reports added and removed tags regardless of order', () => {
    expect(diffTags(['a', 'b', 'c'], ['c', 'd', 'a'])).toEqual({ added: ['d'], removed: ['b'] });
    expect(diffTags(['a', 'b'], ['b', 'a'])).toEqual({ added: [], removed: [] });
  });
});
