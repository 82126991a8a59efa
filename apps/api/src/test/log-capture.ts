import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../core/logger';

export interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  err?: { message: string; stack: string };
  req?: { method: string; url: string };
  res?: { statusCode: number };
  [key: string]: unknown;
}

/** A real pino logger whose JSON lines are kept in `lines` (the test's log stream). */
export function captureLogs(level: 'info' | 'warn' | 'error' = 'info'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l) as LogLine);
      done();
    },
  });
  return { logger: createLogger({ level, pretty: false }, stream), lines };
}
