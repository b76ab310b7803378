// The folders committed with the repository: the CLIs' defaults.

export const PATHS = {
  /** The paper split committed with the repo. */
  paperData: 'data/paper',
  /** The extrapolation split committed with the repo: what the shipped model trains on. */
  extrapolationData: 'data/extrapolation',
  /** The extrapolation protocol for every form the grammar reads, committed with the repo. */
  extrapolationFormsData: 'data/extrapolation-forms',
  /** The model `npm start` and `predict` use unless told otherwise. */
  defaultModel: 'models/default',
} as const;
