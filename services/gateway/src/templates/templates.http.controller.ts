import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { ResponseOf } from '@orbita/contracts';
import {
  TemplateDiffInputSchema,
  TemplateDiffSchema,
  TemplateKeyInputSchema,
  TemplateListSchema,
  TemplateSourceInputSchema,
  TemplateValidationSchema,
  TemplateVersionInputSchema,
  TemplateVersionListSchema,
  TemplateVersionSummarySchema,
  TemplateVersionViewSchema,
  TemplatesRequests,
} from '@orbita/contracts';
import { BusClient, parseOrThrow } from '@orbita/platform';
import { openApiSchema } from '../openapi/zod-openapi';

type Answer<K extends keyof typeof TemplatesRequests> = ResponseOf<(typeof TemplatesRequests)[K]>;

const EXAMPLE_YAML = [
  'key: example-simple',
  'name: { ru: Простая заявка, en: "Simple request" }',
  'category: examples',
  'starters: { staff: true }',
  'startForm:',
  '  schema: { type: object, properties: { subject: { type: string } } }',
  'steps:',
  '  - id: handle',
  '    type: userTask',
  '    name: { ru: Обработать заявку, en: "Handle the request" }',
  '    assignee: { rule: requester }',
  '    next: end',
].join('\n');

const SOURCE_BODY = {
  schema: openApiSchema(TemplateSourceInputSchema, 'input'),
  description:
    'The template as text, JSON or YAML (the format is guessed from the text when not given): its schema is GET /api/process-templates/schema',
  examples: { yaml: { value: { text: EXAMPLE_YAML, format: 'yaml' } } },
};

/**
 * Process templates (ARCHITECTURE §6): business processes as data, uploaded as JSON or YAML,
 * validated, kept as numbered immutable versions and published one at a time per key. All of it
 * is for those who manage processes at the company (process.manage); the format itself is public
 * (TemplateSchemaHttpController).
 */
@ApiTags('process-templates')
@ApiBearerAuth()
@Controller('api/process-templates')
export class TemplatesHttpController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiOperation({
    summary:
      'Upload a template: valid, it is stored as the next version of its key, a draft (process.manage)',
  })
  @ApiBody(SOURCE_BODY)
  @ApiCreatedResponse({ schema: openApiSchema(TemplateVersionViewSchema) })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED: every problem in `details`, with its path (steps[2].assignee.rule)',
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: without process.manage at the company' })
  upload(@Body() body: unknown): Promise<Answer<'upload'>> {
    return this.bus.request(TemplatesRequests.upload, parseOrThrow(TemplateSourceInputSchema, body));
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Check a template without storing it: the problems with their paths, none when valid (process.manage)',
  })
  @ApiBody(SOURCE_BODY)
  @ApiOkResponse({ schema: openApiSchema(TemplateValidationSchema) })
  validate(@Body() body: unknown): Promise<Answer<'validate'>> {
    return this.bus.request(TemplatesRequests.validate, parseOrThrow(TemplateSourceInputSchema, body));
  }

  @Get()
  @ApiOperation({
    summary: 'Every template: its latest version, with its status and the published version (process.manage)',
  })
  @ApiOkResponse({ schema: openApiSchema(TemplateListSchema) })
  list(): Promise<Answer<'list'>> {
    return this.bus.request(TemplatesRequests.list, {});
  }

  @Get(':key/versions')
  @ApiOperation({ summary: 'The versions of a template, newest first (process.manage)' })
  @ApiOkResponse({ schema: openApiSchema(TemplateVersionListSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no template of that key' })
  versions(@Param('key') key: string): Promise<Answer<'versions'>> {
    return this.bus.request(TemplatesRequests.versions, parseOrThrow(TemplateKeyInputSchema, { key }));
  }

  @Get(':key/versions/:version')
  @ApiOperation({
    summary:
      'One version: its definition (defaults applied) and the text it was uploaded as (process.manage)',
  })
  @ApiOkResponse({ schema: openApiSchema(TemplateVersionViewSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such version' })
  get(@Param('key') key: string, @Param('version') version: string): Promise<Answer<'get'>> {
    return this.bus.request(
      TemplatesRequests.get,
      parseOrThrow(TemplateVersionInputSchema, { key, version }),
    );
  }

  @Post(':key/versions/:version/publish')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Publish a version: new instances of the key start with it; the version published before is retired (process.manage)',
  })
  @ApiOkResponse({ schema: openApiSchema(TemplateVersionSummarySchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such version' })
  publish(@Param('key') key: string, @Param('version') version: string): Promise<Answer<'publish'>> {
    return this.bus.request(
      TemplatesRequests.publish,
      parseOrThrow(TemplateVersionInputSchema, { key, version }),
    );
  }

  @Post(':key/versions/:version/retire')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Retire a version: no new instances start with it, running ones keep it (process.manage)',
  })
  @ApiOkResponse({ schema: openApiSchema(TemplateVersionSummarySchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such version' })
  retire(@Param('key') key: string, @Param('version') version: string): Promise<Answer<'retire'>> {
    return this.bus.request(
      TemplatesRequests.retire,
      parseOrThrow(TemplateVersionInputSchema, { key, version }),
    );
  }

  @Get(':key/diff')
  @ApiOperation({
    summary:
      'What changed between two versions (by default the latest and the one before): each path added, removed or changed, steps matched by id (process.manage)',
  })
  @ApiQuery({ name: 'from', required: false, type: Number })
  @ApiQuery({ name: 'to', required: false, type: Number })
  @ApiOkResponse({ schema: openApiSchema(TemplateDiffSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such version' })
  diff(@Param('key') key: string, @Query() query: Record<string, unknown>): Promise<Answer<'diff'>> {
    return this.bus.request(
      TemplatesRequests.diff,
      parseOrThrow(TemplateDiffInputSchema, { key, from: query['from'], to: query['to'] }),
    );
  }
}
