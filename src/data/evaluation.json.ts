// Prints the published evaluation of every pilot of data/reference/pilotes.csv: estimates,
// intervals, verdicts and the series of groups of départements, as stored by the build's protect
// phase in `published_evaluation` (src/evaluation/publication.ts) — confidentiality-checked figures only.
// A hidden point carries the reader's status « secret », never why it is hidden (spec « Publication rule »).
import { readPublishedEvaluation } from '../evaluation/publication.ts';
import { ouvrirLecture } from './published-reader.ts';

const lecture = await ouvrirLecture();
try {
  const pilotes = await readPublishedEvaluation(lecture.con);
  for (const p of pilotes) {
    for (const i of p.indicateurs) {
      for (const pt of i.serie?.points ?? []) {
        if (pt.statut !== 'publie' && pt.statut !== 'sans_objet') (pt as { statut: string }).statut = 'secret';
      }
    }
  }
  process.stdout.write(JSON.stringify({ pilotes }));
} finally {
  lecture.fermer();
}
