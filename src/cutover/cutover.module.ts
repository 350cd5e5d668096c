import { Module } from '@nestjs/common';
import { CutoverScheduler } from './cutover-scheduler';
import { CutoverService } from './cutover.service';

@Module({
  providers: [CutoverService, CutoverScheduler],
  exports: [CutoverService],
})
export class CutoverModule {}
