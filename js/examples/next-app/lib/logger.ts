// lib/logger.ts: a pino logger (Node.js only) whose messages and fields are redacted
import pino from 'pino';
import { createGuardSync } from 'phi-guard';
import { pinoRedactHooks } from 'phi-guard/next';

export const logger = pino(pinoRedactHooks(createGuardSync()));
