// Collection exports (issue 16): a ZIP of a collection or of a search's documents, built on the
// server as a job; the web app starts it, follows its progress and offers the download.
import { query, revalidate } from '@solidjs/router';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { client, ok, type Api } from './client.ts';

export type ExportJob = InferResponseType<Api['exports'][':id']['$get'], 200>['job'];
export type ExportRequest = InferRequestType<Api['exports']['$post']>['json'];
export type CollectionOption = InferResponseType<Api['documents']['filters']['$get'], 200>['collections'][number];

/** Starts an export; the job comes back queued. */
export async function startExport(body: ExportRequest): Promise<ExportJob> {
  const job = (await (await ok(client.api.exports.$post({ json: body }))).json()).job;
  await revalidate(getExportJobs.key);
  return job;
}

export async function getExportJob(id: number): Promise<ExportJob> {
  return (await (await ok(client.api.exports[':id'].$get({ param: { id } }))).json()).job;
}

/** My newest export jobs. */
export const getExportJobs = query(async (): Promise<ExportJob[]> => (await (await ok(client.api.exports.$get())).json()).jobs, 'exportJobs');

export const isExportRunning = (j: ExportJob) => j.status === 'queued' || j.status === 'running';
