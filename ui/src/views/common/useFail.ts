import { useCallback } from 'react';
import { App as AntApp } from 'antd';
import { ApiError } from '../../api';

/**
 * The usual answer to an action that failed: the backend's message (Chinese,
 * for the user) as a toast, and the error code (English, for whoever reads the
 * console) in the log. A screen that shows the error in place, offers a way
 * out or retries keeps its own handling.
 */
export function useFail(): (e: unknown) => void {
  const { message } = AntApp.useApp();
  return useCallback(
    (e: unknown) => {
      const err = ApiError.from(e);
      logFailure(err, e);
      void message.error(err.message);
    },
    [message],
  );
}

/** One English line in the console: the code, and the original error when it was not the backend's. */
function logFailure(err: ApiError, original: unknown) {
  console.warn(`zonepress: action failed (${err.code})`, original instanceof ApiError ? (err.detail ?? '') : original);
}
