/**
 * The "Label Studio" log channel. Request lines carry method, path, status and time — never headers.
 * Log lines stay English on purpose (not localised): they are details for bug reports and searches,
 * read alongside server logs; what the user must understand is said in notifications, which are.
 */
import vscode = require('vscode');
import type { RequestLogEntry } from '../../core/api/client';
import { hostOf } from '../../core/net/serverUrl';

export interface Log {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
  show(): void;
}

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Label Studio', { log: true });
}

export function logRequest(log: Log, baseUrl: string, e: RequestLogEntry): void {
  const where = `${hostOf(baseUrl)} ${e.method} ${e.path}`;
  const retry = e.retry ? ` (${e.retry})` : '';
  if (e.error) log.warn(`${where} failed after ${e.ms} ms${retry}: ${e.error}`);
  else if ((e.status ?? 0) >= 400) log.warn(`${where} → ${e.status} in ${e.ms} ms${retry}`);
  else log.info(`${where} → ${e.status} in ${e.ms} ms${retry}`);
}

/** Keeps a copy of every line (in-editor tests check that no token ever reaches the log). */
export class RecordingLog implements Log {
  readonly lines: string[] = [];
  constructor(private readonly inner: Log) {}
  trace(message: string): void {
    this.record('trace', message);
    this.inner.trace(message);
  }
  debug(message: string): void {
    this.record('debug', message);
    this.inner.debug(message);
  }
  info(message: string): void {
    this.record('info', message);
    this.inner.info(message);
  }
  warn(message: string): void {
    this.record('warn', message);
    this.inner.warn(message);
  }
  error(message: string | Error): void {
    this.record('error', String(message));
    this.inner.error(message);
  }
  show(): void {
    this.inner.show();
  }
  private record(level: string, message: string): void {
    this.lines.push(`${level} ${message}`);
  }
}
