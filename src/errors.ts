// Errors a user can cause, below every layer: any module may throw them, the CLI turns each into
// one French line on stderr and the exit code of the spec (cli.md: 2 = bad arguments or an input
// that cannot be used at all). Anything else that escapes is a bug and keeps its stack trace.

/** An input that cannot be used at all (missing folder, unknown scope, locked warehouse…): exit 2. */
export class InputError extends Error {
  override name = 'InputError';
}

/** Bad command-line arguments (unknown option, missing value): exit 2, with the command's usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}
