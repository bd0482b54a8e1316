// The API as the pages use it: bearer token, JSON in and out, and errors that keep the status
// and the API's error code so callers can tell "try again" from "this will never work".

export class ApiFailure extends Error {
  constructor(status, code, message, details = null) {
    super(message);
    this.name = 'ApiFailure';
    this.status = status;
    this.code = code;
    /** What the API said beside the message (e.g. the node that drives a campaign), or null. */
    this.details = details;
  }

  /** Network trouble or a server-side failure: the same request may succeed later. */
  get retryable() {
    return this.status === 0 || this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

export function createApi(getToken) {
  /** `body` is sent as JSON, or as it is when it is a file (with `contentType`). */
  async function request(method, path, body, contentType = 'application/json') {
    const raw = body instanceof Blob;
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: {
          authorization: `Bearer ${getToken()}`,
          ...(body === undefined ? {} : { 'content-type': contentType }),
        },
        ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiFailure(0, 'network', error instanceof Error ? error.message : String(error));
    }
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!response.ok) throw new ApiFailure(response.status, data?.error ?? 'http', data?.message ?? `HTTP ${response.status}`, data?.details ?? null);
    return data;
  }

  return {
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body),
    put: (path, body) => request('PUT', path, body),
    /** Sends a file as the request body. */
    postFile: (path, file, contentType) => request('POST', path, file, contentType),
    del: (path) => request('DELETE', path),
    /** Fetches a file with the token and hands it to the browser as a download. */
    async download(path, filename) {
      const response = await fetch(path, { headers: { authorization: `Bearer ${getToken()}` } });
      if (!response.ok) throw new ApiFailure(response.status, 'http', `HTTP ${response.status}`);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}
