import { BusinessCalendar } from '../calendar/business-calendar';
import { buildColombianBusinessCalendar } from '../calendar/colombian-holidays';
import type { AppConfig } from '../config/app-config';
import { SlaPolicy } from './sla.types';

/** The business calendar of the configured hours, Colombian holidays and extra closed days. */
export function businessCalendarFrom(config: AppConfig): BusinessCalendar {
  return buildColombianBusinessCalendar({
    openingMinute: config.sla.openingMinute,
    closingMinute: config.sla.closingMinute,
    workingWeekdays: config.sla.workingWeekdays,
    extraClosedDays: config.sla.extraClosedDays,
    removedHolidays: config.sla.removedHolidays,
  });
}

export function slaPolicyFrom(config: AppConfig, calendar: BusinessCalendar = businessCalendarFrom(config)): SlaPolicy {
  return {
    calendar,
    targets: config.sla.targets,
    targetsByMailbox: config.sla.targetsByMailbox,
    legalTermDays: config.sla.legalTermDays,
    warningFraction: config.sla.warningPercent / 100,
    kptMailbox: config.cutover.retiredMailbox,
    kptReportDeadline: config.cutover.kptReportDeadline,
  };
}
