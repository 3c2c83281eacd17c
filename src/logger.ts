// Structured logs with pino. Logs say what happened, never what anyone wrote or who they are:
// no message text, no user or conversation ids, no IP addresses, no URLs (a route's pattern
// at most), no error messages (an error's message can quote the activity that caused it).
//
// The rules for callers:
//  - The message (msg) is a fixed string. Format arguments ('%s', ...) are dropped, so a value
//    can only reach a log line through the object, where redaction and the serializers apply.
//  - Errors are logged as { err }: the serializer keeps the name, a code and an HTTP status,
//    never the message, the stack or attached properties (botbuilder's RestError carries the
//    request and response, i.e. the activity).
//  - Redaction (REDACTED_PATHS) is a second line of defence for fields that should never be
//    logged in the first place.
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** Fields never written to a log, at the top level and one level down (`*.x`). */
const NEVER_LOGGED = [
  'text',
  'activity',
  'activities',
  'attachments',
  'body',
  'channelData',
  'conversation',
  'conversationId',
  'from',
  'recipient',
  'user',
  'userId',
  'members',
  'membersAdded',
  'headers',
  'authorization',
  'cookie',
  'token',
  'ip',
  'remoteAddress',
  'url',
  'query',
  'request',
  'response',
  'req',
  'res'
];

export const REDACTED_PATHS = NEVER_LOGGED.flatMap((field) => [field, `*.${field}`]);

/** What is logged of an error. */
export interface SafeError {
  name: string;
  code?: string;
  status?: number;
}

// Names and codes are identifiers chosen by code (TypeError, RestError, ECONNREFUSED,
// ResourceNotFound), never free text; anything else is dropped.
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;

/** An error reduced to what is safe to log: name, code and HTTP status. Never the message. */
export function safeError(err: unknown): SafeError {
  if (err === null || typeof err !== 'object') return { name: err === undefined ? 'undefined' : typeof err };
  const { name, code, statusCode, status } = err as { name?: unknown; code?: unknown; statusCode?: unknown; status?: unknown };
  const safe: SafeError = { name: typeof name === 'string' && IDENTIFIER.test(name) ? name : err instanceof Error ? 'Error' : 'object' };
  if (typeof code === 'string' && IDENTIFIER.test(code)) safe.code = code;
  else if (typeof code === 'number' && Number.isInteger(code)) safe.code = String(code);
  const httpStatus = typeof statusCode === 'number' ? statusCode : status;
  if (typeof httpStatus === 'number' && Number.isInteger(httpStatus) && httpStatus >= 100 && httpStatus <= 599) {
    safe.status = httpStatus;
  }
  return safe;
}

type LogMethodArgs = Parameters<NonNullable<NonNullable<LoggerOptions['hooks']>['logMethod']>>[0];

/**
 * Keeps only (object, fixed message). pino would otherwise use an error's message as the log
 * message when none is given, and would interpolate format arguments into the message.
 */
function keepFixedMessage(args: LogMethodArgs): LogMethodArgs {
  const [first, second] = args as unknown[];
  if (typeof first === 'string') return [first] as unknown as LogMethodArgs;
  const object = first instanceof Error ? { err: first } : first;
  const hasError = typeof object === 'object' && object !== null && ('err' in object || 'error' in object);
  const message = typeof second === 'string' ? second : hasError ? 'error' : undefined;
  return (message === undefined ? [object] : [object, message]) as unknown as LogMethodArgs;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    // No pid or hostname: nothing here identifies a person, and less is simpler to audit.
    base: undefined,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: safeError, error: safeError },
    hooks: {
      logMethod(args, method) {
        method.apply(this, keepFixedMessage(args));
      }
    }
  };
  // By default, synchronous writes to stdout: at info level the server logs only rare events, so
  // this costs nothing measurable, and lines come out in order (not behind background work in
  // libuv's thread pool, such as compressing the website's assets at start-up) and are not lost
  // when the process exits.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}

/**
 * Logs uncaught exceptions and unhandled rejections as name/code only, then exits (as Node
 * would). Without this, Node prints the whole error, message and stack, to stderr; restify
 * (handleUncaughtExceptions: false) lets a synchronous throw in a handler get this far.
 * For the composition root (src/index.ts). Returns a function that removes the handlers.
 */
export function logProcessErrors(logger: Logger, exit: (code: number) => void = (code) => process.exit(code)): () => void {
  const onException = (err: unknown) => {
    logger.fatal({ err: safeError(err) }, 'uncaught exception');
    logger.flush?.();
    exit(1);
  };
  const onRejection = (reason: unknown) => {
    logger.fatal({ err: safeError(reason) }, 'unhandled rejection');
    logger.flush?.();
    exit(1);
  };
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}

/**
 * A logger that writes nothing, for restify's own logging: at trace level restify logs whole
 * response bodies and errors (replies name the conversation and the user's channel id).
 */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export type { Logger };
