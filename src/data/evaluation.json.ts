// Prints the published evaluation of every pilot of data/reference/pilotes.csv: estimates,
// intervals, verdicts and the series of groups of départements, as stored by the build's protect
// phase in `published_evaluation` (src/evaluation/publication.ts) — confidentiality-checked figures only.
import { readPublishedEvaluation } from '../evaluation/publication.ts';
import { ouvrirLecture } from './published-reader.ts';

const lecture = await ouvrirLecture();
try {
  process.stdout.write(JSON.stringify({ pilotes: await readPublishedEvaluation(lecture.con) }));
} finally {
  lecture.fermer();
}
