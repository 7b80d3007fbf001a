import ts from 'typescript';
import { decoratorsOf, evaluate, Unresolved, type DecoratorCall } from './evaluate.js';

type Schema = Record<string, any>;
type Converter = (args: unknown[]) => Schema;

const str =
  (extra: Schema = {}): Converter =>
  () => ({ ...extra, type: 'string' });
const dates = {
  oneOf: [
    { format: 'date', type: 'string' },
    { format: 'date-time', type: 'string' },
  ],
};
const primitive = (v: unknown): Schema | undefined => (['string', 'number', 'boolean'].includes(typeof v) ? { type: typeof v } : undefined);

/** class-validator decorators as class-validator-jsonschema renders them, so source and `platform.describe` agree. */
const CONVERTERS: Record<string, Converter> = {
  IsOptional: () => ({}),
  ValidateIf: () => ({}),
  IsDefined: () => ({ not: { type: 'null' } }),
  Equals: ([v]) => ({ ...primitive(v), enum: [v] }),
  IsNotEmpty: str({ minLength: 1 }),
  IsIn: ([values]) => ({ ...primitive((values as unknown[])[0]), enum: values }),
  IsBoolean: () => ({ type: 'boolean' }),
  IsDate: () => dates,
  IsISO8601: () => dates,
  IsDateString: str({ pattern: '\\d{4}-[01]\\d-[0-3]\\dT[0-2]\\d:[0-5]\\d:[0-5]\\d.\\d+Z?' }),
  IsNumber: () => ({ type: 'number' }),
  IsString: str(),
  IsArray: () => ({ items: {}, type: 'array' }),
  IsInt: () => ({ type: 'integer' }),
  IsEnum: ([e]) => ({ enum: Object.values(e as object), type: 'string' }),
  IsPositive: () => ({ exclusiveMinimum: 0, type: 'number' }),
  IsNegative: () => ({ exclusiveMaximum: 0, type: 'number' }),
  Min: ([n]) => ({ minimum: n, type: 'number' }),
  Max: ([n]) => ({ maximum: n, type: 'number' }),
  IsEmail: str({ format: 'email' }),
  IsUrl: str({ format: 'url' }),
  IsUUID: str({ format: 'uuid' }),
  IsMongoId: str({ pattern: '^[0-9a-fA-F]{24}$' }),
  IsObject: () => ({ type: 'object' }),
  Length: ([min, max]) => (max || max === 0 ? { minLength: min, maxLength: max, type: 'string' } : { minLength: min, type: 'string' }),
  MinLength: ([n]) => ({ minLength: n, type: 'string' }),
  MaxLength: ([n]) => ({ maxLength: n, type: 'string' }),
  Matches: ([re]) => ({ pattern: re instanceof RegExp ? re.source : String(re), type: 'string' }),
  ArrayNotEmpty: () => ({ items: {}, minItems: 1, type: 'array' }),
  ArrayMinSize: ([n]) => ({ items: {}, minItems: n, type: 'array' }),
  ArrayMaxSize: ([n]) => ({ items: {}, maxItems: n, type: 'array' }),
};
const NOT_RULES = new Set(['Type', 'Expose', 'Exclude', 'Transform', 'ApiProperty', 'ApiPropertyOptional']);

/** The JSON schema of a DTO class, with the classes it nests under `definitions`. */
export function dtoSchema(checker: ts.TypeChecker, dto: ts.ClassDeclaration): Schema | undefined {
  const definitions: Record<string, Schema> = {};
  const root = classSchema(checker, dto, definitions);
  if (!root) return undefined;
  delete definitions[dto.name!.text];
  return Object.keys(definitions).length ? { ...root, definitions } : root;
}

function classSchema(checker: ts.TypeChecker, cls: ts.ClassDeclaration, definitions: Record<string, Schema>): Schema | undefined {
  const properties: Schema = {};
  const required: string[] = [];
  const base = baseClass(checker, cls);
  const inherited = base ? classSchema(checker, base, definitions) : undefined;
  for (const member of cls.members) {
    if (!ts.isPropertyDeclaration(member) || (ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Static) !== 0) continue;
    const rules = decoratorsOf(member).filter((d) => !NOT_RULES.has(d.name));
    if (!rules.length) continue;
    const name = member.name.getText();
    // Decorators run bottom-up, and class-validator-jsonschema merges them in that order.
    properties[name] = merge({}, ...[...rules].reverse().map((d) => ruleSchema(checker, member, d, definitions)));
    if (!rules.some((d) => d.name === 'IsOptional' || d.name === 'ValidateIf')) required.push(name);
  }
  if (!Object.keys(properties).length && !inherited) return undefined;
  const schema: Schema = { properties: { ...inherited?.properties, ...properties }, type: 'object' };
  const allRequired = [...new Set([...required, ...(inherited?.required ?? []).filter((r: string) => !(r in properties))])];
  if (allRequired.length) schema.required = allRequired;
  definitions[cls.name!.text] = schema;
  return schema;
}

function ruleSchema(
  checker: ts.TypeChecker,
  member: ts.PropertyDeclaration,
  d: DecoratorCall,
  definitions: Record<string, Schema>,
): Schema {
  const each = d.args.some((a) => ts.isObjectLiteralExpression(a) && a.properties.some((p) => p.name?.getText() === 'each'));
  let schema: Schema;
  const converter = CONVERTERS[d.name];
  if (d.name === 'ValidateNested' || !converter) {
    schema = designType(checker, member, definitions, each);
  } else {
    const args = d.args
      .filter((a) => !ts.isObjectLiteralExpression(a) || d.name === 'IsIn' || d.name === 'Equals')
      .map((a) => {
        try {
          return evaluate(checker, a);
        } catch (e) {
          if (e instanceof Unresolved) return undefined;
          throw e;
        }
      });
    schema = converter(args);
  }
  return each ? { items: schema, type: 'array' } : schema;
}

/** What the property's declared type says: a primitive, or a $ref to a nested class (from @Type or the type annotation). */
function designType(checker: ts.TypeChecker, member: ts.PropertyDeclaration, definitions: Record<string, Schema>, each: boolean): Schema {
  const typeArg = decoratorsOf(member).find((x) => x.name === 'Type')?.args[0];
  let type = checker.getTypeAtLocation(member);
  if (typeArg && (ts.isArrowFunction(typeArg) || ts.isFunctionExpression(typeArg)) && ts.isExpression(typeArg.body)) {
    type = checker.getTypeAtLocation(typeArg.body);
    const construct = type.getConstructSignatures()[0];
    if (construct) type = construct.getReturnType();
  } else if (each && checker.isArrayType(type)) {
    type = checker.getTypeArguments(type as ts.TypeReference)[0];
  }
  type = checker.getNonNullableType(type);
  if (type.flags & ts.TypeFlags.StringLike) return { type: 'string' };
  if (type.flags & ts.TypeFlags.NumberLike) return { type: 'number' };
  if (type.flags & ts.TypeFlags.BooleanLike) return { type: 'boolean' };
  const cls = type.getSymbol()?.declarations?.find(ts.isClassDeclaration);
  if (cls?.name) {
    if (!definitions[cls.name.text]) {
      definitions[cls.name.text] = {};
      classSchema(checker, cls, definitions);
    }
    return { $ref: `#/definitions/${cls.name.text}` };
  }
  return {};
}

function baseClass(checker: ts.TypeChecker, cls: ts.ClassDeclaration): ts.ClassDeclaration | undefined {
  const ext = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  return ext ? checker.getTypeAtLocation(ext.expression).getSymbol()?.declarations?.find(ts.isClassDeclaration) : undefined;
}

/** lodash.merge for plain JSON: objects deep, everything else replaced. */
function merge(target: Schema, ...sources: Schema[]): Schema {
  for (const s of sources) {
    for (const [k, v] of Object.entries(s)) {
      target[k] =
        v && typeof v === 'object' && !Array.isArray(v) && target[k] && typeof target[k] === 'object' && !Array.isArray(target[k])
          ? merge({ ...target[k] }, v)
          : v;
    }
  }
  return target;
}
