/** The critical CSS cut (issue 16): it keeps every rule that may match the page, and only those it cannot rule out. */
import fs from 'node:fs';
import path from 'node:path';
import { classesOf, criticalCss, mayMatch, parseCss } from './critical-css';

describe('critical CSS', () => {
  it('parses a stylesheet into rules, blocks of rules and text kept whole, and writes it back unchanged', () => {
    const css =
      '@charset "utf-8";:root{--a:1}.a{color:red}@media (min-width:48em){.b,.c{margin:0}@supports (display:grid){.d{display:grid}}}' +
      '@keyframes spin{0%{transform:rotate(0)}to{transform:rotate(1turn)}}.e[data-x="}{"]{content:"{"}/* c */.f{}';
    const nodes = parseCss(css);
    expect(nodes.map((n) => n.kind)).toEqual(['raw', 'rule', 'rule', 'group', 'raw', 'rule', 'rule']);
    expect(criticalCss(nodes, { has: () => true } as unknown as Set<string>)).toBe(css.replace('/* c */', ''));
  });

  it('a selector is dropped only when a class it requires is on no element', () => {
    const classes = new Set(['card', 'title', 'm_1']);
    expect(mayMatch('.card .title', classes)).toBe(true);
    expect(mayMatch('.card>.missing', classes)).toBe(false);
    expect(mayMatch('.missing,.card', classes)).toBe(true);
    expect(mayMatch(':root', classes)).toBe(true);
    expect(mayMatch('body,*:before', classes)).toBe(true);
    // What sits in parentheses or brackets is not required (:not, :is, :where, attribute values).
    expect(mayMatch('.card:not(.missing)', classes)).toBe(true);
    expect(mayMatch(':where(.missing) .m_1', classes)).toBe(true);
    expect(mayMatch('.m_1[data-x=".missing"]', classes)).toBe(true);
    expect(mayMatch('.m_1:is(.missing, .other) .gone', classes)).toBe(false);
    expect(mayMatch('.sm\\:hidden', new Set(['sm:hidden']))).toBe(true);
    expect(mayMatch('.sm\\:hidden', classes)).toBe(false);
  });

  it('keeps the matching rules in their order and their @media blocks, drops empty blocks', () => {
    const css = '.a{x:1}.b{x:2}@media (min-width:1px){.b{x:3}.a{x:4}}@media print{.b{x:5}}html{x:6}';
    expect(criticalCss(parseCss(css), new Set(['a']))).toBe('.a{x:1}@media (min-width:1px){.a{x:4}}html{x:6}');
  });

  it('reads the classes React writes', () => {
    expect([...classesOf('<div class="a b  c"><p class="">x</p><span data-class="no" class="d"></span></div>')]).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('on the real web build: a page that uses no component keeps the base rules and drops Mantine’s components', () => {
    const dir = path.resolve(__dirname, '../../web/dist/assets');
    const file = fs.readdirSync(dir).find((f) => /^index-.*\.css$/.test(f))!;
    const css = fs.readFileSync(path.join(dir, file), 'utf8');
    const cut = criticalCss(parseCss(css), new Set());
    expect(cut).toContain(':root');
    expect(cut).toContain('box-sizing:border-box');
    expect(cut.length).toBeLessThan(css.length / 2);
    expect(criticalCss(parseCss(css), { has: () => true } as unknown as Set<string>)).toBe(css.trimEnd());
  });
});
