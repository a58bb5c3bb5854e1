// Public verification (issue 7): anyone holding a certified PDF, an original scan or a
// snapshot hash can check it here without an account. The file is hashed in the browser and
// never sent; the page shows only what GET /api/verify/:sha256 answers (match, as what, who
// certified and when, superseded or not).
import { createAsync, useNavigate, useParams } from '@solidjs/router';
import { createSignal, ErrorBoundary, For, Show, Suspense } from 'solid-js';
import { getVerification } from '../api.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import '../components/legal/legal.css';
import { formatDateTime, formatNumber, t } from '../i18n.ts';
import { SHA256_HEX, sha256Hex } from '../lib/sha256.ts';
import { usePageTitle } from '../lib/title.ts';

export function VerifyPage() {
  const params = useParams<{ sha256?: string }>();
  const navigate = useNavigate();
  usePageTitle(() => t('verify.title'));

  const [fileName, setFileName] = createSignal<string>();
  const [hashing, setHashing] = createSignal(false);
  const [dragging, setDragging] = createSignal(false);
  const [inputError, setInputError] = createSignal<string>();

  const hash = () => (params.sha256 ?? '').toLowerCase();
  const validHash = () => SHA256_HEX.test(hash());
  const result = createAsync(async () => (validHash() ? getVerification(hash()) : undefined));

  async function useFile(file: File | undefined) {
    if (!file) return;
    setHashing(true);
    setInputError(undefined);
    try {
      const digest = await sha256Hex(file);
      setFileName(file.name);
      navigate(`/verify/${digest}`);
    } catch {
      setInputError(t('verify.hashFailed'));
    } finally {
      setHashing(false);
    }
  }

  function submitHash(e: SubmitEvent) {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget as HTMLFormElement).get('sha256') ?? '')
      .trim()
      .replace(/\s+/g, '');
    if (!SHA256_HEX.test(value)) {
      setInputError(t('verify.badHash'));
      return;
    }
    setInputError(undefined);
    setFileName(undefined);
    navigate(`/verify/${value.toLowerCase()}`);
  }

  return (
    <div class="legal-page verify-page">
      <h1>{t('verify.title')}</h1>
      <p>{t('verify.intro')}</p>

      <div
        class="drop-zone"
        classList={{ dragging: dragging() }}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void useFile(e.dataTransfer?.files[0]);
        }}
      >
        <label for="verify-file">{t('verify.dropLabel')}</label>
        <input id="verify-file" type="file" onChange={(e) => void useFile(e.currentTarget.files?.[0])} />
        <p class="hint">{t('verify.notUploaded')}</p>
        <Show when={hashing()}>
          <p role="status">{t('verify.hashing')}</p>
        </Show>
      </div>

      <form class="hash-form" onSubmit={submitHash}>
        <label for="verify-hash">{t('verify.hashLabel')}</label>
        <div class="search-box">
          <input
            id="verify-hash"
            name="sha256"
            dir="ltr"
            class="mono"
            autocomplete="off"
            spellcheck={false}
            placeholder="e3b0c442…"
            value={params.sha256 ?? ''}
            aria-invalid={inputError() ? 'true' : undefined}
            aria-describedby="verify-hash-error"
          />
          <button type="submit" class="primary">
            {t('verify.check')}
          </button>
        </div>
        <p id="verify-hash-error" class="field-error" role="alert">
          {inputError() ?? ''}
        </p>
      </form>

      <Show when={params.sha256 && !validHash()}>
        <p class="notice notice-error" role="alert">
          {t('verify.badHash')}
        </p>
      </Show>

      <ErrorBoundary fallback={(err, reset) => <ErrorNotice error={err} retry={reset} />}>
        <Suspense fallback={<p class="loading">{t('verify.checking')}</p>}>
          <Show when={result()}>
            {(r) => (
              <section
                class="verdict"
                classList={{ match: r().match, 'no-match': !r().match }}
                aria-live="polite"
                aria-labelledby="verdict-title"
              >
                <h2 id="verdict-title">{r().match ? t('verify.matches') : t('verify.noMatch')}</h2>
                <dl class="verdict-facts">
                  <Show when={fileName()}>
                    <div>
                      <dt>{t('verify.file')}</dt>
                      <dd dir="auto">{fileName()}</dd>
                    </div>
                  </Show>
                  <div>
                    <dt>SHA-256</dt>
                    <dd dir="ltr" class="mono">
                      {r().sha256}
                    </dd>
                  </div>
                  <Show when={r().kind}>
                    {(kind) => (
                      <div>
                        <dt>{t('verify.matchedAs')}</dt>
                        <dd>{t(`verify.kind.${kind()}`)}</dd>
                      </div>
                    )}
                  </Show>
                </dl>
                <Show when={r().match} fallback={<p>{t('verify.noMatchExplained')}</p>}>
                  <ul class="verdict-list">
                    <For each={r().certifications ?? []}>
                      {(c) => (
                        <li classList={{ superseded: c.superseded }}>
                          <p>
                            {t('verify.certifiedBy')} <strong dir="auto">{c.certifiedBy}</strong> {t('verify.on')}{' '}
                            <time datetime={c.certifiedAt}>{formatDateTime(c.certifiedAt)}</time>
                          </p>
                          <Show when={c.superseded} fallback={<p class="state-current">{t('verify.current')}</p>}>
                            <p class="state-superseded">
                              {t('verify.superseded', { at: c.supersededAt ? formatDateTime(c.supersededAt) : '' })}
                            </p>
                          </Show>
                          <Show when={c.auditEvent}>
                            {(a) => (
                              <p class={a().intact ? 'state-current' : 'state-broken'}>
                                {t(a().intact ? 'verify.auditIntact' : 'verify.auditBroken', { seq: formatNumber(a().seq) })}
                              </p>
                            )}
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </section>
            )}
          </Show>
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}
