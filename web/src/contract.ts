// Shapes of the JSON the API returns, written from the agreed contract (issue 2) while
// api/app.ts is still being built. Once the routes are in, these become
// `InferResponseType<...>` over `hc<AppType>` (see api.ts) and this file goes away; nothing
// else in web/ should declare API shapes.

export type Role = 'admin' | 'translator' | 'reviewer' | 'researcher' | 'legal';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
}

export type DocumentStatus =
  | 'ocr_pending'
  | 'ocr_running'
  | 'ocr_failed'
  | 'in_progress'
  | 'in_review'
  | 'reviewed'
  | 'certified';

export interface DocumentSummary {
  id: number;
  title: string;
  archiveRef: string | null;
  collection: string;
  status: DocumentStatus;
  pageCount: number;
  pagesDone: number;
  pagesFailed: number;
  sha256: string;
  mime: string;
  originalName: string;
  createdAt: string;
}

export type PageOcrStatus = 'pending' | 'running' | 'done' | 'failed';

export interface Page {
  id: number;
  pageNo: number;
  width: number;
  height: number;
  ocrStatus: PageOcrStatus;
  ocrError: string | null;
  meanConfidence: number | null;
  imageUrl: string;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Word {
  text: string;
  confidence: number;
  box: Box;
}

export type SegmentStatus = 'ocr' | 'corrected' | 'translated' | 'reviewed';

export interface Segment {
  id: number;
  pageId: number;
  pageNo: number;
  lineNo: number;
  box: Box;
  ocrText: string;
  ocrConfidence: number;
  words: Word[];
  text: string;
  translation: string;
  version: number;
  status: SegmentStatus;
  updatedAt: string;
  updatedBy: { id: number; name: string } | null;
}

export interface SegmentVersion {
  version: number;
  text: string;
  translation: string;
  status: SegmentStatus;
  changedAt: string;
  changedBy: { id: number; name: string } | null;
}

export interface Progress {
  pageCount: number;
  pagesDone: number;
  pagesFailed: number;
  status: DocumentStatus;
}
