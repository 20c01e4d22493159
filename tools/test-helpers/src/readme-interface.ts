import { readFileSync } from 'node:fs';
import ts from 'typescript';

/**
 * The shape of `interface <name>` as a reader sees it: one line per member, its name, `?` when optional, and its
 * parameters' names (`?` when optional). Types are left out on purpose: a README may spell an options type out
 * where the source names it.
 */
export function interfaceShape(code: string, name: string): string[] | undefined {
  const file = ts.createSourceFile('shape.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const declaration = file.statements.find(
    (node): node is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(node) && node.name.text === name,
  );
  return declaration?.members.map((member) => memberShape(member, file));
}

function memberShape(member: ts.TypeElement, file: ts.SourceFile): string {
  const name = `${member.name?.getText(file) ?? '(call)'}${member.questionToken ? '?' : ''}`;
  if (!ts.isMethodSignature(member)) return name;
  const parameters = member.parameters.map((p) => `${p.name.getText(file)}${p.questionToken ? '?' : ''}`);
  return `${name}(${parameters.join(', ')})`;
}

/** The TypeScript code blocks of a Markdown file, joined: where a README copies a package's interfaces. */
export function readmeCode(readmePath: string): string {
  const markdown = readFileSync(readmePath, 'utf8');
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]).join('\n');
}

/** `interface <name>`'s shape in a README's code and in the source file that declares it, for a test to compare. */
export function readmeAndSourceShapes(
  readmePath: string,
  sourcePath: string,
  name: string,
): { readme: string[] | undefined; source: string[] | undefined } {
  return {
    readme: interfaceShape(readmeCode(readmePath), name),
    source: interfaceShape(readFileSync(sourcePath, 'utf8'), name),
  };
}
