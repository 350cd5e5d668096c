import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenize } from '../routing/normalize-text';
import { DEPARTMENT_ALIASES, DIVIPOLA, MUNICIPALITY_ALIASES, territoryIndex } from './divipola-index';

const { departments, municipalities } = DIVIPOLA;
const departmentCodes = new Set(departments.map((d) => d.code));

describe('divipola.json (DANE DIVIPOLA)', () => {
  it('says where the copy comes from and when it was made', () => {
    expect(DIVIPOLA.source).toMatch(/^https:\/\/geoportal\.dane\.gov\.co\//);
    expect(DIVIPOLA.retrievedFrom).toMatch(/^https:\/\//);
    expect(DIVIPOLA.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('has the 32 departments plus Bogotá D.C., with two-digit unique codes', () => {
    expect(departments).toHaveLength(33);
    expect(departmentCodes.size).toBe(33);
    for (const d of departments) expect(d.code).toMatch(/^\d{2}$/);
    expect(departmentCodes.has('11')).toBe(true);
  });

  it('has all municipalities, islands and non-municipalised areas (1,122 in this cut)', () => {
    expect(municipalities.length).toBeGreaterThanOrEqual(1100);
    expect(municipalities.length).toBeLessThanOrEqual(1130);
    expect(new Set(municipalities.map((m) => m.code)).size).toBe(municipalities.length);
  });

  it('gives every municipality a five-digit code prefixed by an existing department', () => {
    for (const m of municipalities) {
      expect(m.code).toMatch(/^\d{5}$/);
      expect(departmentCodes.has(m.departmentCode)).toBe(true);
      expect(m.code.startsWith(m.departmentCode)).toBe(true);
    }
    for (const code of departmentCodes) expect(municipalities.some((m) => m.departmentCode === code)).toBe(true);
  });

  it('keeps codes as strings with their leading zeros in the file itself', () => {
    const raw = readFileSync(join(__dirname, 'divipola.json'), 'utf8');
    expect(raw).toContain('{"code":"05","name":"Antioquia"');
    expect(raw).toContain('{"code":"05001","name":"Medellín"');
    expect(raw).not.toMatch(/"code":\s*\d/);
  });

  it.each([
    ['05', 'Antioquia'],
    ['11', 'Bogotá, D.C.'],
    ['25', 'Cundinamarca'],
    ['54', 'Norte de Santander'],
    ['76', 'Valle del Cauca'],
    ['88', 'Archipiélago de San Andrés, Providencia y Santa Catalina'],
    ['94', 'Guainía'],
  ])('department %s is %s', (code, name) => {
    expect(departments.find((d) => d.code === code)?.name).toBe(name);
  });

  it.each([
    ['05001', 'Medellín', '05'],
    ['05002', 'Abejorral', '05'],
    ['08001', 'Barranquilla', '08'],
    ['11001', 'Bogotá, D.C.', '11'],
    ['52001', 'Pasto', '52'],
    ['54001', 'San José de Cúcuta', '54'],
    ['76001', 'Santiago de Cali', '76'],
    ['88001', 'San Andrés', '88'],
    ['19548', 'Piendamó - Tunía', '19'],
  ])('municipality %s is %s (department %s)', (code, name, departmentCode) => {
    expect(municipalities.find((m) => m.code === code)).toMatchObject({ name, departmentCode });
  });

  it('keeps the official upper-case name beside the display name', () => {
    expect(municipalities.find((m) => m.code === '05001')?.officialName).toBe('MEDELLÍN');
  });

  it('marks islands and the non-municipalised areas of Amazonas, Guainía and Vaupés', () => {
    const types = new Set(municipalities.map((m) => m.type));
    expect([...types].sort()).toEqual(['Isla', 'Municipio', 'Área no municipalizada'].sort());
    const areas = municipalities.filter((m) => m.type === 'Área no municipalizada');
    expect(areas.length).toBeGreaterThan(0);
    expect(new Set(areas.map((m) => m.departmentCode))).toEqual(new Set(['91', '94', '97']));
    expect(municipalities.find((m) => m.code === '88001')?.type).toBe('Isla');
  });

  it('never repeats a name inside one department, so "<municipio>-<departamento>" is never ambiguous', () => {
    const seen = new Set<string>();
    for (const m of municipalities) {
      const key = `${m.departmentCode}:${tokenize(m.name).join(' ')}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });
});

describe('territory index', () => {
  it('only aliases codes that exist', () => {
    const municipalityCodes = new Set(municipalities.map((m) => m.code));
    for (const code of Object.keys(MUNICIPALITY_ALIASES)) expect(municipalityCodes.has(code)).toBe(true);
    for (const code of Object.keys(DEPARTMENT_ALIASES)) expect(departmentCodes.has(code)).toBe(true);
  });

  it('finds names by domain label, with and without connectors', () => {
    const index = territoryIndex();
    expect(index.departmentNames.byCompact('valledelcauca').map((d) => d.code)).toEqual(['76']);
    expect(index.departmentNames.byCompact('nortesantander').map((d) => d.code)).toEqual(['54']);
    expect(index.municipalityNames.byCompact('cali').map((m) => m.code)).toEqual(['76001']);
    expect(index.municipalityNames.byCompact('launion').length).toBe(4);
  });

  it('is built once and reused', () => {
    expect(territoryIndex()).toBe(territoryIndex());
  });
});
