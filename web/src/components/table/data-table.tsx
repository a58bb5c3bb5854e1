// The one table of the app (documents, review queue, entity register, an entity's documents,
// chain of custody): columns declared once with their header, cell, width and alignment; the
// rows as given. Sorting is the caller's (a list sorted by the server stays so): a sortable
// column's header is a button that reports the wanted order, and `aria-sort` says the current
// one. Widths are the columns' own (a <colgroup>), so a table does not jump as rows change.
import { For, Show, type JSX } from 'solid-js';

export type SortDirection = 'ascending' | 'descending';

export interface SortState {
  column: string;
  direction: SortDirection;
}

export interface TableColumn<Row> {
  /** Names the column for sorting and for its cells' class (`col-<id>`). */
  id: string;
  header: JSX.Element;
  cell: (row: Row, index: number) => JSX.Element;
  /** A CSS length ("12rem", "20%"); columns without one share what is left. */
  width?: string;
  /** Numbers: aligned to the end, digits of equal width. */
  numeric?: boolean;
  /** Direction of the cells' content when it is data (names, references), not UI text. */
  dir?: 'auto' | 'ltr' | 'rtl';
  /** Extra class of every cell of this column. */
  class?: string;
  /** The cell is the row's header (`<th scope="row">`). */
  rowHeader?: boolean;
  sortable?: boolean;
  /** The order a first click asks for; `ascending` unless set. */
  firstSort?: SortDirection;
}

export interface DataTableProps<Row> {
  columns: readonly TableColumn<Row>[];
  rows: readonly Row[];
  /** Classes of the table, after the shared `doc-table`. */
  class?: string;
  /** Read by screen readers; not shown. */
  caption?: string;
  rowClass?: (row: Row) => Record<string, boolean>;
  /** Attributes of each row (`data-*` that tests and scripts look for). */
  rowAttributes?: (row: Row) => Record<string, string | number | undefined>;
  sort?: SortState;
  onSort?: (sort: SortState) => void;
  /** Scrolls sideways on narrow screens instead of overflowing the page. */
  scroll?: boolean;
}

export function DataTable<Row>(props: DataTableProps<Row>) {
  const widths = () => props.columns.some((c) => c.width);
  const sortOf = (c: TableColumn<Row>) => (props.sort?.column === c.id ? props.sort.direction : undefined);
  const nextSort = (c: TableColumn<Row>): SortState => {
    const now = sortOf(c);
    const direction: SortDirection = now ? (now === 'ascending' ? 'descending' : 'ascending') : (c.firstSort ?? 'ascending');
    return { column: c.id, direction };
  };
  const cellClass = (c: TableColumn<Row>) => [c.numeric ? 'num' : '', c.class ?? ''].filter(Boolean).join(' ') || undefined;

  const table = () => (
    <table class={['doc-table', props.class].filter(Boolean).join(' ')}>
      <Show when={props.caption}>
        <caption class="sr-only">{props.caption}</caption>
      </Show>
      <Show when={widths()}>
        <colgroup>
          <For each={props.columns}>{(c) => <col style={c.width ? { 'inline-size': c.width } : undefined} />}</For>
        </colgroup>
      </Show>
      <thead>
        <tr>
          <For each={props.columns}>
            {(c) => (
              <th scope="col" aria-sort={c.sortable ? (sortOf(c) ?? 'none') : undefined}>
                <Show when={c.sortable && props.onSort} fallback={c.header}>
                  <button type="button" class="sort-button" onClick={() => props.onSort?.(nextSort(c))}>
                    {c.header}
                    <span class="sort-mark" aria-hidden="true">
                      {sortOf(c) === 'ascending' ? '▲' : sortOf(c) === 'descending' ? '▼' : '↕'}
                    </span>
                  </button>
                </Show>
              </th>
            )}
          </For>
        </tr>
      </thead>
      <tbody>
        <For each={props.rows}>
          {(row, i) => (
            <tr classList={props.rowClass?.(row)} {...(props.rowAttributes?.(row) ?? {})}>
              <For each={props.columns}>
                {(c) =>
                  c.rowHeader ? (
                    <th scope="row" class={cellClass(c)} dir={c.dir}>
                      {c.cell(row, i())}
                    </th>
                  ) : (
                    <td class={cellClass(c)} dir={c.dir}>
                      {c.cell(row, i())}
                    </td>
                  )
                }
              </For>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );

  return (
    <Show when={props.scroll} fallback={table()}>
      <div class="table-scroll">{table()}</div>
    </Show>
  );
}
