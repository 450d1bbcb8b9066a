import { TEST_MODEL_DIR } from './support/fixtures.js';
import { ensureTestModel } from './support/make-test-model.js';

// Generate the test model once, before any test process starts, so parallel test files never race to write it.
export default function setup(): void {
  ensureTestModel(TEST_MODEL_DIR);
}
