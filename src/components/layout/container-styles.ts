import { unsafeCSS } from 'lit';

/*
 * `container-type` as host styles. lit-analyzer's CSS data predates container queries and flags the
 * property inside css`` templates, so these two constant rules are written as plain strings.
 */

/** The host is an inline-size query container: `cqw` inside it is relative to its width. */
export const inlineSizeContainer = unsafeCSS(':host { container-type: inline-size; }');

/** The host is a size query container: `cqh` inside it is relative to the height it is given. */
export const sizeContainer = unsafeCSS(':host { container-type: size; }');
