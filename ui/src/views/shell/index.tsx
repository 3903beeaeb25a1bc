import { lazy, Suspense, useEffect } from 'react';
import { Badge, Button, Layout, Menu, Space, Spin } from 'antd';
import {
  AuditOutlined,
  BulbOutlined,
  BarChartOutlined,
  ContactsOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FileProtectOutlined,
  GlobalOutlined,
  LayoutOutlined,
  LogoutOutlined,
  ReadOutlined,
  SearchOutlined,
  SettingOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../../i18n';
import { useArticles } from '../../state/articles';
import { useLive } from '../../state/live';
import { useNav } from '../../state/nav';
import { useSearch } from '../../state/search';
import { useSession } from '../../state/session';
import { AccountMenu } from './AccountMenu';
import { ArticlesView } from '../articles';
import { ConnectionBanner } from './ConnectionBanner';
import { InboxView } from '../inbox';
import { IssuesView } from '../issues';
import { SearchBox } from '../search/SearchBox';
import { Bell } from '../notifications/Bell';
import { isCorrespondentOnly } from '../../state/topics';

// The heavy screens (the TipTap editor, the layout board, import) load on
// first use, so the window is interactive sooner.
const AdminView = lazy(() => import('../admin').then((m) => ({ default: m.AdminView })));
const EditorView = lazy(() => import('../editor').then((m) => ({ default: m.EditorView })));
const ImportView = lazy(() => import('../import').then((m) => ({ default: m.ImportView })));
const LayoutView = lazy(() => import('../layout').then((m) => ({ default: m.LayoutView })));
const PagesView = lazy(() => import('../pages').then((m) => ({ default: m.PagesView })));
const ProofView = lazy(() => import('../proof').then((m) => ({ default: m.ProofView })));
const ContributorsView = lazy(() =>
  import('../stats/ContributorsView').then((m) => ({ default: m.ContributorsView })),
);
const PaymentsView = lazy(() => import('../stats/PaymentsView').then((m) => ({ default: m.PaymentsView })));
const StatsView = lazy(() => import('../stats').then((m) => ({ default: m.StatsView })));
const ReviewView = lazy(() => import('../review').then((m) => ({ default: m.ReviewView })));
const TopicsView = lazy(() => import('../topics').then((m) => ({ default: m.TopicsView })));
const MyPiecesView = lazy(() => import('../topics/MyPiecesView').then((m) => ({ default: m.MyPiecesView })));
const SearchView = lazy(() => import('../search').then((m) => ({ default: m.SearchView })));

export function Shell() {
  const { t, i18n } = useTranslation();
  const { route, go } = useNav();
  const { user, publication, logout } = useSession();
  const inbox = useArticles((s) => s.inbox);
  const loadInbox = useArticles((s) => s.loadInbox);
  const live = useLive((s) => s.status === 'connected');

  // The inbox follows the change events; without them it is asked again now and then.
  useEffect(() => {
    void loadInbox().catch(() => {});
    if (live) return;
    const timer = setInterval(() => void loadInbox(true).catch(() => {}), 30000);
    return () => clearInterval(timer);
  }, [loadInbox, route, live]);

  const waiting = inbox.to_review.length + inbox.returned.length;
  const correspondent = isCorrespondentOnly(user?.roles);
  const selected =
    route.name === 'article' || route.name === 'import' ? 'articles' : route.name === 'review' ? 'inbox' : route.name;
  // A 通讯员 sees their own topics and pieces, nothing else.
  const correspondentItems = [
    { key: 'topics', icon: <BulbOutlined />, label: t('topics.menuMine') },
    { key: 'mine', icon: <FileTextOutlined />, label: t('topics.piecesMenu') },
  ];
  const staffItems = [
    { key: 'issues', icon: <ReadOutlined />, label: t('nav.issues') },
    { key: 'topics', icon: <BulbOutlined />, label: t('topics.menu') },
    { key: 'articles', icon: <FileTextOutlined />, label: t('nav.articles') },
    { key: 'search', icon: <SearchOutlined />, label: t('search.menu') },
    {
      key: 'inbox',
      icon: <AuditOutlined />,
      label: (
        <Space>
          {t('nav.inbox')}
          <Badge count={waiting} size="small" data-testid="inbox-count" />
        </Space>
      ),
    },
    { key: 'proof', icon: <FileSearchOutlined />, label: t('nav.proof') },
    { key: 'layout', icon: <LayoutOutlined />, label: t('nav.layout') },
    { key: 'pages', icon: <FileProtectOutlined />, label: t('pages.menu') },
    { key: 'contributors', icon: <ContactsOutlined />, label: t('nav.contributors') },
    { key: 'stats', icon: <BarChartOutlined />, label: t('nav.stats') },
    // Amounts only for the roles the core lets see them.
    ...(user?.roles.some((r) => r === 'admin' || r === 'reviewer')
      ? [{ key: 'payments', icon: <WalletOutlined />, label: t('nav.payments') }]
      : []),
    ...(user?.roles.includes('admin') ? [{ key: 'admin', icon: <SettingOutlined />, label: t('nav.admin') }] : []),
  ];
  const items = correspondent ? correspondentItems : staffItems;

  let content;
  switch (route.name) {
    case 'issues':
      content = <IssuesView />;
      break;
    case 'articles':
      content = <ArticlesView issueId={route.issueId} />;
      break;
    case 'article':
      content = <EditorView id={route.id} />;
      break;
    case 'import':
      content = <ImportView issueId={route.issueId} />;
      break;
    case 'inbox':
      content = <InboxView />;
      break;
    case 'review':
      content = <ReviewView id={route.id} />;
      break;
    case 'proof':
      content = <ProofView issueId={route.issueId} />;
      break;
    case 'layout':
      content = <LayoutView issueId={route.issueId} />;
      break;
    case 'pages':
      content = <PagesView issueId={route.issueId} tab={route.tab} round={route.round} />;
      break;
    case 'admin':
      content = <AdminView />;
      break;
    case 'search':
      content = <SearchView query={route.q} />;
      break;
    case 'contributors':
      content = <ContributorsView />;
      break;
    case 'stats':
      content = <StatsView />;
      break;
    case 'payments':
      content = <PaymentsView />;
      break;
    case 'topics':
      content = <TopicsView issueId={route.issueId} />;
      break;
    case 'mine':
      content = <MyPiecesView />;
      break;
  }
  if (correspondent && !['topics', 'mine', 'article'].includes(route.name)) content = <MyPiecesView />;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="light" className="zp-sider">
        <div className="zp-brand">
          <span className="zp-seal">编</span>
          <div>
            <div className="zp-brand-name">{t('app.name')}</div>
            <div className="zp-brand-pub">{publication?.name}</div>
          </div>
        </div>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          items={items}
          onClick={({ key }) =>
            go(
              key === 'articles'
                ? { name: 'articles', issueId: null }
                : key === 'search'
                  ? { name: 'search', q: useSearch.getState().query }
                  : ({ name: key } as Parameters<typeof go>[0]),
            )
          }
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="zp-header">
          <AccountMenu />
          <Space>
            <Bell />
            {!correspondent && <SearchBox />}
            <Button
              type="text"
              icon={<GlobalOutlined />}
              onClick={() => setLanguage(i18n.language === 'zh' ? 'en' : 'zh')}
              data-testid="language"
            >
              {t('nav.language')}
            </Button>
            <Button type="text" icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
              {t('nav.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <ConnectionBanner />
        <Layout.Content className="zp-content">
          <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>{content}</Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
