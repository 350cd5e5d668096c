import { DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CutoverModule } from './cutover/cutover.module';
import { DatabaseModule } from './database/database.module';
import { ExportsModule } from './exports/exports.module';
import { ApiDocsModule } from './docs/api-docs.module';
import { HealthModule } from './health/health.module';
import { MailModule } from './mail/mail.module';
import { ReportsModule } from './reports/reports.module';
import { SearchModule } from './search/search.module';
import { TicketsModule } from './tickets/tickets.module';
import { TriageModule } from './triage/triage.module';
import { UsersModule } from './users/users.module';
import { WeeklyReportModule } from './weekly-report/weekly-report.module';

@Module({})
export class AppModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, AuthModule, UsersModule, TriageModule, TicketsModule, MailModule, CutoverModule, HealthModule, SearchModule, AdminModule, CalendarModule, ReportsModule, ExportsModule, WeeklyReportModule, ApiDocsModule],
    };
  }
}
