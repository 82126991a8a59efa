import fs from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';

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
  // nodemailer is loaded by the first message, not at start (a process that sends none never pays
  // for it: about 13 MiB, issue 16).
  let transport: Promise<Transporter> | undefined;
  const transportOf = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      smtpUrl ? nodemailer.createTransport(smtpUrl) : nodemailer.createTransport({ jsonTransport: true }),
    ));
  const close = async () => {
    if (transport) (await transport).close();
  };
  if (smtpUrl) {
    return {
      kind: 'smtp',
      async send(m) {
        const info = await (await transportOf()).sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html });
        return { messageId: String(info.messageId) };
      },
      close,
    };
  }
  const dir = path.resolve(options.dir);
  return {
    kind: 'file',
    async send(m) {
      const info = await (await transportOf()).sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html });
      await fs.mkdir(dir, { recursive: true });
      const id = String(info.messageId).replace(/[^A-Za-z0-9.-]/g, '');
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      await fs.writeFile(path.join(dir, `${stamp}-${id}.json`), info.message as unknown as string, 'utf8');
      return { messageId: String(info.messageId) };
    },
    close,
  };
}
