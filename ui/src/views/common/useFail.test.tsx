import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { ApiError } from '../../api';
import { useFail } from './useFail';

/** A button that fails with the given error when clicked. */
function Failing({ error }: { error: unknown }) {
  const fail = useFail();
  return <button onClick={() => fail(error)}>签发</button>;
}

function press(error: unknown) {
  render(
    <AntApp>
      <Failing error={error} />
    </AntApp>,
  );
  act(() => screen.getByText('签发').click());
}

describe('useFail', () => {
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('shows the backend message in Chinese and logs the code in English', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    press(new ApiError('forbidden', '只有总编辑可以签发本期。'));
    expect(await screen.findByText('只有总编辑可以签发本期。')).toBeTruthy();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toBe('zonepress: action failed (forbidden)');
  });

  it('rebuilds an error a transport delivered as data', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    press({ code: 'conflict', message: '稿件已被他人修改，请载入最新稿次。' });
    expect(await screen.findByText('稿件已被他人修改，请载入最新稿次。')).toBeTruthy();
    expect(warn.mock.calls[0][0]).toBe('zonepress: action failed (conflict)');
  });

  it('keeps a program error for the log and tells the user something went wrong', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bug = new TypeError('cannot read properties of undefined');
    press(bug);
    expect(await screen.findByText('发生未知错误')).toBeTruthy();
    expect(warn.mock.calls[0]).toEqual(['zonepress: action failed (internal)', bug]);
  });
});
