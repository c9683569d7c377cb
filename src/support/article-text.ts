/** A block of an article as pages show it: the text stays text (templates escape it). */
export type ArticleBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'code'; text: string };

/**
 * The knowledge base's "markdown-ish" text, read into blocks instead of HTML: "# " starts a
 * heading, "- " or "* " a list item, a fence of ``` a code block, a blank line ends a
 * paragraph. The editor's preview and the portal show the same blocks; since no HTML is built
 * here, whatever an author types is escaped by the template like any other text.
 */
export function articleBlocks(body: string): ArticleBlock[] {
  const blocks: ArticleBlock[] = [];
  let paragraph: string[] = [];
  let list: string[] | null = null;
  let code: string[] | null = null;
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    if (list) blocks.push({ kind: 'list', items: list });
    paragraph = [];
    list = null;
  };
  for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
    if (code) {
      if (raw.trim().startsWith('```')) {
        blocks.push({ kind: 'code', text: code.join('\n') });
        code = null;
      } else code.push(raw);
      continue;
    }
    const line = raw.trim();
    if (line.startsWith('```')) {
      flush();
      code = [];
    } else if (line === '') flush();
    else if (/^#{1,6}\s/.test(line)) {
      flush();
      blocks.push({ kind: 'heading', text: line.replace(/^#+\s+/, '') });
    } else if (/^[-*]\s/.test(line)) {
      if (paragraph.length) flush();
      (list ??= []).push(line.slice(2).trim());
    } else {
      if (list) flush();
      paragraph.push(line);
    }
  }
  if (code) blocks.push({ kind: 'code', text: code.join('\n') });
  flush();
  return blocks;
}
