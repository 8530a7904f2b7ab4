/** Display formatting shared by the elements. */

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '';
  const whole = Math.round(seconds * 10) / 10;
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(Math.round(whole % 60)).padStart(2, '0')}`;
}

export const formatCost = (usd: number): string => (usd === 0 ? 'Free' : `$${usd.toFixed(2)}`);

export const formatDate = (epoch: number): string =>
  new Date(epoch).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const clipFileName = (prompt: string, size: string, created: number): string => {
  const slug = prompt
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48);
  const stamp = new Date(created).toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `reelwright-${slug || 'clip'}-${size}-${stamp}.mp4`;
};
