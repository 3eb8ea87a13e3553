// Type-aware lint for the whole workspace, zero warnings allowed (npm run lint).
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** zod checks whose second argument is a message. */
const ZOD_CHECKS =
  '/^(min|max|length|regex|refine|superRefine|nonempty|startsWith|endsWith|includes|gt|gte|lt|lte|multipleOf|positive|negative|nonnegative|nonpositive)$/';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.nx/**',
      '.tools/**',
      '.data/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Services never import each other: they share only libs/contracts and the platform libs.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform'] },
            // Benchmarks drive the system like the tests do.
            {
              sourceTag: 'type:bench',
              onlyDependOnLibsWithTags: [
                'type:contracts',
                'type:platform',
                'type:testing',
                'type:tooling',
                'type:data',
              ],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:tooling', 'type:data'],
            },
            // The web app shares only the API's types with the services (docs/adr/021).
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts'] },
            // Services may use the test harness in their tests only; nothing ships it (see docs/adr/001).
            {
              sourceTag: 'type:service',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:data', 'type:testing'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      // Nest modules are classes with only decorators.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      'no-console': 'error',
      // Mongoose types schema options as class instances; object literals are how schemas are written.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // A custom zod message reaches callers in their language only when declared in both
      // (schemaMessage({en, ru}), docs/adr/009); a bare string would answer Russians in English.
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.property.name=${ZOD_CHECKS}][arguments.1.type='TemplateLiteral'], CallExpression[callee.property.name=${ZOD_CHECKS}][arguments.1.type='Literal'][arguments.1.raw=/^['"]/]`,
          message: 'Write a custom validation message in both languages: schemaMessage({ en, ru }).',
        },
      ],
    },
  },
  {
    // Configuration is validated at boot for the operator reading the log, never answered to a caller.
    files: ['**/src/config.ts', 'libs/platform/src/config/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.medium-spec.ts', '**/*.e2e-spec.ts', 'bench/**/*.ts'],
    rules: {
      // expect(...).toMatchObject({ x: expect.any(String) }) is how jest matchers are written.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
);
