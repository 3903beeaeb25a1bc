import { lazy, Suspense, useEffect, useSyncExternalStore } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import { useSession } from './state/session';
import { LoginView } from './views/login';

// The login screen comes first and alone: the workstation (tables, date
// pickers, the editor's views) loads while the user types the password.
const loadShell = () => import('./views/shell');
const Shell = lazy(() => loadShell().then((m) => ({ default: m.Shell })));
const ChangePasswordView = lazy(() =>
  import('./views/login/ChangePasswordView').then((m) => ({ default: m.ChangePasswordView })),
);

export function App() {
  const { i18n } = useTranslation();
  const status = useSession((s) => s.status);
  const restore = useSession((s) => s.restore);
  const zh = i18n.language !== 'en';
  const reducedMotion = usePrefersReducedMotion();

  useEffect(() => {
    void restore();
  }, [restore]);
  useEffect(() => {
    if (status !== 'anonymous') return;
    const t = setTimeout(() => void loadShell().catch(() => {}), 300);
    return () => clearTimeout(t);
  }, [status]);
  useEffect(() => {
    dayjs.locale(zh ? 'zh-cn' : 'en');
    document.documentElement.lang = zh ? 'zh-CN' : 'en';
  }, [zh]);

  return (
    <ConfigProvider
      locale={zh ? zhCN : enUS}
      button={{ autoInsertSpace: false }}
      theme={{
        token: {
          colorPrimary: '#1f4e79',
          // The system's "reduce motion" setting: dialogs, menus and
          // messages appear without their zoom and slide.
          motion: !reducedMotion,
          borderRadius: 4,
          fontFamily:
            '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif',
        },
      }}
    >
      <AntApp>
        <Suspense fallback={<Waiting />}>
          {status === 'checking' ? (
            <Waiting />
          ) : status === 'anonymous' ? (
            <LoginView />
          ) : status === 'must_change_password' ? (
            <ChangePasswordView />
          ) : (
            <Shell />
          )}
        </Suspense>
      </AntApp>
    </ConfigProvider>
  );
}

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia?.(REDUCED_MOTION);
      query?.addEventListener('change', changed);
      return () => query?.removeEventListener('change', changed);
    },
    () => window.matchMedia?.(REDUCED_MOTION).matches ?? false,
  );
}

function Waiting() {
  return (
    <div className="zp-center">
      <Spin size="large" />
    </div>
  );
}
