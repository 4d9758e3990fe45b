// Task media the fake serves (PREDICTIONS.md §4): uploaded files, local files, and cloud objects
// reached through the resolve/presign routes. Bytes are given by tests (e.g. PNGs from png.ts).
import { randomHex } from './pythonish';
import type { FakeObjectStore, StoredObject } from './fakeObjectStore';

export type MediaFile = StoredObject;

export class MediaStore {
  /** `upload/<project>/<8hex>-<name>` → file. */
  readonly uploads = new Map<string, MediaFile>();
  /** Absolute path under the document root → file. */
  readonly localFiles = new Map<string, MediaFile>();
  /** Like LOCAL_FILES_SERVING_ENABLED (off by default: 403). */
  localFilesServingEnabled = false;
  /** Paths covered by a Local Storage of some project (else 404). */
  readonly localStorageRoots: string[] = [];
  /** Cloud objects by URI (`s3://bucket/key`), for the resolve routes. */
  readonly cloud = new Map<string, MediaFile>();
  /** A storage's `presign` (default true: 303 to the object store when one is attached). */
  presign = true;
  presignTtlMinutes = 15;
  /** Where presigned URLs point (another origin). Without one, the fake streams the bytes itself (presign=false). */
  objectStore?: FakeObjectStore;

  /** Stores an upload and returns the task data value Label Studio would hold: `/data/upload/<p>/<hex>-<name>`. */
  addUpload(project: number, name: string, file: MediaFile): string {
    const stored = `upload/${project}/${randomHex(4)}-${name}`;
    this.uploads.set(stored, file);
    return `/data/${stored}`;
  }

  /** Stores a local file and returns `/data/local-files/?d=<path>` (the path without its leading slash). */
  addLocalFile(path: string, file: MediaFile): string {
    const clean = path.replace(/^\/+/, '');
    this.localFiles.set(clean, file);
    return `/data/local-files/?d=${encodeURIComponent(clean)}`;
  }

  /** Stores a cloud object; returns its URI (tasks hold it; the API returns the resolve URL). */
  addCloudObject(uri: string, file: MediaFile): string {
    this.cloud.set(uri, file);
    const m = /^[a-z0-9-]+:\/\/(.+)$/.exec(uri);
    if (m) this.objectStore?.put(m[1], file);
    return uri;
  }

  /** Attaches an object store and copies the cloud objects stored so far into it. */
  attachObjectStore(store: FakeObjectStore): void {
    this.objectStore = store;
    for (const [uri, file] of this.cloud) {
      const m = /^[a-z0-9-]+:\/\/(.+)$/.exec(uri);
      if (m) store.put(m[1], file);
    }
  }
}

const CLOUD = /^(s3|gs|azure-blob):\/\//;

/** Label Studio's URI resolution of task data (resolve_uri on): cloud URIs become the task's resolve route. */
export function resolveTaskData(taskId: number, data: Record<string, unknown>): Record<string, unknown> {
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string' && CLOUD.test(v)) {
      out[k] = `/tasks/${taskId}/resolve/?fileuri=${Buffer.from(v).toString('base64url')}`;
      changed = true;
    } else out[k] = v;
  }
  return changed ? out : data;
}
