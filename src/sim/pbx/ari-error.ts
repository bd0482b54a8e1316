// A REST failure with the status and body Asterisk uses for it.

export class AriError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, string>,
  ) {
    super(body.message ?? body.error ?? `HTTP ${status}`);
    this.name = 'AriError';
  }
}

export const notFound = (message: string): AriError => new AriError(404, { message });
export const badRequest = (message: string): AriError => new AriError(400, { message });
export const conflict = (message: string): AriError => new AriError(409, { message });
export const unprocessable = (message: string): AriError => new AriError(422, { message });
export const allocationFailed = (): AriError => new AriError(500, { error: 'Allocation failed' });
