import { describe, expect, it } from 'vitest';
import { parseHash, routeHash, type Route } from './nav';

describe('the 校样签版 addresses', () => {
  it('round-trip the rounds, a round being marked and the 签版 tab', () => {
    const routes: Route[] = [
      { name: 'pages' },
      { name: 'pages', issueId: 3 },
      { name: 'pages', issueId: 3, tab: 'signoff' },
      { name: 'pages', issueId: 3, round: 7 },
    ];
    for (const r of routes) expect(parseHash(routeHash(r))).toEqual(r);
    expect(routeHash({ name: 'pages', issueId: 3, round: 7 })).toBe('#/pages/3/round/7');
  });

  it('read a hand-edited address as the nearest screen', () => {
    expect(parseHash('#/pages/x')).toEqual({ name: 'pages' });
    expect(parseHash('#/pages/3/round/x')).toEqual({ name: 'pages', issueId: 3 });
    expect(parseHash('#/pages/3/whatever')).toEqual({ name: 'pages', issueId: 3 });
  });
});
