// Tests never reach the internet: only loopback servers that the tests start themselves.
import net from 'node:net';

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const [first] = args;
  const options = (typeof first === 'object' && first !== null ? first : {}) as { host?: string; path?: string };
  const host = options.host ?? (typeof args[1] === 'string' ? args[1] : 'localhost');
  if (!options.path && !['localhost', '127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(host)) {
    throw new Error(`Test tried to reach ${host}: tests may only use loopback servers.`);
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
