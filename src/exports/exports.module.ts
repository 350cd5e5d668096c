import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { ReportsService } from '../reports/reports.service';
import { ExportProcessor } from './export.processor';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';
import { REPORT_SOURCE } from './report-source';
import { ReportDrillTickets, TICKETS_BEHIND } from './tickets-behind';

/** CSV/XLSX exports of reports and ticket lists (BullMQ jobs, files kept for a while). */
@Module({
  imports: [ReportsModule],
  providers: [
    ExportProcessor,
    ExportsService,
    { provide: REPORT_SOURCE, useExisting: ReportsService },
    { provide: TICKETS_BEHIND, useClass: ReportDrillTickets },
  ],
  controllers: [ExportsController],
  exports: [ExportProcessor],
})
export class ExportsModule {}
