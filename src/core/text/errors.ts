/**
 * An error a user can act on: one line, names what is wrong and where, and never quotes a data
 * value (a value could be sensitive). Anything else that escapes is a bug, reported generically.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof Error && error.name === 'UserError';
}

/** The message shown to a person: a UserError's own text; any other error without its details. */
export function describeError(error: unknown): string {
  if (isUserError(error)) return error.message;
  return 'CRM Review Gate hit an unexpected error. Every decision is safe in the Decision Log, and each tab is in its old or its new version, never half-written; the next step finishes or undoes what this one left. Please report it with the step you ran.';
}
