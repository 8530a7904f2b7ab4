import { html, nothing } from 'lit';

/** Layout of a provider spritesheet: a grid of frames, each with the clip's aspect (inferred from sizes). */
export function spriteGrid(
  imageW: number,
  imageH: number,
  clipW: number,
  clipH: number,
): { cols: number; rows: number } {
  const k = imageW / imageH / (clipW / clipH);
  if (!Number.isFinite(k) || k <= 0) return { cols: 1, rows: 1 };
  const rows = Math.max(1, Math.round(Math.sqrt(8 / k)));
  return { cols: Math.max(1, Math.round(k * rows)), rows };
}

/**
 * The scrub preview: the spritesheet tile under the pointer (`hover.fraction` along the scrubber), shown at
 * `hover.x` px from the player frame's left edge (styled by the player's `.sprite` rule).
 */
export function spritePreview(
  spriteUrl: string | undefined,
  grid: { cols: number; rows: number } | undefined,
  hover: { x: number; fraction: number } | undefined,
  aspect: { width: number; height: number },
) {
  if (!grid || !hover || !spriteUrl) return nothing;
  const tiles = grid.cols * grid.rows;
  const tile = Math.min(tiles - 1, Math.floor(hover.fraction * tiles));
  const col = tile % grid.cols;
  const row = Math.floor(tile / grid.cols);
  const pos = (i: number, n: number) => (n > 1 ? (i / (n - 1)) * 100 : 0);
  return html`<div
    class="sprite"
    aria-hidden="true"
    style="left:${hover.x}px;aspect-ratio:${aspect.width}/${aspect.height};background-image:url(${spriteUrl});background-size:${grid.cols * 100}% ${grid.rows * 100}%;background-position:${pos(col, grid.cols)}% ${pos(row, grid.rows)}%"
  ></div>`;
}
