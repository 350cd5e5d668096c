import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ExportFormat, ExportKind } from '../export-naming';
import type { ExportRow, ExportStatus } from '../export-store';

/** An export as its requester follows it. */
export class ExportView {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({ enum: ['report', 'tickets'] }) kind!: ExportKind;
  @ApiProperty({ type: String, nullable: true, example: 'compliance' }) report!: string | null;
  @ApiProperty({ enum: ['csv', 'xlsx'] }) format!: ExportFormat;
  @ApiProperty({ type: Object }) filters!: Record<string, unknown>;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'], description: 'en cola, en curso, lista o fallida' }) status!: ExportStatus;
  @ApiProperty({ description: 'Avance de 0 a 1: filas escritas / total estimado.', example: 0.5 }) progress!: number;
  @ApiProperty({ description: 'El mismo avance en porcentaje entero (0 a 100).', example: 50 }) percent!: number;
  @ApiProperty() rowsWritten!: number;
  @ApiProperty({ type: Number, nullable: true }) rowsTotal!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'mesa-informe-cumplimiento-2024-01-01-a-2024-01-31-42.xlsx' }) fileName!: string | null;
  @ApiProperty({ type: Number, nullable: true }) sizeBytes!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Por qué falló o se está reintentando.' }) error!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Hasta cuándo se puede descargar.' }) expiresAt!: Date | null;
  @ApiProperty({ description: 'El archivo ya se borró por antigüedad.' }) expired!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, example: '/api/exports/42/file' }) downloadUrl!: string | null;

  static of(row: ExportRow, now: Date): ExportView {
    const expired = row.fileDeletedAt !== null || (row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime());
    const progress = row.status === 'done' ? 1 : row.rowsTotal ? Math.min(1, row.rowsWritten / row.rowsTotal) : 0;
    return {
      id: row.id,
      kind: row.kind,
      report: row.report,
      format: row.format,
      filters: row.filters,
      status: row.status,
      progress,
      // Rounded down: 100 % only once the file is complete.
      percent: row.status === 'done' ? 100 : Math.min(99, Math.floor(progress * 100)),
      rowsWritten: row.rowsWritten,
      rowsTotal: row.rowsTotal,
      fileName: row.fileName,
      sizeBytes: row.sizeBytes,
      error: row.error,
      createdAt: row.createdAt,
      finishedAt: row.finishedAt,
      expiresAt: row.expiresAt,
      expired,
      downloadUrl: row.status === 'done' && !expired ? `/api/exports/${row.id}/file` : null,
    };
  }
}
