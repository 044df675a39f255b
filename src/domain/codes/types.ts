// Shared vocabulary of code mentions: what extraction produces and what the catalogue, findings and
// persistence consume. Pure types, no behaviour.

/** Code systems casedesk recognises. MODIFIER = a stand-alone modifier mention ("modifier 59"). */
export type CodeSystem = "CPT" | "HCPCS" | "ICD10CM" | "ICD10PCS" | "MODIFIER";

/** Where in the email a mention was found. Answers address `subject`, `body` and `attachment`. */
export type MentionLocation = "subject" | "body" | "quoted" | "signature" | "attachment";

/**
 * Status of a code in the catalogue for the date of service.
 * - active: valid and (for ICD-10-CM/PCS) billable
 * - deleted: existed in an earlier release, removed (ICD-10-CM/PCS yearly deletions)
 * - terminated: HCPCS Level II / CPT with a TERM DT before the date of service
 * - not-billable: ICD-10-CM header (category/subcategory) code, needs more characters
 * - invalid: not well formed for its system, or a well-formed code that no release knows and that is
 *   close to known codes (suggestions given)
 * - unknown: well formed but absent from every loaded release (e.g. a CPT code when no CPT file is loaded)
 */
export type CatalogueStatus = "active" | "deleted" | "terminated" | "not-billable" | "invalid" | "unknown";

/** One text segment of an email, in reading order. Mention spans are offsets into `text`. */
export interface Segment {
  location: MentionLocation;
  text: string;
  /** attachment file name, for `attachment` segments */
  name?: string;
}

/** A code (or stand-alone modifier) as written in the email. */
export interface CodeMention {
  system: CodeSystem;
  /** canonical form: ICD-10-CM dotted upper-case ("L74.510"), CPT/HCPCS upper-case, modifier upper-case ("59") */
  code: string;
  /** modifiers attached to the code, in written order ("50", "LT", "79") */
  modifiers: string[];
  /** units of service written with the code ("x 4", "4 units"), else null */
  units: number | null;
  location: MentionLocation;
  /** index into the Segment[] the extractor was given */
  segment: number;
  /** character offsets [start, end) into that segment's text (first occurrence) */
  start: number;
  end: number;
  /** surface text as written, e.g. "32664-50" */
  text: string;
  /** 0..1: how sure extraction is that this is a code of `system` */
  confidence: number;
}

/** A code range as written ("32601-32674"): one item, not two codes. */
export interface CodeRange {
  system: CodeSystem;
  from: string;
  to: string;
}

export interface ExtractionResult {
  mentions: CodeMention[];
  ranges: CodeRange[];
}

/** The plain-text view of a parsed email that segmentation works on (produced by the mail adapter). */
export interface EmailText {
  subject: string;
  /** text/plain body as decoded by mailparser ("" when there is none) */
  text: string;
  /** HTML body already converted to text that keeps table rows on one line, or null */
  htmlText: string | null;
  attachments: Array<{ filename: string; contentType: string; text: string }>;
}
