/** The episode export's shapes, shared by the stitch panel and the export controller (export-files.ts). */

/** A file the export offers: where it is and what it is called. */
export interface ExportFile {
  url: string;
  name: string;
}

/** What an export with captions or a music bed holds (undefined: the export is the plain MP4). */
export interface ExportBundle {
  zip: string;
  files: string[];
}

/** An export under way or finished. */
export interface ExportStatus {
  message: string;
  busy: boolean;
  error?: boolean;
  /** 0-1 while writing. */
  progress?: number;
}
