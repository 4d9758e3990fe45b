// Media routes (PREDICTIONS.md §4): /data/upload/…, /storage-data/uploaded/?filepath= (where the ML SDK
// looks first), /data/local-files/?d=, /tasks/{id}/resolve|presign/ and /projects/{id}/resolve/.
// DRF views: any Label Studio credential (Token or Bearer) works; none → 401.
import type { FakeLabelStudio } from './fakeLabelStudio';
import type { MediaFile } from './mediaStore';
import { ApiError, emptyReply, textReply, type Reply } from './reply';
import type { LsRequest, Route } from './router';

const LOCAL_FILES_DISABLED =
  "Serving local files can be dangerous, so it's disabled by default. You can enable it with LOCAL_FILES_SERVING_ENABLED " +
  'environment variable, please check docs: https://labelstud.io/guide/storage.html#Local-storage';

function fileReply(file: MediaFile, extra: Record<string, string> = {}): Reply {
  return { status: 200, headers: { 'Content-Type': file.contentType, 'Accept-Ranges': 'bytes', ...extra }, body: file.body };
}

/** `fileuri`: base64url first, then URL-unquoting (TaskResolveStorageUri). */
function decodeFileUri(raw: string): string {
  const b64 = Buffer.from(raw, 'base64url').toString('utf8');
  return /^[a-z0-9-]+:\/\//.test(b64) ? b64 : decodeURIComponent(raw);
}

export function mediaRoutes(fake: FakeLabelStudio): Route[] {
  const media = () => fake.media;
  const resolveUri = (req: LsRequest): Reply => {
    const raw = req.query.get('fileuri');
    if (!raw) return emptyReply(400);
    const uri = decodeFileUri(raw);
    const file = media().cloud.get(uri);
    if (!file) throw new ApiError(404, 'Not found.');
    const store = media().objectStore;
    const key = /^[a-z0-9-]+:\/\/(.+)$/.exec(uri)?.[1];
    if (media().presign && store && key) {
      const ttl = media().presignTtlMinutes;
      return {
        status: 303,
        headers: { Location: store.presign(key, ttl * 60), 'Cache-Control': `no-store, max-age=${ttl * 60}` },
        body: Buffer.alloc(0),
      };
    }
    return fileReply(file);
  };
  return [
    {
      pattern: /^\/data\/upload\/(.+)$/,
      auth: true,
      methods: {
        GET: (req) => {
          const file = media().uploads.get(`upload/${decodeURIComponent(req.params[0]).replace(/\/$/, '')}`);
          if (!file) throw new ApiError(404, 'Not found.');
          return fileReply(file);
        },
      },
    },
    {
      pattern: /^\/storage-data\/uploaded\/$/,
      auth: true,
      methods: {
        GET: (req) => {
          const file = media().uploads.get(req.query.get('filepath') ?? '');
          if (!file) throw new ApiError(404, 'Not found.');
          return fileReply(file);
        },
      },
    },
    {
      pattern: /^\/data\/local-files\/$/,
      auth: true,
      methods: {
        GET: (req) => {
          if (!media().localFilesServingEnabled) return textReply(403, LOCAL_FILES_DISABLED, 'text/html; charset=utf-8');
          const path = (req.query.get('d') ?? '').replace(/^\/+/, '');
          const covered = media().localStorageRoots.some((root) => path.startsWith(root.replace(/^\/+/, '')));
          const file = media().localFiles.get(path);
          if (!path || !covered || !file) throw new ApiError(404, 'Not found.');
          return fileReply(file);
        },
      },
    },
    {
      pattern: /^\/tasks\/(\d+)\/(?:resolve|presign)\/$/,
      auth: true,
      methods: {
        GET: (req) => {
          if (!fake.db.tasks.has(Number(req.params[0]))) throw new ApiError(404, 'Not found.');
          return resolveUri(req);
        },
      },
    },
    {
      pattern: /^\/projects\/(\d+)\/(?:resolve|presign)\/$/,
      auth: true,
      methods: {
        GET: (req) => {
          if (!fake.getProject(Number(req.params[0]))) throw new ApiError(404, 'Not found.');
          return resolveUri(req);
        },
      },
    },
  ];
}
