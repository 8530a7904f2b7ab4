import type { Locator, Page } from '@playwright/test';

export interface PaneLayout {
  /** Distance from the top of the area the shell gives the panes to the pane's own top edge. */
  paneOffset: number;
  /** Distance from the pane's top edge to the top of its first visible content. */
  firstContentOffset: number;
  /** How far the pane's content is wider than the pane (0 = no horizontal overflow). */
  overflowX: number;
}

/** Where a pane's first visible content starts, and whether anything in it overflows sideways. */
export function paneLayout(pane: Locator): Promise<PaneLayout> {
  return pane.evaluate((host: HTMLElement) => {
    const top = host.getBoundingClientRect().top;
    const area = host.parentElement?.getBoundingClientRect().top ?? top;
    const children = [...(host.shadowRoot ?? host).children].filter((child) => {
      if (child instanceof HTMLStyleElement || child.tagName === 'SLOT') return false;
      const box = child.getBoundingClientRect();
      return box.height > 0 && box.width > 0;
    });
    const first = Math.min(...children.map((c) => c.getBoundingClientRect().top));
    return {
      paneOffset: Math.round(top - area),
      firstContentOffset: Math.round(first - top),
      overflowX: Math.max(0, host.scrollWidth - host.clientWidth),
    };
  });
}

/** How much wider than the window the page is (0 = no horizontal scrolling). */
export const pageOverflowX = (page: Page): Promise<number> =>
  page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));

/** Visible controls (through every shadow root) smaller than `min` px tall, described for a failure message. */
export function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.evaluate((size) => {
    const found: string[] = [];
    const walk = (root: Document | ShadowRoot): void => {
      for (const el of root.querySelectorAll<HTMLElement>('*')) {
        if (el.shadowRoot) walk(el.shadowRoot);
        if (
          !el.matches(
            'button:not(.link), select, input:not([type=checkbox]):not([type=radio]):not([type=range]), [role=tab]',
          )
        )
          continue;
        const box = el.getBoundingClientRect();
        if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue;
        if (box.height < size)
          found.push(
            `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(box.height)}px`,
          );
      }
    };
    walk(document);
    return found;
  }, min);
}
