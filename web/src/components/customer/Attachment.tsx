import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { Link } from '../../router';
import { Notice } from '../Notice';
import { Facts } from '../Wizard';

type Rights = NonNullable<Customer['attachment']>['partnerRights'];

/** What the partner can do in an attached organization (seed 003), in one sentence. */
export function RightsText({ rights }: { rights: Rights }) {
  const { t } = useTranslation();
  return <>{t(`attach.rightsLine.${rights}`)}</>;
}

/** Whether attaching waits for the customer administrator's approval, and why. */
export function ApprovalText({ required, reasons }: { required: boolean; reasons: string[] }) {
  const { t } = useTranslation();
  return <>{required ? t('attach.approvalNeeded', { reasons: reasonList(t, reasons) }) : t('attach.automatic')}</>;
}

export const reasonList = (t: TFunction, reasons: string[]): string => reasons.map((r) => t(`attach.reason.${r}`, { defaultValue: r })).join('; ');

/**
 * Seed 003: after attaching wholesale services to the partner's own customer organization,
 * further provisioning happens through the API only; Partner Hub shows the customer read-only
 * (the API refuses Partner Hub's changes with 6042).
 */
export const isApiOnly = (c: Customer | undefined): boolean => c?.attachment?.apiOnly === true;

export function ApiOnlyNotice({ customerPath }: { customerPath?: string }) {
  const { t } = useTranslation();
  return (
    <Notice tone="info" title={t('customer.apiOnly.title')}>
      <p>{t('customer.apiOnly.text')}</p>
      {customerPath && (
        <p>
          <Link to={customerPath}>{t('users.backToCustomer')}</Link>
        </p>
      )}
    </Notice>
  );
}

/** The customer page's "Existing organization" section: the partner's rights and the approval. */
export function AttachmentSection({ customer: c }: { customer: Customer }) {
  const { t } = useTranslation();
  const f = useFormat();
  const a = c.attachment;
  if (!a) return null;
  const approval = a.approval;
  const reasons = approval ? reasonList(t, approval.reasons) : '';
  return (
    <section aria-labelledby="attach-title">
      <h2 id="attach-title">{t('customer.attach.title')}</h2>
      <p className="muted">{t('customer.attach.intro')}</p>
      <Facts
        items={[
          [t('customer.attach.rights'), t(`attach.rightsName.${a.partnerRights}`)],
          [
            t('customer.attach.approval'),
            approval ? t(`customer.attach.approvalStatus.${approval.status}`) : t('customer.attach.noApproval'),
          ],
          ...(approval
            ? ([
                [t('customer.attach.reasons'), reasons],
                [t('customer.attach.requested'), f.dateTime(approval.requested)],
                approval.decided
                  ? [t('customer.attach.decided'), f.dateTime(approval.decided)]
                  : [t('customer.attach.expires'), f.dateTime(approval.expires)],
              ] as Array<[string, string]>)
            : []),
          [t('customer.attach.portal'), a.apiOnly ? t('customer.apiOnly.title') : t('customer.attach.portalWritable')],
        ]}
      />
      {a.partnerRights === 'provisioning_admin' && (
        <Notice tone="warning" title={t('customer.attach.limitedTitle')}>
          <p>{t('customer.attach.limitedText')}</p>
          <p>{t('customer.attach.askFullAdmin')}</p>
        </Notice>
      )}
    </section>
  );
}
