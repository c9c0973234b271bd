import type http from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, test } from 'vitest';
import { adoptForwardedProtocol } from '../../scripts/server/forwarded-protocol.ts';

/** A request as the Node server receives it from a proxy: its headers, on a plain connection. */
function fromProxy(socket: Socket, headers: http.IncomingHttpHeaders): http.IncomingMessage {
  return { headers, socket } as http.IncomingMessage;
}

const encrypted = (socket: Socket) => (socket as Socket & { encrypted?: boolean }).encrypted;

describe('the scheme the browser used, from a trusted proxy', () => {
  test('X-Forwarded-Proto: https marks the connection encrypted, as a TLS connection is', () => {
    const socket = new Socket();
    adoptForwardedProtocol(fromProxy(socket, { 'x-forwarded-proto': 'https' }));
    expect(encrypted(socket)).toBe(true);
  });

  test('http, an unknown scheme or no header at all leaves it plain', () => {
    for (const headers of [{ 'x-forwarded-proto': 'http' }, { 'x-forwarded-proto': 'gopher' }, { 'x-forwarded-proto': '' }, {}]) {
      const socket = new Socket();
      adoptForwardedProtocol(fromProxy(socket, headers));
      expect(encrypted(socket), JSON.stringify(headers)).toBe(false);
    }
  });

  test('the value the nearest proxy appended counts, not one the client sent first', () => {
    const socket = new Socket();
    adoptForwardedProtocol(fromProxy(socket, { 'x-forwarded-proto': 'https, http' }));
    expect(encrypted(socket)).toBe(false);
    adoptForwardedProtocol(fromProxy(socket, { 'x-forwarded-proto': 'http,HTTPS' }));
    expect(encrypted(socket)).toBe(true);
  });

  test('each request on a kept-alive connection is judged by its own header', () => {
    const socket = new Socket();
    adoptForwardedProtocol(fromProxy(socket, { 'x-forwarded-proto': 'https' }));
    adoptForwardedProtocol(fromProxy(socket, { 'x-forwarded-proto': 'http' }));
    expect(encrypted(socket)).toBe(false);
  });
});
