// Research view (issue 6): documents over time (by tagged date), by unit and by person, for the
// same query and filters as the search. Clicking a bar (or a row of the table beside it)
// opens the search narrowed to that period, unit or person.
import { A, createAsync, useNavigate, useSearchParams } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';
import { getAggregates, type AggregatesQuery, type FacetCount } from '../api.ts';
import { BarChart } from '../components/research/bar-chart.tsx';
import '../components/search/search.css';
import { dir, formatNumber, lang, t } from '../i18n.ts';
import { filtersFrom, one } from '../lib/search-params.ts';
import { usePageTitle } from '../lib/title.ts';

type Interval = 'month' | 'year';

export function ResearchPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  usePageTitle(() => t('research.title'));

  const interval = (): Interval => (one(params.interval) === 'year' ? 'year' : 'month');
  const base = () => {
    const q = one(params.q).trim();
    return { ...(q ? { q } : {}), ...filtersFrom(params) } as Record<string, string>;
  };
  const data = createAsync(() => getAggregates({ ...base(), interval: interval(), top: '15' } as AggregatesQuery));

  /** The search page for the current filters plus `extra`. */
  const searchHref = (extra: Record<string, string>) => {
    const merged: Record<string, string> = { ...base() };
    for (const [k, v] of Object.entries(extra)) {
      // Entity filters add to those already set (documents with all of them).
      merged[k] = (k === 'unit' || k === 'person' || k === 'place') && merged[k] ? `${merged[k]},${v}` : v;
    }
    return `/search?${new URLSearchParams(merged)}`;
  };
  const periodHref = (period: string) => searchHref({ from: period, to: period });

  const name = (f: FacetCount) => (lang() === 'ar' && f.labelAr ? f.labelAr : f.label || f.labelAr || f.value);

  /** The query and filters in words; entity ids are named from the counts when they are there. */
  const filterSummary = () => {
    const b = base();
    const d = data.latest;
    const known = [...(d?.byUnit ?? []), ...(d?.byPerson ?? []), ...(d?.byPlace ?? [])];
    const named = (v: string) =>
      v
        .split(',')
        .map((id) => {
          const f = known.find((x) => x.value === id);
          return f ? name(f) : `#${id}`;
        })
        .join(', ');
    const parts = Object.entries(b).map(([k, v]) =>
      ['unit', 'person', 'place', 'entity'].includes(k)
        ? named(v)
        : k === 'q'
          ? `“${v}”`
          : `${t(`research.filter.${k}`, { defaultValue: k })}: ${v}`,
    );
    return parts.length ? parts.join(' · ') : t('research.allDocuments');
  };

  return (
    <div class="research-page">
      <h1>{t('research.title')}</h1>
      <p class="hint">
        {t('research.intro')} <bdi>{filterSummary()}</bdi> · <A href={`/search?${new URLSearchParams(base())}`}>{t('research.toSearch')}</A>
      </p>
      <Show when={data()}>
        {(d) => (
          <>
            <p>{t('research.documents', { n: formatNumber(d().documents), count: d().documents })}</p>
            <div class="charts">
              <ChartCard
                title={t('research.overTime')}
                headerExtra={
                  <label>
                    {t('research.interval')}{' '}
                    <select value={interval()} onChange={(e) => setParams({ interval: e.currentTarget.value === 'year' ? 'year' : null })}>
                      <option value="month">{t('research.month')}</option>
                      <option value="year">{t('research.year')}</option>
                    </select>
                  </label>
                }
                empty={d().overTime.length === 0}
                chart={
                  <BarChart
                    label={t('research.overTime')}
                    labels={d().overTime.map((p) => p.period)}
                    values={d().overTime.map((p) => p.documents)}
                    rtl={dir() === 'rtl'}
                    onBar={(i) => navigate(periodHref(d().overTime[i]!.period))}
                  />
                }
                rows={d().overTime.map((p) => ({ label: p.period, count: p.documents, href: periodHref(p.period), lang: 'en' as const }))}
                column={t('research.period')}
              />
              <ChartCard
                title={t('research.byUnit')}
                empty={d().byUnit.length === 0}
                chart={
                  <BarChart
                    horizontal
                    label={t('research.byUnit')}
                    labels={d().byUnit.map(name)}
                    values={d().byUnit.map((f) => f.count)}
                    rtl={dir() === 'rtl'}
                    onBar={(i) => navigate(searchHref({ unit: d().byUnit[i]!.value }))}
                  />
                }
                rows={d().byUnit.map((f) => ({ label: name(f), count: f.count, href: searchHref({ unit: f.value }) }))}
                column={t('research.unit')}
              />
              <ChartCard
                title={t('research.byPerson')}
                empty={d().byPerson.length === 0}
                chart={
                  <BarChart
                    horizontal
                    label={t('research.byPerson')}
                    labels={d().byPerson.map(name)}
                    values={d().byPerson.map((f) => f.count)}
                    rtl={dir() === 'rtl'}
                    onBar={(i) => navigate(searchHref({ person: d().byPerson[i]!.value }))}
                  />
                }
                rows={d().byPerson.map((f) => ({ label: name(f), count: f.count, href: searchHref({ person: f.value }) }))}
                column={t('research.person')}
              />
              <ChartCard
                title={t('research.byPlace')}
                empty={d().byPlace.length === 0}
                chart={
                  <BarChart
                    horizontal
                    label={t('research.byPlace')}
                    labels={d().byPlace.map(name)}
                    values={d().byPlace.map((f) => f.count)}
                    rtl={dir() === 'rtl'}
                    onBar={(i) => navigate(searchHref({ place: d().byPlace[i]!.value }))}
                  />
                }
                rows={d().byPlace.map((f) => ({ label: name(f), count: f.count, href: searchHref({ place: f.value }) }))}
                column={t('research.place')}
              />
            </div>
          </>
        )}
      </Show>
    </div>
  );
}

function ChartCard(props: {
  title: string;
  headerExtra?: JSX.Element;
  empty: boolean;
  chart: JSX.Element;
  rows: Array<{ label: string; count: number; href: string; lang?: 'en' }>;
  column: string;
}) {
  return (
    <section class="chart-card" aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.headerExtra}
      <Show when={!props.empty} fallback={<p class="empty">{t('research.noData')}</p>}>
        {props.chart}
        <details>
          <summary>{t('research.asTable')}</summary>
          <table class="chart-table">
            <thead>
              <tr>
                <th scope="col">{props.column}</th>
                <th scope="col">{t('research.documentsCol')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.rows}>
                {(r) => (
                  <tr>
                    <td>
                      <A href={r.href}>
                        <bdi>{r.label}</bdi>
                      </A>
                    </td>
                    <td class="num">{formatNumber(r.count)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </details>
      </Show>
    </section>
  );
}
