/**
 * A log that writes every message as one line: whatever server text a message carries (an error
 * detail, a title, a model's answer), its line breaks and control characters are flattened by
 * `forLog`, so no server can start a new, fake log line.
 */
import { forLog } from './safeText';

export interface LineLog {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
  show(): void;
}

export function safeLog<L extends LineLog>(inner: L): LineLog {
  return {
    trace: (m) => inner.trace(forLog(m)),
    debug: (m) => inner.debug(forLog(m)),
    info: (m) => inner.info(forLog(m)),
    warn: (m) => inner.warn(forLog(m)),
    error: (m) => inner.error(forLog(m instanceof Error ? m.message : m)),
    show: () => inner.show(),
  };
}
