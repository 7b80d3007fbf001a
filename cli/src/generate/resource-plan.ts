import { usageError } from '../errors.js';
import { camelCase, pascalCase } from './names.js';
import type { SchematicStep } from './schematics.js';
import { addImport, addTests, addToModule, asVitestSpec, replaceExactly } from './source-edit.js';

/** `nest g resource --type`: the two transports our services serve. */
export const RESOURCE_TYPES = ['microservice', 'rest'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export interface ResourceNames {
  service: string;
  /** Kebab-case, plural as given: `invoices`; also the folder, the collection and the pattern prefix. */
  name: string;
  /** `orders.invoices`: the patterns are `<prefix>.create`, `.findAll`, `.findOne`, `.update`, `.remove`. */
  prefix: string;
  /** The MongoDB collection with --mongo: the name, unless `generate service --mongo <collection>` gave one. */
  collection: string;
}

export interface ResourcePlan {
  names: ResourceNames;
  type: ResourceType;
  mongo: boolean;
  patterns: string[];
  /** New files, relative to the service folder. */
  files: Map<string, string>;
  appModule: string;
  packageJson: string;
}

/** `PartialType` of the update DTO (the schematic adds it unpinned). */
export const RESOURCE_DEPENDENCIES = { '@nestjs/mapped-types': '^12.0.0' };
export const MONGOOSE_DEPENDENCIES = { '@nestjs/mongoose': '^12.0.0', mongoose: '^9.0.0' };

const OPERATIONS = ['create', 'findAll', 'findOne', 'update', 'remove'] as const;

export function resourceNames(service: string, name: string, collection = name): ResourceNames {
  return { service, name, prefix: `${service}.${collection}`, collection };
}

/** What `nest g resource <name> --type <type> --crud` makes, in memory. */
export function resourceSchematics(names: ResourceNames, type: ResourceType): SchematicStep[] {
  return [{ schematic: 'resource', options: { name: names.name, type, crud: true } }];
}

/** Nest's singular and class names, read off what the schematic generated (it singularises with `pluralize`). */
interface Classes {
  feature: string;
  singular: string;
  Plural: string;
  Singular: string;
  plural: string;
  single: string;
  /** `an invoice` */ one: string;
}

/**
 * Edits what `nest g resource` generated just enough to pass our strict TypeScript and lint, and
 * makes the service do its CRUD: ids are strings (ObjectId strings with --mongo), DTOs are
 * validated, patterns follow the platform's `<service>.<resource>.<operation>` naming, unknown ids
 * are NOT_FOUND and malformed ObjectIds VALIDATION (404 and 400 over REST), never a 500.
 */
export function planResource(names: ResourceNames, type: ResourceType, mongo: boolean, generated: Map<string, string>): ResourcePlan {
  const take = (path: string) => {
    const content = generated.get(path);
    if (content === undefined) throw new Error(`the Nest schematics did not generate ${path}`);
    return content;
  };
  const feature = `src/${names.name}`;
  const dto = [...generated.keys()].map((p) => new RegExp(`^${feature}/dto/create-(.+)\\.dto\\.ts$`).exec(p)?.[1]).find(Boolean);
  if (!dto) throw new Error(`the Nest schematics did not generate ${feature}/dto/create-*.dto.ts`);
  const Plural = pascalCase(names.name);
  const Singular = pascalCase(dto);
  const c: Classes = {
    feature,
    singular: dto,
    Plural,
    Singular,
    plural: camelCase(names.name),
    single: camelCase(dto),
    one: `${/^[aeiou]/.test(dto) ? 'an' : 'a'} ${dto}`,
  };

  const files = new Map<string, string>();
  files.set(`${feature}/dto/create-${dto}.dto.ts`, createDto(take(`${feature}/dto/create-${dto}.dto.ts`), c));
  files.set(
    `${feature}/dto/update-${dto}.dto.ts`,
    type === 'microservice' ? updateDtoWithId(take(`${feature}/dto/update-${dto}.dto.ts`)) : take(`${feature}/dto/update-${dto}.dto.ts`),
  );
  if (mongo) files.set(`${feature}/schemas/${dto}.schema.ts`, schema(names, c));
  else files.set(`${feature}/entities/${dto}.entity.ts`, entity(take(`${feature}/entities/${dto}.entity.ts`), c));
  files.set(
    `${feature}/${names.name}.controller.ts`,
    type === 'microservice'
      ? microserviceController(take(`${feature}/${names.name}.controller.ts`), names, c)
      : restController(take(`${feature}/${names.name}.controller.ts`)),
  );
  files.set(`${feature}/${names.name}.service.ts`, (mongo ? mongoService : memoryService)(names, c, type));
  files.set(
    `${feature}/${names.name}.module.ts`,
    mongo ? mongoModule(take(`${feature}/${names.name}.module.ts`), c) : take(`${feature}/${names.name}.module.ts`),
  );
  for (const spec of ['controller', 'service']) {
    const path = `${feature}/${names.name}.${spec}.spec.ts`;
    files.set(path, fillSpec(take(path), c, mongo, spec === 'service'));
  }

  const appModule = mongo
    ? addToModule(take('src/app.module.ts'), 'imports', 'DatabaseModule', '@platform/nest-kit/database')
    : take('src/app.module.ts');
  return {
    names,
    type,
    mongo,
    patterns: type === 'microservice' ? OPERATIONS.map((op) => `${names.prefix}.${op}`) : [],
    files: new Map([...files].sort(([a], [b]) => a.localeCompare(b))),
    appModule,
    packageJson: withDependencies(take('package.json'), mongo),
  };
}

function createDto(source: string, { Singular }: Classes): string {
  return (
    `import { IsString, Length } from 'class-validator';\n\n` +
    replaceExactly(
      source,
      `export class Create${Singular}Dto {}`,
      `export class Create${Singular}Dto {
  static readonly example = { name: 'First ${Singular.toLowerCase()}' };

  @IsString()
  @Length(1, 200)
  name!: string;
}`,
    )
  );
}

/** The microservice update carries the id in its payload (Nest's shape); ours are strings. */
function updateDtoWithId(source: string): string {
  return replaceExactly(source, '  id: number;', `  @IsString()\n  @Length(1, 100)\n  id!: string;`).replace(
    /^(import .+;\n)(?!import)/m,
    `$1import { IsString, Length } from 'class-validator';\n`,
  );
}

function entity(source: string, { Singular }: Classes): string {
  return replaceExactly(source, `export class ${Singular} {}`, `export class ${Singular} {\n  id!: string;\n  name!: string;\n}`);
}

/** The mongoose schema takes the place of Nest's empty entity (the `sample/06-mongoose` layout). */
function schema(names: ResourceNames, { Singular }: Classes): string {
  return `import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

export type ${Singular}Document = HydratedDocument<${Singular}>;

@Schema({ collection: '${names.collection}', timestamps: true, versionKey: false, toJSON: { virtuals: true } })
export class ${Singular} {
  @Prop({ required: true })
  name!: string;
}

export const ${Singular}Schema = SchemaFactory.createForClass(${Singular});
`;
}

function microserviceController(source: string, names: ResourceNames, c: Classes): string {
  let out = replaceExactly(
    source,
    "import { MessagePattern, Payload } from '@nestjs/microservices';",
    "import { MessagePattern, Payload, Transport } from '@nestjs/microservices';\nimport { PatternDoc } from '@platform/nest-kit';",
  );
  const { one } = c;
  const docs: Record<(typeof OPERATIONS)[number], string> = {
    create: `{ description: 'Creates ${one}', example: Create${c.Singular}Dto.example }`,
    findAll: `{ description: 'Lists the ${names.name}' }`,
    findOne: `{ description: 'Reads ${one} by id' }`,
    update: `{ description: 'Changes ${one}: { id, ...fields }' }`,
    remove: `{ description: 'Removes ${one} by id' }`,
  };
  for (const op of OPERATIONS) {
    out = replaceExactly(
      out,
      new RegExp(`@MessagePattern\\('${op}\\w*'\\)`),
      `@MessagePattern('${names.prefix}.${op}', Transport.TCP)\n  @PatternDoc(${docs[op]})`,
    );
  }
  return out.replaceAll('@Payload() id: number', '@Payload() id: string');
}

function restController(source: string): string {
  return replaceExactly(source, /\(\+id\b/g, '(id');
}

interface Errors {
  imports: string;
  notFound: (what: string) => string;
  badId: (what: string) => string;
}

/** Over TCP, nest-kit's error codes (send tcp: exit 2 for VALIDATION, 1 for NOT_FOUND); over REST, 400 and 404. */
function errorsFor(type: ResourceType): Errors {
  return type === 'microservice'
    ? {
        imports: "import { Injectable } from '@nestjs/common';\nimport { rpcError } from '@platform/nest-kit';\n",
        notFound: (m) => `rpcError('NOT_FOUND', ${m})`,
        badId: (m) => `rpcError('VALIDATION', ${m}, { id: [${m}] })`,
      }
    : {
        imports: "import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';\n",
        notFound: (m) => `new NotFoundException(${m})`,
        badId: (m) => `new BadRequestException(${m})`,
      };
}

const dtoImports = ({ singular, Singular }: Classes) => `import { Create${Singular}Dto } from './dto/create-${singular}.dto.js';
import { Update${Singular}Dto } from './dto/update-${singular}.dto.js';
`;

function memoryService(names: ResourceNames, c: Classes, type: ResourceType): string {
  const { Plural, Singular, plural, single, singular } = c;
  const errors = errorsFor(type);
  return `import { randomUUID } from 'node:crypto';
${errors.imports}${dtoImports(c)}import { ${Singular} } from './entities/${singular}.entity.js';

@Injectable()
export class ${Plural}Service {
  // Kept in memory by this instance: \`platform generate resource ${names.service} <name> --mongo\` stores them in MongoDB.
  private readonly ${plural} = new Map<string, ${Singular}>();

  create(create${Singular}Dto: Create${Singular}Dto): ${Singular} {
    const ${single}: ${Singular} = { ...create${Singular}Dto, id: randomUUID() };
    this.${plural}.set(${single}.id, ${single});
    return ${single};
  }

  findAll(): ${Singular}[] {
    return [...this.${plural}.values()];
  }

  findOne(id: string): ${Singular} {
    const ${single} = this.${plural}.get(id);
    if (!${single}) throw ${errors.notFound(`\`no ${singular} with id \${id}\``)};
    return ${single};
  }

  update(id: string, update${Singular}Dto: Update${Singular}Dto): ${Singular} {
    const ${single} = { ...this.findOne(id), ...update${Singular}Dto, id };
    this.${plural}.set(id, ${single});
    return ${single};
  }

  remove(id: string): ${Singular} {
    const ${single} = this.findOne(id);
    this.${plural}.delete(id);
    return ${single};
  }
}
`;
}

function mongoService(_names: ResourceNames, c: Classes, type: ResourceType): string {
  const { Plural, Singular, single, singular } = c;
  const errors = errorsFor(type);
  const model = `${single}Model`;
  // The microservice update payload carries its id; it is the filter, not a field to set.
  const changes = type === 'microservice' ? `const { id: _id, ...changes } = update${Singular}Dto;\n    ` : '';
  const set = type === 'microservice' ? 'changes' : `update${Singular}Dto`;
  return `${errors.imports}import { InjectModel } from '@nestjs/mongoose';
import { isObjectIdOrHexString, type Model } from 'mongoose';
${dtoImports(c)}import { ${Singular}, type ${Singular}Document } from './schemas/${singular}.schema.js';

@Injectable()
export class ${Plural}Service {
  constructor(@InjectModel(${Singular}.name) private readonly ${model}: Model<${Singular}>) {}

  create(create${Singular}Dto: Create${Singular}Dto): Promise<${Singular}Document> {
    return this.${model}.create(create${Singular}Dto);
  }

  findAll(): Promise<${Singular}Document[]> {
    return this.${model}.find().exec();
  }

  async findOne(id: string): Promise<${Singular}Document> {
    return found(id, await this.${model}.findById(objectId(id)).exec());
  }

  async update(id: string, update${Singular}Dto: Update${Singular}Dto): Promise<${Singular}Document> {
    ${changes}return found(id, await this.${model}.findByIdAndUpdate(objectId(id), { $set: ${set} }, { returnDocument: 'after', runValidators: true }).exec());
  }

  async remove(id: string): Promise<${Singular}Document> {
    return found(id, await this.${model}.findByIdAndDelete(objectId(id)).exec());
  }
}

/** A malformed id is the caller's mistake, not a server error. */
function objectId(id: string): string {
  const problem = \`invalid ${singular} id "\${id}": expected an ObjectId (24 hex characters)\`;
  if (!isObjectIdOrHexString(id)) throw ${errors.badId('problem')};
  return id;
}

function found(id: string, ${single}: ${Singular}Document | null): ${Singular}Document {
  if (!${single}) throw ${errors.notFound(`\`no ${singular} with id \${id}\``)};
  return ${single};
}
`;
}

function mongoModule(source: string, { Singular, singular }: Classes): string {
  const withImports = addImport(
    addImport(source, 'MongooseModule', '@nestjs/mongoose'),
    `${Singular}, ${Singular}Schema`,
    `./schemas/${singular}.schema.js`,
  );
  return replaceExactly(
    withImports,
    '@Module({\n',
    `@Module({\n  imports: [MongooseModule.forFeature([{ name: ${Singular}.name, schema: ${Singular}Schema }])],\n`,
  );
}

/** Nest's specs with vitest's imports; with --mongo the model is provided (the real one is exercised end to end). */
function fillSpec(source: string, c: Classes, mongo: boolean, isService: boolean): string {
  const out = asVitestSpec(source);
  if (mongo) {
    const withModel = addImport(addImport(out, 'getModelToken', '@nestjs/mongoose'), c.Singular, `./schemas/${c.singular}.schema.js`);
    return replaceExactly(
      withModel,
      `providers: [${c.Plural}Service],`,
      `providers: [${c.Plural}Service, { provide: getModelToken(${c.Singular}.name), useValue: {} }],`,
    );
  }
  return !isService
    ? out
    : addTests(
        out,
        `
  it('creates ${c.one} and finds it by id', () => {
    const created = service.create({ name: 'First' });
    expect(service.findOne(created.id)).toEqual(created);
    expect(service.findAll()).toHaveLength(1);
  });
`,
      );
}

/** The schematic's package.json edit (`@nestjs/mapped-types` for PartialType, unpinned) with our ranges; --mongo adds mongoose and `dependsOn: mongo`. */
function withDependencies(packageJson: string, mongo: boolean): string {
  const pkg = JSON.parse(packageJson) as { dependencies?: Record<string, string>; platform?: { dependsOn?: string[] } };
  const added: Record<string, string> = { ...RESOURCE_DEPENDENCIES, ...(mongo ? MONGOOSE_DEPENDENCIES : {}) };
  pkg.dependencies = Object.fromEntries(Object.entries({ ...pkg.dependencies, ...added }).sort(([a], [b]) => a.localeCompare(b)));
  if (mongo && pkg.platform) {
    const dependsOn = (pkg.platform.dependsOn ??= []);
    if (!dependsOn.includes('mongo')) dependsOn.push('mongo');
  }
  return JSON.stringify(pkg, null, 2) + '\n';
}

export function validateResourceName(name: string): string {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || name.length > 40) {
    throw usageError(
      `invalid resource name "${name}": use kebab-case, plural (lowercase letters and digits, words joined by "-")`,
      'e.g. `invoices` or `order-lines`',
    );
  }
  return name;
}

export function validateResourceType(value: string): ResourceType {
  if (!(RESOURCE_TYPES as readonly string[]).includes(value)) {
    throw usageError(
      `unknown resource type "${value}" for --type`,
      `use ${RESOURCE_TYPES.join(' (TCP message patterns) or ')} (HTTP routes, for a service with an HTTP listener)`,
    );
  }
  return value as ResourceType;
}
