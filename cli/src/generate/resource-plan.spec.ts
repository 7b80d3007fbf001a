import { describe, expect, it } from 'vitest';
import {
  planResource,
  resourceNames,
  resourceSchematics,
  validateResourceName,
  validateResourceType,
  type ResourceType,
} from './resource-plan.js';
import { runNestSchematics } from './schematics.js';
import { templatesDir } from './service-plan.js';

// The real @nestjs/schematics, in memory over the service template (nothing is written).
const generate = async (name: string, type: ResourceType, mongo: boolean) => {
  const names = resourceNames('orders', name);
  return planResource(names, type, mongo, await runNestSchematics(`${templatesDir()}service`, resourceSchematics(names, type)));
};

describe('planResource', { timeout: 60_000 }, () => {
  it('microservice, in memory: nest g resource with string ids, platform pattern names and a validated DTO', async () => {
    const plan = await generate('invoices', 'microservice', false);
    expect(plan.patterns).toEqual([
      'orders.invoices.create',
      'orders.invoices.findAll',
      'orders.invoices.findOne',
      'orders.invoices.update',
      'orders.invoices.remove',
    ]);
    expect([...plan.files.keys()]).toEqual([
      'src/invoices/dto/create-invoice.dto.ts',
      'src/invoices/dto/update-invoice.dto.ts',
      'src/invoices/entities/invoice.entity.ts',
      'src/invoices/invoices.controller.spec.ts',
      'src/invoices/invoices.controller.ts',
      'src/invoices/invoices.module.ts',
      'src/invoices/invoices.service.spec.ts',
      'src/invoices/invoices.service.ts',
    ]);
    const controller = plan.files.get('src/invoices/invoices.controller.ts')!;
    expect(controller).toContain(
      "@MessagePattern('orders.invoices.findOne', Transport.TCP)\n  @PatternDoc({ description: 'Reads an invoice by id' })\n  findOne(@Payload() id: string) {",
    );
    expect(controller).not.toMatch(/: number/);
    expect(plan.files.get('src/invoices/dto/update-invoice.dto.ts')).toMatch(/@IsString\(\)\n {2}@Length\(1, 100\)\n {2}id!: string;/);
    expect(plan.files.get('src/invoices/invoices.service.ts')).toContain("throw rpcError('NOT_FOUND', `no invoice with id ${id}`)");
    expect(plan.files.get('src/invoices/invoices.service.spec.ts')).toContain("it('creates an invoice and finds it by id'");
    expect(plan.appModule).toContain("import { InvoicesModule } from './invoices/invoices.module.js';");
    expect(plan.appModule).not.toContain('DatabaseModule');
    expect(JSON.parse(plan.packageJson).dependencies).toHaveProperty('@nestjs/mapped-types', '^12.0.0');
  });

  it('--mongo: a mongoose schema instead of the entity, the model injected, DatabaseModule imported, mongo declared', async () => {
    const plan = await generate('order-lines', 'microservice', true);
    expect(plan.files.has('src/order-lines/entities/order-line.entity.ts')).toBe(false);
    expect(plan.files.get('src/order-lines/schemas/order-line.schema.ts')).toContain(
      "@Schema({ collection: 'order-lines', timestamps: true, versionKey: false, toJSON: { virtuals: true } })\nexport class OrderLine {",
    );
    expect(plan.files.get('src/order-lines/order-lines.module.ts')).toContain(
      'imports: [MongooseModule.forFeature([{ name: OrderLine.name, schema: OrderLineSchema }])],',
    );
    const service = plan.files.get('src/order-lines/order-lines.service.ts')!;
    expect(service).toContain('constructor(@InjectModel(OrderLine.name) private readonly orderLineModel: Model<OrderLine>) {}');
    expect(service).toContain("throw rpcError('VALIDATION'");
    expect(plan.files.get('src/order-lines/order-lines.controller.spec.ts')).toContain(
      '{ provide: getModelToken(OrderLine.name), useValue: {} }',
    );
    expect(plan.appModule).toContain("import { DatabaseModule } from '@platform/nest-kit/database';");
    const pkg = JSON.parse(plan.packageJson);
    expect(pkg.platform.dependsOn).toEqual(['mongo']);
    expect(pkg.dependencies).toHaveProperty('mongoose');
  });

  it('rest: routes keep string ids and errors are HTTP exceptions', async () => {
    const plan = await generate('receipts', 'rest', true);
    expect(plan.patterns).toEqual([]);
    expect(plan.files.get('src/receipts/receipts.controller.ts')).toContain(
      "findOne(@Param('id') id: string) {\n    return this.receiptsService.findOne(id);",
    );
    expect(plan.files.get('src/receipts/receipts.service.ts')).toMatch(/new BadRequestException[\s\S]+new NotFoundException/);
  });
});

describe('resource input', () => {
  it('refuses names and types it cannot generate, with the fix', () => {
    expect(validateResourceName('order-lines')).toBe('order-lines');
    expect(() => validateResourceName('OrderLines')).toThrow(/invalid resource name "OrderLines".*kebab-case/);
    expect(() => validateResourceType('graphql')).toThrow(/unknown resource type "graphql"/);
  });
});
