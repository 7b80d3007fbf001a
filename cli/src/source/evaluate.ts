import ts from 'typescript';

/** An expression whose value is only known at run time; the message says which. */
export class Unresolved extends Error {}

export interface DecoratorCall {
  name: string;
  args: ts.Expression[];
}

/** `@Name(args)` and `@Name` on a node, by the decorator's own name. */
export function decoratorsOf(node: ts.Node): DecoratorCall[] {
  if (!ts.canHaveDecorators(node)) return [];
  return (ts.getDecorators(node) ?? []).flatMap((d) => {
    const e = d.expression;
    if (ts.isCallExpression(e)) return [{ name: calleeName(e.expression), args: [...e.arguments] }];
    return [{ name: calleeName(e), args: [] }];
  });
}

function calleeName(e: ts.Expression): string {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return e.getText();
}

/**
 * The value of a constant expression: literals, object and array literals, constants and their
 * members across files and packages (`as const`, plain objects), enum members. RegExp literals give
 * the RegExp. Anything else throws Unresolved.
 */
export function evaluate(checker: ts.TypeChecker, expr: ts.Expression, depth = 0): unknown {
  if (depth > 20) throw new Unresolved(`${expr.getText()} refers to itself`);
  const next = (e: ts.Expression) => evaluate(checker, e, depth + 1);
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isTypeAssertionExpression(expr))
    return next(expr.expression);
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
  if (ts.isNumericLiteral(expr)) return Number(expr.text);
  if (expr.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (expr.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (expr.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isPrefixUnaryExpression(expr) && expr.operator === ts.SyntaxKind.MinusToken) return -(next(expr.operand) as number);
  if (ts.isBinaryExpression(expr) && ARITHMETIC[expr.operatorToken.kind]) {
    return ARITHMETIC[expr.operatorToken.kind]!(next(expr.left), next(expr.right));
  }
  if (ts.isRegularExpressionLiteral(expr)) {
    const m = /^\/(.*)\/([a-z]*)$/s.exec(expr.text)!;
    return new RegExp(m[1], m[2]);
  }
  if (ts.isArrayLiteralExpression(expr)) return expr.elements.map((e) => next(e));
  if (ts.isObjectLiteralExpression(expr)) {
    const out: Record<string, unknown> = {};
    for (const p of expr.properties) {
      if (ts.isPropertyAssignment(p)) out[propertyName(checker, p.name)] = next(p.initializer);
      else if (ts.isShorthandPropertyAssignment(p)) out[p.name.text] = next(p.name);
      else if (ts.isSpreadAssignment(p)) Object.assign(out, next(p.expression));
      else throw new Unresolved(`${p.getText()} is not a constant`);
    }
    return out;
  }
  if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
    const literal = literalOf(checker.getTypeAtLocation(expr));
    if (literal !== undefined) return literal;
    const decl = declarationOf(checker, expr);
    if (decl && ts.isEnumDeclaration(decl)) {
      return Object.fromEntries(decl.members.map((m) => [propertyName(checker, m.name), checker.getConstantValue(m)]));
    }
    if (decl && ts.isEnumMember(decl)) {
      const v = checker.getConstantValue(decl);
      if (v !== undefined) return v;
    }
    const init =
      decl && (ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl) || ts.isPropertyDeclaration(decl))
        ? decl.initializer
        : undefined;
    if (init && (!ts.isVariableDeclaration(decl!) || (ts.getCombinedNodeFlags(decl!) & ts.NodeFlags.Const) !== 0)) return next(init);
    if (decl && ts.isShorthandPropertyAssignment(decl)) return next(decl.name);
  }
  if (ts.isTemplateExpression(expr)) {
    return expr.templateSpans.reduce((s, span) => s + String(next(span.expression)) + span.literal.text, expr.head.text);
  }
  throw new Unresolved(`${expr.getText()} is only known at run time`);
}

const ARITHMETIC: Partial<Record<ts.SyntaxKind, (a: any, b: any) => unknown>> = {
  [ts.SyntaxKind.PlusToken]: (a, b) => a + b,
  [ts.SyntaxKind.MinusToken]: (a, b) => a - b,
  [ts.SyntaxKind.AsteriskToken]: (a, b) => a * b,
  [ts.SyntaxKind.SlashToken]: (a, b) => a / b,
  [ts.SyntaxKind.PercentToken]: (a, b) => a % b,
};

function propertyName(checker: ts.TypeChecker, name: ts.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return String(evaluate(checker, name.expression));
  return name.getText();
}

function literalOf(type: ts.Type): unknown {
  if (type.isStringLiteral() || type.isNumberLiteral()) return type.value;
  if (type.flags & ts.TypeFlags.BooleanLiteral) return (type as { intrinsicName?: string }).intrinsicName === 'true';
  return undefined;
}

function declarationOf(checker: ts.TypeChecker, expr: ts.Expression): ts.Declaration | undefined {
  let symbol = checker.getSymbolAtLocation(ts.isElementAccessExpression(expr) ? expr.argumentExpression : expr);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
}
