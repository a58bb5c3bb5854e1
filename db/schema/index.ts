export * from './enums';
export * from './users.table';
export * from './collections.table';
export * from './documents.table';
export * from './pages.table';
export * from './segments.table';
export * from './ocr-jobs.table';
export * from './audit-events.table';
