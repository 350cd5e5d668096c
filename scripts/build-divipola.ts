/**
 * Builds src/territory/divipola.json from DANE's DIVIPOLA CSV, as the geoportal
 * exports it (header "Código Departamento,Nombre Departamento,Código Municipio,
 * Nombre Municipio,Tipo: Municipio / Isla / Área no municipalizada,longitud,Latitud").
 *
 *   node -r ts-node/register/transpile-only scripts/build-divipola.ts <divipola.csv> \
 *     [--retrieved-from URL] [--date YYYY-MM-DD] [--notes TEXT]
 *
 * Spreadsheet round-trips drop leading zeros ("5" for Antioquia), so codes are
 * padded back; names keep DANE's accents and are also title-cased for display.
 * The coordinate columns are optional and ignored: recognition needs no geometry.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DANE_SOURCE =
  'https://geoportal.dane.gov.co/geovisores/territorio/consulta-divipola-division-politico-administrativa-de-colombia/';
const EXPECTED_HEADER = [
  'Código Departamento',
  'Nombre Departamento',
  'Código Municipio',
  'Nombre Municipio',
  'Tipo: Municipio / Isla / Área no municipalizada',
];
const TYPES = new Set(['Municipio', 'Isla', 'Área no municipalizada']);
/** Spanish connectors stay lower-case inside a name ("Valle del Cauca", "San Juan de Urabá"). */
const LOWER_WORDS = new Set(['de', 'del', 'la', 'las', 'los', 'el', 'y', 'e']);

interface Row {
  departmentCode: string;
  departmentName: string;
  code: string;
  name: string;
  type: string;
}

function fail(message: string): never {
  process.stderr.write(`build-divipola: ${message}\n`);
  process.exit(1);
}

/** RFC 4180 fields: DANE quotes names with commas ("BOGOTÁ, D.C.") and decimal-comma coordinates. */
function parseCsvLine(line: string, lineNumber: number): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        current += ch;
      }
    } else if (ch === '"' && current === '') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (quoted) fail(`línea ${lineNumber}: comillas sin cerrar`);
  fields.push(current);
  return fields.map((field) => field.trim());
}

export function titleCase(official: string): string {
  return official
    .split(/\s+/)
    .map((word, index) => {
      const lower = word.toLocaleLowerCase('es');
      if (index > 0 && LOWER_WORDS.has(lower)) return lower;
      // Abbreviations such as "D.C." stay as DANE writes them.
      if (/^[A-ZÁÉÍÓÚÑÜ](\.[A-ZÁÉÍÓÚÑÜ])+\.?$/.test(word)) return word;
      return lower.charAt(0).toLocaleUpperCase('es') + lower.slice(1);
    })
    .join(' ');
}

function parseRows(text: string): Row[] {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const header = parseCsvLine(lines[0] ?? '', 1);
  EXPECTED_HEADER.forEach((expected, i) => {
    if (header[i] !== expected) fail(`cabecera inesperada en la columna ${i + 1}: "${header[i] ?? ''}" (se esperaba "${expected}")`);
  });
  const rows: Row[] = [];
  lines.slice(1).forEach((line, i) => {
    const lineNumber = i + 2;
    if (line.trim() === '') return;
    const [dep, depName, code, name, type] = parseCsvLine(line, lineNumber);
    const departmentCode = (dep ?? '').padStart(2, '0');
    const municipalityCode = (code ?? '').padStart(5, '0');
    if (!/^\d{2}$/.test(departmentCode)) fail(`línea ${lineNumber}: código de departamento inválido "${dep}"`);
    if (!/^\d{5}$/.test(municipalityCode)) fail(`línea ${lineNumber}: código de municipio inválido "${code}"`);
    if (!municipalityCode.startsWith(departmentCode)) fail(`línea ${lineNumber}: ${municipalityCode} no empieza por ${departmentCode}`);
    if (!depName || !name) fail(`línea ${lineNumber}: nombre vacío`);
    if (!TYPES.has(type ?? '')) fail(`línea ${lineNumber}: tipo desconocido "${type}"`);
    rows.push({ departmentCode, departmentName: depName, code: municipalityCode, name, type: type as string });
  });
  return rows;
}

function main(): void {
  const args = process.argv.slice(2);
  const csvPath = args.find((arg, i) => !arg.startsWith('--') && !(args[i - 1] ?? '').startsWith('--'));
  if (!csvPath) fail('uso: build-divipola.ts <divipola.csv> [--retrieved-from URL] [--date AAAA-MM-DD] [--notes TEXTO]');
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };

  const rows = parseRows(readFileSync(csvPath, 'utf8'));
  const departments = new Map<string, string>();
  const seen = new Set<string>();
  for (const row of rows) {
    const known = departments.get(row.departmentCode);
    if (known !== undefined && known !== row.departmentName) fail(`el departamento ${row.departmentCode} tiene dos nombres`);
    departments.set(row.departmentCode, row.departmentName);
    if (seen.has(row.code)) fail(`código de municipio repetido ${row.code}`);
    seen.add(row.code);
  }

  const departmentList = [...departments.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, officialName]) => ({ code, name: titleCase(officialName), officialName }));
  const municipalityList = [...rows]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((row) => ({
      code: row.code,
      name: titleCase(row.name),
      officialName: row.name,
      departmentCode: row.departmentCode,
      type: row.type,
    }));

  const meta = {
    source: DANE_SOURCE,
    sourceName: 'DANE — DIVIPOLA, División Político-Administrativa de Colombia (geoportal, exportación CSV)',
    retrievedFrom: option('--retrieved-from') ?? csvPath,
    date: option('--date') ?? new Date().toISOString().slice(0, 10),
    notes: option('--notes') ?? '',
    counts: {
      departments: departmentList.length,
      entries: municipalityList.length,
      byType: Object.fromEntries([...TYPES].map((type) => [type, municipalityList.filter((m) => m.type === type).length])),
    },
  };

  // One entry per line keeps the file reviewable and its diffs small when DANE publishes changes.
  const lines = [
    '{',
    ...Object.entries(meta).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`),
    '  "departments": [',
    departmentList.map((d) => `    ${JSON.stringify(d)}`).join(',\n'),
    '  ],',
    '  "municipalities": [',
    municipalityList.map((m) => `    ${JSON.stringify(m)}`).join(',\n'),
    '  ]',
    '}',
    '',
  ];
  const outPath = join(__dirname, '..', 'src', 'territory', 'divipola.json');
  writeFileSync(outPath, lines.join('\n'));
  process.stdout.write(
    `divipola.json: ${departmentList.length} departamentos, ${municipalityList.length} municipios/áreas (${JSON.stringify(meta.counts.byType)})\n`,
  );
}

if (require.main === module) main();
