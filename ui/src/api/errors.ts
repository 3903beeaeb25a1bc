import type { ErrorCode } from './types.gen';

/** An error answered by the backend, rebuilt as a typed exception. */
export class ApiError extends Error {
  readonly code: ErrorCode | 'network';
  readonly detail: unknown;

  constructor(code: ErrorCode | 'network', message: string, detail?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.detail = detail;
  }

  /** Rebuild from whatever a transport delivered. */
  static from(value: unknown): ApiError {
    if (value instanceof ApiError) return value;
    if (value && typeof value === 'object' && 'code' in value && 'message' in value) {
      const v = value as { code: ErrorCode; message: string; detail?: unknown };
      return new ApiError(v.code, String(v.message), v.detail);
    }
    if (typeof value === 'string') {
      try {
        return ApiError.from(JSON.parse(value));
      } catch {
        return new ApiError('internal', value);
      }
    }
    return new ApiError('internal', '发生未知错误');
  }
}

export function isApiError(e: unknown, code?: ApiError['code']): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}
