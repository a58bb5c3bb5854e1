// The page image with the OCR line boxes drawn over it. The SVG overlay uses the page's own
// pixel coordinates as its viewBox and is stretched over the image, so boxes stay on their
// lines at any zoom without recomputing anything.
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import type { Box, Page, Segment } from '../api.ts';
import { formatNumber, t } from '../i18n.ts';
import { isLowConfidence } from '../lib/confidence.ts';

const ZOOM_STEPS = [1, 1.25, 1.5, 2, 3, 4];

export interface ScanViewProps {
  page: Page;
  title: string;
  segments: readonly Segment[];
  activeId: number | undefined;
  onSelect: (segmentId: number) => void;
  /** A photograph of a person: blurred until `revealed`. */
  revealed: boolean;
  onReveal: () => void;
  /** May mark the page as sensitive (or unmark it). */
  canMark: boolean;
  onToggleSensitive: () => void;
  /** Drawing a box for a line the OCR missed. */
  drawing: boolean;
  onDrawn: (box: Box) => void;
  onCancelDraw: () => void;
  /** Enter in the scan pane: back to the current line. */
  onEnter: () => void;
  ref?: (el: HTMLDivElement) => void;
}

export function ScanView(props: ScanViewProps) {
  // 1 = fit the pane's width; larger values zoom in and the pane scrolls (drag to pan).
  const [zoom, setZoom] = createSignal(1);
  const [natural, setNatural] = createSignal<{ w: number; h: number }>();
  const [failed, setFailed] = createSignal(false);
  let viewport!: HTMLDivElement;
  let image!: HTMLImageElement;

  const width = () => props.page.width || natural()?.w || 1;
  const height = () => props.page.height || natural()?.h || 1;

  createEffect(
    on(
      () => props.page.id,
      () => {
        setNatural(undefined);
        setFailed(false);
      },
    ),
  );

  // Keep the active line's box in view inside the scan pane (and only there: the rest of
  // the page must not jump while the user types).
  createEffect(
    on([() => props.activeId, zoom, natural], () => {
      const seg = props.segments.find((s) => s.id === props.activeId);
      if (!seg || !image) return;
      const scale = image.clientWidth / width();
      if (!scale) return;
      const top = seg.box.y * scale;
      const bottom = (seg.box.y + seg.box.h) * scale;
      const left = seg.box.x * scale;
      const right = (seg.box.x + seg.box.w) * scale;
      const margin = 24;
      if (top < viewport.scrollTop + margin || bottom > viewport.scrollTop + viewport.clientHeight - margin) {
        viewport.scrollTo({ top: Math.max(0, top - viewport.clientHeight / 3), behavior: 'smooth' });
      }
      // The viewport is always laid out left-to-right (see styles.css), so scrollLeft is
      // plain image coordinates in both UI directions.
      if (left < viewport.scrollLeft || right > viewport.scrollLeft + viewport.clientWidth) {
        viewport.scrollTo({ left: Math.max(0, left - margin), behavior: 'smooth' });
      }
    }),
  );

  function zoomBy(step: 1 | -1) {
    const i = ZOOM_STEPS.findIndex((z) => z >= zoom());
    const next = ZOOM_STEPS[Math.min(ZOOM_STEPS.length - 1, Math.max(0, (i < 0 ? 0 : i) + step))];
    if (next) setZoom(next);
  }

  // Drawing a new line's box: page pixel coordinates from the pointer.
  const [draft, setDraft] = createSignal<Box>();
  let drawStart: { x: number; y: number } | undefined;
  function toPage(e: PointerEvent) {
    const r = image?.getBoundingClientRect();
    if (!r || !r.width) return { x: 0, y: 0 };
    const sx = width() / r.width;
    const sy = height() / r.height;
    return {
      x: Math.max(0, Math.min(width(), (e.clientX - r.left) * sx)),
      y: Math.max(0, Math.min(height(), (e.clientY - r.top) * sy)),
    };
  }

  // Drag to pan when zoomed in.
  let drag: { x: number; y: number; left: number; top: number } | undefined;
  function onPointerDown(e: PointerEvent) {
    if (props.drawing && e.button === 0) {
      e.preventDefault();
      drawStart = toPage(e);
      setDraft({ ...drawStart, w: 0, h: 0 });
      viewport.setPointerCapture(e.pointerId);
      return;
    }
    if (zoom() === 1 || e.button !== 0 || (e.target as Element).closest('.line-box')) return;
    drag = { x: e.clientX, y: e.clientY, left: viewport.scrollLeft, top: viewport.scrollTop };
    viewport.setPointerCapture(e.pointerId);
  }
  function onPointerMove(e: PointerEvent) {
    if (drawStart) {
      const p = toPage(e);
      setDraft({
        x: Math.min(p.x, drawStart.x),
        y: Math.min(p.y, drawStart.y),
        w: Math.abs(p.x - drawStart.x),
        h: Math.abs(p.y - drawStart.y),
      });
      return;
    }
    if (!drag) return;
    viewport.scrollLeft = drag.left - (e.clientX - drag.x);
    viewport.scrollTop = drag.top - (e.clientY - drag.y);
  }
  function onPointerUp() {
    drag = undefined;
    if (drawStart) {
      drawStart = undefined;
      const b = draft();
      setDraft(undefined);
      if (b && b.w >= 8 && b.h >= 8) {
        props.onDrawn({ x: Math.round(b.x), y: Math.round(b.y), w: Math.round(b.w), h: Math.round(b.h) });
      }
    }
  }

  // The scan pane's own keys: zoom, fit, pan, back to the line.
  function onKeyDown(e: KeyboardEvent) {
    // Only the viewport's own keys: Enter on a button inside it (reveal) is the button's.
    if (e.target !== e.currentTarget || e.ctrlKey || e.altKey || e.metaKey) return;
    const step = 60;
    switch (e.key) {
      case '+':
      case '=':
        zoomBy(1);
        break;
      case '-':
      case '_':
        zoomBy(-1);
        break;
      case '0':
        setZoom(1);
        break;
      case 'ArrowUp':
        viewport.scrollBy({ top: -step });
        break;
      case 'ArrowDown':
        viewport.scrollBy({ top: step });
        break;
      case 'ArrowLeft':
        viewport.scrollBy({ left: -step });
        break;
      case 'ArrowRight':
        viewport.scrollBy({ left: step });
        break;
      case 'Enter':
        props.onEnter();
        break;
      case 'Escape':
        if (!props.drawing) return;
        props.onCancelDraw();
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  const lowWords = (s: Segment) => s.words.filter(isLowConfidence);
  const rect = (b: Box) => ({ x: b.x, y: b.y, width: Math.max(b.w, 1), height: Math.max(b.h, 1) });

  return (
    <div class="scan">
      <div class="scan-toolbar" role="toolbar" aria-label={t('scan.toolbar')}>
        <button type="button" onClick={() => zoomBy(-1)} disabled={zoom() <= 1} aria-label={t('scan.zoomOut')}>
          −
        </button>
        <output class="zoom-level" aria-live="polite">
          {formatNumber(Math.round(zoom() * 100))}%
        </output>
        <button
          type="button"
          onClick={() => zoomBy(1)}
          disabled={zoom() >= ZOOM_STEPS[ZOOM_STEPS.length - 1]!}
          aria-label={t('scan.zoomIn')}
        >
          +
        </button>
        <button type="button" onClick={() => setZoom(1)} aria-pressed={zoom() === 1}>
          {t('scan.fitWidth')}
        </button>
        <Show when={props.page.sensitive && props.revealed}>
          <button type="button" onClick={() => props.onReveal()}>
            {t('scan.hide')}
          </button>
        </Show>
        <Show when={props.canMark}>
          <button type="button" class="link-button" onClick={() => props.onToggleSensitive()}>
            {props.page.sensitive ? t('scan.unmarkSensitive') : t('scan.markSensitive')}
          </button>
        </Show>
      </div>
      <Show when={props.drawing}>
        <p class="scan-drawing" role="status">
          {t('scan.drawHint')}{' '}
          <button type="button" class="link-button" onClick={() => props.onCancelDraw()}>
            {t('scan.cancelDraw')}
          </button>
        </p>
      </Show>
      <div
        ref={(el) => {
          viewport = el;
          props.ref?.(el);
        }}
        class="scan-viewport"
        classList={{ pannable: zoom() > 1, drawing: props.drawing }}
        tabindex="0"
        role="region"
        aria-label={t('scan.viewport')}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      >
        <div
          class="scan-canvas"
          classList={{ blurred: props.page.sensitive && !props.revealed }}
          style={{ width: `${zoom() * 100}%` }}
        >
          <Show when={props.page.imageUrl} fallback={<p class="scan-missing">{t('scan.notRendered')}</p>}>
          <img
            ref={image}
            src={props.page.imageUrl ?? undefined}
            alt={t('scan.alt', { page: formatNumber(props.page.pageNo), title: props.title })}
            draggable={false}
            onLoad={(e) =>
              setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })
            }
            onError={() => setFailed(true)}
          />
          </Show>
          {/* Mouse shortcut only: every line is reachable from the line list, which is the
              keyboard and screen-reader path, so the overlay is hidden from assistive tech. */}
          <svg
            class="scan-overlay"
            viewBox={`0 0 ${width()} ${height()}`}
            preserveAspectRatio="none"
            aria-hidden="true"
          >
            <Show when={draft()}>
              {(b) => <rect class="draw-box" {...rect(b())} vector-effect="non-scaling-stroke" />}
            </Show>
            <For each={props.segments}>
              {(s) => (
                <g
                  class="line-box"
                  classList={{ active: s.id === props.activeId }}
                  data-segment-id={s.id}
                  onClick={() => props.onSelect(s.id)}
                >
                  <rect {...rect(s.box)} vector-effect="non-scaling-stroke" />
                  <For each={lowWords(s)}>
                    {(w) => <rect class="word-low" {...rect(w.box)} vector-effect="non-scaling-stroke" />}
                  </For>
                </g>
              )}
            </For>
          </svg>
        </div>
        <Show when={props.page.sensitive && !props.revealed}>
          <div class="sensitive-cover">
            <p>{t('scan.sensitive')}</p>
            <button type="button" class="primary" onClick={() => props.onReveal()}>
              {t('scan.reveal')}
            </button>
          </div>
        </Show>
        <Show when={failed()}>
          <p class="notice notice-error" role="alert">
            {t('scan.imageFailed')}
          </p>
        </Show>
      </div>
    </div>
  );
}
