import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toBogotaIso } from '../common/time/bogota-time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { IntakeSupervisor } from '../mail/intake/intake-supervisor.service';
import { formatBogotaDateTime } from '../outbound/render-template';
import { describeAdminMailbox } from './admin-mailbox-view';
import type { AdminMailboxesView } from './admin.views';
import { readStoredMailboxIntake } from './mailbox-intake.query';

/** The configured mailboxes as the admin page shows them: settings, attendance, intake state. */
@Injectable()
export class AdminMailboxesService {
  private readonly startedAt = new Date();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly intake: IntakeSupervisor,
  ) {}

  async list(now: Date = new Date()): Promise<AdminMailboxesView> {
    const { config } = this;
    // One snapshot: a batch committing between the two reads would show its mail counted and no checkpoint.
    const stored = await this.dataSource.transaction('REPEATABLE READ', (manager) =>
      readStoredMailboxIntake(
        manager,
        config.mailboxes.map((m) => ({ address: m.address, folder: m.imap.folder })),
        now,
      ),
    );
    const statuses = this.intake.status();
    const context = {
      intakeRunsHere: config.intakeEnabled,
      pollIntervalSeconds: config.intake.pollIntervalSeconds,
      startedAt: this.startedAt,
      now,
      cutover: config.cutover,
      formatForPeople: formatBogotaDateTime,
    };
    return {
      intakeRunsInThisProcess: config.intakeEnabled,
      pollIntervalSeconds: config.intake.pollIntervalSeconds,
      cutoverAt: toBogotaIso(config.cutover.at),
      mailboxes: config.mailboxes.map((mailbox, i) =>
        describeAdminMailbox(
          mailbox,
          // Pollers exist only for enabled mailboxes, one per address and folder.
          statuses.find((s) => s.mailbox === mailbox.address && s.folder === mailbox.imap.folder) ?? null,
          stored[i],
          context,
        ),
      ),
    };
  }
}
