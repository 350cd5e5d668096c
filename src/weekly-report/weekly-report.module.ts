import { Module } from '@nestjs/common';
import { OutboundModule } from '../outbound/outbound.module';
import { ReportsModule } from '../reports/reports.module';
import { UsersModule } from '../users/users.module';
import { WeeklyReportScheduler } from './weekly-report.scheduler';
import { WeeklyReportService } from './weekly-report.service';

/** The weekly report mailed to supervisors (Monday 08:00 Bogotá by default). */
@Module({
  imports: [ReportsModule, UsersModule, OutboundModule],
  providers: [WeeklyReportService, WeeklyReportScheduler],
  exports: [WeeklyReportService, WeeklyReportScheduler],
})
export class WeeklyReportModule {}
