import { pgEnum } from 'drizzle-orm/pg-core';

export const roles = ['admin', 'translator', 'reviewer', 'researcher', 'legal'] as const;
export type Role = (typeof roles)[number];
export const roleEnum = pgEnum('role', roles);

export const documentStatuses = [
  'ocr_pending',
  'ocr_running',
  'ocr_failed',
  'in_progress',
  'in_review',
  'reviewed',
  'certified',
] as const;
export type DocumentStatus = (typeof documentStatuses)[number];
export const documentStatusEnum = pgEnum('document_status', documentStatuses);

export const pageOcrStatuses = ['pending', 'running', 'done', 'failed'] as const;
export type PageOcrStatus = (typeof pageOcrStatuses)[number];
export const pageOcrStatusEnum = pgEnum('page_ocr_status', pageOcrStatuses);

/** `suggested`: a translation filled in by the translation memory that no person has confirmed yet. */
export const segmentStatuses = ['ocr', 'corrected', 'suggested', 'translated', 'reviewed', 'deleted'] as const;
export type SegmentStatus = (typeof segmentStatuses)[number];
export const segmentStatusEnum = pgEnum('segment_status', segmentStatuses);

export const jobStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];
export const jobStatusEnum = pgEnum('job_status', jobStatuses);
