import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { inTransaction } from 'src/database/transaction';
import { MailOutbox } from 'src/mail/mail-outbox.service';
import { voteReminderMail } from 'src/mail/mail-templates';

interface Due {
  proposalId: string;
  title: string;
  closesAt: Date;
  cooperativeName: string;
  email: string;
}

/** Reminders written per sweep at most; the next sweep takes the rest. */
const BATCH = 1000;

/**
 * Mails each member of a proposal's electorate who has not voted when the proposal is within
 * REMINDER_LEAD_HOURS of closing. The timer only decides when to look: a reminder is sent when its
 * row in reminders_sent is inserted, in the transaction that puts the mail in the outbox, so each
 * member gets it once however many instances sweep.
 */
@Injectable()
export class VoteReminders implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('VoteReminders');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.schemaOnly || this.config.reminders.intervalMs === 0) return;
    this.timer = setInterval(() => this.tick(), this.config.reminders.intervalMs);
    this.timer.unref();
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sweep()
      .then((sent) => sent && this.logger.log(`sent ${sent} vote reminder(s)`))
      .catch((error: unknown) => this.logger.error({ msg: 'sending vote reminders failed', err: error }))
      .finally(() => (this.running = undefined));
  }

  /** Sends the reminders now due; returns how many. */
  sweep(): Promise<number> {
    return inTransaction(this.dataSource, async (manager) => {
      const due = await manager.query<Due[]>(
        `WITH due AS (
           SELECT p.id AS proposal_id, e.member_id, p.title, p.closes_at, c.name AS cooperative_name, u.email
             FROM proposals p
             JOIN cooperatives c ON c.id = p.cooperative_id
             JOIN proposal_electorate e ON e.proposal_id = p.id AND e.voted_at IS NULL
             JOIN members m ON m.id = e.member_id AND m.status = 'ACTIVE'
             JOIN users u ON u.id = m.user_id
            WHERE p.closed_at IS NULL AND p.closes_at > now() AND p.closes_at <= now() + make_interval(hours => $1)
              AND NOT EXISTS (SELECT 1 FROM ballots b WHERE b.proposal_id = p.id AND b.member_id = e.member_id)
              AND NOT EXISTS (SELECT 1 FROM reminders_sent r WHERE r.proposal_id = p.id AND r.member_id = e.member_id AND r.kind = 'VOTE_CLOSING')
            LIMIT $2
         ), sent AS (
           INSERT INTO reminders_sent (proposal_id, member_id, kind) SELECT proposal_id, member_id, 'VOTE_CLOSING' FROM due
           ON CONFLICT DO NOTHING RETURNING proposal_id, member_id
         )
         SELECT due.proposal_id AS "proposalId", due.title, due.closes_at AS "closesAt", due.cooperative_name AS "cooperativeName", due.email
           FROM due JOIN sent USING (proposal_id, member_id)`,
        [this.config.reminders.leadHours, BATCH],
      );
      await this.mail.enqueueMany(
        manager,
        due.map((d) => ({ to: d.email, mail: voteReminderMail({ id: d.proposalId, title: d.title, closesAt: d.closesAt }, d.cooperativeName) })),
      );
      return due.length;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
