import type { ReportFilters, ReportName, ReportResult } from '../reports/report.types';

/**
 * Where report exports and the weekly mail get a report's content: the reports feature's
 * ReportsService (src/reports/reports.service.ts) in the application, a fake in unit tests.
 */
export interface ReportSource {
  report(name: ReportName, filters: ReportFilters): Promise<ReportResult>;
}

export const REPORT_SOURCE = Symbol('REPORT_SOURCE');
