import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Popconfirm, Row, Space, Tag, Typography, type ButtonProps } from 'antd';
import { CopyOutlined, MergeCellsOutlined, SaveOutlined, SwapOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { fieldsOf } from '../../doc/fields';
import { useEditing, type Conflict } from '../../state/editing';
import { when } from '../common';
import { DiffView } from '../common/DiffView';
import { ArticleText, plainText } from './ArticleText';
import { useFail } from '../common/useFail';

/**
 * Someone saved a newer revision than the one the user's text is based on:
 * the user's text beside the latest, the character diff between them, and
 * three ways on — keep mine (saved on top of the latest), take the latest,
 * or merge by hand. Nothing is saved or dropped until the user chooses.
 */
export function ConflictView({ conflict }: { conflict: Conflict }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const keepMine = useEditing((s) => s.keepMine);
  const takeLatest = useEditing((s) => s.takeLatest);
  const mergeByHand = useEditing((s) => s.mergeByHand);
  const base = useEditing((s) => s.article?.revision ?? 0);
  const [busy, setBusy] = useState(false);
  const { latest, mine, diff, reason } = conflict;
  const who = latest.updated_by.display_name;

  const keep = async () => {
    setBusy(true);
    try {
      await keepMine();
      if (useEditing.getState().saveState === 'saved') message.success(t('conflict.keptMine', { n: useEditing.getState().article?.revision }));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(plainText(mine));
      message.success(t('conflict.copied'));
    } catch {
      message.warning(t('conflict.copyFailed'));
    }
  };

  return (
    <div className="zp-conflict" data-testid="conflict-view">
      <Alert
        type="warning"
        showIcon
        title={t(`conflict.title.${reason}`, { n: latest.revision, who, base })}
        description={
          <div>
            <p style={{ margin: '0 0 10px' }}>{t('conflict.intro', { n: latest.revision, base })}</p>
            <Space wrap>
              <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void keep()} data-testid="conflict-keep">
                {t('conflict.keepMine')}
              </Button>
              <Button icon={<MergeCellsOutlined />} onClick={mergeByHand} data-testid="conflict-merge">
                {t('conflict.merge')}
              </Button>
              <Popconfirm
                title={t('conflict.takeLatestConfirm')}
                okButtonProps={{ danger: true, 'data-testid': 'conflict-latest-confirm' } as ButtonProps}
                onConfirm={takeLatest}
              >
                <Button danger icon={<SwapOutlined />} data-testid="conflict-latest">
                  {t('conflict.takeLatest', { n: latest.revision })}
                </Button>
              </Popconfirm>
              <Button type="text" icon={<CopyOutlined />} onClick={() => void copy()}>
                {t('conflict.copy')}
              </Button>
            </Space>
          </div>
        }
        style={{ marginBottom: 12 }}
      />
      <Row gutter={12}>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            className="zp-conflict-side mine"
            title={
              <Space>
                <Tag color="blue">{t('conflict.mineTag')}</Tag>
                {t('conflict.mine', { base })}
              </Space>
            }
          >
            <ArticleText fields={mine} testId="conflict-mine" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            className="zp-conflict-side latest"
            title={
              <Space>
                <Tag color="orange">{t('conflict.latestTag')}</Tag>
                {t('conflict.latest', { n: latest.revision, who, when: when(latest.updated_at) })}
              </Space>
            }
          >
            <ArticleText fields={fieldsOf(latest)} testId="conflict-latest-text" />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        style={{ marginTop: 12 }}
        title={t('conflict.diffTitle', { n: latest.revision })}
        extra={
          diff && (
            <Space size={4}>
              <Tag color="green">{t('conflict.onlyMine', { n: diff.inserted })}</Tag>
              <Tag color="red">{t('conflict.onlyLatest', { n: diff.deleted })}</Tag>
            </Space>
          )
        }
      >
        {diff ? (
          diff.inserted + diff.deleted === 0 ? (
            <Typography.Text type="secondary">{t('conflict.same')}</Typography.Text>
          ) : (
            <>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('conflict.legend')}
              </Typography.Paragraph>
              <DiffView diff={diff} />
            </>
          )
        ) : (
          <Typography.Text type="secondary">{t('conflict.noDiff')}</Typography.Text>
        )}
      </Card>
    </div>
  );
}
