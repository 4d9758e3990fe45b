/**
 * Where Diagnose's `/health` probe goes and through which proxy. Apart from the diagnosis itself so
 * that the network settings (loaded at activation) need only this, not the whole diagnosis.
 */
import { proxyFor, type ProxyChoice, type ProxySettings } from '../net/proxy';

/**
 * Where the probe goes: the backend URL's origin and path + `/health`. Query, fragment and user info
 * are dropped, so a hostile URL (`http://host/?x=`) cannot aim the probe at another path or query.
 */
export function probeUrl(backendUrl: string): string {
  try {
    const url = new URL(backendUrl);
    if (url.protocol === 'http:' || url.protocol === 'https:') return `${url.origin}${url.pathname.replace(/\/+$/, '')}/health`;
  } catch {
    /* not a URL: the request fails and the report says so */
  }
  return backendUrl;
}

/** The probe's URL and the proxy it goes through: the same rules as any request from this machine. */
export function probeRoute(backendUrl: string, settings: ProxySettings, env: NodeJS.ProcessEnv): { url: string; proxy?: ProxyChoice } {
  const url = probeUrl(backendUrl);
  let proxy: ProxyChoice | undefined;
  try {
    proxy = proxyFor(url, settings, env);
  } catch {
    proxy = undefined;
  }
  return { url, proxy };
}
