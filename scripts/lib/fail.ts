// One way for every tool script to stop: a sentence naming the cause and the
// fix, a non-zero exit code, and no stack trace.
export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupError';
  }
}

export function exitWith(err: unknown): never {
  const message = err instanceof SetupError ? err.message : `Unexpected error: ${(err as Error)?.message ?? err}`;
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}
