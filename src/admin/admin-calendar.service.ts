import { Inject, Injectable } from '@nestjs/common';
import { holidaysOfYear } from '../calendar/colombian-holidays';
import { bogotaYear } from '../common/time/bogota-time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SLA_POLICY } from '../sla/sla.tokens';
import type { SlaPolicy } from '../sla/sla.types';
import type { AdminCalendarView } from './admin.views';
import { describeCalendarYear } from './calendar-view';

/** The business calendar and service targets in force, for one year. */
@Injectable()
export class AdminCalendarService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SLA_POLICY) private readonly policy: SlaPolicy,
  ) {}

  /** `year` already validated by CalendarQuery; without it, the current year in Bogotá. */
  describe(year: number | undefined, now: Date = new Date()): AdminCalendarView {
    const shown = year ?? bogotaYear(now);
    // The SLA policy's own calendar, so the page cannot disagree with the clocks.
    return describeCalendarYear(shown, this.config.sla, holidaysOfYear(shown), this.policy.calendar);
  }
}
