'use client';
/**
 * A tiny, safe Markdown subset for question prompts, choices and
 * explanations: paragraphs, line breaks, **bold**, *em*, `code`, $math$ and
 * $$display math$$. Everything else is text: no raw HTML, no links, no images.
 */
import { Fragment, type ReactNode } from 'react';
import { Tex } from './tex';

/** Longest text rendered (pack text is bounded by the pack schema; this guards the regex work). */
const MAX_MARKDOWN_CHARS = 20_000;

// One inline token: display math, inline math, code, bold, em (with * or _). `\$` is a literal dollar.
const INLINE =
  /(\$\$[\s\S]+?\$\$|(?<!\\)\$(?:\\\$|[^$\n])+?\$|`[^`\n]+`|\*\*(?!\s)[\s\S]+?\*\*|\*(?![\s*])[^*\n]+?\*|(?<![\w\\])_(?![\s_])[^_\n]+?_(?!\w))/;

function inline(text: string, key: string): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let i = 0;
  while (rest.length > 0) {
    const m = INLINE.exec(rest);
    if (!m || m.index === undefined) {
      out.push(unescape(rest));
      break;
    }
    const tok = m[0];
    const before = rest.slice(0, m.index);
    // An opening bracket right before inline math stays with it ("paths ($E …$" never leaves a lone "(" at a line end).
    const lead = tok.startsWith('$') && !tok.startsWith('$$') ? (/[([]+$/.exec(before)?.[0] ?? '') : '';
    const text = before.slice(0, before.length - lead.length);
    if (text.length > 0) out.push(unescape(text));
    const k = `${key}.${i++}`;
    if (tok.startsWith('$$')) out.push(<Tex key={k} latex={tok.slice(2, -2).trim()} display />);
    else if (tok.startsWith('$')) {
      // Punctuation right after inline math stays on its line ("… to $w$." never wraps before the dot).
      const punct = /^[.,;:!?)\]]+/.exec(rest.slice(m.index + tok.length))?.[0] ?? '';
      out.push(
        <span key={k} className="nowrap">
          {lead}
          <Tex latex={tok.slice(1, -1).replace(/\\\$/g, '\\$')} />
          {punct}
        </span>,
      );
      rest = rest.slice(m.index + tok.length + punct.length);
      continue;
    } else if (tok.startsWith('`')) out.push(<code key={k}>{tok.slice(1, -1)}</code>);
    else if (tok.startsWith('**')) out.push(<strong key={k}>{inline(tok.slice(2, -2), k)}</strong>);
    else out.push(<em key={k}>{inline(tok.slice(1, -1), k)}</em>);
    rest = rest.slice(m.index + tok.length);
  }
  return out;
}

function unescape(text: string): string {
  return text.replace(/\\([$*_`\\])/g, '$1');
}

function lines(paragraph: string, key: string): ReactNode[] {
  return paragraph.split('\n').map((line, i) => (
    <Fragment key={`${key}l${i}`}>
      {i > 0 ? <br /> : null}
      {inline(line, `${key}l${i}`)}
    </Fragment>
  ));
}

/** Renders prompt Markdown as paragraphs (block) or as inline content (`inline`, e.g. inside a button). */
export function Markdown({
  text,
  inline: asInline = false,
  className,
}: {
  text: string;
  inline?: boolean;
  className?: string;
}) {
  const source = text.length > MAX_MARKDOWN_CHARS ? `${text.slice(0, MAX_MARKDOWN_CHARS)}…` : text;
  if (asInline) return <span className={className}>{lines(source.replace(/\n\s*\n/g, '\n'), 'i')}</span>;
  const paragraphs = source
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return (
    <div className={className}>
      {paragraphs.map((p, i) => (
        <p key={i}>{lines(p, `p${i}`)}</p>
      ))}
    </div>
  );
}
