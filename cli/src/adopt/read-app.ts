import { relative } from 'node:path';
import ts from 'typescript';
import { evaluate, Unresolved } from '../source/evaluate.js';
import { ownFiles, patternsIn } from '../source/patterns.js';
import type { Transport } from '../stack/declaration.js';

/** What an app's source says about how it runs, in platform.yaml's terms. */
export interface AppFacts {
  transports: Transport[];
  /** A number, or a "TODO ..." naming where the port is computed. */
  tcpPort?: number | string;
  httpPort?: number | string;
  env: Record<string, string>;
  consumes: string[];
  produces: string[];
  usesMongo: boolean;
  /** The consumer group a Kafka server joins (Nest appends `-server` to the configured groupId). */
  kafkaGroup?: string;
  notes: string[];
}

const MONGO_MODULES = ['mongoose', '@nestjs/mongoose', 'mongodb', '@nestjs/typeorm'];
const MONGO_ENV = /MONGO|DATABASE_URL|DB_URI|DB_URL/i;

/**
 * Reads main.ts (NestFactory.createMicroservice / connectMicroservice / create + listen) for the
 * transports, ports and broker list, and the whole app for its patterns, Kafka emits and Mongo use.
 */
export function readApp(program: ts.Program, entry: string): AppFacts {
  const checker = program.getTypeChecker();
  const facts: AppFacts = { transports: [], env: {}, consumes: [], produces: [], usesMongo: false, notes: [] };
  const main = program.getSourceFile(entry);
  if (!main) throw new Error(`${entry} is not part of the program`);
  const where = (node: ts.Node) =>
    `${relative(process.cwd(), node.getSourceFile().fileName)}:${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

  const setPort = (key: 'tcpPort' | 'httpPort', expr: ts.Expression | undefined, fallback?: number) => {
    if (!expr) {
      if (fallback !== undefined) facts[key] ??= fallback;
      return;
    }
    const { value, variable } = portOf(checker, expr);
    if (variable) facts.env[variable] = `{${key}}`;
    facts[key] = value ?? `TODO: the port is computed at run time (${expr.getText()} in ${where(expr)}); write the port it listens on`;
  };

  const readOptions = (optsExpr: ts.Expression | undefined) => {
    const opts = objectLiteral(checker, optsExpr);
    const transportExpr = opts && property(opts, 'transport');
    const transport = transportExpr && ts.isPropertyAccessExpression(transportExpr) ? transportExpr.name.text : 'TCP';
    const inner = opts && objectLiteral(checker, property(opts, 'options'));
    if (transport === 'TCP') {
      facts.transports.push('tcp');
      setPort('tcpPort', inner && property(inner, 'port'), 3000);
    } else if (transport === 'KAFKA') {
      facts.transports.push('kafka');
      const client = inner && objectLiteral(checker, property(inner, 'client'));
      const brokers = client && property(client, 'brokers');
      const consumer = inner && objectLiteral(checker, property(inner, 'consumer'));
      const groupExpr = consumer && property(consumer, 'groupId');
      const postfixExpr = inner && property(inner, 'postfixId');
      try {
        const group = groupExpr ? evaluate(checker, groupExpr) : 'nestjs-group';
        facts.kafkaGroup = `${String(group)}${postfixExpr ? String(evaluate(checker, postfixExpr)) : '-server'}`;
      } catch (e) {
        if (!(e instanceof Unresolved)) throw e;
        facts.notes.push(`${where(groupExpr!)}: the consumer group is computed at run time; write it as "kafkaGroup"`);
      }
      const variable = brokers && envVariables(brokers)[0];
      if (variable) facts.env[variable] = '{kafkaBrokers}';
      else if (brokers)
        facts.notes.push(
          `${where(brokers)}: the Kafka brokers are written in the code (${brokers.getText()}); the stack's broker is on port ${'{kafkaBrokers}'}, read it from an env var to follow PLATFORM_PORT_OFFSET`,
        );
    } else {
      facts.notes.push(`${where(optsExpr ?? main)}: transport ${transport} is not run by the platform (tcp and kafka are)`);
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      if (method === 'createMicroservice') readOptions(node.arguments[1]);
      else if (method === 'connectMicroservice') readOptions(node.arguments[0]);
      else if (method === 'listen' && node.arguments[0]) {
        facts.transports.push('http');
        setPort('httpPort', node.arguments[0]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(main);

  const kafka = facts.transports.includes('kafka');
  for (const p of patternsIn(program).patterns) {
    if (typeof p.pattern !== 'string' || !(p.transport === 'kafka' || (p.transport === 'any' && kafka))) continue;
    facts.consumes.push(p.pattern);
    if (p.kind === 'message') facts.produces.push(`${p.pattern}.reply`);
  }
  for (const file of ownFiles(program)) {
    const scan = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && MONGO_MODULES.includes(node.moduleSpecifier.text))
        facts.usesMongo = true;
      if (ts.isPropertyAccessExpression(node) && isProcessEnv(node.expression) && MONGO_ENV.test(node.name.text))
        facts.env[node.name.text] ??= '{mongoUrl}';
      if (
        kafka &&
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        ['emit', 'send'].includes(node.expression.name.text) &&
        node.arguments[0]
      ) {
        if (/ClientKafka/.test(checker.typeToString(checker.getTypeAtLocation(node.expression.expression)))) {
          try {
            const topic = evaluate(checker, node.arguments[0]);
            if (typeof topic === 'string') facts.produces.push(topic);
          } catch (e) {
            if (!(e instanceof Unresolved)) throw e;
            facts.notes.push(`${where(node)}: produces to a topic only known at run time; add it to "produces"`);
          }
        }
      }
      ts.forEachChild(node, scan);
    };
    scan(file);
  }
  facts.transports = [...new Set(facts.transports)];
  facts.consumes = [...new Set(facts.consumes)];
  facts.produces = [...new Set(facts.produces)];
  return facts;
}

/** `3001`, `Number(process.env.PORT ?? 3001)`, `+process.env.PORT || 3001`, `parseInt(process.env.PORT)`, a constant. */
function portOf(checker: ts.TypeChecker, expr: ts.Expression): { value?: number; variable?: string } {
  const e = unwrap(expr);
  if (ts.isBinaryExpression(e) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(e.operatorToken.kind)) {
    const left = portOf(checker, e.left);
    const right = portOf(checker, e.right);
    return { variable: left.variable ?? right.variable, value: left.variable ? right.value : (left.value ?? right.value) };
  }
  if (ts.isPropertyAccessExpression(e) && isProcessEnv(e.expression)) return { variable: e.name.text };
  try {
    const v = Number(evaluate(checker, e));
    return Number.isInteger(v) && v > 0 && v < 65536 ? { value: v } : {};
  } catch (err) {
    if (err instanceof Unresolved) return {};
    throw err;
  }
}

function unwrap(e: ts.Expression): ts.Expression {
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) return unwrap(e.expression);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.PlusToken) return unwrap(e.operand);
  if (
    ts.isCallExpression(e) &&
    ts.isIdentifier(e.expression) &&
    ['Number', 'parseInt', 'String'].includes(e.expression.text) &&
    e.arguments[0]
  )
    return unwrap(e.arguments[0]);
  return e;
}

const isProcessEnv = (e: ts.Expression) =>
  ts.isPropertyAccessExpression(e) && e.name.text === 'env' && ts.isIdentifier(e.expression) && e.expression.text === 'process';

function envVariables(node: ts.Node): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isPropertyAccessExpression(n) && isProcessEnv(n.expression)) out.push(n.name.text);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

function objectLiteral(checker: ts.TypeChecker, expr: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  if (!expr) return undefined;
  const e = unwrap(expr);
  if (ts.isObjectLiteralExpression(e)) return e;
  if (ts.isIdentifier(e)) {
    const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return objectLiteral(checker, decl.initializer);
  }
  return undefined;
}

function property(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText() === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}
