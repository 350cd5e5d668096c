import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import Handlebars from 'handlebars';
import { parseIsoDateTime } from '../common/time/bogota-time';
import type { KptNotice } from '../cutover/cutover-policy';
import type { RoutingCategory } from '../routing/routing.types';
import { parseTicketReference, removeTicketTokens } from '../tickets/threading/ticket-reference';
import { replySubject, stripReplyPrefixes } from '../tickets/threading/reply-subject';

/**
 * Outgoing mail templates: `templates/NAME.subject.hbs` (optional, one line),
 * `NAME.text.hbs` and `NAME.html.hbs`, with partials in `templates/partials/`.
 *
 * Handlebars escapes HTML in the .html templates; the subject and text
 * templates are compiled without escaping, so what a person typed (`<`, `&`)
 * reaches a plain-text reader literally. Data is checked before rendering and
 * templates compile in strict mode, so a missing value throws instead of
 * leaving a blank in a mail a citizen receives.
 */

export const TEMPLATE_NAMES = ['acknowledgement', 'agent-reply', 'legal-extension', 'ticket-resolved', 'sla-warning', 'sla-breach', 'weekly-report'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/**
 * A date: a `Date`, an ISO-8601 date-time (without offset it is read as Bogotá
 * time) or a calendar day `AAAA-MM-DD` (a Bogotá day such as KPT_REPORT_DEADLINE,
 * never shifted by time zones).
 */
export type TemplateDate = Date | string;

/** The SLA clocks, named as the ticket SLA events store them. */
export type SlaClockName = 'firstResponse' | 'resolution' | 'legal';

export interface AcknowledgementData {
  /** e.g. `MDA-2024-000123`. */
  ticketRef: string;
  /** The subject the requester wrote (may be empty). */
  subject: string;
  requesterName?: string | null;
  receivedAt: TemplateDate;
  category: RoutingCategory;
  /** Last day to answer under art. 14 of Ley 1437 de 2011. */
  legalDeadline: TemplateDate;
  /** A SisPT account request from a non-institutional address (circular 0023-4, 1.2). */
  nonInstitutionalUsersRequest?: boolean;
  kptNotice?: KptNotice;
  /** Required with `kpt-retired`: since when kpt@ is not attended (CUTOVER_AT). */
  kptRetiredSince?: TemplateDate | null;
  /** Required with `kpt-report-deadline`: last day kpt@ took KPT questions (KPT_QUESTIONS_UNTIL). */
  kptQuestionsClosedOn?: TemplateDate | null;
  /** Required with `kpt-report-deadline`: last day of the KPT progress report (KPT_REPORT_DEADLINE). */
  kptReportDeadline?: TemplateDate | null;
  /** Defaults to kpt@dnp.gov.co. */
  kptMailbox?: string;
  /** Defaults to planeacionterritorial@dnp.gov.co. */
  successorMailbox?: string;
}

export interface AgentReplyData {
  ticketRef: string;
  subject: string;
  /** What the agent wrote, as plain text; newlines are kept. */
  body: string;
  agentName: string;
}

export interface LegalExtensionData {
  ticketRef: string;
  subject: string;
  requesterName?: string | null;
  receivedAt: TemplateDate;
  /** Why the answer cannot be given within the initial term. */
  reason: string;
  originalDeadline: TemplateDate;
  /** Must be after `originalDeadline` (and, by law, no more than double the initial term). */
  newDeadline: TemplateDate;
  agentName?: string | null;
}

export interface TicketResolvedData {
  ticketRef: string;
  subject: string;
  requesterName?: string | null;
  resolvedAt?: TemplateDate | null;
  /** Business days the requester has to reply and reopen the request. */
  reopenWithinDays: number;
  resolutionSummary?: string | null;
  agentName?: string | null;
}

export interface SlaAlertData {
  ticketRef: string;
  subject: string;
  category: RoutingCategory;
  clock: SlaClockName;
  dueAt: TemplateDate;
  assigneeName?: string | null;
  queueMailbox?: string | null;
}

/** The weekly mail to supervisors: last week's headline figures (the XLSX attached has the tables). */
export interface WeeklyReportData {
  /** Monday and Sunday of the week reported (Bogotá days). */
  weekFrom: TemplateDate;
  weekTo: TemplateDate;
  /** Tickets received, resolved in the week, and open when it ended. */
  received: number;
  resolved: number;
  openAtEnd: number;
  /** Shares from 0 to 1 of tickets received in the week whose clock was met; null without outcomes. */
  firstResponseShare: number | null;
  resolutionShare: number | null;
  legalShare: number | null;
  /** Median business minutes; null when no ticket got there. */
  firstResponseMedianMinutes: number | null;
  resolutionMedianMinutes: number | null;
  /** Open tickets, at risk and breached when the mail was made. */
  openNow: number;
  atRiskNow: number;
  breachedNow: number;
  generatedAt: TemplateDate;
  /** File name of the XLSX attached. */
  attachmentName: string;
}

export type SlaWarningData = SlaAlertData;
export type SlaBreachData = SlaAlertData;

export interface TemplateDataMap {
  acknowledgement: AcknowledgementData;
  'agent-reply': AgentReplyData;
  'legal-extension': LegalExtensionData;
  'ticket-resolved': TicketResolvedData;
  'sla-warning': SlaWarningData;
  'sla-breach': SlaBreachData;
  'weekly-report': WeeklyReportData;
}

export interface RenderedTemplate {
  /** Null when the template has no subject file. */
  subject: string | null;
  text: string;
  html: string;
}

/** Unknown template name; the message lists the available ones. */
export class UnknownTemplateError extends Error {
  constructor(readonly templateName: string) {
    super(`no existe la plantilla «${templateName}». Plantillas disponibles: ${TEMPLATE_NAMES.join(', ')}`);
    this.name = 'UnknownTemplateError';
  }
}

/** Missing or malformed template data. */
export class TemplateDataError extends Error {
  constructor(readonly templateName: string, detail: string) {
    super(`plantilla «${templateName}»: ${detail}`);
    this.name = 'TemplateDataError';
  }
}

export function isTemplateName(name: string): name is TemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(name);
}

// ---------------------------------------------------------------- labels and dates

const CATEGORY_LABELS: Record<RoutingCategory, string> = {
  users: 'usuarios SisPT',
  tech: 'soporte técnico de la plataforma',
  formulation: 'formulación y seguimiento de planes',
  unclassified: 'por clasificar',
};

const CLOCK_LABELS: Record<SlaClockName, string> = {
  firstResponse: 'primera respuesta',
  resolution: 'solución',
  legal: 'término legal',
};

/** The clock as the object of a sentence: "Está por vencer el plazo de solución…". */
const CLOCK_PHRASES: Record<SlaClockName, string> = {
  firstResponse: 'el plazo de primera respuesta',
  resolution: 'el plazo de solución',
  legal: 'el término legal de respuesta',
};

const DEFAULT_KPT_MAILBOX = 'kpt@dnp.gov.co';
const DEFAULT_SUCCESSOR_MAILBOX = 'planeacionterritorial@dnp.gov.co';

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

interface ResolvedDate {
  date: Date;
  /** A calendar day has no time of day: it is formatted in UTC, where it was built. */
  dayOnly: boolean;
}

function resolveDate(value: unknown): ResolvedDate | null {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? { date: value, dayOnly: false } : null;
  if (typeof value !== 'string') return null;
  const day = CALENDAR_DAY.exec(value.trim());
  if (day) {
    const [year, month, dayOfMonth] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const date = new Date(Date.UTC(year, month - 1, dayOfMonth));
    // Date.UTC rolls 2024-02-30 over to March: a changed day means an impossible date.
    if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== dayOfMonth) return null;
    return { date, dayOnly: true };
  }
  const instant = parseIsoDateTime(value);
  return instant ? { date: instant, dayOnly: false } : null;
}

const DAY_OPTIONS: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
const dayFormat = {
  bogota: new Intl.DateTimeFormat('es-CO', { ...DAY_OPTIONS, timeZone: 'America/Bogota' }),
  utc: new Intl.DateTimeFormat('es-CO', { ...DAY_OPTIONS, timeZone: 'UTC' }),
};
const dateTimeFormat = new Intl.DateTimeFormat('es-CO', { ...DAY_OPTIONS, hour: 'numeric', minute: '2-digit', timeZone: 'America/Bogota' });

function partsOf(format: Intl.DateTimeFormat, date: Date): Record<string, string> {
  const parts: Record<string, string> = {};
  // ICU versions differ in the spaces inside "a. m." (U+00A0, U+202F): plain text wants plain spaces.
  for (const part of format.formatToParts(date)) parts[part.type] = part.value.replace(/[\u00a0\u202f]/g, ' ');
  return parts;
}

/** "martes 16 de enero de 2024" (Bogotá); written as Colombian offices do, without the comma Intl puts after the weekday. */
export function formatBogotaDay(value: TemplateDate): string {
  const resolved = resolveDate(value);
  if (!resolved) throw new RangeError(`fecha inválida: ${String(value)}`);
  const p = partsOf(resolved.dayOnly ? dayFormat.utc : dayFormat.bogota, resolved.date);
  return `${p.weekday} ${p.day} de ${p.month} de ${p.year}`;
}

/** "martes 16 de enero de 2024, 9:12 a. m." (Bogotá). */
export function formatBogotaDateTime(value: TemplateDate): string {
  const resolved = resolveDate(value);
  if (!resolved) throw new RangeError(`fecha inválida: ${String(value)}`);
  if (resolved.dayOnly) throw new RangeError(`«${String(value)}» es un día sin hora; se necesita fecha y hora`);
  const p = partsOf(dateTimeFormat, resolved.date);
  return `${p.weekday} ${p.day} de ${p.month} de ${p.year}, ${p.hour}:${p.minute} ${p.dayPeriod}`;
}

/** "del 15 al 21 de enero de 2024", "del 29 de enero al 4 de febrero de 2024", across years with both. */
export function formatDayRange(fromValue: TemplateDate, toValue: TemplateDate): string {
  const from = resolveDate(fromValue);
  const to = resolveDate(toValue);
  if (!from || !to) throw new RangeError(`periodo inválido: ${String(fromValue)} a ${String(toValue)}`);
  const a = partsOf(from.dayOnly ? dayFormat.utc : dayFormat.bogota, from.date);
  const b = partsOf(to.dayOnly ? dayFormat.utc : dayFormat.bogota, to.date);
  if (a.year !== b.year) return `del ${a.day} de ${a.month} de ${a.year} al ${b.day} de ${b.month} de ${b.year}`;
  if (a.month !== b.month) return `del ${a.day} de ${a.month} al ${b.day} de ${b.month} de ${b.year}`;
  return `del ${a.day} al ${b.day} de ${b.month} de ${b.year}`;
}

/** `87,5 %` (es-CO), or "sin datos". */
export function formatShare(value: number | null): string {
  if (value === null || value === undefined) return 'sin datos';
  return `${(value * 100).toLocaleString('es-CO', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
}

/** `3 h 05 min hábiles`, `45 min hábiles`, or "sin datos". */
export function formatBusinessMinutes(value: number | null): string {
  if (value === null || value === undefined) return 'sin datos';
  const total = Math.round(value);
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  return hours > 0 ? `${hours.toLocaleString('es-CO')} h ${String(minutes).padStart(2, '0')} min hábiles` : `${minutes} min hábiles`;
}

/** The requester's words without RE:/RV: prefixes or our `[MDA-…]` tokens. */
function baseSubject(subject: string): string {
  let base = subject.replace(/\s+/g, ' ').trim();
  for (;;) {
    const next = stripReplyPrefixes(removeTicketTokens(base)).replace(/\s+/g, ' ').trim();
    if (next === base) break;
    base = next;
  }
  return base || '(sin asunto)';
}

// ---------------------------------------------------------------- data checks

type Context = Record<string, unknown>;

class Checker {
  readonly context: Context = {};
  private readonly seen = new Set<string>();

  constructor(
    private readonly template: TemplateName,
    private readonly data: Record<string, unknown>,
  ) {}

  fail(detail: string): never {
    throw new TemplateDataError(this.template, detail);
  }

  private value(key: string, required: boolean): unknown {
    this.seen.add(key);
    const value = this.data[key];
    if (required && (value === undefined || value === null)) this.fail(`falta el dato obligatorio «${key}»`);
    return value;
  }

  text(key: string, opts: { allowEmpty?: boolean } = {}): string {
    const value = this.value(key, true);
    if (typeof value !== 'string') this.fail(`«${key}» debe ser un texto`);
    if (!opts.allowEmpty && value.trim() === '') this.fail(`«${key}» no puede estar vacío`);
    this.context[key] = value;
    return value;
  }

  optionalText(key: string, fallback: string | null = null): string | null {
    const value = this.value(key, false);
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      this.context[key] = fallback;
      return fallback;
    }
    if (typeof value !== 'string') this.fail(`«${key}» debe ser un texto`);
    this.context[key] = value.trim();
    return value.trim();
  }

  ticketRef(key = 'ticketRef'): string {
    const value = this.text(key);
    const parsed = parseTicketReference(value);
    if (!parsed) this.fail(`«${key}» debe ser un radicado como MDA-2024-000123, no «${value}»`);
    const normalized = value.trim().toUpperCase();
    this.context[key] = normalized;
    return normalized;
  }

  date(key: string, opts: { withTime?: boolean; optional?: boolean } = {}): ResolvedDate | null {
    const value = this.value(key, !opts.optional);
    if (value === undefined || value === null) {
      this.context[key] = null;
      return null;
    }
    const resolved = resolveDate(value);
    if (!resolved) this.fail(`«${key}» debe ser una fecha (AAAA-MM-DD) o una fecha y hora ISO-8601, no «${String(value)}»`);
    if (opts.withTime && resolved.dayOnly) this.fail(`«${key}» debe incluir la hora (fecha y hora ISO-8601), no solo el día`);
    this.context[key] = value;
    return resolved;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], opts: { optional?: boolean } = {}): T | null {
    const value = this.value(key, !opts.optional);
    if (value === undefined || value === null) {
      this.context[key] = null;
      return null;
    }
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(`«${key}» debe ser uno de: ${allowed.join(', ')}; llegó «${String(value)}»`);
    }
    this.context[key] = value;
    return value as T;
  }

  flag(key: string): boolean {
    const value = this.value(key, false);
    if (value !== undefined && value !== null && typeof value !== 'boolean') this.fail(`«${key}» debe ser true o false`);
    this.context[key] = value === true;
    return value === true;
  }

  /** A count of tickets: a whole number, zero or more. */
  count(key: string): number {
    const value = this.value(key, true);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) this.fail(`«${key}» debe ser un número entero mayor o igual que 0`);
    this.context[key] = value;
    return value;
  }

  /** A share from 0 to 1, or null (no data). */
  share(key: string): number | null {
    const value = this.value(key, false);
    if (value === undefined || value === null) {
      this.context[key] = null;
      return null;
    }
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) this.fail(`«${key}» debe ser una proporción entre 0 y 1 o null`);
    this.context[key] = value;
    return value;
  }

  /** Business minutes, or null (no data). */
  minutes(key: string): number | null {
    const value = this.value(key, false);
    if (value === undefined || value === null) {
      this.context[key] = null;
      return null;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) this.fail(`«${key}» debe ser un número de minutos mayor o igual que 0 o null`);
    this.context[key] = value;
    return value;
  }

  positiveInteger(key: string, max: number): number {
    const value = this.value(key, true);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
      this.fail(`«${key}» debe ser un número entero entre 1 y ${max}`);
    }
    this.context[key] = value;
    return value;
  }

  /** Unknown keys are usually typos (`kptnotice`) that would silently drop a paragraph. */
  rejectUnknown(): void {
    const unknown = Object.keys(this.data).filter((key) => !this.seen.has(key));
    if (unknown.length > 0) this.fail(`dato desconocido ${unknown.map((key) => `«${key}»`).join(', ')}`);
  }
}

const CATEGORIES: readonly RoutingCategory[] = ['users', 'tech', 'formulation', 'unclassified'];
const CLOCKS: readonly SlaClockName[] = ['firstResponse', 'resolution', 'legal'];

const prepare: Record<TemplateName, (c: Checker) => void> = {
  acknowledgement(c) {
    c.ticketRef();
    c.text('subject', { allowEmpty: true });
    c.optionalText('requesterName');
    c.date('receivedAt', { withTime: true });
    c.oneOf('category', CATEGORIES);
    c.date('legalDeadline');
    c.flag('nonInstitutionalUsersRequest');
    const notice = c.oneOf('kptNotice', ['kpt-retired', 'kpt-report-deadline'] as const, { optional: true });
    c.date('kptRetiredSince', { optional: notice !== 'kpt-retired' });
    c.date('kptQuestionsClosedOn', { optional: notice !== 'kpt-report-deadline' });
    c.date('kptReportDeadline', { optional: notice !== 'kpt-report-deadline' });
    c.optionalText('kptMailbox', DEFAULT_KPT_MAILBOX);
    c.optionalText('successorMailbox', DEFAULT_SUCCESSOR_MAILBOX);
    // Derived flags keep the templates free of comparisons.
    c.context.kptRetired = notice === 'kpt-retired';
    c.context.kptReportReminder = notice === 'kpt-report-deadline';
  },
  'agent-reply'(c) {
    c.ticketRef();
    c.text('subject', { allowEmpty: true });
    c.text('body');
    c.text('agentName');
  },
  'legal-extension'(c) {
    c.ticketRef();
    c.text('subject', { allowEmpty: true });
    c.optionalText('requesterName');
    c.date('receivedAt', { withTime: true });
    c.text('reason');
    const original = c.date('originalDeadline');
    const extended = c.date('newDeadline');
    if (original && extended && formatDayKey(extended) <= formatDayKey(original)) {
      c.fail('«newDeadline» debe ser posterior a «originalDeadline»');
    }
    c.optionalText('agentName');
  },
  'ticket-resolved'(c) {
    c.ticketRef();
    c.text('subject', { allowEmpty: true });
    c.optionalText('requesterName');
    c.date('resolvedAt', { withTime: true, optional: true });
    c.positiveInteger('reopenWithinDays', 60);
    c.optionalText('resolutionSummary');
    c.optionalText('agentName');
  },
  'sla-warning': prepareSlaAlert,
  'sla-breach': prepareSlaAlert,
  'weekly-report'(c) {
    const from = c.date('weekFrom');
    const to = c.date('weekTo');
    if (from && to && formatDayKey(to) < formatDayKey(from)) c.fail('«weekTo» no puede ser anterior a «weekFrom»');
    for (const key of ['received', 'resolved', 'openAtEnd', 'openNow', 'atRiskNow', 'breachedNow']) c.count(key);
    for (const key of ['firstResponseShare', 'resolutionShare', 'legalShare']) c.share(key);
    for (const key of ['firstResponseMedianMinutes', 'resolutionMedianMinutes']) c.minutes(key);
    c.date('generatedAt', { withTime: true });
    c.text('attachmentName');
  },
};

function prepareSlaAlert(c: Checker): void {
  c.ticketRef();
  c.text('subject', { allowEmpty: true });
  c.oneOf('category', CATEGORIES);
  const clock = c.oneOf('clock', CLOCKS);
  c.date('dueAt', { withTime: true });
  c.optionalText('assigneeName');
  c.optionalText('queueMailbox');
  c.context.legalClock = clock === 'legal';
}

/** Bogotá calendar day as `AAAA-MM-DD`, to compare deadlines given as days or instants. */
function formatDayKey(resolved: ResolvedDate): string {
  const shifted = resolved.dayOnly ? resolved.date : new Date(resolved.date.getTime() - 5 * 3600 * 1000);
  return shifted.toISOString().slice(0, 10);
}

function checkData(name: TemplateName, data: unknown): Context {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new TemplateDataError(name, 'los datos deben ser un objeto');
  }
  const checker = new Checker(name, data as Record<string, unknown>);
  prepare[name](checker);
  checker.rejectUnknown();
  return checker.context;
}

// ---------------------------------------------------------------- engine

/**
 * dist/ gets the templates from nest-cli.json's `assets`; a build without them
 * (plain `tsc`) falls back to the source tree.
 */
function templatesDir(): string {
  const candidates = [path.join(__dirname, 'templates'), path.resolve(__dirname, '../../src/outbound/templates')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'partials')));
  if (!found) throw new Error(`no se encontraron las plantillas de correo (se buscaron en ${candidates.join(' y ')})`);
  return found;
}

interface CompiledTemplate {
  subject: HandlebarsTemplateDelegate | null;
  text: HandlebarsTemplateDelegate;
  html: HandlebarsTemplateDelegate;
}

let engine: { handlebars: typeof Handlebars; dir: string } | null = null;
const compiled = new Map<TemplateName, CompiledTemplate>();

function asString(value: unknown, helper: string): string {
  if (typeof value !== 'string') throw new Error(`el ayudante «${helper}» esperaba un texto y recibió ${String(value)}`);
  return value;
}

function createEngine(): { handlebars: typeof Handlebars; dir: string } {
  const handlebars = Handlebars.create();
  const dir = templatesDir();
  handlebars.registerHelper('fecha', (value: TemplateDate) => formatBogotaDay(value));
  handlebars.registerHelper('fechaHora', (value: TemplateDate) => formatBogotaDateTime(value));
  handlebars.registerHelper('categoria', (value: RoutingCategory) => {
    const label = CATEGORY_LABELS[value];
    if (!label) throw new Error(`categoría desconocida: ${String(value)}`);
    return label;
  });
  handlebars.registerHelper('reloj', (value: SlaClockName) => {
    const label = CLOCK_LABELS[value];
    if (!label) throw new Error(`reloj de ANS desconocido: ${String(value)}`);
    return label;
  });
  handlebars.registerHelper('asunto', (value: unknown) => baseSubject(asString(value, 'asunto')));
  handlebars.registerHelper('asuntoRespuesta', (subject: unknown, ticketRef: unknown) =>
    replySubject(asString(subject, 'asuntoRespuesta'), asString(ticketRef, 'asuntoRespuesta')),
  );
  handlebars.registerHelper('plazo', (value: SlaClockName) => {
    if (!CLOCK_PHRASES[value]) throw new Error(`reloj de ANS desconocido: ${String(value)}`);
    return CLOCK_PHRASES[value];
  });
  handlebars.registerHelper('semana', (from: TemplateDate, to: TemplateDate) => formatDayRange(from, to));
  handlebars.registerHelper('porcentaje', (value: number | null) => formatShare(value));
  handlebars.registerHelper('minutosHabiles', (value: number | null) => formatBusinessMinutes(value));
  handlebars.registerHelper('numero', (value: number) => value.toLocaleString('es-CO'));
  handlebars.registerHelper('dentroDeDiasHabiles', (value: number) =>
    value === 1 ? 'dentro del día hábil siguiente' : `dentro de los ${value} días hábiles siguientes`,
  );
  // Escapes first, then adds the line breaks: the only markup is ours.
  handlebars.registerHelper(
    'conSaltos',
    (value: unknown) =>
      new handlebars.SafeString(handlebars.Utils.escapeExpression(asString(value, 'conSaltos')).replace(/\r\n|\r|\n/g, '<br>\n')),
  );
  const partialsDir = path.join(dir, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    // partials/footer.text.hbs → {{> footer.text}}
    handlebars.registerPartial(file.slice(0, -'.hbs'.length), readFileSync(path.join(partialsDir, file), 'utf8'));
  }
  return { handlebars, dir };
}

function compile(name: TemplateName): CompiledTemplate {
  const cached = compiled.get(name);
  if (cached) return cached;
  engine ??= createEngine();
  const { handlebars, dir } = engine;
  const read = (part: string): string | null => {
    const file = path.join(dir, `${name}.${part}.hbs`);
    return existsSync(file) ? readFileSync(file, 'utf8') : null;
  };
  const required = (part: 'text' | 'html'): string => {
    const source = read(part);
    if (source === null) throw new Error(`falta el archivo ${name}.${part}.hbs en ${dir}`);
    return source;
  };
  const subject = read('subject');
  const template: CompiledTemplate = {
    subject: subject === null ? null : handlebars.compile(subject, { strict: true, noEscape: true }),
    text: handlebars.compile(required('text'), { strict: true, noEscape: true }),
    html: handlebars.compile(required('html'), { strict: true }),
  };
  compiled.set(name, template);
  return template;
}

function tidyText(text: string): string {
  return `${text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/**
 * Renders NAME with DATA. Throws UnknownTemplateError for an unknown name and
 * TemplateDataError (Spanish message) when data is missing or malformed.
 */
export function renderTemplate<N extends TemplateName>(name: N, data: TemplateDataMap[N]): RenderedTemplate;
export function renderTemplate(name: string, data: unknown): RenderedTemplate;
export function renderTemplate(name: string, data: unknown): RenderedTemplate {
  if (!isTemplateName(name)) throw new UnknownTemplateError(name);
  const context = checkData(name, data);
  const template = compile(name);
  try {
    const subject = template.subject === null ? null : template.subject(context).replace(/\s+/g, ' ').trim();
    if (subject === '') throw new Error('el asunto quedó vacío');
    return { subject, text: tidyText(template.text(context)), html: `${template.html(context).trim()}\n` };
  } catch (error: unknown) {
    // Strict mode names the field a template asked for and the checks missed.
    const detail = error instanceof Error ? error.message : String(error);
    throw new TemplateDataError(name, `no se pudo generar el correo: ${detail}`);
  }
}

// ---------------------------------------------------------------- sample data

const SAMPLES: TemplateDataMap = {
  acknowledgement: {
    ticketRef: 'MDA-2024-000123',
    subject: 'Solicitud de usuario SisPT - Año 2024 - Tuluá',
    requesterName: 'María Peña Ñustes',
    receivedAt: '2024-01-16T14:12:00Z',
    category: 'users',
    legalDeadline: '2024-02-06',
  },
  'agent-reply': {
    ticketRef: 'MDA-2024-000123',
    subject: 'RE: Solicitud de usuario SisPT - Año 2024 - Tuluá [MDA-2024-000123]',
    body:
      'Respetada señora Peña:\n\n' +
      'Su usuario de SisPT para la Secretaría de Planeación de Tuluá quedó creado. ' +
      'La contraseña temporal llegará al correo institucional planeacion@tulua-valle.gov.co; ' +
      'al ingresar por primera vez el sistema le pedirá cambiarla.\n\n' +
      'Cualquier inquietud adicional, con gusto la atenderemos.',
    agentName: 'Carlos Andrés Gómez',
  },
  'legal-extension': {
    ticketRef: 'MDA-2024-000145',
    subject: 'Consulta sobre la armonización del plan de desarrollo con el presupuesto',
    requesterName: 'Julián Ordóñez',
    receivedAt: '2024-01-17T15:40:12-05:00',
    reason:
      'La consulta requiere un concepto de la Dirección de Descentralización y Desarrollo Regional, ' +
      'que se solicitó el 1 de febrero de 2024 y aún no ha sido emitido.',
    originalDeadline: '2024-02-07',
    newDeadline: '2024-03-07',
    agentName: 'Carlos Andrés Gómez',
  },
  'ticket-resolved': {
    ticketRef: 'MDA-2024-000123',
    subject: 'Solicitud de usuario SisPT - Año 2024 - Tuluá',
    requesterName: 'María Peña Ñustes',
    resolvedAt: '2024-01-17T10:05:00-05:00',
    reopenWithinDays: 5,
    resolutionSummary: 'Se creó el usuario de SisPT para la Secretaría de Planeación de Tuluá.',
    agentName: 'Carlos Andrés Gómez',
  },
  'sla-warning': {
    ticketRef: 'MDA-2024-000123',
    subject: 'Solicitud de usuario SisPT - Año 2024 - Tuluá',
    category: 'users',
    clock: 'firstResponse',
    dueAt: '2024-01-16T13:12:00-05:00',
    assigneeName: 'Carlos Andrés Gómez',
    queueMailbox: 'planeacionterritorial@dnp.gov.co',
  },
  'weekly-report': {
    weekFrom: '2024-01-15',
    weekTo: '2024-01-21',
    received: 214,
    resolved: 187,
    openAtEnd: 96,
    firstResponseShare: 0.912,
    resolutionShare: 0.8375,
    legalShare: 0.985,
    firstResponseMedianMinutes: 95,
    resolutionMedianMinutes: 1230,
    openNow: 101,
    atRiskNow: 12,
    breachedNow: 4,
    generatedAt: '2024-01-22T08:00:00-05:00',
    attachmentName: 'mesa-informe-semanal-2024-01-15-a-2024-01-21.xlsx',
  },
  'sla-breach': {
    ticketRef: 'MDA-2024-000145',
    subject: 'Error al cargar el reporte de avance en SisPT',
    category: 'tech',
    clock: 'legal',
    dueAt: '2024-02-07T16:00:00-05:00',
    assigneeName: null,
    queueMailbox: 'planeacionterritorial@dnp.gov.co',
  },
};

/** Realistic example data for NAME (a fresh copy), for previews and tests. */
export function sampleTemplateData<N extends TemplateName>(name: N): TemplateDataMap[N];
export function sampleTemplateData(name: string): TemplateDataMap[TemplateName];
export function sampleTemplateData(name: string): TemplateDataMap[TemplateName] {
  if (!isTemplateName(name)) throw new UnknownTemplateError(name);
  return structuredClone(SAMPLES[name]);
}
