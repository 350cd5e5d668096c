import { loadReplyTemplates, parseReplyTemplate, replyTemplatesDir } from './reply-templates';

describe('parseReplyTemplate', () => {
  it('takes the first line as the title and the rest, trimmed, as the body', () => {
    expect(parseReplyTemplate('restablecer-contrasena', '# Restablecer contraseña\r\n\r\nCordial saludo.  \r\n\r\nPaso 1.\r\n\r\n')).toEqual({
      id: 'restablecer-contrasena',
      title: 'Restablecer contraseña',
      body: 'Cordial saludo.\n\nPaso 1.',
    });
  });

  it('ignores a byte-order mark', () => {
    expect(parseReplyTemplate('a', '\uFEFF# Título\n\nCuerpo').title).toBe('Título');
  });

  it.each([
    ['no title line', 'plantilla', 'Cordial saludo.\n\nTexto', 'la primera línea debe ser el título'],
    ['a blank line before the title', 'plantilla', '\n# Título\n\nTexto', 'la primera línea debe ser el título'],
    ['an empty body', 'plantilla', '# Título\n\n  \n', 'el cuerpo está vacío'],
    ['markup in the body', 'plantilla', '# Título\n\n## Subtítulo\nTexto', 'sobra el encabezado «## Subtítulo»'],
    ['a file name with capitals or spaces', 'Mi Plantilla', '# Título\n\nTexto', 'minúsculas, números y guiones'],
  ])('refuses %s, naming the file', (_label, id, source, problem) => {
    expect(() => parseReplyTemplate(id, source)).toThrow(problem);
    expect(() => parseReplyTemplate(id, source)).toThrow(`${id}.md`);
  });
});

describe('the shipped reply templates', () => {
  const templates = loadReplyTemplates(replyTemplatesDir());

  it('load without error, sorted by title, with distinct ids', () => {
    expect(templates.length).toBeGreaterThanOrEqual(6);
    expect(templates.map((t) => t.title)).toEqual([...templates.map((t) => t.title)].sort((a, b) => a.localeCompare(b, 'es')));
    expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length);
  });

  it('cover what the desk answers most, following the DNP circular', () => {
    const byId = new Map(templates.map((t) => [t.id, t]));
    expect(byId.get('solicitud-usuario-sispt')?.body).toContain('correo institucional');
    expect(byId.get('usar-correo-institucional')?.body).toContain('Circular 0023-4');
    expect(byId.get('reporte-kpt-cerrado')?.body).toContain('planeacionterritorial@dnp.gov.co');
    expect(byId.get('formulacion-plan-desarrollo-2024-2027')?.body).toContain('Plan Plurianual de Inversiones');
    expect(byId.get('restablecer-contrasena')?.body).toContain('https://sispt.dnp.gov.co/');
    expect(byId.get('solicitud-mas-informacion')?.body).toContain('[datos o documentos que faltan]');
  });

  it('leave the sign-off to the reply mail, which adds "Atentamente" and the agent\'s name', () => {
    for (const template of templates) expect({ id: template.id, signsOff: /Atentamente|Cordialmente,\s*$/.test(template.body) }).toEqual({ id: template.id, signsOff: false });
  });
});
