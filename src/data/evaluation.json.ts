// Prints the evaluation of every pilot of data/reference/pilotes.csv (src/evaluation): estimates,
// intervals, verdicts, and the series of groups of départements, with only the figures that pass
// the confidentiality rule (src/evaluation/secret.ts); never a figure of a single département.
import { evaluateAll } from '../evaluation/index.ts';
import { ouvrirLecture } from './lecture.ts';

const lecture = await ouvrirLecture();
try {
  process.stdout.write(JSON.stringify({ pilotes: await evaluateAll(lecture) }));
} finally {
  lecture.fermer();
}
