// Unauthenticated probes (/health/, /api/version/), the PAT exchange (/api/token/refresh/) and
// /api/current-user/whoami (registered WITHOUT a trailing slash).
import type { FakeLabelStudio } from './fakeLabelStudio';
import { isoDaysAgo, nowIsoMicro } from './pythonish';
import { USER } from './records';
import { ApiError, jsonReply, ValidationFailed } from './reply';
import { parseData, type Route } from './router';

// Permission names of Community 1.22 (`core/permissions.py`), as listed by whoami.
const PERMISSIONS = [
  'organizations.create',
  'organizations.view',
  'organizations.change',
  'organizations.delete',
  'organizations.invite',
  'projects.create',
  'projects.view',
  'projects.change',
  'projects.delete',
  'projects.reset_cache',
  'tasks.create',
  'tasks.view',
  'tasks.change',
  'tasks.delete',
  'views.reset',
  'annotations.create',
  'annotations.view',
  'annotations.change',
  'annotations.delete',
  'actions.perform',
  'predictions.any',
  'avatar.any',
  'labels.create',
  'labels.view',
  'labels.change',
  'labels.delete',
  'models.create',
  'models.view',
  'models.change',
  'models.delete',
  'model_provider_connection.create',
  'model_provider_connection.view',
  'model_provider_connection.change',
  'model_provider_connection.delete',
  'webhooks.view',
  'webhooks.change',
  'users.token.any',
  'storages.view',
  'storages.change',
  'storages.sync',
  'views.view',
  'views.create',
  'views.change',
  'views.delete',
];

const DATE_JOINED = isoDaysAgo(120);

export function authRoutes(fake: FakeLabelStudio): Route[] {
  return [
    { pattern: /^\/health\/$/, auth: false, methods: { GET: () => jsonReply(200, { status: 'UP' }) } },
    { pattern: /^\/(?:api\/)?version\/$/, auth: false, methods: { GET: () => jsonReply(200, versionInfo(fake)) } },
    {
      pattern: /^\/api\/token\/refresh\/$/,
      auth: false,
      methods: {
        POST: (req) => {
          const data = parseData(req);
          const refresh = data.refresh;
          const error =
            refresh === undefined
              ? 'This field is required.'
              : refresh === null
                ? 'This field may not be null.'
                : typeof refresh !== 'string' && typeof refresh !== 'number'
                  ? 'Not a valid string.'
                  : String(refresh).trim() === ''
                    ? 'This field may not be blank.'
                    : undefined;
          if (error) throw new ValidationFailed({ refresh: [error] });
          const verified = fake.verifyRefreshToken(String(refresh).trim());
          if (!verified.ok) throw new ApiError(401, verified.error, {}, { 'WWW-Authenticate': 'Bearer realm="api"' });
          fake.tokenExchanges++;
          // Rotation is off (simplejwt default), so only `access` comes back.
          return jsonReply(200, { access: fake.issueAccessToken() });
        },
      },
    },
    {
      pattern: /^\/api\/current-user\/whoami$/,
      auth: true,
      methods: { GET: () => jsonReply(200, whoami()) },
    },
  ];
}

function whoami() {
  return {
    id: USER.id,
    first_name: USER.first_name,
    last_name: USER.last_name,
    username: USER.username,
    email: USER.email,
    last_activity: nowIsoMicro(),
    custom_hotkeys: {},
    avatar: USER.avatar,
    initials: 'AL',
    phone: '',
    active_organization: 1,
    active_organization_meta: { title: 'Label Studio', email: USER.email },
    allow_newsletters: null,
    date_joined: DATE_JOINED,
    permissions: PERMISSIONS,
  };
}

function versionInfo(fake: FakeLabelStudio) {
  const v = fake.version;
  return {
    release: v,
    'label-studio-os-package': {
      version: v,
      short_version: v.split('.').slice(0, 2).join('.'),
      latest_version_from_pypi: v,
      latest_version_upload_time: '2025-12-09T14:21:07',
      current_version_is_outdated: false,
    },
    'label-studio-os-backend': {
      message: `Release ${v}`,
      commit: '32b43996a29646046629d91e979dd76faf3565d8',
      date: '2025/12/09 13:58:11',
      branch: '',
      version: v,
    },
    'label-studio-frontend': { message: 'build', commit: '1b2d8e5', branch: 'develop', date: '2025-12-09T12:04:45Z' },
    'label-studio-converter': { version: '0.0.59' },
    edition: fake.edition === 'enterprise' ? 'Enterprise' : 'Community',
  };
}
