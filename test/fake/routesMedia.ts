// Task media the way Label Studio 1.22 serves it (PREDICTIONS.md §4): uploads at /data/upload/<p>/<f>
// and /storage-data/uploaded/?filepath=upload/<p>/<f>, local files at /data/local-files/?d=<path>
// (403 plain text unless LOCAL_FILES_SERVING_ENABLED, 404 outside every Local Storage), cloud URIs
// at /tasks/<id>/presign|resolve/?fileuri=<base64url> (303 to a presigned URL). DRF auth on all.
import type { FakeLabelStudio } from './fakeLabelStudio';
import { ApiError, textReply, type Reply } from './reply';
import type { Route } from './router';

export const LOCAL_FILES_DISABLED =
  "Serving local files can be dangerous, so it's disabled by default. You can enable it with LOCAL_FILES_SERVING_ENABLED environment variable, please check docs: https://labelstud.io/guide/storage.html#Local-storage";

export interface MediaStore {
  /** `upload/<project>/<file>` → bytes. */
  uploads: Map<string, Buffer>;
  /** Paths under LOCAL_FILES_DOCUMENT_ROOT → bytes (a path here is covered by a Local Storage). */
  localFiles: Map<string, Buffer>;
  /** Cloud URIs the project's storages can presign. */
  cloudObjects: Set<string>;
  localFilesServingEnabled: boolean;
}

export function newMediaStore(): MediaStore {
  return { uploads: new Map(), localFiles: new Map(), cloudObjects: new Set(), localFilesServingEnabled: false };
}

function bytes(data: Buffer): Reply {
  return { status: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: data };
}

function found(data: Buffer | undefined): Reply {
  if (!data) throw new ApiError(404, 'Not found.');
  return bytes(data);
}

export function mediaRoutes(fake: FakeLabelStudio): Route[] {
  const media = fake.media;
  return [
    { pattern: /^\/data\/upload\/(.+)$/, auth: true, methods: { GET: (req) => found(media.uploads.get(`upload/${req.params[0]}`)) } },
    {
      pattern: /^\/storage-data\/uploaded\/$/,
      auth: true,
      methods: { GET: (req) => found(media.uploads.get(req.query.get('filepath') ?? '')) },
    },
    {
      pattern: /^\/data\/local-files\/$/,
      auth: true,
      methods: {
        GET: (req) => {
          if (!media.localFilesServingEnabled) return textReply(403, LOCAL_FILES_DISABLED, 'text/html; charset=utf-8');
          return found(media.localFiles.get(req.query.get('d') ?? ''));
        },
      },
    },
    {
      pattern: /^\/tasks\/(\d+)\/(?:presign|resolve)\/$/,
      auth: true,
      methods: {
        GET: (req) => {
          const raw = req.query.get('fileuri');
          if (!raw) return textReply(400, '', 'text/html; charset=utf-8');
          const uri = Buffer.from(raw, 'base64url').toString('utf8');
          if (!media.cloudObjects.has(uri)) throw new ApiError(404, 'Not found.');
          return { status: 303, headers: { Location: `https://storage.invalid/presigned?u=${encodeURIComponent(uri)}`, 'Cache-Control': 'no-store' }, body: Buffer.alloc(0) };
        },
      },
    },
  ];
}
