/**
 * The clip library's query: clips and failed jobs as one list of items, filtered, searched and sorted.
 * Pure functions over metadata (never blob bytes); the store memoises the result.
 */
import type { JobRecord, JobStatus, ProviderKind, Size, VideoRecord } from '../types.ts';

export type ItemStatus = Extract<JobStatus, 'done' | 'failed' | 'expired' | 'unknown' | 'canceled'>;

/** One row of the library: a clip, or a job that ended without one (with its reason). */
export interface LibraryItem {
  id: string;
  kind: 'clip' | 'failure';
  prompt: string;
  providerKind: ProviderKind;
  connectionId: string;
  model: string;
  size: Size;
  aspect: string;
  /** Seconds: read from the file for clips, requested for failures. */
  duration: number;
  created: number;
  cost: number;
  status: ItemStatus;
  reason?: string;
  segmentId?: string;
  remixOf?: string;
  favourite: boolean;
  tags: readonly string[];
  thumbId?: string;
  /** Lower-cased prompt, model and tags: what full-text search looks in. */
  haystack: string;
}

export type SortKey = 'date' | 'cost' | 'duration';

export interface LibraryFilter {
  query: string;
  provider: ProviderKind | 'all';
  model: string;
  status: ItemStatus | 'all';
  aspect: string;
  /** Episode membership, from `segmentId` presence until projects/episodes filter by name. */
  segment: 'all' | 'in-episode' | 'loose';
  favourite: boolean;
  tag: string;
  sort: SortKey;
  descending: boolean;
}

export const DEFAULT_LIBRARY_FILTER: LibraryFilter = {
  query: '',
  provider: 'all',
  model: 'all',
  status: 'all',
  aspect: 'all',
  segment: 'all',
  favourite: false,
  tag: 'all',
  sort: 'date',
  descending: true,
};

/** "9:16", "16:9", "1:1", or the reduced ratio. */
export function aspectOf(size: string): string {
  const [w = 0, h = 0] = size.split('x').map(Number);
  if (!w || !h) return 'unknown';
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  const d = gcd(w, h);
  const ratio = `${w / d}:${h / d}`;
  // 1024x1792 and 1792x1024 are 4:7 / 7:4; group them with the vertical/horizontal formats they stand for.
  if (ratio === '4:7') return '9:16';
  if (ratio === '7:4') return '16:9';
  return ratio;
}

export function clipItem(v: VideoRecord): LibraryItem {
  const tags = v.tags ?? [];
  return {
    id: v.id,
    kind: 'clip',
    prompt: v.prompt,
    providerKind: v.providerKind,
    connectionId: v.connectionId,
    model: v.model,
    size: v.size,
    aspect: aspectOf(v.size),
    duration: v.duration,
    created: v.created,
    cost: v.cost,
    status: 'done',
    segmentId: v.segmentId,
    remixOf: v.remixOf,
    favourite: v.favourite ?? false,
    tags,
    thumbId: v.thumbId,
    haystack: `${v.prompt}\n${v.model}\n${tags.join(' ')}`.toLocaleLowerCase(),
  };
}

export function failureItem(j: JobRecord): LibraryItem {
  const r = j.request;
  return {
    id: j.id,
    kind: 'failure',
    prompt: r.prompt,
    providerKind: j.providerKind,
    connectionId: r.connectionId,
    model: r.model,
    size: r.size,
    aspect: aspectOf(r.size),
    duration: r.seconds,
    created: j.created,
    cost: 0,
    status: j.status as ItemStatus,
    reason: j.error?.message ?? j.detail,
    segmentId: r.segmentId,
    remixOf: r.remixOf,
    favourite: false,
    tags: [],
    haystack: `${r.prompt}\n${r.model}`.toLocaleLowerCase(),
  };
}

/** Clips plus the video jobs that ended without one. */
export function toItems(videos: readonly VideoRecord[], failedJobs: readonly JobRecord[]): LibraryItem[] {
  return [...videos.map(clipItem), ...failedJobs.filter((j) => j.request.mode !== 'image').map(failureItem)];
}

/** Words of a query; each must occur in the item (AND), in any order. */
export const queryWords = (query: string): string[] => query.toLocaleLowerCase().split(/\s+/).filter(Boolean);

export function matches(
  item: LibraryItem,
  f: LibraryFilter,
  words: readonly string[] = queryWords(f.query),
): boolean {
  if (f.provider !== 'all' && item.providerKind !== f.provider) return false;
  if (f.model !== 'all' && item.model !== f.model) return false;
  if (f.status !== 'all' && item.status !== f.status) return false;
  if (f.aspect !== 'all' && item.aspect !== f.aspect) return false;
  if (f.segment === 'in-episode' && !item.segmentId) return false;
  if (f.segment === 'loose' && item.segmentId) return false;
  if (f.favourite && !item.favourite) return false;
  if (f.tag !== 'all' && !item.tags.includes(f.tag)) return false;
  return words.every((w) => item.haystack.includes(w));
}

const SORTERS: Record<SortKey, (a: LibraryItem, b: LibraryItem) => number> = {
  date: (a, b) => a.created - b.created,
  cost: (a, b) => a.cost - b.cost,
  duration: (a, b) => a.duration - b.duration,
};

/** Filters, searches and sorts; ties fall back to newest first, then id, so the order is stable. */
export function queryLibrary(items: readonly LibraryItem[], filter: LibraryFilter): LibraryItem[] {
  const words = queryWords(filter.query);
  const sign = filter.descending ? -1 : 1;
  const by = SORTERS[filter.sort];
  return items
    .filter((item) => matches(item, filter, words))
    .sort((a, b) => sign * by(a, b) || b.created - a.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The values each filter can take, from the data itself (so new providers/models appear by themselves). */
export function facets(items: readonly LibraryItem[]): {
  providers: ProviderKind[];
  models: string[];
  aspects: string[];
  statuses: ItemStatus[];
  tags: string[];
} {
  const uniq = <T>(values: Iterable<T>): T[] => [...new Set(values)].sort();
  return {
    providers: uniq(items.map((i) => i.providerKind)),
    models: uniq(items.map((i) => i.model)),
    aspects: uniq(items.map((i) => i.aspect)),
    statuses: uniq(items.map((i) => i.status)),
    tags: uniq(items.flatMap((i) => i.tags)),
  };
}

/** Normalises typed tags: trimmed, lower-case, unique, no empties, in order. */
export const parseTags = (text: string): string[] => [
  ...new Set(
    text
      .split(',')
      .map((t) => t.trim().toLocaleLowerCase())
      .filter(Boolean),
  ),
];

export type SelectMode = 'only' | 'toggle' | 'range';

/**
 * The next multi-selection after a click or key: `only` selects one item, `toggle` flips one (Ctrl/⌘,
 * Space), `range` selects from the anchor to the item (Shift), in list order.
 */
export function nextSelection(
  current: ReadonlySet<string>,
  order: readonly string[],
  id: string,
  mode: SelectMode,
  anchor?: string,
): Set<string> {
  if (mode === 'only') return new Set([id]);
  if (mode === 'toggle') {
    const next = new Set(current);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  }
  const from = anchor ? order.indexOf(anchor) : -1;
  const to = order.indexOf(id);
  if (from < 0 || to < 0) return new Set([id]);
  const [lo, hi] = from < to ? [from, to] : [to, from];
  return new Set([...current, ...order.slice(lo, hi + 1)]);
}
