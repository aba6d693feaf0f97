export * from './report';
export { validateDataset } from './validate';
export { trainingPairs } from './training-pairs';
export { summarizeReport } from './summary';
