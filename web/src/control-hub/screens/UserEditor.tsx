import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ok, type ApiProblem, type Location } from '../../api/client';
import { assignProblem } from '../../api/errors';
import { SelectField, TextField } from '../../components/Field';
import { Loading } from '../../components/Notice';
import { ProblemBanner } from '../../components/ProblemBanner';
import { USER_PACKAGES, isCalling, isEmail } from '../../lib/domain';
import { asProblem, useFocusInvalid, useLoad } from '../../lib/hooks';
import { USER_RULES } from '../../lib/userRows';
import { Link, navigate } from '../../router';
import { chApi, type ChNewUser, type ChUser, type ChUserEdit, type ChWholesale } from '../api';
import { ChPage } from '../ChPage';

/**
 * Add a user, or edit one: name and the wholesale package. A package goes through the partner's
 * Subscriber API rules (quantities, the administrator's package level, numbers): the API's
 * refusals show next to the fields with their codes.
 */
export function UserEditor({ personId }: { personId?: string }) {
  const { t } = useTranslation();
  const ctx = useLoad(async () => {
    const [users, locations, user] = await Promise.all([
      ok(chApi.GET('/v1/control-hub/users', { params: { query: { max: '1' } } })).then((r) => r.data),
      ok(chApi.GET('/v1/control-hub/locations')).then((r) => r.data.items),
      personId ? ok(chApi.GET('/v1/control-hub/users/{personId}', { params: { path: { personId } } })).then((r) => r.data) : Promise.resolve(undefined),
    ]);
    return { wholesale: users.wholesale, locations, user };
  }, [personId]);
  const title = personId ? t('controlHub.users.edit') : t('controlHub.users.add');
  const crumbs = [{ label: t('controlHub.users.title'), to: '/control-hub/users' }, { label: title }];
  if (!ctx.data) {
    return (
      <ChPage title={title} crumbs={crumbs}>
        {ctx.loading ? <Loading label={t('common.loading')} /> : <ProblemBanner problem={ctx.problem} />}
      </ChPage>
    );
  }
  return (
    <ChPage title={ctx.data.user ? t('controlHub.users.editNamed', { name: ctx.data.user.displayName }) : title} crumbs={crumbs}>
      <UserForm user={ctx.data.user} wholesale={ctx.data.wholesale} locations={ctx.data.locations} />
    </ChPage>
  );
}

type Form = { email: string; firstName: string; lastName: string; pkg: string; locationId: string; phoneNumber: string; extension: string };

function UserForm({ user, wholesale, locations }: { user?: ChUser; wholesale: ChWholesale | null; locations: Location[] }) {
  const { t } = useTranslation();
  const current = user?.packages[0] ?? '';
  const [form, setForm] = useState<Form>({
    email: user?.email ?? '', firstName: user?.firstName ?? '', lastName: user?.lastName ?? '', pkg: current, locationId: '', phoneNumber: '', extension: '',
  });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const { banner, focusInvalid } = useFocusInvalid();
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const choices = (wholesale?.packages ?? []).filter((p) => p.status === 'provisioned' && (USER_PACKAGES as readonly string[]).includes(p.name));
  // Number and extension: for a calling package the user does not hold yet.
  const needsCalling = form.pkg !== '' && isCalling(form.pkg) && !(current && isCalling(current));
  const assigned = assignProblem(problem, USER_RULES);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p: Record<string, string> = {};
    if (!user && !isEmail(form.email.trim())) p.email = t('validation.email');
    if (!user && !form.firstName.trim()) p.firstName = t('validation.required');
    if (!user && !form.lastName.trim()) p.lastName = t('validation.required');
    if (needsCalling && !form.phoneNumber.trim() && !form.extension.trim()) p.extension = t('controlHub.users.numberOrExtension');
    setProblems(p);
    if (Object.keys(p).length) {
      focusInvalid.current = true;
      return;
    }
    setBusy(true);
    setProblem(null);
    const numbers = needsCalling ? {
      ...(form.phoneNumber.trim() ? { primaryPhoneNumber: form.phoneNumber.trim() } : {}),
      ...(form.extension.trim() ? { extension: form.extension.trim() } : {}),
      ...(form.locationId ? { locationId: form.locationId } : {}),
    } : {};
    try {
      if (user) {
        const pkg = form.pkg === current ? undefined : (form.pkg || null);
        await ok(chApi.PUT('/v1/control-hub/users/{personId}', {
          params: { path: { personId: user.id } },
          body: { firstName: form.firstName.trim() || undefined, lastName: form.lastName.trim() || undefined, ...(pkg !== undefined ? { package: pkg as ChUserEdit['package'] } : {}), ...numbers },
        }));
        navigate('/control-hub/users?saved=1');
      } else {
        const { response } = await ok(chApi.POST('/v1/control-hub/users', {
          body: { email: form.email.trim(), firstName: form.firstName.trim(), lastName: form.lastName.trim(), ...(form.pkg ? { package: form.pkg as ChNewUser['package'] } : {}), ...numbers },
        }));
        navigate(`/control-hub/users?saved=${response.status === 202 ? 'pending' : '1'}`);
      }
    } catch (err) {
      setProblem(asProblem(err));
      focusInvalid.current = true;
    } finally {
      setBusy(false);
    }
  };

  const err = (f: string) => problems[f] ?? null;
  return (
    <>
      <ProblemBanner ref={banner} problem={problem} rest={assigned.rest} fieldCount={Object.keys(assigned.byField).length} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <fieldset>
          <legend>{t('controlHub.users.details')}</legend>
          <TextField id="u-email" label={t('users.email')} type="email" required={!user} readOnly={Boolean(user)} autoComplete="off" value={form.email}
            onValue={(v) => set({ email: v })} problem={err('email')} apiErrors={assigned.byField.email} />
          <div className="grid-2">
            <TextField id="u-first" label={t('users.firstName')} required={!user} maxLength={64} autoComplete="off" value={form.firstName}
              onValue={(v) => set({ firstName: v })} problem={err('firstName')} apiErrors={assigned.byField.firstName} />
            <TextField id="u-last" label={t('users.lastName')} required={!user} maxLength={64} autoComplete="off" value={form.lastName}
              onValue={(v) => set({ lastName: v })} problem={err('lastName')} apiErrors={assigned.byField.lastName} />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('users.package')}</legend>
          {!wholesale && <p className="hint">{t('controlHub.users.noWholesale')}</p>}
          <SelectField id="u-package" label={t('users.package')} value={form.pkg} onValue={(v) => set({ pkg: v })} disabled={!wholesale}
            hint={wholesale?.packageLevel ? t('controlHub.users.adminLevel', { pkg: t(`packages.${wholesale.packageLevel}`) }) : undefined}
            apiErrors={assigned.byField.pkg}>
            <option value="">{t('controlHub.users.noPackage')}</option>
            {current && !choices.some((c) => c.name === current) && <option value={current}>{t(`packages.${current}`, { defaultValue: current })}</option>}
            {choices.map((c) => (
              <option key={c.name} value={c.name}>
                {t(`packages.${c.name}`)}{c.limit !== null ? ` (${t('controlHub.users.assignedOf', { assigned: c.assigned, limit: c.limit })})` : ''}
              </option>
            ))}
          </SelectField>
          {needsCalling && (
            <>
              {locations.length > 1 && (
                <SelectField id="u-location" label={t('users.location')} required value={form.locationId} onValue={(v) => set({ locationId: v })}
                  apiErrors={assigned.byField.locationId}>
                  <option value="">{t('common.choose')}</option>
                  {locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
                </SelectField>
              )}
              <div className="grid-2">
                <TextField id="u-number" label={t('users.phoneNumber')} hint={t('controlHub.users.phoneHint')} autoComplete="off" value={form.phoneNumber}
                  onValue={(v) => set({ phoneNumber: v })} problem={err('phoneNumber')} apiErrors={assigned.byField.phoneNumber} />
                <TextField id="u-extension" label={t('users.extension')} hint={t('users.extensionHint')} inputMode="numeric" autoComplete="off" value={form.extension}
                  onValue={(v) => set({ extension: v })} problem={err('extension')} apiErrors={assigned.byField.extension} />
              </div>
            </>
          )}
        </fieldset>
        <div className="wizard-buttons">
          <Link className="button secondary" to="/control-hub/users">{t('common.cancel')}</Link>
          <span className="spacer" />
          <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
            {busy && <span className="spinner small" aria-hidden="true" />}
            {user ? t('common.save') : t('controlHub.users.add')}
          </button>
        </div>
      </form>
    </>
  );
}
