// @nestjs/throttler is CommonJS and requires @nestjs/common and @nestjs/core, which are ES
// modules. Node loads them with require(esm); Jest's module registry refuses that while they are
// still being linked as part of a test file's import graph ("require() ... in a cycle").
// Evaluating them first, before any test file, leaves nothing for the require to wait on.
await import('@nestjs/common');
await import('@nestjs/core');
