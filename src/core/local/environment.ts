/**
 * The environment an ML backend will run with, and where each value comes from: the compose
 * service's `environment:` when it runs in Docker, else the `.env` file (which the extension passes
 * to the terminal it starts the server in). Secrets are kept for checks only and shown masked.
 */
import { classifyToken, describeTokenKind } from '../api/token';
import * as l10n from '../text/l10n';
import type { ComposeFacts } from './compose';

export type RunMode = 'docker' | 'python';

export interface EnvValue {
  value: string;
  /** 'docker-compose.yml', '.env', … */
  source: string;
}

export interface BackendEnvironment {
  mode: RunMode;
  values: Record<string, EnvValue>;
  /** Port on this machine where the backend answers. */
  port: number;
  /** The compose service, in Docker mode. */
  composeService?: string;
  labelStudioService?: string;
}

export const DEFAULT_PORT = 9090;
/** Shown in the view, in this order. */
export const SHOWN_VARIABLES = ['LABEL_STUDIO_URL', 'LABEL_STUDIO_API_KEY', 'MODEL_DIR', 'LOG_LEVEL', 'BASIC_AUTH_USER', 'PORT'];
const SECRET_VARIABLES = new Set(['LABEL_STUDIO_API_KEY', 'LABEL_STUDIO_ACCESS_TOKEN', 'BASIC_AUTH_PASS', 'ML_SERVER_BASIC_AUTH_PASS']);

export function isSecretVariable(name: string): boolean {
  return SECRET_VARIABLES.has(name) || /(TOKEN|SECRET|PASS|PASSWORD|API_KEY)$/.test(name);
}

export interface EnvironmentInput {
  mode: RunMode;
  compose?: ComposeFacts;
  composeFile?: string;
  dotenv: Record<string, string>;
  /** compose `env_file:` names .env for the ML service. */
  composeUsesEnvFile?: boolean;
}

export function backendEnvironment(input: EnvironmentInput): BackendEnvironment {
  const values: Record<string, EnvValue> = {};
  const fromDotenv = input.mode === 'python' || input.composeUsesEnvFile;
  if (fromDotenv) for (const [k, v] of Object.entries(input.dotenv)) values[k] = { value: v, source: '.env' };
  if (input.mode === 'docker' && input.compose) {
    for (const [k, v] of Object.entries(input.compose.environment))
      values[k] = { value: v, source: input.composeFile ?? 'docker-compose.yml' };
  }
  return {
    mode: input.mode,
    values,
    port: backendPort(input.mode, values, input.compose),
    composeService: input.mode === 'docker' ? input.compose?.serviceName : undefined,
    labelStudioService: input.mode === 'docker' ? input.compose?.labelStudioService : undefined,
  };
}

function backendPort(mode: RunMode, values: Record<string, EnvValue>, compose?: ComposeFacts): number {
  const declared = Number(values.PORT?.value);
  const inside = Number.isInteger(declared) && declared > 0 && declared < 65536 ? declared : DEFAULT_PORT;
  if (mode === 'python') return inside;
  const ports = compose?.ports ?? [];
  return (ports.find((p) => p.container === inside) ?? ports[0])?.host ?? inside;
}

/** The value of a variable as the ML SDK reads it, with its fallbacks (empty counts as unset). */
export function effective(env: BackendEnvironment, name: 'url' | 'key'): EnvValue | undefined {
  const names = name === 'url' ? ['LABEL_STUDIO_URL', 'LABEL_STUDIO_HOST'] : ['LABEL_STUDIO_API_KEY', 'LABEL_STUDIO_ACCESS_TOKEN'];
  for (const n of names) if (env.values[n]?.value.trim()) return env.values[n];
  return undefined;
}

/** How a value is shown: secrets never, only that they are set and which kind of token they are. */
export function displayValue(name: string, value: string): string {
  if (!value.trim()) return l10n.t('(empty)');
  if (!isSecretVariable(name)) return value;
  if (name === 'LABEL_STUDIO_API_KEY' || name === 'LABEL_STUDIO_ACCESS_TOKEN')
    return `•••••••• (${describeTokenKind(classifyToken(value).kind)})`;
  return '••••••••';
}
