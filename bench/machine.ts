import { availableParallelism } from 'node:os';

export const nproc = () => availableParallelism();
