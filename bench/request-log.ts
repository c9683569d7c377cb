import http from 'node:http';
import { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { requestLogger } from '../src/app.setup.js';
import { JsonLogger } from '../src/common/json-logger.js';

/**
 * What the request log costs per request, in-process: the app's own pino-http middleware at
 * `info` (one compact line) against the same at `warn` (no line for a 200), and against
 * pino-http's defaults (every request header in the line, as the log was before). Lines go to
 * a sink that counts bytes, synchronously, as pino writes to stdout. The first line builds the
 * request and response objects only: subtract it from the others.
 */
export interface LogCost {
  name: string;
  microsPerRequest: number;
  bytesPerLine: number;
}

export function measureRequestLog(requests = 20_000, rounds = 5): LogCost[] {
  const variants: Array<[string, (sink: Writable) => http.RequestListener]> = [
    [
      'no logging middleware (the request objects alone)',
      () => middleware((_q, _s, next) => next()),
    ],
    ['no line (LOG_LEVEL=warn)', (sink) => middleware(requestLogger(logger('warn', sink)))],
    ['compact line (LOG_LEVEL=info)', (sink) => middleware(requestLogger(logger('info', sink)))],
    [
      'all headers (pino-http defaults, before)',
      (sink) => middleware(pinoHttp({ logger: pino({ level: 'info' }, sink) })),
    ],
  ];
  // The variants take turns, `rounds` times; each figure is the median of its rounds.
  const micros = variants.map((): number[] => []);
  const bytesPerLine = variants.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    variants.forEach(([, build], v) => {
      const [us, bytes] = timeVariant(build, requests);
      micros[v].push(us);
      bytesPerLine[v] = bytes;
    });
  }
  return variants.map(([name], v) => ({
    name,
    microsPerRequest: [...micros[v]].sort((a, b) => a - b)[Math.floor(rounds / 2)],
    bytesPerLine: bytesPerLine[v],
  }));
}

function timeVariant(
  build: (sink: Writable) => http.RequestListener,
  requests: number,
): [micros: number, bytesPerLine: number] {
  let bytes = 0;
  let lines = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      lines++;
      done();
    },
  });
  const handle = build(sink);
  for (let i = 0; i < 2_000; i++) handle(...fakeExchange(i));
  bytes = 0;
  lines = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < requests; i++) handle(...fakeExchange(i));
  const micros = Number(process.hrtime.bigint() - started) / 1000 / requests;
  return [micros, lines === 0 ? 0 : bytes / lines];
}

function logger(level: string, sink: Writable) {
  return JsonLogger.create(level, sink);
}

type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

function middleware(mw: Middleware): http.RequestListener {
  return (req, res) => {
    mw(req, res, () => undefined);
    res.statusCode = 200;
    res.emit('finish');
  };
}

/** A request as a browser or API client sends it, and its response. */
function fakeExchange(i: number): [http.IncomingMessage, http.ServerResponse] {
  const req = new http.IncomingMessage(new Socket());
  req.method = 'GET';
  req.url = `/projects?page=${i % 50}`;
  req.headers = {
    host: '127.0.0.1:3000',
    'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36',
    accept: 'application/json',
    'accept-encoding': 'gzip, deflate, br',
    'accept-language': 'de-DE,de;q=0.9,en;q=0.8',
    authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJl',
    connection: 'keep-alive',
  };
  return [req, new http.ServerResponse(req)];
}
