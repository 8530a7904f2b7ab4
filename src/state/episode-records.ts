/**
 * What the episode code's parts share: the host (what they need from the store) and the records view of
 * the episode actions (what the builder, exporter and renderer need from their parent). The parts import
 * this module, never episodes.ts, so the parent and its children form no import cycle (issue 15).
 */
import type {
  Connection,
  EpisodeRecord,
  GenerationRequest,
  JobRecord,
  ModelSpec,
  SegmentRecord,
} from '../types.ts';
import type { AppState, Notice } from './app-state.ts';
import type { ModelCatalog } from './catalog.ts';
import type { LibraryDb, MediaPort } from './ports.ts';

/** What the episode code needs from the store. */
export interface EpisodeHost {
  readonly db: LibraryDb;
  readonly media: MediaPort;
  readonly catalog: ModelCatalog;
  state(): AppState;
  set(patch: Partial<AppState>): void;
  notify(tone: Notice['tone'], message: string): void;
  now(): number;
  connection(id: string): Connection | undefined;
  /** Validates and writes a job row (no focus change); undefined (and a notice) if it was refused. */
  enqueue(request: GenerationRequest): Promise<JobRecord | undefined>;
  reloadVideos(): Promise<void>;
  reloadAssets(): Promise<void>;
  /** Runs on every store change; returns the unsubscribe function. */
  subscribe(callback: () => void): () => void;
  /** The provider and model new episodes start with (the prompt bar's). */
  defaults(): { connectionId: string; model: string };
}

/** The open episode and its saved records, as the builder, exporter and renderer use them. */
export interface EpisodeRecords {
  /** The open episode, if any. */
  readonly episode: EpisodeRecord | undefined;
  /** The model an episode's segments are made with (its connection and model). */
  modelFor(episode: EpisodeRecord): ModelSpec | undefined;
  saveEpisode(episode: EpisodeRecord): Promise<void>;
  /** Writes changed segments; resolves to the episode's segments as saved. */
  saveSegments(episodeId: string, changed: readonly SegmentRecord[]): Promise<SegmentRecord[]>;
  approveTake(segmentId: string, videoId: string): Promise<void>;
}
