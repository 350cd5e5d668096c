import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ImapMailboxPoller, PollerStatus } from './imap-mailbox-poller';
import { MailIntakeService } from './mail-intake.service';

/** Starts one poller per enabled mailbox when the app boots, and stops them cleanly on shutdown. */
@Injectable()
export class IntakeSupervisor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IntakeSupervisor.name);
  private readonly pollers: ImapMailboxPoller[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    intake: MailIntakeService,
  ) {
    this.pollers = config.mailboxes.filter((m) => m.enabled).map((m) => new ImapMailboxPoller(m, config.intake, intake));
  }

  onApplicationBootstrap(): void {
    if (!this.config.intakeEnabled) {
      this.logger.log('Recepción de correo desactivada (INTAKE_ENABLED=false)');
      return;
    }
    for (const poller of this.pollers) poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.pollers.map((p) => p.stop()));
  }

  status(): PollerStatus[] {
    return this.pollers.map((p) => p.status());
  }

  /** For tests and the CLI: sync every mailbox now and wait for it. */
  async syncAll(): Promise<void> {
    await Promise.all(this.pollers.map((p) => p.syncNow()));
  }
}
