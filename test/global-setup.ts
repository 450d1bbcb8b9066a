import { ensureTestModel } from '../tools/make-test-model.js';
import { TEST_MODEL_DIR } from './support/fixtures.js';

// Generate the test model once, before any test process starts, so parallel test files never race to write it.
export default function setup(): void {
  ensureTestModel(TEST_MODEL_DIR);
}
