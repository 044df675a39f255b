import { describe, expect, it } from "vitest";
import { segmentEmail } from "../../../src/domain/email/segment.js";
import { extractMentions } from "../../../src/domain/codes/extract.js";

const seg = (text: string) => segmentEmail({ subject: "", text, htmlText: null, attachments: [] });
const locs = (text: string) => seg(text).map((s) => `${s.location}:${s.text.split("\n")[0]}`);

describe("segmentEmail", () => {
  it("separates new text, signature and an On … wrote: history", () => {
    const t = "Is 99213 right?\n\nThanks,\nJane Doe, CPC\n\nOn Mon, Jan 6, 2025 at 10:00 AM Bob <b@x.org>\nwrote:\n> use 99214\n";
    expect(locs(t)).toEqual(["body:Is 99213 right?", "signature:Thanks,", "quoted:On Mon, Jan 6, 2025 at 10:00 AM Bob <b@x.org>"]);
  });
  it("cuts at -----Original Message----- and at an Outlook header block", () => {
    expect(locs("new 99213\n-----Original Message-----\nFrom: a\nold 99214")).toEqual(["body:new 99213", "quoted:-----Original Message-----"]);
    expect(locs("new\n\nFrom: Bob Smith\nSent: Monday\nTo: Jane\nSubject: RE: 99214\n\nold")).toEqual(["body:new", "quoted:From: Bob Smith"]);
  });
  it("handles inline replies between > lines", () => {
    expect(locs("> q1 99213\nA: yes\n> q2\nA: no")).toEqual(["quoted:> q1 99213", "body:A: yes", "quoted:> q2", "body:A: no"]);
  });
  it("treats -- and Sent from my iPhone as a signature", () => {
    expect(locs("question 99213\n-- \nJane\nNPI 1234567893")).toEqual(["body:question 99213", "signature:-- "]);
    expect(locs("q\nSent from my iPhone")).toEqual(["body:q", "signature:Sent from my iPhone"]);
  });
  it("cuts at a pasted forward", () => {
    expect(locs("see below\n---------- Forwarded message ---------\nFrom: x\n99213")).toEqual(["body:see below", "quoted:---------- Forwarded message ---------"]);
  });
  it("keeps an opening Thanks! in the body", () => {
    expect(locs("Thanks!\nPlease confirm 99214-25 for the visit today.\nJane")).toEqual(["body:Thanks!"]);
  });
  it("gives mentions their segment location and prefers new text for a repeated code", () => {
    const segs = segmentEmail({ subject: "99214?", text: "> 99213\nyes, 99213\n", htmlText: null, attachments: [{ filename: "a.txt", contentType: "text/plain", text: "E11.9" }] });
    const r = extractMentions(segs);
    expect(r.mentions.map((m) => `${m.location}:${m.code}`)).toEqual(["subject:99214", "body:99213", "attachment:E11.9"]);
  });
  it("segments a forwarded message/rfc822 attachment", () => {
    const segs = segmentEmail({ subject: "", text: "fwd", htmlText: null, attachments: [{ filename: "fw.eml", contentType: "message/rfc822", text: "Subject: q\n\n99213?\n> old 99212" }] });
    expect(segs.map((s) => s.location)).toEqual(["body", "attachment", "quoted"]);
  });
});
