import { Module } from '@nestjs/common';
import { SlaAlertsService } from './sla-alerts.service';
import { SlaController } from './sla.controller';
import { SlaService } from './sla.service';

@Module({
  providers: [SlaAlertsService, SlaService],
  controllers: [SlaController],
  exports: [SlaAlertsService, SlaService],
})
export class SlaModule {}
