/**
 * The facts of a backend's docker-compose file that matter here: which service is the ML server,
 * its environment (after compose's `${VAR}` interpolation from `.env`), its published ports, and
 * whether Label Studio itself runs in the same compose project.
 */
import { isObject } from '../text/json';

export const COMPOSE_FILES = ['docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml'];

export interface PortMapping {
  host: number;
  container: number;
}

export interface ComposeFacts {
  serviceName: string;
  environment: Record<string, string>;
  ports: PortMapping[];
  /** The name of a Label Studio service in the same file, when there is one. */
  labelStudioService?: string;
}

type Json = Record<string, unknown>;

/**
 * Loads the YAML parser (js-yaml, its `load` only) on first use: a separate file of the bundle, see
 * esbuild.mjs. At most 100 aliases (`*ref`) per document; YAML 1.2 core schema, as before with yaml.
 */
export async function parseYamlText(text: string): Promise<unknown> {
  const { load } = await import('js-yaml');
  return load(text, { maxAliases: 100 });
}

/** compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `$VAR` with values from `.env` (unknown → empty). */
export function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\$|\$\{([A-Za-z_]\w*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_]\w*)/g, (all, braced, op, fallback, bare) => {
    if (all === '$$') return '$';
    const name = braced ?? bare;
    const v = vars[name];
    if (op === ':-') return v ? v : fallback;
    if (op === '-') return v !== undefined ? v : fallback;
    return v ?? '';
  });
}

export function readCompose(doc: unknown, dotenv: Record<string, string> = {}): ComposeFacts | undefined {
  if (!isObject(doc) || !isObject(doc.services)) return undefined;
  const services = Object.entries(doc.services).filter((e): e is [string, Json] => isObject(e[1]));
  if (services.length === 0) return undefined;
  const labelStudio = services.find(([, s]) => looksLikeLabelStudio(s));
  const ml =
    services.find(([, s]) => s !== labelStudio?.[1] && (s.build !== undefined || /ml-backend/i.test(String(s.image ?? '')))) ??
    services.find(([, s]) => s !== labelStudio?.[1]);
  if (!ml) return undefined;
  const [serviceName, service] = ml;
  return {
    serviceName,
    environment: readEnvironment(service.environment, dotenv),
    ports: readPorts(service.ports, dotenv),
    labelStudioService: labelStudio?.[0],
  };
}

function looksLikeLabelStudio(s: Json): boolean {
  const image = String(s.image ?? '');
  return /(^|\/)label-studio(:|$)/i.test(image) && !/ml-backend/i.test(image);
}

function readEnvironment(env: unknown, dotenv: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(env)) {
    for (const item of env) {
      const text = String(item);
      const eq = text.indexOf('=');
      // `- KEY` alone passes the shell's value through: unknown here, so it is left out.
      if (eq > 0) out[text.slice(0, eq).trim()] = interpolate(text.slice(eq + 1), dotenv);
    }
  } else if (isObject(env)) {
    for (const [k, v] of Object.entries(env)) if (v !== null && v !== undefined) out[k] = interpolate(String(v), dotenv);
  }
  return out;
}

function readPorts(ports: unknown, dotenv: Record<string, string>): PortMapping[] {
  if (!Array.isArray(ports)) return [];
  const out: PortMapping[] = [];
  for (const p of ports) {
    if (isObject(p)) {
      const host = Number(interpolate(String(p.published ?? ''), dotenv));
      const container = Number(p.target);
      if (Number.isInteger(host) && host > 0 && Number.isInteger(container)) out.push({ host, container });
      continue;
    }
    // "[ip:]host:container[/proto]"
    const parts = interpolate(String(p), dotenv)
      .replace(/\/\w+$/, '')
      .split(':');
    if (parts.length < 2) continue;
    const host = Number(parts[parts.length - 2]);
    const container = Number(parts[parts.length - 1]);
    if (Number.isInteger(host) && host > 0 && Number.isInteger(container)) out.push({ host, container });
  }
  return out;
}
