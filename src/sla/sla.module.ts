import { Module } from '@nestjs/common';
import { OutboundModule } from '../outbound/outbound.module';
import { SlaAlertsService } from './sla-alerts.service';
import { SlaController } from './sla.controller';
import { SlaService } from './sla.service';

@Module({
  imports: [OutboundModule],
  providers: [SlaAlertsService, SlaService],
  controllers: [SlaController],
  exports: [SlaAlertsService, SlaService],
})
export class SlaModule {}
