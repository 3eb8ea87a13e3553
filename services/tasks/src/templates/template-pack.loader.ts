import type { OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { TasksConfig } from '../config';
import { TASKS_CONFIG } from '../config.token';
import type { PackFile } from './templates.service';
import { TemplatesService } from './templates.service';

const PACKAGE_NAME = '@orbita/tasks-service';
const TEMPLATE_FILE = /\.(json|ya?ml)$/i;

/** The tasks package's folder (services/tasks), from its compiled or its source files alike. */
export function tasksPackageDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME
    ) {
      return dir;
    }
    if (dirname(dir) === dir) {
      throw new Error(`${PACKAGE_NAME} not found above ${from}`);
    }
  }
}

/** The template files of a pack folder, by name (JSON and YAML; anything else is left alone). */
export function readPackDir(dir: string): PackFile[] {
  return readdirSync(dir)
    .filter((name) => TEMPLATE_FILE.test(name))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * Loads the shipped process template pack (TEMPLATE_PACK_DIR) when the service starts: files seen
 * before store nothing, changed ones are published as new versions. A broken pack fails the start.
 */
@Injectable()
export class TemplatePackLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(TemplatePackLoader.name);

  constructor(
    private readonly templates: TemplatesService,
    @Inject(TASKS_CONFIG) private readonly config: TasksConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const setting = this.config.TEMPLATE_PACK_DIR;
    if (setting === '-') {
      return;
    }
    const dir = isAbsolute(setting) ? setting : join(tasksPackageDir(), setting);
    const outcomes = await this.templates.ensurePack(readPackDir(dir));
    this.logger.log({
      msg: 'process template pack checked',
      dir,
      files: outcomes.length,
      loaded: outcomes.filter((o) => o.loaded).map((o) => `${o.key}@${o.version}`),
    });
  }
}
