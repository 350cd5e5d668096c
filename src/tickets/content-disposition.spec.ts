import { contentDisposition } from './content-disposition';

describe('contentDisposition', () => {
  it('always says attachment, with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Plan de desarrollo Año 2024 (versión final).pdf')).toBe(
      `attachment; filename="Plan de desarrollo Ano 2024 (version final).pdf"; filename*=UTF-8''Plan%20de%20desarrollo%20A%C3%B1o%202024%20%28versi%C3%B3n%20final%29.pdf`,
    );
  });

  it('keeps quotes, backslashes and line breaks out of the header', () => {
    const value = contentDisposition('a"b\\c\r\nSet-Cookie: x=1.txt');
    expect(value).not.toMatch(/[\r\n]/);
    expect(value).toMatch(/^attachment; filename="a_b_cSet-Cookie: x=1.txt"; filename\*=UTF-8''a%22b%5CcSet-Cookie%3A%20x%3D1.txt$/);
    expect(contentDisposition('informe\uD800.pdf')).toBe(`attachment; filename="informe_.pdf"; filename*=UTF-8''informe_.pdf`);
    expect(contentDisposition('\u0000')).toBe(`attachment; filename="adjunto"; filename*=UTF-8''adjunto`);
  });
});
