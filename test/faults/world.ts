/**
 * The little world a fault case runs in: a fresh fake Label Studio seeded with a few projects (one
 * healthy backend each), the token the client will use, and any other server that must receive
 * nothing. Shared by the unit and the in-editor fault matrices.
 */
import { FakeLabelStudio, seedManyProjects, type FakeMlServer } from '../fake';

/** Thrown by a case's setup when this machine cannot run it (e.g. no openssl); the runner skips. */
export class SkipCase extends Error {}

/** A server that must never be contacted (a redirect target, another host in `next`, a TLS server). */
export interface Bystander {
  name: string;
  requests(): number;
}

export interface World {
  fake: FakeLabelStudio;
  ml: FakeMlServer;
  /** Seeded projects, in creation order. */
  projectIds: number[];
  /** The project a project-level case breaks. */
  target: number;
  /** Where the client is pointed; a case may change it. */
  baseUrl: string;
  /** The token the client uses; a case may change it. */
  token: string;
  bystanders: Bystander[];
  /** A second fake Label Studio, started on first use and registered as a bystander. */
  other(): Promise<FakeLabelStudio>;
  onClose(cleanup: () => unknown): void;
  /** Every secret of this world: the token and each access token the fake minted. */
  secrets(): string[];
  /** Requests received by every server of the world (the fake and the bystanders). */
  requestCount(): number;
  close(): Promise<void>;
}

export interface Seed {
  projects: number;
  backendsPerProject: number;
}

export const DEFAULT_SEED: Seed = { projects: 3, backendsPerProject: 1 };

export async function createWorld(ml: FakeMlServer, seed: Seed = DEFAULT_SEED, tokenKind: 'legacy' | 'pat' = 'legacy'): Promise<World> {
  const fake = await FakeLabelStudio.start({ healthCheck: { connectTimeoutMs: 300, readTimeoutMs: 1000, setupTimeoutMs: 1000 } });
  const { projectIds } = seedManyProjects(fake, { ...seed, mlUrl: ml.model('healthy', {}) });
  const cleanups: Array<() => unknown> = [];
  const bystanders: Bystander[] = [];
  let other: FakeLabelStudio | undefined;
  const world: World = {
    fake,
    ml,
    projectIds,
    target: projectIds[Math.min(1, projectIds.length - 1)],
    baseUrl: fake.url,
    token: tokenKind === 'pat' ? fake.issuePersonalAccessToken() : fake.legacyTokens[0],
    bystanders,
    async other() {
      if (!other) {
        const started = await FakeLabelStudio.start();
        other = started;
        bystanders.push({ name: `second server ${started.url}`, requests: () => started.requests.length });
        cleanups.push(() => started.close());
      }
      return other;
    },
    onClose: (cleanup) => cleanups.push(cleanup),
    secrets: () => [world.token, ...fake.issuedAccessTokens, ...(other?.issuedAccessTokens ?? [])],
    requestCount: () => fake.requests.length + bystanders.reduce((n, b) => n + b.requests(), 0),
    async close() {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await fake.close();
    },
  };
  return world;
}
