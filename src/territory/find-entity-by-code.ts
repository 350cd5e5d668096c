import { DIVIPOLA } from './divipola-index';

export interface EntityByCode {
  kind: 'department' | 'municipality';
  code: string;
  name: string;
  departmentCode: string;
  departmentName: string;
}

let departments: Map<string, string> | undefined;
let municipalities: Map<string, { name: string; departmentCode: string }> | undefined;

/** The DIVIPOLA entity with this code (2 digits department, 5 municipality), or null when DANE has none. */
export function findEntityByCode(code: string): EntityByCode | null {
  departments ??= new Map(DIVIPOLA.departments.map((d) => [d.code, d.name]));
  municipalities ??= new Map(DIVIPOLA.municipalities.map((m) => [m.code, { name: m.name, departmentCode: m.departmentCode }]));
  if (/^\d{2}$/.test(code)) {
    const name = departments.get(code);
    return name ? { kind: 'department', code, name, departmentCode: code, departmentName: name } : null;
  }
  const municipality = /^\d{5}$/.test(code) ? municipalities.get(code) : undefined;
  if (!municipality) return null;
  return {
    kind: 'municipality',
    code,
    name: municipality.name,
    departmentCode: municipality.departmentCode,
    departmentName: departments.get(municipality.departmentCode) ?? municipality.departmentCode,
  };
}
