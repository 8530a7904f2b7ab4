import { describe, expect, it } from 'vitest';
import { launchRoute } from '../../src/components/layout/launch-route.ts';

describe('launchRoute (manifest shortcuts)', () => {
  it('maps the shortcut URLs to views and panes', () => {
    expect(launchRoute('?view=studio&pane=prompt')).toEqual({ view: 'viewer', pane: 'prompt' });
    expect(launchRoute('?view=episodes')).toEqual({ view: 'episodes', pane: undefined });
    expect(launchRoute('?view=Library')).toEqual({ view: 'library', pane: undefined });
  });

  it('ignores what it does not know', () => {
    expect(launchRoute('')).toEqual({ view: undefined, pane: undefined });
    expect(launchRoute('?view=settings&pane=sidebar&shared=2')).toEqual({ view: undefined, pane: undefined });
  });
});
