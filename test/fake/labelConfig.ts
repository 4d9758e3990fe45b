// Derives `parsed_label_config` and `control_weights` from a labeling config, enough for the tag kinds
// the fake's sample projects use. A control tag is any tag with `toName`; its labels are the `value`s
// of its direct children (<Label>, <Choice>); inputs are the object tags named in `toName`.

interface Tag {
  name: string;
  attrs: Record<string, string>;
  children: Tag[];
}

export interface ParsedControl {
  type: string;
  to_name: string[];
  inputs: Array<{ type: string; valueType: string | null; value: string }>;
  labels: string[];
  labels_attrs: Record<string, Record<string, string>>;
}

export interface DerivedConfig {
  parsed: Record<string, ParsedControl>;
  controlWeights: Record<string, { overall: number; type: string; labels: Record<string, number> }>;
  hasControlTags: boolean;
}

function parseTags(xml: string): Tag[] {
  const root: Tag = { name: '#root', attrs: {}, children: [] };
  const stack: Tag[] = [root];
  const tagRe = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  const attrRe = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (const m of xml.replace(/<!--[\s\S]*?-->/g, '').matchAll(tagRe)) {
    const [, closing, name, attrText, selfClosing] = m;
    if (closing) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(attrRe)) attrs[a[1]] = a[2] ?? a[3] ?? '';
    const tag: Tag = { name, attrs, children: [] };
    stack[stack.length - 1].children.push(tag);
    if (!selfClosing) stack.push(tag);
  }
  return root.children;
}

function flatten(tags: Tag[]): Tag[] {
  return tags.flatMap((t) => [t, ...flatten(t.children)]);
}

export function deriveFromLabelConfig(labelConfig: string | null): DerivedConfig {
  const all = flatten(parseTags(labelConfig ?? ''));
  const objects = new Map(all.filter((t) => t.attrs.name && t.attrs.value?.startsWith('$')).map((t) => [t.attrs.name, t]));
  const parsed: DerivedConfig['parsed'] = {};
  const controlWeights: DerivedConfig['controlWeights'] = {};
  for (const tag of all) {
    if (!tag.attrs.name || !tag.attrs.toName) continue;
    const toName = tag.attrs.toName.split(',').map((s) => s.trim());
    const labelTags = tag.children.filter((c) => c.attrs.value !== undefined);
    const labels = labelTags.map((c) => c.attrs.value);
    parsed[tag.attrs.name] = {
      type: tag.name,
      to_name: toName,
      inputs: toName
        .map((n) => objects.get(n))
        .filter((o): o is Tag => o !== undefined)
        .map((o) => ({ type: o.name, valueType: o.attrs.valueType ?? null, value: o.attrs.value.slice(1) })),
      labels,
      labels_attrs: Object.fromEntries(labelTags.map((c) => [c.attrs.value, { ...c.attrs }])),
    };
    controlWeights[tag.attrs.name] = {
      overall: 1.0,
      type: tag.name,
      labels: Object.fromEntries(labels.map((l) => [l, 1.0])),
    };
  }
  return { parsed, controlWeights, hasControlTags: Object.keys(parsed).length > 0 };
}
