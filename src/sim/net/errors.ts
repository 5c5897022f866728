/**
 * A failed operation, carrying the real tool's message and exit code. Operations throw it inside a
 * world transaction (see shell/execute.ts), so a failed command leaves the World untouched.
 */
export class SimError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'SimError';
  }
}

export function exhaustive(x: never): never {
  throw new Error(`unexpected: ${JSON.stringify(x)}`);
}
