import { LabelStudioClient } from '../../src/core/api/client';
import { createUndiciTransport, type HttpTransport } from '../../src/core/net/http';
import { FakeLabelStudio, FakeMlServer, type FakeLabelStudioOptions } from '../fake';

/** A fake Label Studio and a transport, fresh for each test, and one fake ML server for the whole suite. */
export interface FakeLab {
  readonly fake: FakeLabelStudio;
  readonly ml: FakeMlServer;
  readonly transport: HttpTransport;
  /** A client of the fake (its first legacy token unless told), over `transport`. */
  client(token?: string, baseUrl?: string): LabelStudioClient;
}

export interface FakeLabOptions {
  /** How each test's fake Label Studio starts. */
  fake?: FakeLabelStudioOptions;
  /** Connections of the transport (default 4). */
  connections?: number;
}

/** Registers the mocha hooks of the enclosing `describe` that start and close the lab; read its parts inside tests. */
export function useFakeLab(options: FakeLabOptions = {}): FakeLab {
  let fake: FakeLabelStudio | undefined;
  let ml: FakeMlServer | undefined;
  let transport: HttpTransport | undefined;
  before(async () => (ml = await FakeMlServer.start()));
  after(async () => ml?.close());
  beforeEach(async () => {
    fake = await FakeLabelStudio.start(options.fake);
    transport = createUndiciTransport({ connections: options.connections ?? 4, maxBodyBytes: 8 << 20 });
  });
  afterEach(async () => {
    await transport?.close();
    await fake?.close();
  });
  const started = <T>(part: T | undefined, name: string): T => {
    if (part === undefined) throw new Error(`The fake lab's ${name} is read outside a test.`);
    return part;
  };
  return {
    get fake() {
      return started(fake, 'Label Studio');
    },
    get ml() {
      return started(ml, 'ML server');
    },
    get transport() {
      return started(transport, 'transport');
    },
    client(token?: string, baseUrl?: string) {
      const lab = started(fake, 'Label Studio');
      return new LabelStudioClient({
        baseUrl: baseUrl ?? lab.url,
        token: token ?? lab.legacyTokens[0],
        transport: started(transport, 'transport'),
      });
    },
  };
}
