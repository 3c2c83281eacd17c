// Structured logs with pino. Logs say what happened, never what anyone wrote: no message
// text, no user or conversation ids, no IP addresses. Redaction is a second line of
// defence for fields that should never be logged in the first place.
import pino, { type Logger } from 'pino';

export const REDACTED_PATHS = [
  'text',
  '*.text',
  'activity',
  '*.activity',
  'body',
  '*.body',
  'req.headers.authorization',
  'req.remoteAddress',
  'req.headers["x-forwarded-for"]',
  'conversation',
  '*.conversation',
  'from',
  '*.from'
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: undefined, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}

export type { Logger };
