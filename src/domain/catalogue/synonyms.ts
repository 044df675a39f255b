// Cheap query expansion for free-text search: lay words and common clinical abbreviations mapped to the
// words used in official code titles. Small on purpose; extend when a real query misses.

/** lay word / abbreviation → title words (all lower-case). */
export const SEARCH_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  armpit: ["axilla", "axillary"],
  armpits: ["axilla", "axillary"],
  underarm: ["axilla"],
  underarms: ["axilla"],
  sweating: ["hyperhidrosis", "sweat"],
  sweat: ["hyperhidrosis"],
  sweaty: ["hyperhidrosis", "sweating"],
  heart: ["cardiac"],
  kidney: ["renal"],
  liver: ["hepatic"],
  lung: ["pulmonary"],
  belly: ["abdomen", "abdominal"],
  stomach: ["gastric"],
  skin: ["cutaneous"],
  broken: ["fracture"],
  break: ["fracture"],
  shot: ["injection"],
  sugar: ["diabetes"],
  htn: ["hypertension"],
  dm: ["diabetes", "mellitus"],
  t2dm: ["type", "2", "diabetes", "mellitus"],
  t1dm: ["type", "1", "diabetes", "mellitus"],
  chf: ["heart", "failure"],
  copd: ["chronic", "obstructive", "pulmonary"],
  mi: ["myocardial", "infarction"],
  uti: ["urinary", "tract", "infection"],
  uri: ["upper", "respiratory", "infection"],
  ckd: ["chronic", "kidney", "disease"],
  afib: ["atrial", "fibrillation"],
  cad: ["coronary", "atherosclerotic"],
  gerd: ["gastro", "esophageal", "reflux"],
  dvt: ["deep", "vein", "thrombosis"],
  pe: ["pulmonary", "embolism"],
  bph: ["prostatic", "hyperplasia"],
  ra: ["rheumatoid", "arthritis"],
  oa: ["osteoarthritis"],
  fx: ["fracture"],
  lt: ["left"],
  rt: ["right"],
  bilat: ["bilateral"],
  inj: ["injection"],
  vats: ["thoracoscopy", "thoracoscopic"],
};

/** A search term plus its synonyms (MiniSearch `processTerm` may return several terms). */
export function expandTerm(term: string): string[] {
  const t = term.toLowerCase();
  const extra = SEARCH_SYNONYMS[t];
  return extra ? [t, ...extra] : [t];
}
