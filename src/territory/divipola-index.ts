import { tokenize } from '../routing/normalize-text';
import divipolaFile from './divipola.json';

/** DANE's three kinds of second-level unit; áreas no municipalizadas only exist in Amazonas, Guainía and Vaupés. */
export type TerritorialUnitType = 'Municipio' | 'Isla' | 'Área no municipalizada';

export interface Department {
  /** Two digits, leading zero kept ("05"). */
  code: string;
  name: string;
  /** As DANE publishes it (upper case, with accents). */
  officialName: string;
}

export interface Municipality {
  /** Five digits, leading zero kept ("05001"); always starts with `departmentCode`. */
  code: string;
  name: string;
  officialName: string;
  departmentCode: string;
  type: TerritorialUnitType;
}

export interface DivipolaData {
  source: string;
  retrievedFrom: string;
  date: string;
  departments: Department[];
  municipalities: Municipality[];
}

export const DIVIPOLA: DivipolaData = divipolaFile as DivipolaData;

/** Bogotá is at once department 11 and its only municipality 11001: the entity is the district. */
export const BOGOTA_DEPARTMENT = '11';
export const BOGOTA_MUNICIPALITY = '11001';

/**
 * Connectors people drop or add at will: "Valle del Cauca" is written "valledelcauca"
 * and "vallecauca", "El Carmen de Viboral" also "Carmen de Viboral".
 */
export const CONNECTORS: ReadonlySet<string> = new Set(['de', 'del', 'la', 'las', 'los', 'el', 'y', 'e']);

/**
 * Names in use that DANE does not publish: the short form of a long official name
 * ("Santiago de Cali" → "Cali"), older spellings, the island names. Only names that
 * people really write in signatures and domains; a short form that another
 * municipality also bears (Manaure) stays, because the ambiguity is real.
 */
export const MUNICIPALITY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  '11001': ['Bogotá', 'Santa Fe de Bogotá', 'Distrito Capital'],
  '76001': ['Cali'],
  '13001': ['Cartagena'],
  '54001': ['Cúcuta'],
  '52001': ['San Juan de Pasto'],
  '52835': ['Tumaco'],
  '13468': ['Mompox', 'Mompós', 'Santa Cruz de Mompós'],
  '76111': ['Buga'],
  '73443': ['Mariquita'],
  '25843': ['Ubaté', 'Villa de Ubaté', 'San Diego de Ubaté'],
  '70820': ['Tolú'],
  '70823': ['Toluviejo', 'Tolú Viejo'],
  '70742': ['Sincé'],
  '19548': ['Piendamó'],
  '19760': ['Sotará', 'Paispamba'],
  '05674': ['San Vicente'],
  '52224': ['Cuaspud', 'Carlosama'],
  '52427': ['Magüí Payán'],
  '20443': ['Manaure'],
  '15332': ['Güicán'],
  '23417': ['Santa Cruz de Lorica'],
  '94001': ['Puerto Inírida'],
  '15407': ['Villa de Leiva'],
  '86573': ['Leguízamo'],
  '68307': ['San Juan de Girón'],
  '73268': ['El Espinal'],
  '27493': ['Belén de Bajirá'],
  '88001': ['San Andrés Isla', 'San Andrés Islas'],
  '88564': ['Providencia y Santa Catalina'],
};

export const DEPARTMENT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  '11': ['Bogotá', 'Distrito Capital'],
  '44': ['Guajira'],
  '76': ['Valle'],
  '88': ['San Andrés', 'San Andrés y Providencia', 'San Andrés, Providencia y Santa Catalina', 'San Andrés Islas', 'Archipiélago de San Andrés'],
};

export interface NameMatch<T> {
  items: readonly T[];
  /** Tokens of the text the name covered. */
  length: number;
}

function put<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else if (!list.includes(item)) list.push(item);
}

/**
 * Every name under four keys, so lookups are map hits and never a scan over the
 * 1,122 names: spaced tokens as written ("la union"), the same without spaces
 * ("launion", for domains), and both without connectors ("union", "vallecauca").
 */
export class NameIndex<T> {
  private readonly exact = new Map<string, T[]>();
  private readonly loose = new Map<string, T[]>();
  private readonly compact = new Map<string, T[]>();
  private readonly compactLoose = new Map<string, T[]>();
  /**
   * Every prefix of every key written without spaces. Any name that starts at a token has that
   * token, and the tokens after it joined, as a prefix of its compact key: most words of a
   * message are no such prefix and are passed over without building a single span.
   */
  private readonly compactPrefixes = new Set<string>();
  private longest = 1;

  add(name: string, item: T): void {
    const tokens = tokenize(name);
    if (tokens.length === 0) return;
    const core = tokens.filter((token) => !CONNECTORS.has(token));
    put(this.exact, tokens.join(' '), item);
    put(this.compact, tokens.join(''), item);
    this.addPrefixes(tokens.join(''));
    if (core.length > 0) {
      put(this.loose, core.join(' '), item);
      put(this.compactLoose, core.join(''), item);
      this.addPrefixes(core.join(''));
    }
    this.longest = Math.max(this.longest, tokens.length);
  }

  /**
   * A domain label ("valledelcauca", "elcarmendeviboral"): the name as written wins
   * over the connector-less form, so "penol" is Peñol before it is El Peñol.
   */
  byCompact(key: string, accept: (item: T) => boolean = () => true): T[] {
    for (const map of [this.compact, this.compactLoose]) {
      const found = (map.get(key) ?? []).filter(accept);
      if (found.length > 0) return found;
    }
    return [];
  }

  private addPrefixes(key: string): void {
    for (let end = 1; end <= key.length; end++) this.compactPrefixes.add(key.slice(0, end));
  }

  /**
   * How many tokens from `start` could still be part of one name: the span's letters, with or
   * without its connectors, must be the start of some key (a span that is not cannot grow into one).
   */
  private reachAt(tokens: readonly string[], start: number): number {
    const max = Math.min(this.longest, tokens.length - start);
    let all = '';
    let core = '';
    let reach = 0;
    for (let length = 1; length <= max; length++) {
      const token = tokens[start + length - 1];
      all += token;
      if (!CONNECTORS.has(token)) core += token;
      if (!this.compactPrefixes.has(all) && !this.compactPrefixes.has(core)) break;
      reach = length;
    }
    return reach;
  }

  /** The longest name that starts at `tokens[start]`, or null. */
  longestAt(tokens: readonly string[], start: number): NameMatch<T> | null {
    const max = this.reachAt(tokens, start);
    for (let length = max; length >= 1; length--) {
      const span = tokens.slice(start, start + length);
      const exact = this.exact.get(span.join(' '));
      if (exact !== undefined) return { items: exact, length };
      // A span that starts or ends on "de"/"la" is not a name written loosely: it is a name plus its neighbour.
      if (CONNECTORS.has(span[0]) || CONNECTORS.has(span[span.length - 1])) continue;
      const core = span.filter((token) => !CONNECTORS.has(token));
      const found = this.compact.get(span.join('')) ?? this.loose.get(core.join(' ')) ?? this.compactLoose.get(core.join(''));
      if (found !== undefined) return { items: found, length };
    }
    return null;
  }
}

export interface TerritoryIndex {
  departmentsByCode: ReadonlyMap<string, Department>;
  municipalitiesByCode: ReadonlyMap<string, Municipality>;
  departmentNames: NameIndex<Department>;
  municipalityNames: NameIndex<Municipality>;
}

export function buildTerritoryIndex(data: DivipolaData): TerritoryIndex {
  const departmentsByCode = new Map(data.departments.map((d) => [d.code, d] as const));
  const municipalitiesByCode = new Map(data.municipalities.map((m) => [m.code, m] as const));
  const departmentNames = new NameIndex<Department>();
  const municipalityNames = new NameIndex<Municipality>();
  for (const department of data.departments) {
    departmentNames.add(department.officialName, department);
    for (const alias of DEPARTMENT_ALIASES[department.code] ?? []) departmentNames.add(alias, department);
  }
  for (const municipality of data.municipalities) {
    municipalityNames.add(municipality.officialName, municipality);
    for (const alias of MUNICIPALITY_ALIASES[municipality.code] ?? []) municipalityNames.add(alias, municipality);
  }
  return { departmentsByCode, municipalitiesByCode, departmentNames, municipalityNames };
}

let cached: TerritoryIndex | null = null;

/** Built on first use and kept: intake calls this once per message. */
export function territoryIndex(): TerritoryIndex {
  cached ??= buildTerritoryIndex(DIVIPOLA);
  return cached;
}
