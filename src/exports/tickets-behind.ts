import { Injectable } from '@nestjs/common';
import { parseDrill, ReportFilterError } from '../reports/report-filters';
import { drillConditions } from '../reports/report-tickets.query';
import { ReportsService } from '../reports/reports.service';
import type { TicketConditions } from './export-runner';

export type DrillSelection = { ok: true; conditions: TicketConditions } | { ok: false; problems: string[] };

/**
 * The tickets behind a report's figure, for streaming: the reports feature's own drill parser
 * and conditions (the same ones its paginated ticketsBehind runs), so an export holds exactly
 * the tickets the figure counts, read here by a cursor instead of page by page.
 */
export interface TicketsBehind {
  drill(filter: Record<string, string>): DrillSelection;
}

export const TICKETS_BEHIND = Symbol('TICKETS_BEHIND');

@Injectable()
export class ReportDrillTickets implements TicketsBehind {
  constructor(private readonly reports: ReportsService) {}

  drill(filter: Record<string, string>): DrillSelection {
    try {
      const drill = parseDrill(filter);
      return { ok: true, conditions: (params, now) => drillConditions(drill, params, this.reports.drillContext(now)) };
    } catch (error: unknown) {
      if (error instanceof ReportFilterError) return { ok: false, problems: error.problems };
      throw error;
    }
  }
}
