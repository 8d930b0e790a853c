// Written by bench/torch-memory/import-cuda.mjs when it imports a GPU run; not edited by hand.
// Where the pytorch-cuda runtime was measured, or null while no GPU has run the suite.
export const CUDA_MEASURED: string | null = null;
