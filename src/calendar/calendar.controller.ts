import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { badRequest } from '../common/errors/api-error';
import { businessCalendarFrom } from '../sla/sla-policy';
import type { BusinessCalendar } from './business-calendar';
import { FIRST_HOLIDAY_YEAR, LAST_HOLIDAY_YEAR } from './colombian-holidays';
import { MAX_WORKING_TIME_YEARS, WorkingTimeView, workingTimeView } from './working-time';

/** The help desk's working time for every signed-in user: the UI counts "vence en 2 h hábiles" with it. */
@ApiTags('calendar')
@Controller('api/calendar')
export class CalendarController {
  private readonly calendar: BusinessCalendar;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.calendar = businessCalendarFrom(config);
  }

  @Get('working-time')
  @ApiOperation({ summary: 'Horario hábil y días no hábiles (festivos y cierres) de los años pedidos' })
  @ApiQuery({ name: 'from', required: true, example: 2024 })
  @ApiQuery({ name: 'to', required: true, example: 2025 })
  workingTime(@Query('from') from: string, @Query('to') to: string): WorkingTimeView {
    const fromYear = Number(from);
    const toYear = Number(to);
    const valid = (year: number) => Number.isInteger(year) && year >= FIRST_HOLIDAY_YEAR && year <= LAST_HOLIDAY_YEAR;
    if (!valid(fromYear) || !valid(toYear) || toYear < fromYear || toYear - fromYear >= MAX_WORKING_TIME_YEARS) {
      throw badRequest(
        'INVALID_YEAR_RANGE',
        `from y to deben ser años entre ${FIRST_HOLIDAY_YEAR} y ${LAST_HOLIDAY_YEAR}, con from ≤ to y a lo sumo ${MAX_WORKING_TIME_YEARS} años.`,
      );
    }
    return workingTimeView(this.calendar, fromYear, toYear);
  }
}
