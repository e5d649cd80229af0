import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok, type ApiProblem } from '../api/client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CopyButton } from '../components/CopyButton';
import { Loading, Notice } from '../components/Notice';
import { Page } from '../components/Page';
import { ProblemBanner } from '../components/ProblemBanner';
import { TemplateSummary } from '../components/template/TemplateSummary';
import { Facts } from '../components/Wizard';
import { useFormat } from '../i18n/format';
import { asProblem, useLoad } from '../lib/hooks';
import { fromTemplate } from '../lib/templateForm';
import { Link, navigate, useLocation } from '../router';

/** A template: its Provisioning ID to copy (seed 004 step 10), its settings, Edit and Delete. */
export function TemplatePage({ templateId }: { templateId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { search } = useLocation();
  const tpl = useLoad(async () => (await ok(api.GET('/v1/wholesale/templates/{templateId}', { params: { path: { templateId } } }))).data, [templateId]);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [deleteProblem, setDeleteProblem] = useState<ApiProblem | null>(null);
  const crumbs = [{ label: t('nav.customers'), to: '/customers' }, { label: t('templates.title'), to: '/templates' }];

  const data = tpl.data;
  if (!data) {
    return (
      <Page title={t('templates.template')} crumbs={crumbs}>
        {tpl.loading ? <Loading label={t('common.loading')} /> : <ProblemBanner problem={tpl.problem} />}
      </Page>
    );
  }

  const remove = async () => {
    setBusy(true);
    setDeleteProblem(null);
    try {
      await ok(api.DELETE('/v1/wholesale/templates/{templateId}', { params: { path: { templateId } } }));
      navigate('/templates');
    } catch (err) {
      setDeleteProblem(asProblem(err));
      setConfirm(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page
      title={data.name}
      crumbs={[...crumbs, { label: data.name }]}
      actions={
        <>
          <Link className="button secondary" to={`/templates/${encodeURIComponent(data.id)}/edit`}>
            {t('common.edit')}
          </Link>
          <button type="button" className="danger" onClick={() => setConfirm(true)}>
            {t('common.delete')}
          </button>
        </>
      }
    >
      {search.get('created') && <Notice tone="success" live title={t('templates.created')}>{t('templates.copyNow')}</Notice>}
      {search.get('saved') && <Notice tone="success" live title={t('templates.saved')} />}
      <ProblemBanner problem={deleteProblem} />
      {data.warnings?.map((w, i) => (
        <Notice key={i} tone="warning">
          <p>
            <span className="code">{t('errors.warningCode', { code: w.errorCode })}</span> {w.description}
          </p>
        </Notice>
      ))}
      <section className="provisioning-id" aria-labelledby="pid-title">
        <h2 id="pid-title">{t('templates.provisioningId')}</h2>
        <p className="hint">{t('templates.provisioningIdHint')}</p>
        <div className="id-value">
          <code className="big">{data.provisioningId}</code>
          <CopyButton value={data.provisioningId} label={t('templates.copyProvisioningId')} />
        </div>
      </section>
      <Facts
        items={[
          [t('templates.customers'), f.number(data.customerCount)],
          [t('customers.created'), f.dateTime(data.created)],
          [t('templates.updated'), f.dateTime(data.updated)],
        ]}
      />
      <TemplateSummary form={fromTemplate(data)} />
      <ConfirmDialog
        open={confirm}
        title={t('templates.deleteTitle', { name: data.name })}
        confirmLabel={t('common.delete')}
        busy={busy}
        onConfirm={() => void remove()}
        onClose={() => setConfirm(false)}
      >
        <p>{data.customerCount > 0 ? t('templates.deleteInUse', { n: data.customerCount }) : t('templates.deleteText')}</p>
      </ConfirmDialog>
    </Page>
  );
}
