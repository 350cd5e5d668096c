import { promises as fs } from 'fs';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SessionActor } from '../auth/auth.types';
import { badRequest, conflict, notFound } from '../common/errors/api-error';
import { parseReportFilters, ReportFilterError } from '../reports/report-filters';
import { ExportView } from './dto/export.view';
import type { CreateExportBody } from './dto/create-export.body';
import { CONTENT_TYPES, exportFileName } from './export-naming';
import { ExportRow, ExportStore } from './export-store';
import { ExportProcessor } from './export.processor';
import { parseTicketSelection } from './ticket-export.query';
import { TICKETS_BEHIND, TicketsBehind } from './tickets-behind';

const RECENT_LIMIT = 50;

export interface ExportFile {
  path: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

/**
 * Exports as supervisors ask for them: checks the request, records the row and queues its
 * build (ExportProcessor); reads rows back for their requester; hands out finished files
 * until they expire. A person sees only their own exports (admins, every one).
 */
@Injectable()
export class ExportsService {
  private readonly store: ExportStore;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly processor: ExportProcessor,
    @Inject(TICKETS_BEHIND) private readonly ticketsBehind: TicketsBehind,
  ) {
    this.store = new ExportStore(dataSource);
  }

  async create(actor: SessionActor, body: CreateExportBody): Promise<ExportView> {
    const filters = body.filters ?? {};
    let stored: Record<string, unknown>;
    let from: unknown;
    let to: unknown;
    if (body.kind === 'report') {
      if (!body.report) throw badRequest('EXPORT_REPORT_REQUIRED', 'Indique el informe que quiere exportar (report).');
      try {
        const parsed = parseReportFilters(filters);
        stored = { ...parsed };
        ({ from, to } = parsed);
      } catch (error: unknown) {
        if (error instanceof ReportFilterError) throw badRequest('EXPORT_FILTERS_INVALID', `Filtros no válidos: ${error.message}`, { problems: error.problems });
        throw error;
      }
    } else {
      if (body.report) throw badRequest('EXPORT_REPORT_UNEXPECTED', 'Una exportación de tickets no lleva informe (report): el filtro de la cifra va en filters.');
      const parsed = parseTicketSelection(filters, actor.userId);
      if (parsed.ok && parsed.selection.source === 'drill') {
        // Checked now, so a bad figure filter is a 400 and not a failed export later.
        const drill = this.ticketsBehind.drill(parsed.selection.drill);
        if (!drill.ok) throw badRequest('EXPORT_FILTERS_INVALID', `Filtros no válidos: ${drill.problems.join('; ')}`, { problems: drill.problems });
      }
      if (!parsed.ok) throw badRequest('EXPORT_FILTERS_INVALID', `Filtros no válidos: ${parsed.problems.join('; ')}`, { problems: parsed.problems });
      // Stored as sent (with `me` resolved), so the row says what was asked for.
      stored = { ...filters, ...(filters.assignee === 'me' ? { assignee: actor.userId } : {}) };
      from = filters.from ?? filters.receivedFrom;
      to = filters.to ?? filters.receivedTo;
    }
    const row = await this.store.insert({
      kind: body.kind,
      report: body.kind === 'report' ? body.report! : null,
      format: body.format,
      filters: stored,
      requestedBy: actor.userId,
      fileName: (id) => exportFileName({ id, kind: body.kind, report: body.report ?? null, format: body.format, from, to }),
    });
    await this.processor.enqueue(row.id);
    return ExportView.of(row, new Date());
  }

  async get(actor: SessionActor, id: string): Promise<ExportView> {
    return ExportView.of(await this.visible(actor, id), new Date());
  }

  async recent(actor: SessionActor): Promise<ExportView[]> {
    const now = new Date();
    return (await this.store.recentOf(actor.userId, RECENT_LIMIT)).map((row) => ExportView.of(row, now));
  }

  /** The finished file: 404 when it expired (or was swept), 409 while it is still being built or failed. */
  async file(actor: SessionActor, id: string): Promise<ExportFile> {
    const row = await this.visible(actor, id);
    if (row.status === 'failed') throw conflict('EXPORT_FAILED', `La exportación falló${row.error ? `: ${row.error}` : ''}. Pídala de nuevo.`);
    if (row.status !== 'done' || !row.filePath || row.sizeBytes === null) {
      throw conflict('EXPORT_NOT_READY', 'La exportación todavía se está generando; descárguela cuando esté lista.');
    }
    const view = ExportView.of(row, new Date());
    if (view.expired) throw notFound('EXPORT_EXPIRED', 'El archivo de esta exportación ya no está disponible (venció su plazo de descarga). Pídala de nuevo.');
    try {
      const stat = await fs.stat(row.filePath);
      if (stat.size !== row.sizeBytes) throw new Error('size changed');
    } catch {
      throw notFound('EXPORT_EXPIRED', 'El archivo de esta exportación ya no está disponible. Pídala de nuevo.');
    }
    return { path: row.filePath, fileName: row.fileName ?? `exportacion-${row.id}.${row.format}`, contentType: CONTENT_TYPES[row.format], sizeBytes: row.sizeBytes };
  }

  /** Someone else's export is "not found", not "forbidden": its existence is not theirs to learn. */
  private async visible(actor: SessionActor, id: string): Promise<ExportRow> {
    const row = await this.store.find(id);
    if (!row || (row.requestedBy !== actor.userId && actor.role !== 'admin')) throw notFound('EXPORT_NOT_FOUND', 'No existe esa exportación.');
    return row;
  }
}

