/**
 * The shape every supervisor report shares, so the API, the web UI (tables and charts),
 * the CSV/XLSX exports and the weekly mail all read one structure.
 *
 * A report is a set of tables. Every number a person can click carries `drill`: the
 * ticket-list filter that yields exactly the tickets behind it (GET /api/reports/tickets).
 */
import type { RoutingCategory } from '../routing/routing.types';

export const REPORT_NAMES = ['compliance', 'times', 'volume', 'backlog', 'routing', 'cutover'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export const REPORT_GROUPINGS = ['day', 'week', 'month', 'category', 'mailbox', 'agent', 'department'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/** Filters common to every report; dates are whole Bogotá days, inclusive. */
export interface ReportFilters {
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD
  mailbox?: string;
  category?: RoutingCategory;
  agentId?: string;
  department?: string; // DIVIPOLA, 2 digits
  entity?: string; // DIVIPOLA, 2 or 5 digits
  groupBy?: ReportGrouping;
}

export type ReportColumnKind = 'text' | 'count' | 'percent' | 'minutes' | 'date';

export interface ReportColumn {
  key: string;
  /** Spanish header. */
  label: string;
  kind: ReportColumnKind;
}

/** The ticket-list filter behind a figure: ReportFilters plus what singles the figure out. */
export type DrillFilter = Partial<ReportFilters> & Record<string, string | undefined>;

export type ReportCell = string | number | null;

export interface ReportRow {
  cells: Record<string, ReportCell>;
  /** Per column key: the tickets behind that cell, when it counts tickets. */
  drill?: Record<string, DrillFilter>;
}

export interface ReportTable {
  id: string;
  /** Spanish title. */
  title: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** Which columns a chart of this table plots (x is the first column). */
  chart?: { type: 'bar' | 'line' | 'stacked-bar'; series: string[] };
}

export interface ReportHeadline {
  key: string;
  label: string;
  value: ReportCell;
  kind: ReportColumnKind;
  drill?: DrillFilter;
}

export interface ReportResult {
  report: ReportName;
  /** Spanish. */
  title: string;
  filters: ReportFilters;
  generatedAt: string;
  headline: ReportHeadline[];
  tables: ReportTable[];
}
