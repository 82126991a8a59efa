import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

/** One outgoing e-mail. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends e-mail through the configured transport (README "Mail"). */
export interface Mailer {
  /** `file` writes each message as JSON into a folder; `smtp` relays to SMTP_URL. */
  readonly kind: 'file' | 'smtp';
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): Promise<void>;
}

export interface MailerOptions {
  /** smtp://user:pass@host:port or smtps://…; null → the file transport. */
  smtpUrl: string | null;
  /** Folder of the file transport. */
  dir: string;
  from: string;
}

/**
 * Builds the mailer from `config.mail` (SMTP_URL, MAIL_DIR, MAIL_FROM): SMTP when an SMTP URL is
 * set, else a file transport that writes one JSON file per message into a folder (default
 * `.data/mail`), so nothing ever leaves a developer machine by accident.
 */
export function createMailer(options: MailerOptions): Mailer {
  const { from, smtpUrl } = options;
  if (smtpUrl) {
    const transport = nodemailer.createTransport(smtpUrl);
    return {
      kind: 'smtp',
      async send(m) {
        const info = await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html });
        return { messageId: String(info.messageId) };
      },
      async close() {
        transport.close();
      },
    };
  }
  const dir = path.resolve(options.dir);
  const transport = nodemailer.createTransport({ jsonTransport: true });
  return {
    kind: 'file',
    async send(m) {
      const info = await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html });
      await fs.mkdir(dir, { recursive: true });
      const id = String(info.messageId).replace(/[^A-Za-z0-9.-]/g, '');
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      await fs.writeFile(path.join(dir, `${stamp}-${id}.json`), info.message as unknown as string, 'utf8');
      return { messageId: String(info.messageId) };
    },
    async close() {
      transport.close();
    },
  };
}
