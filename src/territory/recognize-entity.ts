import { tokenize } from '../routing/normalize-text';
import { splitMessageZones } from '../routing/split-message-zones';
import {
  BOGOTA_DEPARTMENT,
  BOGOTA_MUNICIPALITY,
  Department,
  Municipality,
  NameIndex,
  NameMatch,
  TerritoryIndex,
  territoryIndex,
} from './divipola-index';

export type EntityKind = 'department' | 'municipality';
export type EntityEvidence = 'domain' | 'signature';

export interface RecognizedEntity {
  kind: EntityKind;
  /** DIVIPOLA code as a string: "05" for a department, "05001" for a municipality. */
  code: string;
  name: string;
  departmentCode: string;
  departmentName: string;
  evidence: EntityEvidence;
}

export interface RecognizeEntityInput {
  fromAddress: string | null;
  fromName: string | null;
  text: string | null;
}

type Territory = { kind: 'department'; department: Department } | { kind: 'municipality'; municipality: Municipality };

const GOV_CO = '.gov.co';
/** Signatures sit at the end; further up is what the person wrote, where place names are topics, not senders. */
const SIGNATURE_LINES = 15;
/** A longer line is a paragraph of prose (HTML bodies come out one paragraph per line), not a signature line. */
const MAX_SIGNATURE_LINE = 160;
/** "Alcaldía Distrital de …", "Distrito Turístico, Cultural e Histórico de …": words between the cue and the name. */
const MAX_FILLER_WORDS = 7;

/** Words that open the name of a municipal entity in a signature: "Alcaldía de Pasto", "Municipio de Sogamoso". */
const MUNICIPALITY_CUES: ReadonlySet<string> = new Set(['alcaldia', 'alcalde', 'alcaldesa', 'municipio', 'distrito', 'concejo', 'personeria']);
/** "Gobernación del Valle del Cauca", "Departamento de Boyacá", "Asamblea Departamental del Meta". */
const DEPARTMENT_CUES: ReadonlySet<string> = new Set(['gobernacion', 'gobernador', 'gobernadora', 'departamento', 'asamblea']);
const FILLER: ReadonlySet<string> = new Set([
  'de', 'del', 'y', 'e', 'municipal', 'distrital', 'departamental', 'mayor', 'especial', 'turistico', 'cultural', 'historico',
  'portuario', 'biodiverso', 'industrial', 'ecoturistico', 'ciencia', 'tecnologia', 'innovacion',
]);
/**
 * A cue after these is running prose ("sobre el municipio de Pasto", "en la alcaldía"),
 * not the sender naming their own entity.
 */
const PROSE_BEFORE_CUE: ReadonlySet<string> = new Set([
  'el', 'los', 'las', 'un', 'una', 'este', 'esta', 'ese', 'esa', 'dicho', 'dicha', 'su', 'sus', 'nuestro', 'nuestra', 'cada',
  'otro', 'otra', 'al', 'en', 'a', 'con', 'sobre', 'para', 'por', 'desde', 'hacia', 'ante', 'cualquier',
]);
/** Department names also used for other things: "Valle" is also "Valle de Aburrá", "Valle de Tenza". Only after a cue. */
const CUE_ONLY_DEPARTMENT_KEYS: ReadonlySet<string> = new Set(['valle']);
/** gov.co labels of national bodies that happen to be a municipality's name (Colombia, Huila). */
const NOT_A_TERRITORIAL_LABEL: ReadonlySet<string> = new Set(['colombia']);
const ENTITY_PREFIX = /^(alcaldia|gobernacion)(.+)$/;

/**
 * Recognises the territorial entity (department or municipality) that sent a message,
 * from its gov.co domain or, failing that, from the signature and display name.
 * The domain wins when both speak: it cannot be typed by mistake. Null when unsure.
 */
export function recognizeEntity(input: RecognizeEntityInput): RecognizedEntity | null {
  const index = territoryIndex();
  const byDomain = input.fromAddress ? recognizeFromDomain(input.fromAddress, index) : null;
  if (byDomain) return toEntity(byDomain, 'domain', index);
  const bySignature = recognizeFromSignature(signatureLines(input.text, input.fromName), index);
  return bySignature ? toEntity(bySignature, 'signature', index) : null;
}

function municipalityTerritory(municipality: Municipality): Territory {
  return { kind: 'municipality', municipality };
}

function departmentTerritory(department: Department, index: TerritoryIndex): Territory {
  if (department.code === BOGOTA_DEPARTMENT) {
    const bogota = index.municipalitiesByCode.get(BOGOTA_MUNICIPALITY);
    if (bogota) return municipalityTerritory(bogota);
  }
  return { kind: 'department', department };
}

function toEntity(territory: Territory, evidence: EntityEvidence, index: TerritoryIndex): RecognizedEntity {
  if (territory.kind === 'department') {
    const { code, name } = territory.department;
    return { kind: 'department', code, name, departmentCode: code, departmentName: name, evidence };
  }
  const { code, name, departmentCode } = territory.municipality;
  const departmentName = index.departmentsByCode.get(departmentCode)?.name ?? '';
  return { kind: 'municipality', code, name, departmentCode, departmentName, evidence };
}

function distinct<T extends { code: string }>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(item.code)) seen.set(item.code, item);
  return [...seen.values()];
}

// ---------------------------------------------------------------------------------------------
// Domain

/** `user@domain` or `Name <user@domain>`; null when it is not an address. */
function domainOf(address: string): string | null {
  const bracketed = /<([^<>]*)>\s*$/.exec(address);
  const bare = (bracketed ? bracketed[1] : address).trim();
  const at = bare.lastIndexOf('@');
  if (at <= 0 || /\s/.test(bare)) return null;
  const domain = bare.slice(at + 1).toLowerCase().replace(/\.+$/, '');
  return /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(domain) ? domain : null;
}

/** "alcaldiadepasto" may name "pasto" after "alcaldia" + "de"; keep every reading, most stripped first. */
function labelReadings(label: string): { name: string; prefix: 'alcaldia' | 'gobernacion' | null }[] {
  const readings: { name: string; prefix: 'alcaldia' | 'gobernacion' | null }[] = [];
  const prefixed = ENTITY_PREFIX.exec(label);
  if (prefixed) {
    const prefix = prefixed[1] as 'alcaldia' | 'gobernacion';
    const rest = prefixed[2];
    for (const connector of ['del', 'de']) {
      if (rest.startsWith(connector) && rest.length > connector.length) readings.push({ name: rest.slice(connector.length), prefix });
    }
    readings.push({ name: rest, prefix });
  }
  readings.push({ name: label, prefix: null });
  return readings;
}

/**
 * Territorial domains are `<municipio>-<departamento>.gov.co` or `<departamento>.gov.co`
 * (also `<municipio>.gov.co` for the big cities). Only the label just before gov.co
 * names the entity; what is left of it is a host or service ("correo.", "sub.").
 */
function recognizeFromDomain(address: string, index: TerritoryIndex): Territory | null {
  const domain = domainOf(address);
  if (domain === null || !domain.endsWith(GOV_CO)) return null;
  const labels = domain.slice(0, -GOV_CO.length).split('.');
  const parts = labels[labels.length - 1].split('-').filter((part) => part !== '');
  if (parts.length === 0) return null;

  // The department is the last hyphen part, or the last few ("tibu-norte-de-santander"); longest first.
  for (let split = 1; split < parts.length; split++) {
    const departments = distinct(index.departmentNames.byCompact(parts.slice(split).join('')));
    if (departments.length !== 1) continue;
    const department = departments[0];
    // Leading words may name an office rather than the town ("concejo-pasto-narino").
    for (let from = 0; from < split; from++) {
      for (const reading of labelReadings(parts.slice(from, split).join(''))) {
        const found = distinct(index.municipalityNames.byCompact(reading.name, (m) => m.departmentCode === department.code));
        if (found.length === 1) return municipalityTerritory(found[0]);
      }
    }
  }
  return recognizeSingleLabel(parts.join(''), index);
}

function recognizeSingleLabel(label: string, index: TerritoryIndex): Territory | null {
  for (const { name, prefix } of labelReadings(label)) {
    // A bare department name is the gobernación's domain (narino.gov.co), even where a town shares the name.
    if (prefix !== 'alcaldia') {
      const departments = distinct(index.departmentNames.byCompact(name));
      if (departments.length === 1) return departmentTerritory(departments[0], index);
    }
    if (prefix !== 'gobernacion' && !NOT_A_TERRITORIAL_LABEL.has(name)) {
      const municipalities = distinct(index.municipalityNames.byCompact(name));
      if (municipalities.length === 1) return municipalityTerritory(municipalities[0]);
      // Several towns share this name and the domain does not say which.
      if (municipalities.length > 1) return null;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Signature

/** The display name plus the last lines of what the sender wrote now (quoted and forwarded text excluded). */
function signatureLines(text: string | null, fromName: string | null): string[] {
  const lines: string[] = [];
  if (text) {
    const own = splitMessageZones(text, '')
      .filter((zone) => zone.zone === 'body' || zone.zone === 'signature')
      .map((zone) => zone.text)
      .join('\n');
    const nonEmpty = own
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    for (const line of nonEmpty.slice(-SIGNATURE_LINES)) if (line.length <= MAX_SIGNATURE_LINE) lines.push(line);
  }
  if (fromName && fromName.trim() !== '') lines.push(fromName.trim());
  return lines;
}

interface DepartmentMention {
  line: number;
  start: number;
  end: number;
  department: Department;
}

/**
 * Departments named anywhere in the signature ("Pasto - Nariño", a line "Boyacá").
 * Where a longer municipality name covers the words ("Puerto Boyacá", "Santander de
 * Quilichao") they are that municipality, not a department.
 */
function departmentMentions(lines: readonly string[][], index: TerritoryIndex): DepartmentMention[] {
  const mentions: DepartmentMention[] = [];
  lines.forEach((tokens, line) => {
    let at = 0;
    while (at < tokens.length) {
      const department = index.departmentNames.longestAt(tokens, at);
      const municipality = index.municipalityNames.longestAt(tokens, at);
      if (department && (!municipality || department.length >= municipality.length)) {
        const key = tokens.slice(at, at + department.length).join(' ');
        const found = distinct(department.items);
        if (found.length === 1 && !CUE_ONLY_DEPARTMENT_KEYS.has(key)) {
          mentions.push({ line, start: at, end: at + department.length, department: found[0] });
        }
        at += department.length;
      } else {
        at += municipality ? municipality.length : 1;
      }
    }
  });
  return mentions;
}

function cueOpensEntityName(tokens: readonly string[], at: number): boolean {
  const before = tokens[at - 1];
  if (before === undefined) return true;
  // "Secretaría de Planeación de la Alcaldía de Pasto" names the sender's entity; "en la alcaldía" does not.
  if (before === 'la') return at < 2 || tokens[at - 2] === 'de';
  return !PROSE_BEFORE_CUE.has(before);
}

/** The name right after a cue, skipping "de", "Municipal", "Distrital", "Turístico"… */
function nameAfterCue<T>(tokens: readonly string[], from: number, names: NameIndex<T>): { match: NameMatch<T>; start: number } | null {
  for (let at = from, skipped = 0; at < tokens.length && skipped <= MAX_FILLER_WORDS; at++, skipped++) {
    const match = names.longestAt(tokens, at);
    if (match) return { match, start: at };
    if (!FILLER.has(tokens[at])) return null;
  }
  return null;
}

/**
 * A municipality name may be shared (La Unión, Buenavista): the department stated on the
 * same line decides, else one named elsewhere in the signature. A department stated on
 * the same line that contradicts a unique name means one of them is wrong: no answer.
 */
function resolveMunicipality(
  candidates: readonly Municipality[],
  line: number,
  start: number,
  end: number,
  mentions: readonly DepartmentMention[],
  index: TerritoryIndex,
): Territory | null {
  const sameLine = distinct(mentions.filter((m) => m.line === line && (m.end <= start || m.start >= end)).map((m) => m.department));
  const stated = new Set(sameLine.map((d) => d.code));
  if (candidates.length === 1) {
    const only = candidates[0];
    return stated.size === 0 || stated.has(only.departmentCode) ? municipalityTerritory(only) : null;
  }
  if (stated.size > 0) {
    const inStated = candidates.filter((c) => stated.has(c.departmentCode));
    if (inStated.length === 1) return municipalityTerritory(inStated[0]);
    return sameLine.length === 1 ? departmentTerritory(sameLine[0], index) : null;
  }
  const elsewhere = new Set(mentions.filter((m) => m.line !== line).map((m) => m.department.code));
  const inMentioned = candidates.filter((c) => elsewhere.has(c.departmentCode));
  return inMentioned.length === 1 ? municipalityTerritory(inMentioned[0]) : null;
}

function recognizeFromSignature(lines: readonly string[], index: TerritoryIndex): Territory | null {
  const tokenLines = lines.map((line) => tokenize(line));
  const mentions = departmentMentions(tokenLines, index);
  const found: Territory[] = [];
  tokenLines.forEach((tokens, line) => {
    tokens.forEach((token, at) => {
      const municipal = MUNICIPALITY_CUES.has(token);
      if (!municipal && !DEPARTMENT_CUES.has(token)) return;
      if (!cueOpensEntityName(tokens, at)) return;
      if (municipal) {
        const named = nameAfterCue(tokens, at + 1, index.municipalityNames);
        if (!named) return;
        const territory = resolveMunicipality(
          distinct(named.match.items),
          line,
          named.start,
          named.start + named.match.length,
          mentions,
          index,
        );
        if (territory) found.push(territory);
      } else {
        const named = nameAfterCue(tokens, at + 1, index.departmentNames);
        const departments = named ? distinct(named.match.items) : [];
        if (departments.length === 1) found.push(departmentTerritory(departments[0], index));
      }
    });
  });
  return combine(found);
}

/**
 * One municipality, possibly with its own department ("Alcaldía de Pasto", "Gobernación
 * de Nariño"), or one department. Two different entities: the signature is not the
 * sender's alone (a joint programme, a forwarded footer), so no answer.
 */
function combine(found: readonly Territory[]): Territory | null {
  const municipalities = distinct(found.flatMap((t) => (t.kind === 'municipality' ? [t.municipality] : [])));
  const departments = distinct(found.flatMap((t) => (t.kind === 'department' ? [t.department] : [])));
  if (municipalities.length > 1) return null;
  if (municipalities.length === 1) {
    const [municipality] = municipalities;
    return departments.every((d) => d.code === municipality.departmentCode) ? municipalityTerritory(municipality) : null;
  }
  return departments.length === 1 ? { kind: 'department', department: departments[0] } : null;
}
