import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MailModule } from '../mail/mail.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  // Terminus' own logger writes English; the controller logs a failing check in Spanish instead.
  imports: [MailModule, TerminusModule.forRoot({ logger: false })],
  providers: [HealthService],
  controllers: [HealthController],
})
export class HealthModule {}
