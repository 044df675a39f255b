// ICD-10-CM hierarchy: chapter → block (section) → category → subcategories, from the chapter / section /
// category tables (../shared/data/icd10cm/hierarchy-april2026) and the header codes of the order file.
import type { CsvRecord } from "./icd10cm-delta.js";
import type { HierarchyTables } from "./snapshot.js";
import type { IcdHierarchy } from "./types.js";

/**
 * Build the hierarchy tables from CSV records of the three files:
 * chapters (`chapter, description` where description ends "(A00-B99)"), sections (`section_range, chapter,
 * description`) and categories (`ICD10-CM-CODE, description, section, chapter`).
 * @throws Error when a file lacks its key column.
 */
export function parseHierarchy(chapters: CsvRecord[], sections: CsvRecord[], categories: CsvRecord[]): HierarchyTables {
  const out: HierarchyTables = { chapters: {}, blocks: {}, categoryBlock: {} };
  for (const r of chapters) {
    if (!r.chapter) throw new Error("ICD-10-CM chapters file: no 'chapter' column");
    const desc = (r.description ?? "").trim();
    const m = /\(([A-Z][0-9A-Z]{2}-[A-Z][0-9A-Z]{2})\)\s*$/.exec(desc);
    out.chapters[r.chapter] = [desc.replace(/\s*\([^)]*\)\s*$/, ""), m ? m[1]! : ""];
  }
  for (const r of sections) {
    if (!r.section_range) throw new Error("ICD-10-CM sections file: no 'section_range' column");
    out.blocks[r.section_range] = [r.chapter ?? "", (r.description ?? "").replace(/\s*\([^)]*\)\s*$/, "").trim()];
  }
  for (const r of categories) {
    const code = r["ICD10-CM-CODE"];
    if (!code) throw new Error("ICD-10-CM categories file: no 'ICD10-CM-CODE' column");
    if (r.section) out.categoryBlock[code.replace(".", "")] = r.section;
  }
  return out;
}

/**
 * Block range holding a 3-character category: the categories table first, else the range that contains it
 * (new categories such as FY2027 J4B are absent from the April 2026 table). Null when none does.
 */
export function blockOf(tables: HierarchyTables, category: string): string | null {
  const direct = tables.categoryBlock[category];
  if (direct) return direct;
  for (const range of Object.keys(tables.blocks)) {
    const [from, to] = range.split("-");
    if (from && to && from <= category && category <= to) return range;
  }
  return null;
}

/**
 * Hierarchy of a dotless key. `titleOf(key)` returns the title of an existing header code or null;
 * `display(key)` gives the dotted form. Ancestors run from the category down to the parent.
 */
export function hierarchyOf(
  tables: HierarchyTables | null,
  key: string,
  titleOf: (key: string) => string | null,
  display: (key: string) => string,
): IcdHierarchy {
  const ancestors: IcdHierarchy["ancestors"] = [];
  for (let len = 3; len < key.length; len++) {
    const k = key.slice(0, len);
    const t = titleOf(k);
    if (t !== null) ancestors.push({ code: display(k), title: t });
  }
  if (!tables) return { chapter: null, block: null, ancestors };
  const range = blockOf(tables, key.slice(0, 3));
  const block = range ? tables.blocks[range] : undefined;
  const chapterNo = block?.[0];
  const chapter = chapterNo ? tables.chapters[chapterNo] : undefined;
  return {
    chapter: chapter && chapterNo ? { number: chapterNo, title: chapter[0], range: chapter[1] } : null,
    block: block && range ? { range, title: block[1] } : null,
    ancestors,
  };
}
