import type { AuthStyle, Connection, Size } from '../../types.ts';
import { falBaseUrl } from './fal-help.ts';

/** The host a URL names, or '' when there is none (or it is not a URL). */
export const hostOf = (url?: string): string => {
  try {
    return url ? new URL(url).host : '';
  } catch {
    return '';
  }
};

/**
 * The connection a submitted connection form saves: the edited one with the form's fields read back
 * (trimmed, lists split on commas, out-of-range values clamped or dropped), or why the save is refused
 * (a fal base URL that is not the queue).
 */
export function readConnectionForm(
  edited: Connection,
  data: FormData,
): { connection: Connection } | { problem: string } {
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const list = (name: string): string[] =>
    text(name)
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
  const connection: Connection = {
    ...edited,
    label: text('label') || edited.label,
    concurrency: Math.max(1, Math.min(8, Number(text('concurrency')) || 1)),
  };
  if (edited.kind !== 'local') {
    connection.baseUrl = text('baseUrl').replace(/\/+$/, '');
    connection.apiKey = text('apiKey') || undefined;
  }
  if (edited.kind === 'fal') {
    const base = falBaseUrl(text('baseUrl'));
    if ('problem' in base) return base;
    connection.baseUrl = base.url;
  }
  if (edited.kind === 'openai') {
    const models = list('models');
    connection.authStyle = (text('authStyle') || 'bearer') as AuthStyle;
    connection.organization = text('organization') || undefined;
    connection.project = text('project') || undefined;
    connection.models = models.length ? models : undefined;
    const sizes = list('sizes').filter((v) => /^\d+x\d+$/.test(v)) as Size[];
    const durations = list('durations')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
    connection.sizes = sizes.length ? sizes : undefined;
    connection.durations = durations.length ? durations : undefined;
    connection.sizeFormat = data.get('sizeAsAspect') ? 'aspect' : undefined;
  }
  return { connection };
}
