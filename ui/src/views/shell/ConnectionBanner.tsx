import { useEffect, useRef, useState } from 'react';
import { Alert, App as AntApp, Button } from 'antd';
import { DisconnectOutlined, LoadingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLive } from '../../state/live';

/** A cut that heals within this time shows no banner. */
const QUIET_MS = 1500;

/** Seconds until `at`, updated every second. */
function useCountdown(at: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The state of the live connection, under the header: nothing while it is
 * up; reconnecting after a cut; offline with the next attempt and 立即重试.
 */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const status = useLive((s) => s.status);
  const retryAt = useLive((s) => s.retryAt);
  const retryNow = useLive((s) => s.retryNow);
  const seconds = useCountdown(status === 'offline' ? retryAt : null);
  const [shown, setShown] = useState(false);
  const wasDown = useRef(false);

  const down = status === 'reconnecting' || status === 'offline';
  useEffect(() => {
    if (!down) {
      if (wasDown.current) {
        wasDown.current = false;
        if (status === 'connected') message.success(t('live.back'));
      }
      setShown(false);
      return;
    }
    const timer = setTimeout(() => {
      wasDown.current = true;
      setShown(true);
    }, status === 'offline' ? 0 : QUIET_MS);
    return () => clearTimeout(timer);
  }, [down, status, message, t]);

  if (!down || !shown) return null;
  return (
    <Alert
      banner
      type={status === 'offline' ? 'warning' : 'info'}
      icon={status === 'offline' ? <DisconnectOutlined /> : <LoadingOutlined />}
      className="zp-connection"
      data-testid="connection-banner"
      data-state={status}
      title={
        status === 'offline'
          ? seconds > 0
            ? t('live.offline', { n: seconds })
            : t('live.retrying')
          : t('live.reconnecting')
      }
      description={t('live.kept')}
      action={
        status === 'offline' ? (
          <Button size="small" onClick={retryNow} data-testid="connection-retry">
            {t('live.retryNow')}
          </Button>
        ) : undefined
      }
    />
  );
}
