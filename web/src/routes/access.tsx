// Accounts and access (issue 12): my API tokens, sign-out everywhere; the accounts (administrators);
// collections and their members with a role in each (administrators and the collection's managers).
// The server decides; this page only offers what the session's permissions allow.
import { createAsync } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import {
  addAccount,
  changeAccount,
  changeCollection,
  createCollection,
  createToken,
  getAccounts,
  getCollections,
  getMe,
  getMembers,
  getMyTokens,
  removeMember,
  resetAccountPassword,
  revokeToken,
  setMember,
  signOutEverywhere,
  type Account,
  type Role,
} from '../api.ts';
import { errorMessage } from '../components/error-notice.tsx';
import { formatDateTime, t } from '../i18n.ts';
import { usePermissions } from '../lib/permissions.ts';
import { usePageTitle } from '../lib/title.ts';
import '../components/legal/legal.css';

const roles: Role[] = ['admin', 'translator', 'reviewer', 'researcher', 'legal'];
const memberRoles = ['researcher', 'translator', 'reviewer', 'legal'] as const;

/** Runs an action, showing its failure (the server's message) in `setError`. */
function attempt(setError: (e: string) => void, action: () => Promise<unknown>) {
  setError('');
  return action().catch((err: unknown) => setError(errorMessage(err)));
}

function MyTokens() {
  const tokens = createAsync(() => getMyTokens());
  const [name, setName] = createSignal('');
  const [expires, setExpires] = createSignal('');
  const [shown, setShown] = createSignal('');
  const [error, setError] = createSignal('');
  const create = (e: SubmitEvent) => {
    e.preventDefault();
    void attempt(setError, async () => {
      const made = await createToken(name().trim() || 'api', expires() ? new Date(`${expires()}T23:59:59`).toISOString() : undefined);
      setShown(made.token);
      setName('');
    });
  };
  return (
    <section class="access-tokens" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('access.tokens.title')}</h2>
      <p class="hint">{t('access.tokens.intro')}</p>
      <form class="inline-form" onSubmit={create}>
        <label>
          {t('access.tokens.name')} <input id="token-name" value={name()} onInput={(e) => setName(e.currentTarget.value)} maxLength={100} />
        </label>
        <label>
          {t('access.tokens.expires')} <input id="token-expires" type="date" value={expires()} onInput={(e) => setExpires(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('access.tokens.create')}</button>
      </form>
      <Show when={shown()}>
        <p class="notice" role="status">
          {t('access.tokens.shownOnce')} <code class="token-secret" dir="ltr">{shown()}</code>
        </p>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">{error()}</p>
      </Show>
      <table class="data-table">
        <thead>
          <tr>
            <th>{t('access.tokens.name')}</th>
            <th>{t('access.tokens.created')}</th>
            <th>{t('access.tokens.expires')}</th>
            <th>{t('access.tokens.lastUsed')}</th>
            <th>{t('access.tokens.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <For each={tokens() ?? []} fallback={<tr><td colSpan={6}>{t('access.tokens.none')}</td></tr>}>
            {(token) => (
              <tr data-token={token.id}>
                <td dir="auto">{token.name}</td>
                <td>{formatDateTime(token.createdAt)}</td>
                <td>{token.expiresAt ? formatDateTime(token.expiresAt) : t('access.tokens.never')}</td>
                <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('access.tokens.notUsed')}</td>
                <td>{token.active ? t('access.tokens.active') : token.revokedAt ? t('access.tokens.revoked') : t('access.tokens.expired')}</td>
                <td>
                  <Show when={token.active}>
                    <button type="button" class="link-button" onClick={() => attempt(setError, () => revokeToken(token.id))}>
                      {t('access.tokens.revoke')}
                    </button>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <p>
        <button
          type="button"
          onClick={() => {
            if (confirm(t('access.everywhere.confirm'))) void attempt(setError, async () => {
              await signOutEverywhere();
              location.assign('/login');
            });
          }}
        >
          {t('access.everywhere.button')}
        </button>
      </p>
    </section>
  );
}

function Accounts() {
  const accounts = createAsync(() => getAccounts());
  const [email, setEmail] = createSignal('');
  const [role, setRole] = createSignal<Role>('translator');
  const [oneTime, setOneTime] = createSignal<{ email: string; token: string } | null>(null);
  const [error, setError] = createSignal('');
  const add = (e: SubmitEvent) => {
    e.preventDefault();
    void attempt(setError, async () => {
      const added = await addAccount({ email: email().trim(), role: role() });
      if (added.setPassword) setOneTime({ email: added.user.email, token: added.setPassword.token });
      setEmail('');
    });
  };
  const reset = (account: Account) =>
    attempt(setError, async () => {
      const result = await resetAccountPassword(account.id);
      if (result.setPassword) setOneTime({ email: account.email, token: result.setPassword.token });
    });
  return (
    <section class="access-accounts" aria-labelledby="accounts-title">
      <h2 id="accounts-title">{t('access.accounts.title')}</h2>
      <form class="inline-form" onSubmit={add}>
        <label>
          {t('access.accounts.email')} <input id="invite-email" type="email" required dir="ltr" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label>
          {t('access.accounts.role')}{' '}
          <select id="invite-role" value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <For each={roles}>{(r) => <option value={r}>{t(`roles.${r}`)}</option>}</For>
          </select>
        </label>
        <button type="submit">{t('access.accounts.invite')}</button>
      </form>
      <Show when={oneTime()}>
        {(o) => (
          <p class="notice" role="status">
            {t('access.accounts.oneTime', { email: o().email })} <code class="set-password-token" dir="ltr">{o().token}</code>
          </p>
        )}
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">{error()}</p>
      </Show>
      <table class="data-table accounts-table">
        <thead>
          <tr>
            <th>{t('access.accounts.email')}</th>
            <th>{t('access.accounts.role')}</th>
            <th>{t('access.accounts.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <For each={accounts() ?? []}>
            {(account) => (
              <tr data-email={account.email}>
                <td dir="ltr">{account.email}</td>
                <td>
                  <select
                    aria-label={t('access.accounts.roleOf', { email: account.email })}
                    value={account.role}
                    onChange={(e) => attempt(setError, () => changeAccount(account.id, { role: e.currentTarget.value as Role }))}
                  >
                    <For each={roles}>{(r) => <option value={r}>{t(`roles.${r}`)}</option>}</For>
                  </select>
                </td>
                <td>
                  {account.disabled ? t('access.accounts.disabled') : account.passwordPending ? t('access.accounts.pending') : t('access.accounts.enabled')}
                </td>
                <td class="row-actions">
                  <button type="button" class="link-button" onClick={() => attempt(setError, () => changeAccount(account.id, { disabled: !account.disabled }))}>
                    {account.disabled ? t('access.accounts.enable') : t('access.accounts.disable')}
                  </button>
                  <button type="button" class="link-button" onClick={() => reset(account)}>
                    {t('access.accounts.reset')}
                  </button>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}

/**
 * `selfId`/`mayChangeOwn`: a manager who is no administrator may not change their own place here
 * (the server refuses it), so their own row is shown but not editable.
 */
function Members(props: { collectionId: number; accounts: Account[]; selfId: number | null; mayChangeOwn: boolean }) {
  const members = createAsync(() => getMembers(props.collectionId));
  const [userId, setUserId] = createSignal('');
  const [role, setRole] = createSignal<string>('');
  const [error, setError] = createSignal('');
  const place = (value: string) => (value === '' ? null : (value as (typeof memberRoles)[number]));
  return (
    <div class="collection-members">
      <Show when={error()}>
        <p class="error" role="alert">{error()}</p>
      </Show>
      <table class="data-table">
        <thead>
          <tr>
            <th>{t('access.accounts.email')}</th>
            <th>{t('access.members.role')}</th>
            <th>{t('access.members.manager')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <For each={members() ?? []} fallback={<tr><td colSpan={4}>{t('access.members.none')}</td></tr>}>
            {(m) => {
              const locked = () => m.userId === props.selfId && !props.mayChangeOwn;
              return (
                <tr data-member={m.email} title={locked() ? t('access.members.notOwn') : undefined}>
                  <td dir="ltr">{m.email}</td>
                  <td>
                    <select
                      disabled={locked()}
                      aria-label={t('access.members.roleOf', { email: m.email })}
                      value={m.role ?? ''}
                      onChange={(e) => attempt(setError, () => setMember(props.collectionId, m.userId, { role: place(e.currentTarget.value), manager: m.manager }))}
                    >
                      <option value="">{t('access.members.global', { role: t(`roles.${m.globalRole}`) })}</option>
                      <For each={memberRoles}>{(r) => <option value={r}>{t(`roles.${r}`)}</option>}</For>
                    </select>
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      disabled={locked()}
                      aria-label={t('access.members.managerOf', { email: m.email })}
                      checked={m.manager}
                      onChange={(e) => attempt(setError, () => setMember(props.collectionId, m.userId, { role: m.role as never, manager: e.currentTarget.checked }))}
                    />
                  </td>
                  <td>
                    <Show when={!locked()}>
                      <button type="button" class="link-button" onClick={() => attempt(setError, () => removeMember(props.collectionId, m.userId))}>
                        {t('access.members.remove')}
                      </button>
                    </Show>
                  </td>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
      <Show when={props.accounts.length > 0}>
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (userId()) void attempt(setError, () => setMember(props.collectionId, Number(userId()), { role: place(role()) }));
          }}
        >
          <label>
            {t('access.members.person')}{' '}
            <select class="member-person" value={userId()} onChange={(e) => setUserId(e.currentTarget.value)}>
              <option value="" />
              <For each={props.accounts}>{(a) => <option value={String(a.id)}>{a.email}</option>}</For>
            </select>
          </label>
          <label>
            {t('access.members.role')}{' '}
            <select class="member-role" value={role()} onChange={(e) => setRole(e.currentTarget.value)}>
              <option value="">{t('access.members.globalRole')}</option>
              <For each={memberRoles}>{(r) => <option value={r}>{t(`roles.${r}`)}</option>}</For>
            </select>
          </label>
          <button type="submit">{t('access.members.add')}</button>
        </form>
      </Show>
    </div>
  );
}

function Collections(props: { mayCreate: boolean; accounts: () => Account[]; selfId: number | null }) {
  const collections = createAsync(() => getCollections());
  const [name, setName] = createSignal('');
  const [restricted, setRestricted] = createSignal(true);
  const [open, setOpen] = createSignal<number | null>(null);
  const [error, setError] = createSignal('');
  const managed = () => (collections() ?? []).filter((c) => c.canManage);
  return (
    <Show when={props.mayCreate || managed().length > 0}>
      <section class="access-collections" aria-labelledby="collections-title">
        <h2 id="collections-title">{t('access.collections.title')}</h2>
        <Show when={props.mayCreate}>
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void attempt(setError, async () => {
                await createCollection(name().trim(), restricted());
                setName('');
              });
            }}
          >
            <label>
              {t('access.collections.name')} <input id="collection-name" required dir="auto" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
            </label>
            <label>
              <input type="checkbox" checked={restricted()} onChange={(e) => setRestricted(e.currentTarget.checked)} /> {t('access.collections.restricted')}
            </label>
            <button type="submit">{t('access.collections.create')}</button>
          </form>
        </Show>
        <Show when={error()}>
          <p class="error" role="alert">{error()}</p>
        </Show>
        <For each={managed()}>
          {(c) => (
            <details class="collection" data-collection={c.name} open={open() === c.id} onToggle={(e) => e.currentTarget.open && setOpen(c.id)}>
              <summary>
                <bdi>{c.name}</bdi> · {c.restricted ? t('access.collections.isRestricted') : t('access.collections.isOpen')} ·{' '}
                {t('access.collections.counts', { documents: c.documents, members: c.members })}
              </summary>
              <p>
                <button type="button" onClick={() => attempt(setError, () => changeCollection(c.id, { restricted: !c.restricted }))}>
                  {c.restricted ? t('access.collections.open') : t('access.collections.restrict')}
                </button>
              </p>
              <Show when={open() === c.id}>
                <Members collectionId={c.id} accounts={props.accounts()} selfId={props.selfId} mayChangeOwn={props.mayCreate} />
              </Show>
            </details>
          )}
        </For>
      </section>
    </Show>
  );
}

export function AccessPage() {
  const may = usePermissions();
  const me = createAsync(() => getMe());
  usePageTitle(() => t('access.title'));
  const accounts = createAsync(() => (may('user.manage') ? getAccounts() : Promise.resolve([] as Account[])));
  return (
    <div class="legal-page access-page">
      <h1>{t('access.title')}</h1>
      <MyTokens />
      <Show when={may('user.manage')}>
        <Accounts />
      </Show>
      <Collections mayCreate={may('collection.manage')} accounts={() => accounts() ?? []} selfId={me()?.id ?? null} />
    </div>
  );
}
