import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from 'src/config/config';

export interface OutgoingMail {
  id: string;
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  deliver(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The folder where development mail is kept when no SMTP server is configured. */
export const devMailDir = (config: AppConfig) => join(config.dataDir, 'mail');

/** Reuses SMTP connections (at most 5) across messages unless the URL says otherwise (`?pool=false`). */
function pooled(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', '5');
  return url.toString();
}

/**
 * nodemailer over SMTP when SMTP_URL is set. Otherwise (development only; production refuses to
 * start without SMTP_URL) each message is rendered by nodemailer to an .eml file under .data/mail/.
 */
export function createMailTransport(config: AppConfig): MailTransport {
  const transporter: Transporter = config.smtpUrl ? createTransport(pooled(config.smtpUrl)) : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const message = (mail: OutgoingMail) => ({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text, messageId: `<${mail.id}@tetrad>` });
  if (config.smtpUrl) {
    return { deliver: async (mail) => void (await transporter.sendMail(message(mail))), close: () => transporter.close() };
  }
  return {
    deliver: async (mail) => {
      const info = (await transporter.sendMail(message(mail))) as { message: Buffer };
      const dir = devMailDir(config);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`), info.message);
    },
    close: () => transporter.close(),
  };
}
