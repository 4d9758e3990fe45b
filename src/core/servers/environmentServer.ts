/** The server the environment names: `LABEL_STUDIO_URL`, the Label Studio SDK's convention. */
import { normaliseServerUrl } from '../net/serverUrl';

export type Environment = Readonly<Record<string, string | undefined>>;

/** `LABEL_STUDIO_URL`, normalised, when it is set and valid; otherwise undefined. */
export function environmentServer(env: Environment): string | undefined {
  const url = env.LABEL_STUDIO_URL;
  if (!url) return undefined;
  try {
    return normaliseServerUrl(url);
  } catch {
    return undefined;
  }
}
