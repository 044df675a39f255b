// pdf.js's legacy build bundles core-js, which replaces Array.prototype.push process-wide with a slow polyfill;
// the adapter loads it lazily and puts replaced built-ins back.
import { describe, expect, it } from "vitest";
import { loadPdfJs } from "../../../src/adapters/mail/email-text-pdf.js";

describe("pdf.js loading", () => {
  it("leaves Array.prototype.push native", async () => {
    const native = Array.prototype.push; // (core-js disguises its polyfill's toString as native: compare identity)
    const pdf = await loadPdfJs();
    expect(typeof pdf.getDocument).toBe("function");
    expect(Array.prototype.push).toBe(native);
  });
});
