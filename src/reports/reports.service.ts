import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import rulesFile from '../routing/routing-rules.json';
import { ruleDescriptions } from '../admin/routing-accuracy';
import { badRequest, notFound } from '../common/errors/api-error';
import { toBogotaIso } from '../common/time/bogota-time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SLA_POLICY } from '../sla/sla.tokens';
import type { SlaPolicy } from '../sla/sla.types';
import { findEntityByCode } from '../territory/find-entity-by-code';
import type { TicketStatus } from '../tickets/entities/ticket.entity';
import { ageBandRanges } from './business-age';
import { parseDrill, parseReportFilters, ReportFilterError } from './report-filters';
import { bogotaDayOf, TimeGrouping } from './report-period';
import { isTimeGrouping } from './report-scope';
import { backlogTables, complianceTables, cutoverTables, GroupNames, routingTables, TablesAndHeadline, timesTables, volumeTables } from './report-tables';
import type { DrillContext, TicketsCursor } from './report-tickets.query';
import { FigureSource, ReportsRepository, TicketRowData } from './reports.repository';
import { DrillFilter, REPORT_NAMES, ReportFilters, ReportGrouping, ReportName, ReportResult } from './report.types';

export const REPORT_TITLES: Record<ReportName, string> = {
  compliance: 'Cumplimiento de plazos (ANS y término legal)',
  times: 'Tiempos hábiles de atención',
  volume: 'Volumen: recibidos, resueltos y abiertos',
  backlog: 'Pendientes: antigüedad, en riesgo y vencidos',
  routing: 'Calidad del enrutamiento',
  cutover: 'Cambio de buzón',
};

/** The groupings each report offers, the first being its default; others are ignored (the result says which was used). */
const GROUPINGS: Record<ReportName, readonly ReportGrouping[]> = {
  compliance: ['month', 'week', 'day', 'category', 'mailbox', 'agent', 'department'],
  times: ['month', 'week', 'day', 'category', 'mailbox', 'agent', 'department'],
  volume: ['day', 'week', 'month'],
  backlog: ['category', 'mailbox', 'agent', 'department'],
  routing: [],
  cutover: [],
};

export const TICKETS_PAGE_MAX = 500;

/** One ticket behind a figure, as the report's ticket list shows it. Instants in Bogotá time. */
export interface ReportTicketRow {
  reference: string;
  subject: string;
  status: TicketStatus;
  category: string;
  queueMailbox: string;
  /** The mailbox the first mail reached (kpt@ or planeacionterritorial@). */
  mailboxAddress: string;
  receivedAt: string;
  resolvedAt: string | null;
  assigneeId: string | null;
  entity: { code: string | null; name: string | null };
  firstResponseMet: boolean | null;
  resolutionMet: boolean | null;
  legalMet: boolean | null;
  firstResponseBusinessMinutes: number | null;
  resolutionBusinessMinutes: number | null;
}

export interface ReportTicketsPage {
  items: ReportTicketRow[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface ReportOptions {
  /** The instant the backlog is read at (tests pass a fixed one). */
  now?: Date;
  /** Force the daily rollup or the tickets; by default the rollup unless an entity is asked for. */
  source?: FigureSource;
}

function asBadRequest(error: unknown): never {
  if (error instanceof ReportFilterError) throw badRequest('REPORT_FILTER_INVALID', `Filtro no válido: ${error.message}`, { problems: error.problems });
  throw error;
}

export function encodeCursor(cursor: TicketsCursor): string {
  return Buffer.from(`${cursor.key}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(text: string): TicketsCursor {
  const [key, id, extra] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (extra !== undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(key ?? '') || !/^[1-9]\d{0,18}$/.test(id ?? '')) {
    throw badRequest('CURSOR_INVALID', 'El cursor no es válido: pida la lista de nuevo desde el principio');
  }
  return { key, id };
}

/**
 * Supervisors' reports: the figures from SQL over stored deadlines, events and the daily
 * rollup (reports.repository.ts), laid out as tables with a drill filter on every count
 * (report-tables.ts), and the tickets behind any figure. Used by the API, the exports and the
 * weekly mail.
 */
@Injectable()
export class ReportsService {
  private readonly descriptions = ruleDescriptions(rulesFile);

  constructor(
    private readonly repository: ReportsRepository,
    @Inject(SLA_POLICY) private readonly policy: SlaPolicy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async report(name: ReportName, input: ReportFilters, options: ReportOptions = {}): Promise<ReportResult> {
    if (!(REPORT_NAMES as readonly string[]).includes(name)) {
      throw notFound('REPORT_NOT_FOUND', `No existe el informe «${String(name)}»; los informes son: ${REPORT_NAMES.join(', ')}`);
    }
    let parsed: ReportFilters;
    try {
      parsed = parseReportFilters(input);
    } catch (error: unknown) {
      asBadRequest(error);
    }
    const offered = GROUPINGS[name];
    const grouping = parsed.groupBy && offered.includes(parsed.groupBy) ? parsed.groupBy : offered[0];
    const filters: ReportFilters = { ...parsed, groupBy: grouping };
    if (!grouping) delete filters.groupBy;
    const now = options.now ?? new Date();
    const source: FigureSource = options.source ?? (filters.entity !== undefined ? 'raw' : 'rollup');
    const body = await this.repository.read((manager) => this.build(name, filters, grouping, now, source, manager));
    return { report: name, title: REPORT_TITLES[name], filters, generatedAt: toBogotaIso(now), ...body };
  }

  private async build(
    name: ReportName,
    filters: ReportFilters,
    grouping: ReportGrouping | undefined,
    now: Date,
    source: FigureSource,
    manager: EntityManager,
  ): Promise<TablesAndHeadline> {
    switch (name) {
      case 'compliance': {
        const groups = await this.repository.compliance(manager, filters, grouping!, source);
        return complianceTables(filters, grouping!, groups, await this.names(grouping!, groups.keys()));
      }
      case 'times': {
        const { groups, total } = await this.repository.times(manager, filters, grouping!);
        return timesTables(filters, grouping!, groups, total, await this.names(grouping!, groups.keys()));
      }
      case 'volume': {
        const { days, openBefore } = await this.repository.volume(manager, filters, source);
        return volumeTables(filters, grouping as TimeGrouping, days, openBefore);
      }
      case 'backlog': {
        const bands = ageBandRanges(this.policy.calendar, now);
        const { byBand, byGroup } = await this.repository.backlog(manager, filters, grouping!, now, bands);
        const dimension = grouping as Exclude<ReportGrouping, TimeGrouping>;
        return backlogTables(filters, dimension, byBand, byGroup, now, await this.names(dimension, byGroup.keys()));
      }
      case 'routing':
        return routingTables(filters, await this.repository.routingOutcomes(manager, filters, source), this.descriptions);
      case 'cutover': {
        const { cutover } = this.config;
        const { moved, weeks, ticketsWithMail } = await this.repository.cutover(manager, filters, cutover);
        return cutoverTables(
          filters,
          { at: cutover.at, day: bogotaDayOf(cutover.at), retiredMailbox: cutover.retiredMailbox, successorMailbox: cutover.successorMailbox },
          moved,
          weeks,
          ticketsWithMail,
        );
      }
    }
  }

  /** Names of the agents and departments a table shows. */
  private async names(grouping: ReportGrouping, keys: Iterable<string>): Promise<GroupNames> {
    if (isTimeGrouping(grouping)) return {};
    const found = [...keys].filter((key) => key !== '');
    if (grouping === 'agent') return { agents: await this.repository.agentNames(found) };
    if (grouping === 'department') return { departments: new Map(found.map((code) => [code, findEntityByCode(code)?.name ?? code])) };
    return {};
  }

  /** The tickets behind a figure (its drill filter), newest first, `limit` at a time. */
  async ticketsBehind(filter: DrillFilter, cursor?: string | null, limit = 50, options: { now?: Date } = {}): Promise<ReportTicketsPage> {
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > TICKETS_PAGE_MAX) {
      throw badRequest('REPORT_FILTER_INVALID', `limit debe ser un entero entre 1 y ${TICKETS_PAGE_MAX}`);
    }
    let drill;
    try {
      drill = parseDrill(filter);
    } catch (error: unknown) {
      asBadRequest(error);
    }
    const after = cursor ? decodeCursor(cursor) : undefined;
    const rows = await this.repository.ticketsPage(drill, this.drillContext(options.now), after, limit);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toTicketRow),
      nextCursor: rows.length > limit && last ? encodeCursor({ key: last.sort_key, id: last.id }) : null,
    };
  }

  /** What a drill needs besides itself: the calendar (age bands), the cutover, the instant. */
  drillContext(now: Date = new Date()): DrillContext {
    return { calendar: this.policy.calendar, cutover: { at: this.config.cutover.at, retiredMailbox: this.config.cutover.retiredMailbox }, now };
  }
}

function toTicketRow(row: TicketRowData): ReportTicketRow {
  return {
    reference: row.reference,
    subject: row.subject,
    status: row.status as TicketStatus,
    category: row.category,
    queueMailbox: row.queue_mailbox,
    mailboxAddress: row.mailbox_address,
    receivedAt: toBogotaIso(new Date(row.received_at)),
    resolvedAt: row.sla_resolved_at ? toBogotaIso(new Date(row.sla_resolved_at)) : null,
    assigneeId: row.assignee_user_id,
    entity: { code: row.entity_code, name: row.entity_name },
    firstResponseMet: row.sla_first_response_met,
    resolutionMet: row.sla_resolution_met,
    legalMet: row.sla_legal_met,
    firstResponseBusinessMinutes: row.sla_first_response_business_minutes,
    resolutionBusinessMinutes: row.sla_resolution_business_minutes,
  };
}
