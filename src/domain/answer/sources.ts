// The rule sources findings cite, in one place so the wording stays consistent and reviewable.
// Each constant names the public document (and section) a finding rests on; data releases travel separately.

/** ICD-10-CM Official Guidelines for Coding and Reporting (CMS/NCHS), by section. */
export const ICD10CM_GUIDELINES = {
  /** I.A.3: only codes (not categories/subcategories) are reported; any applicable 7th character is required */
  reportingCodes: "ICD-10-CM Official Guidelines for Coding and Reporting, Section I.A.3 (use of codes for reporting purposes)",
  /** I.A.4: placeholder character X */
  placeholder: "ICD-10-CM Official Guidelines for Coding and Reporting, Section I.A.4 (placeholder character)",
  /** I.A.5: 7th characters */
  seventhCharacter: "ICD-10-CM Official Guidelines for Coding and Reporting, Section I.A.5 (7th characters)",
  /** I.B.2: a code is invalid if not coded to the full number of characters required */
  levelOfDetail: "ICD-10-CM Official Guidelines for Coding and Reporting, Section I.B.2 (level of detail in coding)",
} as const;

/** Code-set files (where the status of a code comes from). */
export const CODE_SET_FILES = {
  ICD10CM: "CMS/NCHS ICD-10-CM code descriptions in tabular order (order file) and addenda",
  ICD10CM_CONVERSION: "CDC/NCHS ICD-10-CM conversion table",
  ICD10PCS: "CMS ICD-10-PCS order file",
  HCPCS: "CMS HCPCS Level II quarterly file (ANWEB: ADD DT, TERM DT, XREF)",
  CPT: "AMA CPT code set (descriptors licensed; not imported)",
  PFS: "CMS Physician Fee Schedule relative value file (PPRRVU)",
  MODIFIER: "CMS HCPCS Level II quarterly file (modifier records) and the CPT modifier list (Appendix A, numbers only)",
} as const;

/** NCCI Policy Manual for Medicare Services (CMS), by chapter and section. */
export const NCCI_MANUAL = {
  /** Ch. I §E: modifiers and modifier indicators (PTP bypass, 59 and X{EPSU}) */
  modifiers: "NCCI Policy Manual for Medicare Services, Chapter I, Section E (modifiers)",
  /** Ch. I §V: medically unlikely edits */
  mue: "NCCI Policy Manual for Medicare Services, Chapter I, Section V (medically unlikely edits)",
  /** Ch. I: add-on codes */
  addOn: "NCCI Policy Manual for Medicare Services, Chapter I (add-on codes)",
  /** Ch. I §D / Ch. XI: E/M services and modifier 25 */
  evaluationManagement: "NCCI Policy Manual for Medicare Services, Chapter I, Section D and Chapter XI (evaluation and management services; modifier 25)",
  /** Ch. I §C: the global surgical package */
  globalSurgery: "NCCI Policy Manual for Medicare Services, Chapter I, Section C (medical/surgical package) and CMS Medicare Claims Processing Manual, Chapter 12, §40 (global surgery)",
  /** PTP edit file layout */
  ptpFile: "CMS NCCI procedure-to-procedure (PTP) edits, practitioner file",
  mueFile: "CMS NCCI medically unlikely edits (MUE), practitioner services file",
  /** X{EPSU} modifiers: CMS Change Request 8863 (effective 2015-01-01) and the MLN fact sheet on modifier 59 */
  xModifiers: "CMS Change Request 8863 (modifiers XE, XS, XP, XU, effective 2015-01-01) and MLN fact sheet \"Proper Use of Modifier 59\"",
} as const;

/** HIPAA code-set standards: which code set reports what. */
export const CODE_SET_STANDARDS =
  "HIPAA code set standards, 45 CFR 162.1002 (ICD-10-PCS for hospital inpatient procedures; CPT and HCPCS Level II for physician and other health care services; ICD-10-CM for diagnoses)";

/** CMS Medicare Claims Processing Manual (Pub. 100-04), chapter 12, for PFS indicators. */
export const CLAIMS_MANUAL = {
  bilateral: "CMS Medicare Claims Processing Manual, Chapter 12, §40.7 (bilateral surgery) and the PPRRVU bilateral surgery indicator",
  multiple: "CMS Medicare Claims Processing Manual, Chapter 12, §40.6 (multiple surgery) and the PPRRVU multiple procedure indicator",
  assistant: "CMS Medicare Claims Processing Manual, Chapter 12, §20.4.3 (assistant at surgery) and the PPRRVU assistant at surgery indicator",
  global: "CMS Medicare Claims Processing Manual, Chapter 12, §40 (surgeons and global surgery) and the PPRRVU global period",
} as const;
