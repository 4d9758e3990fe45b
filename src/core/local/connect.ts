/**
 * "Connect to Project…": adds the local backend to a Label Studio project (or updates the backend
 * there that already points at it), trying the candidate URLs in order. Label Studio validates each
 * by calling /health and /setup itself, so the URL it accepts is one it can reach.
 */
import type { LabelStudioClient } from '../api/client';
import { HttpStatusError, messageOf } from '../api/errors';
import type { MlBackend } from '../api/models';
import { looksUnreachable, type UrlCandidate } from './reachableUrl';

export interface ConnectAttempt {
  url: string;
  /** Label Studio's words when it refused the URL. */
  error?: string;
}

export interface ConnectResult {
  backend?: MlBackend;
  attempts: ConnectAttempt[];
  /** Whether an existing backend was updated rather than a new one added. */
  updated: boolean;
  /** The last error when no candidate was accepted. */
  error?: unknown;
}

export interface ConnectInput {
  client: LabelStudioClient;
  projectId: number;
  candidates: UrlCandidate[];
  /** A backend of that project that already points at this local backend. */
  existing?: MlBackend;
  title: string;
}

export async function connectToProject(input: ConnectInput): Promise<ConnectResult> {
  const attempts: ConnectAttempt[] = [];
  let error: unknown;
  for (const candidate of input.candidates) {
    try {
      const backend = input.existing
        ? await input.client.updateBackend(input.existing.id, { url: candidate.url, project: input.projectId })
        : await input.client.createBackend({ url: candidate.url, project: input.projectId, title: input.title, is_interactive: true });
      attempts.push({ url: candidate.url });
      return { backend, attempts, updated: input.existing !== undefined };
    } catch (e) {
      error = e;
      const message = messageOf(e);
      attempts.push({ url: candidate.url, error: message });
      // Only "cannot reach it" moves on to the next URL; a /setup failure or a rejected token would fail there too.
      if (!(e instanceof HttpStatusError && looksUnreachable(`${message} ${JSON.stringify(e.fieldErrors)}`))) break;
    }
  }
  return { attempts, updated: false, error };
}
