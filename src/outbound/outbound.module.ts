import { Module } from '@nestjs/common';
import { OutboundMailer } from './outbound-mailer.service';

@Module({
  providers: [OutboundMailer],
  exports: [OutboundMailer],
})
export class OutboundModule {}
