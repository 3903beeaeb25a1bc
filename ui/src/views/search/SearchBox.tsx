import { useEffect, useState } from 'react';
import { Input } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNav } from '../../state/nav';
import { useSearch } from '../../state/search';

/**
 * The shell's search box: Enter opens archive search with what was typed;
 * Ctrl+K (⌘K) from anywhere goes to the search screen.
 */
export function SearchBox() {
  const { t } = useTranslation();
  const { route, go } = useNav();
  const [value, setValue] = useState('');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        if (useNav.getState().route.name === 'search') useSearch.getState().requestFocus();
        else go({ name: 'search', q: useSearch.getState().query });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  if (route.name === 'search') return null;
  return (
    <Input
      className="zp-shell-search"
      prefix={<SearchOutlined />}
      suffix={<span className="zp-kbd">Ctrl K</span>}
      placeholder={t('search.box')}
      value={value}
      onChange={(e) => setValue(e.target.value)}
      onPressEnter={() => {
        go({ name: 'search', q: value.trim() });
        setValue('');
      }}
      data-testid="shell-search"
      aria-label={t('search.box')}
    />
  );
}
