import type { AssetFilter, CenterView, Draft } from './state/app-state.ts';
import type { LibraryFilter } from './state/library-query.ts';
import type { EpisodeSettings, SegmentPatch } from './state/episodes.ts';
import type { SplitMode } from './state/segment-split.ts';
import type { CastKind, MemberPatch } from './state/cast-actions.ts';
import type { Connection, SpeakerVoice, SpeechSource } from './types.ts';

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
export class AssetReferenceEvent extends define<{ id: string | undefined }, 'asset-reference'>(
  'asset-reference',
) {}
export class FilterChangeEvent extends define<Partial<AssetFilter>, 'filter-change'>('filter-change') {}
export class DraftChangeEvent extends define<Partial<Draft>, 'draft-change'>('draft-change') {}
export class JobCancelEvent extends define<{ id: string }, 'job-cancel'>('job-cancel') {}
export class JobFocusEvent extends define<{ id: string }, 'job-focus'>('job-focus') {}
export class JobResendEvent extends define<{ id: string }, 'job-resend'>('job-resend') {}
export class VideoSelectEvent extends define<{ id: string }, 'video-select'>('video-select') {}
export class VideoDeleteEvent extends define<{ id: string; remote: boolean }, 'video-delete'>(
  'video-delete',
) {}
export class VideoReuseEvent extends define<{ id: string; remix: boolean }, 'video-reuse'>('video-reuse') {}
export class PromptRecallEvent extends define<{ text: string }, 'prompt-recall'>('prompt-recall') {}
export class NoticeDismissEvent extends define<{ id: string }, 'notice-dismiss'>('notice-dismiss') {}
export class NoticeActionEvent extends define<{ id: string }, 'notice-action'>('notice-action') {}
export class ConnectionSaveEvent extends define<{ connection: Connection }, 'connection-save'>(
  'connection-save',
) {}
export class ConnectionRemoveEvent extends define<{ id: string }, 'connection-remove'>('connection-remove') {}
export class ConnectionTestEvent extends define<{ id: string }, 'connection-test'>('connection-test') {}
export class SettingsOpenEvent extends define<{ connectionId?: string }, 'settings-open'>('settings-open') {}
export class UpdateAcceptEvent extends define<Record<string, never>, 'update-accept'>('update-accept') {}
// ——— library & spend ———
export class LibraryFilterEvent extends define<Partial<LibraryFilter>, 'library-filter'>('library-filter') {}
export class LibrarySelectEvent extends define<{ ids: string[]; anchor?: string }, 'library-select'>(
  'library-select',
) {}
export class LibraryOpenEvent extends define<{ id: string }, 'library-open'>('library-open') {}
export class ClipsFavouriteEvent extends define<{ ids: string[]; favourite: boolean }, 'clips-favourite'>(
  'clips-favourite',
) {}
export class ClipTagsEvent extends define<{ id: string; tags: string[] }, 'clip-tags'>('clip-tags') {}
/** Asks the episodes view to add clips to an episode; a handler calls preventDefault() to say it took them. */
export class ClipsAddToEpisodeEvent extends Event {
  static readonly eventName = 'clips-add-to-episode' as const;
  readonly detail: { ids: string[] };
  constructor(detail: { ids: string[] }) {
    super(ClipsAddToEpisodeEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}
export class ClipsDeleteEvent extends define<{ ids: string[]; remote: boolean }, 'clips-delete'>(
  'clips-delete',
) {}
export class ClipsDownloadEvent extends define<{ ids: string[] }, 'clips-download'>('clips-download') {}
export class ClipsCompareEvent extends define<{ ids: string[] }, 'clips-compare'>('clips-compare') {}
export class CompareCloseEvent extends define<Record<string, never>, 'compare-close'>('compare-close') {}
export class PromptSearchEvent extends define<{ query: string }, 'prompt-search'>('prompt-search') {}
export class VideoLastFrameEvent extends define<{ id: string }, 'video-last-frame'>('video-last-frame') {}
export class BudgetChangeEvent extends define<{ dailyCap?: number }, 'budget-change'>('budget-change') {}
/** A project's budget cap set (USD) or cleared (undefined). */
export class ProjectBudgetChangeEvent extends define<
  { projectId: string; cap?: number },
  'project-budget-change'
>('project-budget-change') {}

// ——— episodes ———
export class ProjectCreateEvent extends define<{ title: string }, 'project-create'>('project-create') {}
export class ProjectDeleteEvent extends define<{ id: string }, 'project-delete'>('project-delete') {}
export class EpisodeCreateEvent extends define<{ projectId: string }, 'episode-create'>('episode-create') {}
export class EpisodeOpenEvent extends define<{ id: string | undefined }, 'episode-open'>('episode-open') {}
export class EpisodeChangeEvent extends define<{ id: string; patch: EpisodeSettings }, 'episode-change'>(
  'episode-change',
) {}
export class EpisodeDeleteEvent extends define<{ id: string }, 'episode-delete'>('episode-delete') {}
export class EpisodeGenerateEvent extends define<Record<string, never>, 'episode-generate'>(
  'episode-generate',
) {}
export class EpisodeStitchEvent extends define<{ cancel?: boolean }, 'episode-stitch'>('episode-stitch') {}
/** Approve the newest take of every segment, in one click (issue 13). */
export class EpisodeApproveLatestEvent extends define<Record<string, never>, 'episode-approve-latest'>(
  'episode-approve-latest',
) {}
/** Share a stored clip or episode (Web Share API with files), downloading it where sharing is unavailable. */
export class FileShareEvent extends define<{ videoId: string; name: string }, 'file-share'>('file-share') {}
/** "Try a sample series" / "Remove sample" (the shell runs them on store.sample). */
export class SampleCreateEvent extends define<Record<string, never>, 'sample-create'>('sample-create') {}
export class SampleRemoveEvent extends define<Record<string, never>, 'sample-remove'>('sample-remove') {}
/** Opens the keyboard-shortcut overlay (`?`). */
export class ShortcutsOpenEvent extends define<Record<string, never>, 'shortcuts-open'>('shortcuts-open') {}
/** The header's navigation switches the centre view. */
export class ViewChangeEvent extends define<{ view: CenterView }, 'view-change'>('view-change') {}
export class EpisodeSaveAsEvent extends define<{ videoId: string; name: string }, 'episode-save-as'>(
  'episode-save-as',
) {}
/** Export the stitched episode with its captions and music bed: a zip download, a zip file, or a folder. */
export class EpisodeExportEvent extends define<{ to: 'download' | 'file' | 'folder' }, 'episode-export'>(
  'episode-export',
) {}
export class ScriptSplitEvent extends define<{ script: string; mode: SplitMode }, 'script-split'>(
  'script-split',
) {}
/** The script box's text, debounced while it is typed: saved with the episode. */
export class ScriptEditEvent extends define<{ episodeId: string; script: string }, 'script-edit'>(
  'script-edit',
) {}
/** Issue 17: voice one dialogue line of a segment (`index`), or every line without a take (no index). */
export class DialogueVoiceEvent extends define<
  { segmentId: string; index?: number; override?: boolean },
  'dialogue-voice'
>('dialogue-voice') {}
/** A line's offset from its segment's start (seconds) or its approved take changed. */
export class DialogueLineChangeEvent extends define<
  { segmentId: string; index: number; offset?: number; approved?: string },
  'dialogue-line-change'
>('dialogue-line-change') {}
/** Whose speech a segment uses: the video model's audio, our voices, or both. */
export class SegmentSpeechEvent extends define<{ segmentId: string; speech: SpeechSource }, 'segment-speech'>(
  'segment-speech',
) {}
/** A speaker's voice in a series changed. */
export class SpeakerVoiceEvent extends define<
  { projectId: string; speaker: string; voice: SpeakerVoice },
  'speaker-voice'
>('speaker-voice') {}
/** Export the open episode as an editor project (FCPXML + OTIO with its media, one zip). */
export class EpisodeHandoffEvent extends define<Record<string, never>, 'episode-handoff'>(
  'episode-handoff',
) {}
export class SegmentAddEvent extends define<{ after?: number }, 'segment-add'>('segment-add') {}
export class SegmentSelectEvent extends define<{ id: string }, 'segment-select'>('segment-select') {}
export class SegmentChangeEvent extends define<{ id: string; patch: SegmentPatch }, 'segment-change'>(
  'segment-change',
) {}
export class SegmentMoveEvent extends define<{ id: string; to: number }, 'segment-move'>('segment-move') {}
export class SegmentDeleteEvent extends define<{ id: string }, 'segment-delete'>('segment-delete') {}
export class SegmentGenerateEvent extends define<{ id: string }, 'segment-generate'>('segment-generate') {}
export class SegmentUnqueueEvent extends define<{ id: string }, 'segment-unqueue'>('segment-unqueue') {}
export class TakeApproveEvent extends define<{ segmentId: string; videoId: string }, 'take-approve'>(
  'take-approve',
) {}
export class TakeRemoveEvent extends define<{ segmentId: string; videoId: string }, 'take-remove'>(
  'take-remove',
) {}
export class TakesAssignEvent extends define<{ segmentId?: string }, 'takes-assign'>('takes-assign') {}
// ——— image mode ———
export class StillReferenceEvent extends define<{ id: string }, 'still-reference'>('still-reference') {}
export class StillAnimateEvent extends define<{ id: string }, 'still-animate'>('still-animate') {}
export class SegmentStillEvent extends define<{ id: string }, 'segment-still'>('segment-still') {}
export class StillApproveEvent extends define<{ segmentId: string; assetId: string }, 'still-approve'>(
  'still-approve',
) {}

// ——— cast bible (issue 16) ———
type MemberRef = { projectId: string; kind: CastKind; id: string };
export class CastAddEvent extends define<
  { projectId: string; kind: CastKind; name: string; description: string },
  'cast-add'
>('cast-add') {}
export class CastChangeEvent extends define<MemberRef & { patch: MemberPatch }, 'cast-change'>(
  'cast-change',
) {}
export class CastRemoveEvent extends define<MemberRef, 'cast-remove'>('cast-remove') {}
/** "Make a character sheet": a reference still from the member's description (image mode). */
export class CastSheetEvent extends define<MemberRef, 'cast-sheet'>('cast-sheet') {}
export class CastSheetApproveEvent extends define<MemberRef & { assetId: string }, 'cast-sheet-approve'>(
  'cast-sheet-approve',
) {}
/** Too few reference slots: make one still with everyone in the segment (then sent as its first frame). */
export class CastCompositeEvent extends define<{ segmentId: string }, 'cast-composite'>('cast-composite') {}

declare global {
  interface HTMLElementEventMap {
    'cast-add': CastAddEvent;
    'cast-change': CastChangeEvent;
    'cast-remove': CastRemoveEvent;
    'cast-sheet': CastSheetEvent;
    'cast-sheet-approve': CastSheetApproveEvent;
    'cast-composite': CastCompositeEvent;
    'still-reference': StillReferenceEvent;
    'still-animate': StillAnimateEvent;
    'segment-still': SegmentStillEvent;
    'still-approve': StillApproveEvent;
    'project-create': ProjectCreateEvent;
    'project-delete': ProjectDeleteEvent;
    'episode-create': EpisodeCreateEvent;
    'episode-open': EpisodeOpenEvent;
    'episode-change': EpisodeChangeEvent;
    'episode-delete': EpisodeDeleteEvent;
    'episode-generate': EpisodeGenerateEvent;
    'episode-stitch': EpisodeStitchEvent;
    'episode-approve-latest': EpisodeApproveLatestEvent;
    'episode-save-as': EpisodeSaveAsEvent;
    'file-share': FileShareEvent;
    'sample-create': SampleCreateEvent;
    'sample-remove': SampleRemoveEvent;
    'shortcuts-open': ShortcutsOpenEvent;
    'view-change': ViewChangeEvent;
    'episode-export': EpisodeExportEvent;
    'script-split': ScriptSplitEvent;
    'script-edit': ScriptEditEvent;
    'segment-add': SegmentAddEvent;
    'segment-select': SegmentSelectEvent;
    'segment-change': SegmentChangeEvent;
    'segment-move': SegmentMoveEvent;
    'segment-delete': SegmentDeleteEvent;
    'segment-generate': SegmentGenerateEvent;
    'segment-unqueue': SegmentUnqueueEvent;
    'take-approve': TakeApproveEvent;
    'take-remove': TakeRemoveEvent;
    'takes-assign': TakesAssignEvent;
    'files-add': FilesAddEvent;
    'asset-select': AssetSelectEvent;
    'asset-rename': AssetRenameEvent;
    'asset-delete': AssetDeleteEvent;
    'asset-reference': AssetReferenceEvent;
    'filter-change': FilterChangeEvent;
    'draft-change': DraftChangeEvent;
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
    'library-filter': LibraryFilterEvent;
    'library-select': LibrarySelectEvent;
    'library-open': LibraryOpenEvent;
    'clips-favourite': ClipsFavouriteEvent;
    'clip-tags': ClipTagsEvent;
    'clips-add-to-episode': ClipsAddToEpisodeEvent;
    'clips-delete': ClipsDeleteEvent;
    'clips-download': ClipsDownloadEvent;
    'clips-compare': ClipsCompareEvent;
    'compare-close': CompareCloseEvent;
    'prompt-search': PromptSearchEvent;
    'video-last-frame': VideoLastFrameEvent;
    'budget-change': BudgetChangeEvent;
    'project-budget-change': ProjectBudgetChangeEvent;
    'dialogue-voice': DialogueVoiceEvent;
    'dialogue-line-change': DialogueLineChangeEvent;
    'segment-speech': SegmentSpeechEvent;
    'speaker-voice': SpeakerVoiceEvent;
    'episode-handoff': EpisodeHandoffEvent;
  }
}
