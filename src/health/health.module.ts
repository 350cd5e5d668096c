import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  imports: [MailModule],
  providers: [HealthService],
  controllers: [HealthController],
})
export class HealthModule {}
