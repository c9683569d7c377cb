import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { DocumentEngine, type RenderJob } from './document-engine.js';
import type { DocumentKind } from './document-views.js';

/**
 * A render worker: loads the templates, theme and fonts once, then renders jobs one at a
 * time. The PDF bytes are transferred back, not copied.
 */
export interface WorkerRequest {
  id: number;
  job: RenderJob;
}

/** `heapShare`: the worker's used heap as a share of its limit, after the job. */
export type WorkerResponse =
  | { id: number; heapShare: number; bytes: Uint8Array; templateVersion: string }
  | { id: number; heapShare: number; error: string };

const heapShare = () => {
  const { used_heap_size, heap_size_limit } = getHeapStatistics();
  return used_heap_size / heap_size_limit;
};

// The kinds the main thread loaded (and checked with their samples): names cross threads,
// the modules' definitions stay behind.
const { templatesDir, kinds } = workerData as { templatesDir: string; kinds: DocumentKind[] };
const engine = DocumentEngine.load(templatesDir, kinds);
const port = parentPort!;

port.on('message', (request: WorkerRequest) => {
  engine.render(request.job).then(
    ({ bytes, templateVersion }) => {
      // A pooled Buffer shares its ArrayBuffer; transfer only a buffer of our own.
      const own =
        bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
          ? new Uint8Array(bytes.buffer, 0, bytes.byteLength)
          : new Uint8Array(bytes);
      const response: WorkerResponse = {
        id: request.id,
        heapShare: heapShare(),
        bytes: own,
        templateVersion,
      };
      port.postMessage(response, [own.buffer as ArrayBuffer]);
    },
    (error: unknown) => {
      const response: WorkerResponse = {
        id: request.id,
        heapShare: heapShare(),
        error: error instanceof Error ? error.message : String(error),
      };
      port.postMessage(response);
    },
  );
});
