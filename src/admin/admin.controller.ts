import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AdminCalendarService } from './admin-calendar.service';
import { AdminMailboxesService } from './admin-mailboxes.service';
import type { AdminCalendarView, AdminMailboxesView, RoutingRulesView } from './admin.views';
import { CalendarQuery } from './dto/calendar.query';
import { RoutingAccuracyService } from './routing-accuracy.service';

/** Read-only pages on how the desk is set up: mailboxes, calendar and targets, routing rules. */
@ApiTags('admin')
@Roles('supervisor', 'admin')
@Controller('api/admin')
export class AdminController {
  constructor(
    private readonly mailboxes: AdminMailboxesService,
    private readonly calendar: AdminCalendarService,
    private readonly routing: RoutingAccuracyService,
  ) {}

  @Get('mailboxes')
  @ApiOperation({ summary: 'Buzones configurados: conexión IMAP (sin contraseña), atención, estado de la recepción y correo recibido' })
  listMailboxes(): Promise<AdminMailboxesView> {
    return this.mailboxes.list();
  }

  @Get('calendar')
  @ApiOperation({ summary: 'Calendario hábil de un año: horario, festivos de Colombia, cierres, metas de ANS y términos legales' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: year no es un año entre 1984 y 2199' })
  describeCalendar(@Query() query: CalendarQuery): AdminCalendarView {
    return this.calendar.describe(query.year);
  }

  @Get('routing-rules')
  @ApiOperation({ summary: 'Reglas de clasificación con su precisión medida: tickets decididos, recategorizados y hacia dónde' })
  describeRoutingRules(): Promise<RoutingRulesView> {
    return this.routing.describe();
  }
}
