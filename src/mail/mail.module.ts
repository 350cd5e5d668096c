import { Module } from '@nestjs/common';
import { OutboundModule } from '../outbound/outbound.module';
import { SlaModule } from '../sla/sla.module';
import { TicketsModule } from '../tickets/tickets.module';
import { IntakeSupervisor } from './intake/intake-supervisor.service';
import { MailIntakeService } from './intake/mail-intake.service';

@Module({
  imports: [TicketsModule, SlaModule, OutboundModule],
  providers: [MailIntakeService, IntakeSupervisor],
  exports: [MailIntakeService, IntakeSupervisor],
})
export class MailModule {}
