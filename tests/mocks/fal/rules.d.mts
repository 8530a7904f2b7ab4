/** Types of rules.mjs for TypeScript tests. */
import type { ModelSpec } from '../../../src/types.ts';

export interface DetailItem {
  loc: (string | number)[];
  msg: string;
  type: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

export declare const ENDPOINT_RULES: Record<string, unknown>;
export declare function expectedList(values: readonly (string | number)[]): string;
export declare function validateInput(
  endpointId: string,
  body: unknown,
  isReachable: (url: string) => boolean,
): DetailItem[];
export declare function encodeDuration(seconds: number, encoding: string): string | number;
export declare function loadCatalog(path?: string): ModelSpec[];
export declare function checkCatalog(catalog: ModelSpec[]): string[];
