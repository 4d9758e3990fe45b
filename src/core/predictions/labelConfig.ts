// TEMP stub of the core half's config parser (branch `inspector`); replaced by theirs on merge.
import type { ControlTag, LabelConfig, ObjectTag } from './types';
const OBJECTS = new Set(['Image', 'Text', 'HyperText', 'Audio', 'Video', 'Table', 'TimeSeries', 'Paragraphs']);
export async function parseLabelConfig(xml: string): Promise<LabelConfig> {
  const controls: ControlTag[] = [];
  const objects: ObjectTag[] = [];
  let current: ControlTag | undefined;
  for (const m of xml.matchAll(/<(\/?)(\w+)([^>]*?)(\/?)>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of m[3].matchAll(/([\w-]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    if (m[1]) {
      if (current && m[2] === current.tag) current = undefined;
      continue;
    }
    if (OBJECTS.has(m[2]) && attrs.name) objects.push({ name: attrs.name, tag: m[2], valueKey: (attrs.value ?? '').replace(/^\$/, ''), attrs });
    else if (attrs.toName && attrs.name) {
      const c: ControlTag = { name: attrs.name, tag: m[2], toName: attrs.toName.split(','), labels: [], choice: attrs.choice, attrs };
      controls.push(c);
      if (!m[4]) current = c;
    } else if (current && (m[2] === 'Label' || m[2] === 'Choice') && attrs.value) current.labels.push({ value: attrs.alias ?? attrs.value, background: attrs.background });
  }
  return { controls, objects };
}
