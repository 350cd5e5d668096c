import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { isAfterCutover } from './cutover-policy';

export interface CutoverRun {
  /** False when called before the cutover instant (nothing is done then). */
  due: boolean;
  moved: number;
}

export const CUTOVER_RUN_NAME = 'mailbox-cutover';

/**
 * Moves every ticket still in kpt@'s queue to planeacionterritorial@'s at the
 * cutover. Idempotent: it moves whatever is left in the retired queue, so running
 * it twice, or late after downtime, gives the same end state; each move leaves an
 * audit event, and scheduled_runs records when it ran.
 */
@Injectable()
export class CutoverService {
  private readonly logger = new Logger(CutoverService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(now: Date = new Date()): Promise<CutoverRun> {
    const { cutover } = this.config;
    if (!isAfterCutover(now, cutover)) return { due: false, moved: 0 };
    const moved = await this.dataSource.transaction(async (manager) => {
      const rows: Array<{ id: string }> = await manager.query(
        `WITH moved AS (
           UPDATE tickets SET queue_mailbox = $2, reply_from = $2, updated_at = now(), version = version + 1
           WHERE queue_mailbox = $1 AND status <> 'closed'
           RETURNING id)
         INSERT INTO ticket_events (ticket_id, kind, actor, detail)
         SELECT id, 'queue-moved', 'cutover', jsonb_build_object('from', $1::text, 'to', $2::text, 'reason', 'cutover', 'cutoverAt', $3::text)
         FROM moved
         RETURNING ticket_id AS id`,
        [cutover.retiredMailbox, cutover.successorMailbox, cutover.at.toISOString()],
      );
      await manager.query(
        `INSERT INTO scheduled_runs (name, first_run_at, last_run_at, runs, detail)
         VALUES ($1, now(), now(), 1, jsonb_build_object('moved', $2::int, 'cutoverAt', $3::text))
         ON CONFLICT (name) DO UPDATE SET last_run_at = now(), runs = scheduled_runs.runs + 1,
           detail = jsonb_build_object('moved', (scheduled_runs.detail->>'moved')::int + $2::int, 'cutoverAt', $3::text)`,
        [CUTOVER_RUN_NAME, rows.length, cutover.at.toISOString()],
      );
      return rows.length;
    });
    this.logger.log(
      `Cambio de buzón: ${moved} tickets pasaron de la cola de ${cutover.retiredMailbox} a la de ${cutover.successorMailbox}`,
    );
    return { due: true, moved };
  }
}
