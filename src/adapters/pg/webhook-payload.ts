// What every CRM webhook body shares: the version of its shape (said in the body, raised when a
// field changes meaning or goes) and how times are written.

export const webhookPayloadVersion = 1;

export const isoOrNull = (value: Date | null): string | null => (value ? value.toISOString() : null);

/** Whole seconds from `from` to `to`, null when either is unknown. */
export function secondsBetween(from: Date | null, to: Date | null): number | null {
  return from && to ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : null;
}
