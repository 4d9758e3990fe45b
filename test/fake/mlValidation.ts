// `MLBackendSerializer` input validation (Label Studio 1.22 `ml/serializers.py` on DRF 3.15), in the
// real order: field-by-field conversion (errors collected; the URL check may abort with 403/500),
// then validate(): Basic-auth keys, a synchronous health check and a synchronous setup, both run with
// the *submitted* attributes only (which is why a PATCH without `url` crashes with a TypeError).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { healthcheck, setup, type MlEnv } from './backendOps';
import { pythonTraceback } from './pythonish';
import { ApiError, nonFieldError, PythonCrash, ValidationFailed } from './reply';
import type { AuthMethod, BackendState, FakeBackend, FakeProject } from './records';

/** Attributes that passed field validation (only the submitted ones, like DRF's `attrs`). */
export interface BackendAttrs {
  state?: BackendState;
  is_interactive?: boolean;
  url?: string;
  error_message?: string | null;
  title?: string | null;
  auth_method?: AuthMethod;
  basic_auth_user?: string | null;
  basic_auth_pass?: string | null;
  description?: string | null;
  extra_params?: unknown;
  model_version?: string | null;
  timeout?: number;
  auto_update?: boolean;
  project?: FakeProject;
}

const SERIALIZERS_PY = '/label-studio/label_studio/ml/serializers.py';
const DRF = '/usr/local/lib/python3.12/site-packages/rest_framework';

const TRUE_VALUES = new Set<unknown>(['t', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', '1', 1, true]);
const FALSE_VALUES = new Set<unknown>([
  'f',
  'F',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'false',
  'False',
  'FALSE',
  'off',
  'Off',
  'OFF',
  '0',
  0,
  false,
]);

class FieldError extends Error {}

function toBool(v: unknown): boolean {
  if (TRUE_VALUES.has(v)) return true;
  if (FALSE_VALUES.has(v)) return false;
  throw new FieldError('Must be a valid boolean.');
}

/** DRF CharField: numbers are accepted and stringified, surrounding whitespace trimmed. */
function toStr(v: unknown, allowBlank: boolean): string {
  if (typeof v === 'boolean' || !(typeof v === 'string' || typeof v === 'number')) throw new FieldError('Not a valid string.');
  const s = String(v).trim();
  if (s === '' && !allowBlank) throw new FieldError('This field may not be blank.');
  return s;
}

function toFloat(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (typeof v === 'boolean' || !Number.isFinite(n)) throw new FieldError('A valid number is required.');
  return n;
}

function toChoice<T extends string>(v: unknown, choices: readonly T[]): T {
  if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
  throw new FieldError(`"${typeof v === 'string' ? v : JSON.stringify(v)}" is not a valid choice.`);
}

function pythonTypeName(v: unknown): string {
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

export interface ValidateContext {
  env: MlEnv;
  partial: boolean;
  instance?: FakeBackend;
  findProject(id: number): FakeProject | undefined;
}

/** Hosts we can decide without asking DNS: IP literals, localhost, and the reserved `.invalid` TLD. */
async function resolves(host: string, network: MlEnv['network']): Promise<boolean> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) || bare === 'localhost') return true;
  if (network === 'docker' && bare === 'host.docker.internal') return true;
  if (bare.endsWith('.invalid') || bare === 'invalid') return false;
  const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref());
  return Promise.race([
    lookup(bare).then(
      () => true,
      () => false,
    ),
    timeout,
  ]);
}

/** `validate_upload_url`: scheme check (403), then hostname resolution (500). */
async function validateUrl(url: string, network: MlEnv['network']): Promise<void> {
  if (!(url.startsWith('http://') || url.startsWith('https://'))) {
    throw new ApiError(403, 'The provided URL was not valid. URLs must begin with http:// or https://, and cannot be local IPs.');
  }
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    host = url.replace(/^https?:\/\//, '').split(/[/:?#]/)[0];
  }
  if (!(await resolves(host, network))) throw new ApiError(500, `Can't resolve hostname ${host}`);
}

export async function validateBackendInput(data: Record<string, unknown>, ctx: ValidateContext): Promise<BackendAttrs> {
  const attrs: BackendAttrs = {};
  const errors: Record<string, string[]> = {};
  const has = (k: string) => Object.prototype.hasOwnProperty.call(data, k);

  // Field order of MLBackendSerializer.Meta.fields (read-only ones skipped).
  type Conv = (v: unknown) => unknown | Promise<unknown>;
  const nullableStr: Conv = (v) => (v === null ? null : toStr(v, true));
  const fields: Array<[keyof BackendAttrs, { required?: boolean; nullable?: boolean; conv: Conv }]> = [
    ['state', { conv: (v) => toChoice(v, ['CO', 'DI', 'ER', 'TR', 'PR'] as const) }],
    ['is_interactive', { conv: toBool }],
    [
      'url',
      {
        required: true,
        conv: async (v) => {
          const s = toStr(v, false);
          await validateUrl(s, ctx.env.network);
          return s;
        },
      },
    ],
    ['error_message', { nullable: true, conv: nullableStr }],
    ['title', { nullable: true, conv: nullableStr }],
    ['auth_method', { conv: (v) => toChoice(v, ['NONE', 'BASIC_AUTH'] as const) }],
    ['basic_auth_user', { nullable: true, conv: nullableStr }],
    ['basic_auth_pass', { nullable: true, conv: (v) => validateBasicAuthPass(v === null ? null : toStr(v, true), ctx.instance) }],
    ['description', { nullable: true, conv: nullableStr }],
    ['extra_params', { nullable: true, conv: (v) => v }],
    ['model_version', { nullable: true, conv: nullableStr }],
    ['timeout', { conv: toFloat }],
    ['auto_update', { conv: toBool }],
    ['project', { required: true, conv: (v) => toProject(v, ctx) }],
  ];

  for (const [name, spec] of fields) {
    if (!has(name)) {
      if (spec.required && !ctx.partial) errors[name] = ['This field is required.'];
      continue;
    }
    const value = data[name];
    if (value === null && !spec.nullable) {
      errors[name] = ['This field may not be null.'];
      continue;
    }
    try {
      (attrs as Record<string, unknown>)[name] = await spec.conv(value);
    } catch (err) {
      if (err instanceof FieldError) errors[name] = [err.message];
      else throw err; // 403/500 from the URL check, AttributeError from the password validator
    }
  }
  if (Object.keys(errors).length) throw new ValidationFailed(errors);

  // validate(attrs)
  if (attrs.auth_method === 'BASIC_AUTH' && (!('basic_auth_user' in attrs) || !('basic_auth_pass' in attrs))) {
    throw nonFieldError('Authentication username and password is required for Basic Authentication.');
  }
  if (attrs.url === undefined) throw missingArgument('healthcheck_', 'url', 47, '_validate_healthcheck');
  const health = await healthcheck(ctx.env, attrs as { url: string });
  if (health.isError) {
    if (health.statusCode === 401) {
      throw nonFieldError('Able to connect to ML Server, but authentication parameters were either not provided or are incorrect.');
    }
    throw nonFieldError(
      `Can't connect to ML backend ${attrs.url}, health check failed. Make sure it is up and your firewall is properly configured. ` +
        `<a href="https://labelstud.io/guide/ml.html">Learn more</a> about how to set up an ML backend. Additional info: ${health.errorMessage}`,
    );
  }
  if (attrs.project === undefined) throw missingArgument('setup_', 'project', 62, '_validate_setup');
  const setupRes = await setup(ctx.env, attrs as { url: string }, attrs.project, attrs.extra_params);
  if (setupRes.isError) {
    throw nonFieldError(
      `Successfully connected to ${attrs.url} but it doesn't look like a valid ML backend. Reason: ${setupRes.errorMessage}.\n` +
        'Check the ML backend server console logs to check the status.' +
        'There might be something wrong with your model or it might be incompatible with the current labeling configuration.',
    );
  }
  return attrs;
}

function toProject(v: unknown, ctx: ValidateContext): FakeProject {
  const id = typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  if (Number.isNaN(id)) throw new FieldError(`Incorrect type. Expected pk value, received ${pythonTypeName(v)}.`);
  const project = ctx.findProject(id);
  if (!project) throw new FieldError(`Invalid pk "${String(v).trim()}" - object does not exist.`);
  return project;
}

/** `validate_basic_auth_pass`: blank keeps the stored password; on create it dereferences `None` (→ 500). */
function validateBasicAuthPass(value: string | null, instance: FakeBackend | undefined): string {
  if (value) return value;
  if (!instance) {
    const msg = "'NoneType' object has no attribute 'basic_auth_pass'";
    throw new PythonCrash(
      msg,
      pythonTraceback(
        [
          [`${DRF}/views.py`, 512, 'dispatch'],
          [`${DRF}/generics.py`, 246, 'post'],
          [`${DRF}/mixins.py`, 18, 'create'],
          [`${DRF}/serializers.py`, 223, 'is_valid'],
          [`${DRF}/serializers.py`, 445, 'run_validation'],
          [`${DRF}/serializers.py`, 503, 'to_internal_value'],
          [SERIALIZERS_PY, 28, 'validate_basic_auth_pass'],
        ],
        `AttributeError: ${msg}`,
      ),
    );
  }
  if (!instance.basic_auth_pass) throw new FieldError('Authentication password is required for Basic Authentication.');
  return instance.basic_auth_pass;
}

function missingArgument(method: string, arg: string, line: number, caller: string): PythonCrash {
  const msg = `MLBackend.${method}() missing 1 required positional argument: '${arg}'`;
  return new PythonCrash(
    msg,
    pythonTraceback(
      [
        [`${DRF}/views.py`, 512, 'dispatch'],
        [`${DRF}/generics.py`, 296, 'patch'],
        [`${DRF}/mixins.py`, 82, 'partial_update'],
        [`${DRF}/serializers.py`, 229, 'is_valid'],
        [SERIALIZERS_PY, 81, 'validate'],
        [SERIALIZERS_PY, line, caller],
      ],
      `TypeError: ${msg}`,
    ),
  );
}
