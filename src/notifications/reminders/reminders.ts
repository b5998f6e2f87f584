import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { inTransaction } from 'src/database/transaction';
import { MailOutbox } from 'src/mail/mail-outbox.service';
import { invoiceDueMail, invoiceOverdueMail, outcomeReviewMail, voteReminderMail } from 'src/mail/mail-templates';

/** Reminders written per kind and sweep at most; the next sweep takes the rest. */
const BATCH = 1000;

/** Marks who is reminded of what, keeping only the rows not marked before: the mark and the mail commit together. */
const MARK = `sent AS (
  INSERT INTO reminders_sent (kind, subject_id, recipient_id) SELECT $1, subject_id, recipient_id FROM due
  ON CONFLICT DO NOTHING RETURNING subject_id, recipient_id
)`;

interface VoteDue {
  proposalId: string;
  title: string;
  closesAt: Date;
  cooperativeName: string;
  email: string;
}

interface InvoiceDue {
  email: string;
  licenseeName: string;
  cooperativeName: string;
  period: string;
  amount: string;
  outstanding: string;
  currency: string;
  dueOn: string;
  graceDays: number;
}

/** Unpaid invoices with their licensee, cooperative and the grace days of the current bylaws. */
const UNPAID_INVOICES = `
  SELECT i.id AS subject_id, l.id AS recipient_id, l.email, l.name AS licensee_name, c.name AS cooperative_name, i.period, i.amount::text AS amount,
         (i.amount - coalesce(p.paid, 0))::text AS outstanding, c.currency, i.due_on::text AS due_on, b.grace_days
    FROM invoices i
    JOIN licensees l ON l.id = i.licensee_id
    JOIN cooperatives c ON c.id = i.cooperative_id
    JOIN LATERAL (SELECT grace_days FROM bylaws WHERE cooperative_id = c.id ORDER BY version DESC LIMIT 1) b ON true
    LEFT JOIN LATERAL (SELECT sum(a.amount) AS paid FROM payment_allocations a WHERE a.invoice_id = i.id) p ON true
   WHERE i.amount > coalesce(p.paid, 0)`;

/**
 * Reminders by mail: members who have not voted on a proposal closing within REMINDER_LEAD_HOURS;
 * licensees (at their contact address) with an invoice due, then again once it is past the grace days.
 * The timer only decides when to look: a reminder is sent when its row in reminders_sent is inserted,
 * in the transaction that puts the mail in the outbox, so each goes out once however many instances look.
 */
@Injectable()
export class Reminders implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reminders');
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
      .then((sent) => sent && this.logger.log(`sent ${sent} reminder(s)`))
      .catch((error: unknown) => this.logger.error({ msg: 'sending reminders failed', err: error }))
      .finally(() => (this.running = undefined));
  }

  /** Sends the reminders now due; returns how many. */
  sweep(): Promise<number> {
    return inTransaction(
      this.dataSource,
      async (manager) => (await this.votes(manager)) + (await this.invoices(manager, 'INVOICE_OVERDUE')) + (await this.invoices(manager, 'INVOICE_DUE')) + (await this.reviews(manager)),
    );
  }

  /** OUTCOME_REVIEW: on the review date of a proposal's latest outcome statement, to each of its cooperative's coordinators. */
  private async reviews(manager: EntityManager): Promise<number> {
    const due = await manager.query<{ proposalId: string; title: string; statement: string; reviewOn: string; cooperativeName: string; email: string }[]>(
      `WITH latest AS (
         SELECT DISTINCT ON (proposal_id) proposal_id, statement, review_on FROM outcome_statements ORDER BY proposal_id, seq DESC
       ), due AS (
         SELECT p.id AS subject_id, m.id AS recipient_id, p.title, l.statement, l.review_on::text AS review_on, c.name AS cooperative_name, u.email
           FROM latest l
           JOIN proposals p ON p.id = l.proposal_id
           JOIN cooperatives c ON c.id = p.cooperative_id
           JOIN members m ON m.cooperative_id = c.id AND m.status = 'ACTIVE' AND 'COORDINATOR' = ANY(m.roles)
           JOIN users u ON u.id = m.user_id
          WHERE l.review_on <= current_date
            AND NOT EXISTS (SELECT 1 FROM reminders_sent r WHERE r.kind = $1 AND r.subject_id = p.id AND r.recipient_id = m.id)
          LIMIT $2
       ), ${MARK}
       SELECT due.subject_id AS "proposalId", due.title, due.statement, due.review_on AS "reviewOn", due.cooperative_name AS "cooperativeName", due.email
         FROM due JOIN sent USING (subject_id, recipient_id)`,
      ['OUTCOME_REVIEW', BATCH],
    );
    await this.mail.enqueueMany(
      manager,
      due.map((d) => ({ to: d.email, mail: outcomeReviewMail({ id: d.proposalId, title: d.title, statement: d.statement, reviewOn: d.reviewOn }, d.cooperativeName) })),
    );
    return due.length;
  }

  private async votes(manager: EntityManager): Promise<number> {
    const due = await manager.query<VoteDue[]>(
      `WITH due AS (
         SELECT p.id AS subject_id, e.member_id AS recipient_id, p.title, p.closes_at, c.name AS cooperative_name, u.email
           FROM proposals p
           JOIN cooperatives c ON c.id = p.cooperative_id
           JOIN proposal_electorate e ON e.proposal_id = p.id AND e.voted_at IS NULL
           JOIN members m ON m.id = e.member_id AND m.status = 'ACTIVE'
           JOIN users u ON u.id = m.user_id
          WHERE p.closed_at IS NULL AND p.closes_at > now() AND p.closes_at <= now() + make_interval(hours => $2)
            AND NOT EXISTS (SELECT 1 FROM ballots b WHERE b.proposal_id = p.id AND b.member_id = e.member_id)
            AND NOT EXISTS (SELECT 1 FROM reminders_sent r WHERE r.kind = $1 AND r.subject_id = p.id AND r.recipient_id = e.member_id)
          LIMIT $3
       ), ${MARK}
       SELECT due.subject_id AS "proposalId", due.title, due.closes_at AS "closesAt", due.cooperative_name AS "cooperativeName", due.email
         FROM due JOIN sent USING (subject_id, recipient_id)`,
      ['VOTE_CLOSING', this.config.reminders.leadHours, BATCH],
    );
    await this.mail.enqueueMany(
      manager,
      due.map((d) => ({ to: d.email, mail: voteReminderMail({ id: d.proposalId, title: d.title, closesAt: d.closesAt }, d.cooperativeName) })),
    );
    return due.length;
  }

  /** INVOICE_DUE: unpaid from its due date until the grace days pass; INVOICE_OVERDUE: unpaid after that (the licensee's standing is OVERDUE). */
  private async invoices(manager: EntityManager, kind: 'INVOICE_DUE' | 'INVOICE_OVERDUE'): Promise<number> {
    const window = kind === 'INVOICE_DUE' ? `u.due_on::date <= current_date AND current_date <= u.due_on::date + u.grace_days` : `current_date > u.due_on::date + u.grace_days`;
    const due = await manager.query<InvoiceDue[]>(
      `WITH due AS (
         SELECT u.* FROM (${UNPAID_INVOICES}) u
          WHERE ${window}
            AND NOT EXISTS (SELECT 1 FROM reminders_sent r WHERE r.kind = $1 AND r.subject_id = u.subject_id AND r.recipient_id = u.recipient_id)
          LIMIT $2
       ), ${MARK}
       SELECT due.email, due.licensee_name AS "licenseeName", due.cooperative_name AS "cooperativeName", due.period, due.amount, due.outstanding,
              due.currency, due.due_on AS "dueOn", due.grace_days AS "graceDays"
         FROM due JOIN sent USING (subject_id, recipient_id)`,
      [kind, BATCH],
    );
    await this.mail.enqueueMany(
      manager,
      due.map((d) => ({ to: d.email, mail: kind === 'INVOICE_DUE' ? invoiceDueMail(d) : invoiceOverdueMail(d) })),
    );
    return due.length;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
