// Errors carry a message key and its values, not words: the words belong to the message
// catalogue in src/ui, in the user's language. src/main.ts turns each class into its exit code.
export type MessageParams = Record<string, string | number>;

export abstract class AppError extends Error {
  abstract readonly exitCode: 1 | 2;
  constructor(
    readonly key: string,
    readonly params: MessageParams = {},
  ) {
    super(`${key} ${JSON.stringify(params)}`);
  }
}

/** Bad usage or bad input: the command was asked for something it cannot accept (exit 2). */
export class ValidationError extends AppError {
  readonly exitCode = 2;
  override readonly name = 'ValidationError';
}

/** A well-formed request that could not be carried out: not found, refused, database trouble (exit 1). */
export class OperationError extends AppError {
  readonly exitCode = 1;
  override readonly name = 'OperationError';
}
