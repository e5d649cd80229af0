import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorItem } from '../../api/client';
import { NEW_ORG, unavailableReason, type OrgMatch } from '../../lib/attach';
import { FieldErrors, TextField } from '../Field';
import { Loading } from '../Notice';
import { ApprovalText, RightsText } from '../customer/Attachment';

/**
 * Seed 003, first screen of Create wholesale customer: the customer administrator's email, then
 * the existing organizations that match it (the suggested one first) to confirm one, or a new
 * organization.
 */
export function CustomerEmailStep({
  email,
  onEmail,
  matches,
  searching,
  choice,
  onChoice,
  problems,
  apiErrors,
}: {
  email: string;
  onEmail: (v: string) => void;
  /** The matches for the email as typed now; null before a search (or after the email changed). */
  matches: OrgMatch[] | null;
  searching: boolean;
  choice: string;
  onChoice: (v: string) => void;
  problems: Record<string, string>;
  apiErrors: Record<string, ErrorItem[]>;
}) {
  const { t } = useTranslation();
  const choiceInvalid = Boolean(problems.orgChoice || apiErrors.orgChoice?.length);
  const shown = matches !== null && matches.length > 0;
  // The list appearing after a search takes the focus on the chosen (or first available) option.
  const list = useRef<HTMLFieldSetElement>(null);
  const wasShown = useRef(shown);
  useEffect(() => {
    if (shown && !wasShown.current) {
      list.current?.querySelector<HTMLInputElement>('input[name="org-choice"]:checked, input[name="org-choice"]:not(:disabled)')?.focus();
    }
    wasShown.current = shown;
  }, [shown]);
  return (
    <>
      <fieldset>
        <legend>{t('attach.step')}</legend>
        <TextField id="c-lookup-email" type="email" label={t('attach.email')} hint={t('attach.emailHint')} required autoComplete="off"
          value={email} onValue={onEmail} problem={problems.primaryEmail} apiErrors={apiErrors.primaryEmail} />
      </fieldset>
      {searching && <Loading label={t('attach.searching')} />}
      {shown && (
        <fieldset ref={list} aria-describedby={`org-choice-hint${choiceInvalid ? ' org-choice-error' : ''}`}>
          <legend>{t('attach.found', { email: email.trim() })}</legend>
          <p id="org-choice-hint" className="hint">
            {t('attach.foundHint')}
          </p>
          <div className="radio-cards">
            {matches.map((m, i) => (
              <OrgOption key={m.orgId} m={m} index={i} email={email.trim()} checked={choice === m.orgId} onChoose={() => onChoice(m.orgId)} invalid={choiceInvalid} />
            ))}
            <div className={`radio-card${choice === NEW_ORG ? ' selected' : ''}`}>
              <input type="radio" id="org-new" name="org-choice" value={NEW_ORG} checked={choice === NEW_ORG} onChange={() => onChoice(NEW_ORG)}
                aria-describedby="org-new-hint" aria-invalid={choiceInvalid || undefined} />
              <label htmlFor="org-new">{t('attach.newOrg')}</label>
              <p id="org-new-hint" className="hint">
                {t('attach.newOrgHint')}
              </p>
            </div>
          </div>
          <FieldErrors id="org-choice-error" problem={problems.orgChoice} apiErrors={apiErrors.orgChoice} />
        </fieldset>
      )}
    </>
  );
}

function OrgOption({ m, index, email, checked, onChoose, invalid }: { m: OrgMatch; index: number; email: string; checked: boolean; onChoose: () => void; invalid: boolean }) {
  const { t } = useTranslation();
  const id = `org-${index}`;
  const reason = unavailableReason(m);
  const domain = email.split('@')[1] ?? '';
  return (
    <div className={`radio-card${checked ? ' selected' : ''}${reason ? ' disabled' : ''}`}>
      <input type="radio" id={id} name="org-choice" value={m.orgId} checked={checked} disabled={Boolean(reason)} onChange={onChoose}
        aria-describedby={`${id}-hint`} aria-invalid={(invalid && !reason) || undefined} />
      <label htmlFor={id}>
        {m.name}
      </label>
      <div id={`${id}-hint`} className="hint org-facts">
        {m.suggested && <span className="badge busy">{t('attach.suggested')}</span>}
        <p>{t(`attach.match.${m.match}`, { email, domain })}</p>
        {reason ? (
          <p className="unavailable">{t(reason)}</p>
        ) : (
          <>
            <p>
              <ApprovalText required={m.approvalRequired} reasons={m.approvalReasons} />
            </p>
            <p>
              <RightsText rights={m.partnerRights} />
            </p>
          </>
        )}
      </div>
    </div>
  );
}
