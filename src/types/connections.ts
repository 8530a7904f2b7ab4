/** Provider connections and the spend ledger. */
import type { Size } from './assets.ts';

export type ProviderKind = 'local' | 'openai' | 'fal';
export type AuthStyle = 'bearer' | 'api-key';

/** A configured way to reach a provider. The local preview connection always exists. */
export interface Connection {
  id: string;
  kind: ProviderKind;
  label: string;
  baseUrl?: string;
  apiKey?: string;
  authStyle?: AuthStyle;
  organization?: string;
  project?: string;
  /** Model ids offered by this connection (custom ids for gateways); defaults from the catalog. */
  models?: string[];
  /** Sizes this endpoint accepts (e.g. Azure: 720x1280, 1280x720); narrows the catalog's list when set. */
  sizes?: Size[];
  /** Durations in seconds this endpoint accepts; narrows the catalog's list when set. */
  durations?: number[];
  /** Jobs that may run at once on this connection. */
  concurrency: number;
  /** How `size` is sent: `720x1280` (the Sora 2 contract, default) or an aspect string `9:16` (some gateways). */
  sizeFormat?: SizeFormat;
  /**
   * Came from an imported file, not made on this device: no job runs on it until the user checks the
   * host and saves it in Settings (which clears this).
   */
  imported?: boolean;
}

export const SIZE_FORMATS = ['pixels', 'aspect'] as const;
export type SizeFormat = (typeof SIZE_FORMATS)[number];

export interface SpendRecord {
  jobId: string;
  connectionId: string;
  providerKind: ProviderKind;
  model: string;
  estimated: number;
  final?: number;
  day: string;
  created: number;
  /** The episode segment the job was for; its project is looked up when spend is summarised. */
  segmentId?: string;
}
