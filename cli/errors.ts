// The one error type users see: a stable code to look up, what happened, and a hint saying what to do next.
import type { ErrorCode } from './error-codes.js';

export type { ErrorCode } from './error-codes.js';

export interface UserErrorOptions {
  /** The code users look up in docs/troubleshooting.md (cli/error-codes.ts lists them). */
  code: ErrorCode;
  hint?: string;
  exitCode?: number;
  cause?: unknown;
}

export class UserError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly exitCode: number;

  constructor(message: string, options: UserErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.code = options.code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/** The first line users read: `Error [O11Y_PORT_IN_USE]: Port 9090 is already in use ...`. */
export function headline(err: UserError): string {
  return `Error [${err.code}]: ${err.message}`;
}
