import { useTranslation } from 'react-i18next';
import type { Location, PhoneNumber, SubscriberPackage } from '../../api/client';
import { assignProblem } from '../../api/errors';
import { isCalling } from '../../lib/domain';
import { USER_RULES, type UserRow } from '../../lib/userRows';
import { SelectField, TextField } from '../Field';
import { ProblemBanner } from '../ProblemBanner';

type Props = {
  row: UserRow;
  index: number;
  packages: readonly SubscriberPackage[];
  locations: Location[];
  /** Available numbers not chosen in another row. */
  numbers: PhoneNumber[];
  onChange: (patch: Partial<UserRow>) => void;
  onRemove?: () => void;
};

/** One user: name, email, package, and for calling packages a location, a number and/or an extension. */
export function UserRowFields({ row, index, packages, locations, numbers, onChange, onRemove }: Props) {
  const { t } = useTranslation();
  const n = index + 1;
  const id = (f: string) => `u${row.key.slice(0, 8)}-${f}`;
  const assigned = assignProblem(row.problem, USER_RULES);
  const problem = (f: string) => (row.problems[f] ? t(row.problems[f]) : null);
  const calling = row.pkg !== '' && isCalling(row.pkg);
  const locationId = row.locationId || (locations.length === 1 ? locations[0]!.id : '');
  const choices = numbers.filter((x) => !locationId || x.location.id === locationId);

  if (row.state === 'done' && row.result) {
    return (
      <li className="user-row done">
        <p role="status">
          <span className="badge ok">{t('users.added')}</span> {t('users.rowLabel', { n })}: <strong>{row.firstName} {row.lastName}</strong> · {row.result.email} ·{' '}
          {row.result.packages.map((p) => t(`packages.${p}`)).join(', ')}
          {row.phoneNumber && ` · ${row.phoneNumber}`}
          {row.extension && ` · ${t('users.ext', { ext: row.extension })}`}
        </p>
      </li>
    );
  }

  const sending = row.state === 'sending';
  return (
    <li className={`user-row${row.state === 'failed' ? ' failed' : ''}`}>
      <fieldset disabled={sending} aria-busy={sending || undefined}>
        <legend>
          {t('users.rowLabel', { n })}
          {sending && (
            <span className="muted small">
              {' '}
              <span className="spinner small" aria-hidden="true" /> {t('users.sending')}
            </span>
          )}
        </legend>
        {row.problem && <ProblemBanner problem={row.problem} rest={assigned.rest} fieldCount={Object.keys(assigned.byField).length} />}
        <div className="user-grid">
          <TextField id={id('first')} label={t('users.firstName')} required autoComplete="off" value={row.firstName}
            onValue={(v) => onChange({ firstName: v })} problem={problem('firstName')} apiErrors={assigned.byField.firstName} />
          <TextField id={id('last')} label={t('users.lastName')} required autoComplete="off" value={row.lastName}
            onValue={(v) => onChange({ lastName: v })} problem={problem('lastName')} apiErrors={assigned.byField.lastName} />
          <TextField id={id('email')} type="email" label={t('users.email')} required autoComplete="off" value={row.email}
            onValue={(v) => onChange({ email: v })} problem={problem('email')} apiErrors={assigned.byField.email} />
          <SelectField id={id('pkg')} label={t('users.package')} required value={row.pkg}
            onValue={(v) => onChange({ pkg: v as SubscriberPackage | '' })} problem={problem('pkg')} apiErrors={assigned.byField.pkg}>
            <option value="">{t('common.choose')}</option>
            {packages.map((p) => (
              <option key={p} value={p}>{t(`packages.${p}`)}</option>
            ))}
          </SelectField>
          {calling && (
            <>
              <SelectField id={id('loc')} label={t('users.location')} required={locations.length > 1} value={locationId}
                onValue={(v) => onChange({ locationId: v, phoneNumber: '' })} problem={problem('locationId')} apiErrors={assigned.byField.locationId}>
                {locations.length !== 1 && <option value="">{t('common.choose')}</option>}
                {locations.map((l) => (
                  <option key={l.id} value={l.id}>{l.name}</option>
                ))}
              </SelectField>
              <SelectField id={id('number')} label={t('users.phoneNumber')} hint={choices.length === 0 ? t('users.noNumbers') : undefined}
                value={row.phoneNumber} onValue={(v) => onChange({ phoneNumber: v })} problem={problem('phoneNumber')} apiErrors={assigned.byField.phoneNumber}>
                <option value="">{t('users.noNumber')}</option>
                {row.phoneNumber && !choices.some((c) => c.phoneNumber === row.phoneNumber) && <option value={row.phoneNumber}>{row.phoneNumber}</option>}
                {choices.map((c) => (
                  <option key={c.phoneNumber} value={c.phoneNumber}>{c.phoneNumber}</option>
                ))}
              </SelectField>
              <TextField id={id('ext')} label={t('users.extension')} hint={t('users.extensionHint')} inputMode="numeric" autoComplete="off" maxLength={10}
                value={row.extension} onValue={(v) => onChange({ extension: v })} problem={problem('extension')} apiErrors={assigned.byField.extension} />
            </>
          )}
        </div>
        {onRemove && (
          <button type="button" className="secondary small" onClick={onRemove} aria-label={t('users.removeRow', { n })}>
            {t('common.remove')}
          </button>
        )}
      </fieldset>
    </li>
  );
}
