import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { processDefinitionJsonSchema } from '@orbita/contracts';
import { Public } from '@orbita/platform';

/** The format of process templates is public: editors and generators of templates need it, no account. */
@ApiTags('process-templates')
@Controller('api/process-templates/schema')
export class TemplateSchemaHttpController {
  private readonly schema = processDefinitionJsonSchema();

  @Public()
  @Get()
  @ApiOperation({ summary: 'The JSON Schema of a process template document (JSON or YAML)' })
  @ApiOkResponse({ schema: { type: 'object' } })
  get(): Record<string, unknown> {
    return this.schema;
  }
}
