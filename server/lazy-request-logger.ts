// Fastify gives every request a child logger bound to its reqId; with pino that child is built
// (bindings serialised, prototype chain set up) for every request, although with request
// logging off (our default) almost no request ever logs. This factory defers building it to the
// first call that logs, so the reqId binding stays and the hot path pays one small object.
import type { FastifyBaseLogger } from 'fastify';

type Bindings = Record<string, unknown>;
type LogFn = FastifyBaseLogger['info'];

export class LazyRequestLogger {
  private real?: FastifyBaseLogger;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly opts: object,
  ) {}

  private get logger(): FastifyBaseLogger {
    this.real ??= this.parent.child(this.bindings, this.opts);
    return this.real;
  }

  get level(): string {
    return this.real?.level ?? this.parent.level;
  }
  set level(level: string) {
    this.logger.level = level;
  }

  // Methods on the prototype (set below): per-instance arrow functions would allocate six closures per request.
  declare fatal: LogFn;
  declare error: LogFn;
  declare warn: LogFn;
  declare info: LogFn;
  declare debug: LogFn;
  declare trace: LogFn;

  /** The logger the first log call builds. */
  resolve(): FastifyBaseLogger {
    return this.logger;
  }

  child(bindings: Bindings, opts?: object): FastifyBaseLogger {
    return this.logger.child(bindings, opts);
  }
}

for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const) {
  LazyRequestLogger.prototype[level] = function (this: LazyRequestLogger, ...args: unknown[]) {
    return (this.resolve()[level] as (...a: unknown[]) => void)(...args);
  } as LogFn;
}

/** Fastify's childLoggerFactory option. */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, opts: object): FastifyBaseLogger {
  return new LazyRequestLogger(logger, bindings, opts) as unknown as FastifyBaseLogger;
}
