import { ENDPOINTS, EndpointName, endpointUrl } from './endpoints';
import type { ApiErrorBody } from './types';

/** An API error with the server's stable code and its Spanish message, ready to show. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Listener = () => void;

/**
 * The one place the UI talks HTTP: the session cookie goes along by itself (same origin),
 * the CSRF token is added to every change, and a 401 tells the app the session ended.
 */
class ApiClient {
  private csrfToken: string | null = null;
  private readonly sessionEndedListeners = new Set<Listener>();

  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  onSessionEnded(listener: Listener): () => void {
    this.sessionEndedListeners.add(listener);
    return () => this.sessionEndedListeners.delete(listener);
  }

  async call<T>(
    name: EndpointName,
    options: { params?: Record<string, string>; query?: Record<string, string | number | boolean | undefined | null>; body?: unknown; signal?: AbortSignal } = {},
  ): Promise<T> {
    const { method } = ENDPOINTS[name];
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(endpointUrl(name, options.params, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiFailure(0, 'NETWORK', 'No hay conexión con el servidor. Revise su red e intente de nuevo.');
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let payload: unknown = null;
    try {
      payload = text ? JSON.parse(text) : null;
    } catch {
      payload = null;
    }
    if (!response.ok) {
      const body = (payload ?? {}) as Partial<ApiErrorBody>;
      const failure = new ApiFailure(response.status, body.code ?? `HTTP_${response.status}`, body.message ?? `El servidor respondió ${response.status}.`, body.details);
      if (response.status === 401 && name !== 'login') for (const listener of this.sessionEndedListeners) listener();
      throw failure;
    }
    return payload as T;
  }
}

export const api = new ApiClient();
