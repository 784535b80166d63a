import { request as httpRequest } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROTLI_WINDOW_BITS } from "../../server/app";
import { useTestDb } from "../support/db";
import { startHttpApp, type HttpApp } from "./http-server";

useTestDb();
let app: HttpApp;
beforeAll(async () => {
  app = await startHttpApp();
});
afterAll(async () => app?.close());

/** One GET with node:http: the bytes as sent (fetch would decompress them). */
function rawGet(url: string, encoding: string): Promise<{ body: Buffer; encoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers: { "accept-encoding": encoding, accept: "text/html" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ body: Buffer.concat(chunks), encoding: res.headers["content-encoding"] }));
    })
      .on("error", reject)
      .end();
  });
}

/** The window size a brotli stream declares in its first bits (RFC 7932 §9.1). */
function brotliWindowBits(first: number): number {
  if ((first & 1) === 0) return 16;
  const n = (first >> 1) & 7;
  if (n !== 0) return 17 + n;
  const m = (first >> 4) & 7;
  if (m === 1) return 30; // "large window" brotli: far over any limit here
  return m === 0 ? 17 : 8 + m;
}

describe("compressed pages", () => {
  it("a browser (br) gets brotli with a 256 KB window, not brotli's default 4 MB: the default cost ~16 ms of CPU per /orders page at 50 connections", async () => {
    const res = await rawGet(`${app.url}/login`, "gzip, deflate, br, zstd");
    expect(res.encoding).toBe("br");
    expect(brotliWindowBits(res.body[0]!)).toBe(BROTLI_WINDOW_BITS);
    expect(BROTLI_WINDOW_BITS).toBeLessThanOrEqual(18);
    expect(brotliDecompressSync(res.body).toString()).toMatch(/^<!DOCTYPE html><html/);
  });

  it("a client without br gets gzip, and one that asks for nothing gets the page as is", async () => {
    const gz = await rawGet(`${app.url}/login`, "gzip");
    expect(gz.encoding).toBe("gzip");
    expect(gunzipSync(gz.body).toString()).toMatch(/^<!DOCTYPE html><html/);
    const plain = await rawGet(`${app.url}/login`, "identity");
    expect(plain.encoding).toBeUndefined();
    expect(plain.body.toString()).toMatch(/^<!DOCTYPE html><html/);
  });

  it("the window check itself reads what brotli writes", () => {
    expect(brotliWindowBits(0b0000_0000)).toBe(16);
    expect(brotliWindowBits(0b0000_0011)).toBe(18);
    expect(brotliWindowBits(0b0000_1011)).toBe(22);
    expect(brotliWindowBits(0b0000_0001)).toBe(17);
  });
});
