import type { AssetFilter, Draft } from './state/app-state.ts';
import type { Connection } from './types.ts';

/**
 * Every app event: a typed Event subclass, bubbling and composed, named `noun-verb`.
 * Leaf elements dispatch them; the pane that owns the store controller turns them into store actions.
 */
abstract class AppEvent<T> extends Event {
  readonly detail: T;
  constructor(type: string, detail: T) {
    super(type, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

const define = <T, K extends string>(type: K) =>
  class extends AppEvent<T> {
    static readonly eventName: K = type;
    constructor(detail: T) {
      super(type, detail);
    }
  };

export class FilesAddEvent extends define<{ files: File[] }, 'files-add'>('files-add') {}
export class AssetSelectEvent extends define<{ id: string }, 'asset-select'>('asset-select') {}
export class AssetRenameEvent extends define<{ id: string; name: string }, 'asset-rename'>('asset-rename') {}
export class AssetDeleteEvent extends define<{ id: string }, 'asset-delete'>('asset-delete') {}
export class AssetReferenceEvent extends define<{ id: string | undefined }, 'asset-reference'>('asset-reference') {}
export class FilterChangeEvent extends define<Partial<AssetFilter>, 'filter-change'>('filter-change') {}
export class DraftChangeEvent extends define<Partial<Draft>, 'draft-change'>('draft-change') {}
export class GenerateRequestEvent extends define<Record<string, never>, 'generate-request'>('generate-request') {}
export class JobCancelEvent extends define<{ id: string }, 'job-cancel'>('job-cancel') {}
export class JobFocusEvent extends define<{ id: string }, 'job-focus'>('job-focus') {}
export class JobResendEvent extends define<{ id: string }, 'job-resend'>('job-resend') {}
export class VideoSelectEvent extends define<{ id: string }, 'video-select'>('video-select') {}
export class VideoDeleteEvent extends define<{ id: string; remote: boolean }, 'video-delete'>('video-delete') {}
export class VideoReuseEvent extends define<{ id: string; remix: boolean }, 'video-reuse'>('video-reuse') {}
export class PromptRecallEvent extends define<{ text: string }, 'prompt-recall'>('prompt-recall') {}
export class NoticeDismissEvent extends define<{ id: string }, 'notice-dismiss'>('notice-dismiss') {}
export class NoticeActionEvent extends define<{ id: string }, 'notice-action'>('notice-action') {}
export class ConnectionSaveEvent extends define<{ connection: Connection }, 'connection-save'>('connection-save') {}
export class ConnectionRemoveEvent extends define<{ id: string }, 'connection-remove'>('connection-remove') {}
export class ConnectionTestEvent extends define<{ id: string }, 'connection-test'>('connection-test') {}
export class SettingsOpenEvent extends define<{ connectionId?: string }, 'settings-open'>('settings-open') {}
export class UpdateAcceptEvent extends define<Record<string, never>, 'update-accept'>('update-accept') {}

declare global {
  interface HTMLElementEventMap {
    'files-add': FilesAddEvent;
    'asset-select': AssetSelectEvent;
    'asset-rename': AssetRenameEvent;
    'asset-delete': AssetDeleteEvent;
    'asset-reference': AssetReferenceEvent;
    'filter-change': FilterChangeEvent;
    'draft-change': DraftChangeEvent;
    'generate-request': GenerateRequestEvent;
    'job-cancel': JobCancelEvent;
    'job-focus': JobFocusEvent;
    'job-resend': JobResendEvent;
    'video-select': VideoSelectEvent;
    'video-delete': VideoDeleteEvent;
    'video-reuse': VideoReuseEvent;
    'prompt-recall': PromptRecallEvent;
    'notice-dismiss': NoticeDismissEvent;
    'notice-action': NoticeActionEvent;
    'connection-save': ConnectionSaveEvent;
    'connection-remove': ConnectionRemoveEvent;
    'connection-test': ConnectionTestEvent;
    'settings-open': SettingsOpenEvent;
    'update-accept': UpdateAcceptEvent;
  }
}
