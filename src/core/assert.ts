// Invariant checks. A failed assertion is a bug in Outpace, never an expected outcome: expected
// outcomes (no agent, budget spent, lead blocked) are returned as values with reason codes.

/** Thrown when an invariant of the engine does not hold; carries a stable code for alerts. */
export class InvariantViolation extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'InvariantViolation';
    this.code = code;
  }
}

export function assert(condition: unknown, code: string, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(code, message);
}

export function unreachable(value: never): never {
  throw new InvariantViolation('UNREACHABLE', `unexpected value ${JSON.stringify(value)}`);
}
