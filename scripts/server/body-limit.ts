/**
 * Request bodies over the limit are refused here, in the Node server, before the site's handler reads them: with
 * 413 and a message, whether the body declares its length or arrives chunked, and without the connection reset
 * that would otherwise lose the answer.
 *
 * Why this cannot be left to the route: the Astro adapter reads a chunked body until its own limit and then fails
 * the read, which the route could only report as unreadable (400); and a server that answers before reading the
 * whole body and then closes the socket makes the kernel reset the connection (unread bytes were still arriving),
 * so the client sees ECONNRESET or EPIPE instead of the answer. Here the bytes are counted as they arrive, nothing
 * past the limit is kept, and after answering the server closes its side and goes on reading, and discarding,
 * what the client is still sending, up to a cap, before it closes the connection (as nginx's "lingering close").
 */
import type http from 'node:http';

export interface BodyLimit {
  /** The largest body taken, in bytes. */
  maxBytes: number;
  /** The answer to a larger one: a status of 413 and these words, as JSON when the client sends or asks for JSON. */
  message: string;
  /** After answering, how many more bytes are read and discarded before the connection is closed regardless. */
  drainBytes?: number;
  /** After answering, how long the client has to stop sending before the connection is closed regardless. */
  drainMs?: number;
}

type Next = () => void;

/** A body this server read itself: the Astro adapter takes `request.body` as the body when it is a Buffer. */
type ReadRequest = http.IncomingMessage & { body?: Buffer };

/**
 * Reads the body of `request` into `request.body` when it is within the limit, then calls `next`; refuses it
 * with 413 otherwise. Requests without a body go straight on.
 */
export function limitRequestBody(limit: BodyLimit): (request: http.IncomingMessage, response: http.ServerResponse, next: Next) => void {
  return (request, response, next) => {
    const declared = request.headers['content-length'];
    const chunked = request.headers['transfer-encoding'] !== undefined;
    if (!chunked && (declared === undefined || Number(declared) === 0)) return next();
    if (!chunked && Number(declared) > limit.maxBytes) return refuse(request, limit);

    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit.maxBytes) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData);
      request.off('end', onEnd);
      chunks.length = 0;
      refuse(request, limit, received);
    };
    const onEnd = () => {
      (request as ReadRequest).body = Buffer.concat(chunks, received);
      next();
    };
    request.on('data', onData);
    request.on('end', onEnd);
  };
}

/**
 * For `Expect: 100-continue`: a client that asks before sending a body too large is refused at once, and sends
 * nothing; any other is told to go on.
 */
export function continueWithinLimit(limit: BodyLimit, request: http.IncomingMessage, response: http.ServerResponse): boolean {
  if (Number(request.headers['content-length'] ?? 0) <= limit.maxBytes) {
    response.writeContinue();
    return true;
  }
  const { type, text } = answer(request, limit);
  response.writeHead(413, { 'content-type': type, 'content-length': Buffer.byteLength(text), connection: 'close', 'cache-control': 'no-store' });
  response.end(text);
  return false;
}

/**
 * Answers 413 on the socket itself, closes the sending side, and reads what is still coming until the client
 * finishes the request, stops, or passes the cap. The answer is written directly rather than through the response
 * object because Node destroys the socket as soon as a `Connection: close` response is written, which is the
 * reset this avoids.
 */
function refuse(request: http.IncomingMessage, limit: BodyLimit, alreadyRead = 0): void {
  const { socket } = request;
  const { type, text } = answer(request, limit);
  const body = Buffer.from(text);
  socket.write(
    'HTTP/1.1 413 Payload Too Large\r\n'
      + `Date: ${new Date().toUTCString()}\r\n`
      + `Content-Type: ${type}\r\n`
      + `Content-Length: ${body.length}\r\n`
      + 'Cache-Control: no-store\r\n'
      + 'Connection: close\r\n\r\n',
  );
  socket.end(body);

  const drainBytes = limit.drainBytes ?? 4 * 1024 * 1024;
  let drained = alreadyRead;
  const close = () => {
    clearTimeout(timer);
    socket.destroy();
  };
  const timer = setTimeout(close, limit.drainMs ?? 10_000);
  timer.unref();
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > drainBytes) close();
  });
  // Everything the client sent has been read: closing now sends no reset.
  request.once('end', close);
  request.once('error', close);
  socket.once('close', () => clearTimeout(timer));
  request.resume();
}

function answer(request: http.IncomingMessage, limit: BodyLimit): { type: string; text: string } {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const json = type === 'application/json' || (request.headers.accept ?? '').includes('application/json');
  return json
    ? { type: 'application/json; charset=utf-8', text: JSON.stringify({ error: limit.message }) }
    : { type: 'text/plain; charset=utf-8', text: limit.message };
}
